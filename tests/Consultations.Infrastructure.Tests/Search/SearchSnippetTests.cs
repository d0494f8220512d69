using System.Net;
using Consultations.Core.Search;

namespace Consultations.Infrastructure.Tests.Search;

/// <summary>Highlighted snippets: plain-text segments from the field the searcher's view searched, never markup.</summary>
public sealed class SearchSnippetTests : IAsyncLifetime
{
    private const string Script = "<script>alert('x')</script>";

    private readonly SearchWorld _world = new();

    public async ValueTask InitializeAsync()
    {
        var w = _world;
        var filler = string.Join(' ', Enumerable.Repeat("Participants described the regional context in detail.", 12));
        await w.BuildAsync(
            w.Note("script", w.VietNam, $"A pasted {Script} tag & <b>bold</b> standard text."),
            w.Note("markers", w.VietNam, "Private \uE000markers\uE001 in a standard note."),
            w.Note("danang", w.VietNam, "Firms in Đà Nẵng report fewer incidents."),
            w.Note("long", w.Philippines, $"{filler} Then the ISO 27001 audit costs were raised. {filler}"),
            w.Note("masked", w.Philippines, "Ms Dela Cruz said regulation helps.", masked: "A government representative said regulation helps."));
    }

    public ValueTask DisposeAsync()
    {
        _world.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Matches_are_highlighted_segments_of_plain_text()
    {
        var hit = await Single("fewer incidents");

        // Two matched words with a space between them read as one highlight.
        Assert.Equal([new("Firms in Đà Nẵng report ", false), new("fewer incidents", true), new(".", false)], hit.Snippet.Segments);
        Assert.Equal("Firms in Đà Nẵng report fewer incidents.", hit.Snippet.PlainText);
    }

    [Fact]
    public async Task A_folded_query_highlights_the_words_as_written() =>
        Assert.Contains(new SnippetSegment("Đà Nẵng", true), (await Single("\"da nang\"")).Snippet.Segments);

    [Fact]
    public async Task A_prefix_highlights_the_words_it_matched() =>
        Assert.Contains(new SnippetSegment("regulation", true), (await Single("regulat*")).Snippet.Segments);

    [Fact]
    public async Task A_note_containing_a_script_tag_comes_back_as_text_to_be_encoded()
    {
        var hit = await Single("pasted");

        Assert.Contains(Script, hit.Snippet.PlainText, StringComparison.Ordinal);
        Assert.All(hit.Snippet.Segments.Where(s => s.Highlighted), s => Assert.Equal("pasted", s.Text));
        var html = hit.Snippet.ToHtml();
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(Script), html, StringComparison.Ordinal);
        Assert.Contains("&amp;", html, StringComparison.Ordinal);
        Assert.Contains("<mark>pasted</mark>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markers_typed_into_a_note_cannot_forge_a_highlight()
    {
        var hit = await Single("private note");

        Assert.Equal(["Private", "note"], hit.Snippet.Segments.Where(s => s.Highlighted).Select(s => s.Text));
        Assert.DoesNotContain('\uE000', hit.Snippet.PlainText);
    }

    [Fact]
    public async Task A_long_text_gives_the_passage_that_matched_with_ellipses()
    {
        var hit = await Single("\"ISO 27001\" audit");

        Assert.StartsWith("… ", hit.Snippet.PlainText, StringComparison.Ordinal);
        Assert.EndsWith(" …", hit.Snippet.PlainText, StringComparison.Ordinal);
        Assert.True(hit.Snippet.PlainText.Length < 400);
        Assert.Contains(new SnippetSegment("ISO 27001 audit", true), hit.Snippet.Segments);
    }

    [Fact]
    public async Task Without_words_to_highlight_the_snippet_is_the_opening()
    {
        var results = await _world.SearchAsync(SearchWorld.Researcher, "-standard", r => r.With(Core.Search.SearchFacet.Country, "PH"));

        var hit = results.Hits.Single(h => h.Id == "long");
        Assert.False(hit.Snippet.HasHighlights);
        Assert.StartsWith("Participants described", hit.Snippet.PlainText, StringComparison.Ordinal);
        Assert.EndsWith("…", hit.Snippet.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_readers_snippet_is_cut_from_the_masked_text_and_a_facilitators_from_the_note()
    {
        var reader = await Single("regulation helps");
        var facilitator = Assert.Single((await _world.SearchAsync(SearchWorld.FacilitatorPh, "regulation helps")).Hits);

        Assert.Equal("A government representative said regulation helps.", reader.Snippet.PlainText);
        Assert.Equal("Ms Dela Cruz said regulation helps.", facilitator.Snippet.PlainText);
    }

    private async Task<SearchHit> Single(string query) => Assert.Single((await _world.SearchAsync(SearchWorld.Researcher, query)).Hits);
}
