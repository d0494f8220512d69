using Consultations.Core.Search;

namespace Consultations.Core.Tests.Search;

public sealed class SearchAnalyzersTests
{
    [Fact]
    public void The_index_keeps_each_word_as_written_and_as_its_stem_at_one_position()
    {
        var tokens = SearchAnalyzers.Tokens(SearchAnalyzers.Index, "Standards of regulation");

        Assert.Equal(
            [new("standards", 0), new("standard", 0), new("of", 1), new("regulation", 2), new("regul", 2)],
            tokens);
    }

    [Fact]
    public void A_word_whose_stem_is_itself_is_kept_once()
    {
        Assert.Equal([new SearchToken("iso", 0), new SearchToken("27001", 1)], SearchAnalyzers.Tokens(SearchAnalyzers.Index, "ISO 27001"));
    }

    [Theory]
    [InlineData("Việt Nam", "viet nam")]
    [InlineData("Đà Nẵng", "da nang")]
    [InlineData("Nghị định 13/2023", "nghi dinh 13 2023")]
    [InlineData("the Ministry's view", "the ministry view")]
    [InlineData("SỞ THÔNG TIN", "so thong tin")]
    public void Exact_forms_are_folded_and_lower_case(string text, string expected)
    {
        Assert.Equal(expected, string.Join(' ', SearchAnalyzers.Tokens(SearchAnalyzers.Exact, text).Select(t => t.Text)));
    }

    [Fact]
    public void Words_drop_stop_words_but_keep_their_positions()
    {
        var tokens = SearchAnalyzers.Tokens(SearchAnalyzers.Words, "state of the art");

        Assert.Equal([new SearchToken("state", 0), new SearchToken("art", 3)], tokens);
    }

    [Fact]
    public void Normalise_composes_decomposed_text_and_leaves_composed_text_alone()
    {
        const string composed = "Việt Nam";

        Assert.Same(composed, SearchAnalyzers.Normalise(composed));
        Assert.Equal(composed, SearchAnalyzers.Normalise("Vie\u0323\u0302t Nam"));
    }
}
