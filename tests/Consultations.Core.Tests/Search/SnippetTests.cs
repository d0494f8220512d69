using Consultations.Core.Search;

namespace Consultations.Core.Tests.Search;

public sealed class SnippetTests
{
    [Fact]
    public void Marked_text_becomes_plain_segments()
    {
        var snippet = Snippet.FromMarked("Most \uE000firms\uE001 adopt \uE000ISO\uE001\uE000 27001\uE001.", '\uE000', '\uE001');

        Assert.Equal(
            [new("Most ", false), new("firms", true), new(" adopt ", false), new("ISO 27001", true), new(".", false)],
            snippet.Segments);
        Assert.Equal("Most firms adopt ISO 27001.", snippet.PlainText);
        Assert.True(snippet.HasHighlights);
    }

    [Fact]
    public void Highlights_with_only_spaces_between_them_are_one()
    {
        var snippet = Snippet.FromMarked("in \uE000Đà\uE001 \uE000Nẵng\uE001 and \uE000Huế\uE001", '\uE000', '\uE001');

        Assert.Equal([new("in ", false), new("Đà Nẵng", true), new(" and ", false), new("Huế", true)], snippet.Segments);
    }

    [Fact]
    public void Html_encodes_every_character_of_the_text_and_marks_only_highlights()
    {
        var snippet = new Snippet([new("<script>alert('x')</script> & ", false), new("<b>standard</b>", true)]);

        Assert.Equal("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; <mark>&lt;b&gt;standard&lt;/b&gt;</mark>", snippet.ToHtml());
    }

    [Fact]
    public void Appending_joins_with_a_plain_separator()
    {
        var first = new Snippet([new("a", true)]);
        var second = new Snippet([new("b", false)]);

        Assert.Equal("a … b", first.Append(second, " … ").PlainText);
        Assert.Same(second, Snippet.Empty.Append(second, " … "));
        Assert.Same(first, first.Append(Snippet.Empty, " … "));
    }
}
