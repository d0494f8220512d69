using Consultations.Core.Search;
using FsCheck;
using FsCheck.Fluent;

namespace Consultations.Core.Tests.Search;

public sealed class SearchQueryTests
{
    [Fact]
    public void Words_must_all_match_by_default()
    {
        var query = SearchQuery.Parse("incident reporting");

        Assert.Equal(SearchNotices.None, query.Notices);
        Assert.Equal([["incid"], ["report"]], Tokens(query));
        Assert.Empty(query.Excluded);
    }

    [Fact]
    public void A_quoted_phrase_keeps_its_words_as_written_stop_words_included()
    {
        var query = SearchQuery.Parse("\"points of contact\" directory");

        var phrase = Assert.Single(query.Required[0]);
        Assert.Equal(SearchTermKind.Phrase, phrase.Kind);
        Assert.Equal(["points", "of", "contact"], phrase.Tokens.Select(t => t.Text));
        Assert.Equal([0, 1, 2], phrase.Tokens.Select(t => t.Position));
        Assert.Equal(SearchTermKind.Word, query.Required[1][0].Kind);
    }

    [Fact]
    public void OR_joins_alternatives_and_binds_tighter_than_the_implicit_AND()
    {
        var query = SearchQuery.Parse("ISO OR NIST OR CSF standards");

        Assert.Equal(2, query.Required.Count);
        Assert.Equal(["iso", "nist", "csf"], query.Required[0].Select(t => t.Tokens[0].Text));
        Assert.Equal("standard", query.Required[1][0].Tokens[0].Text);
        Assert.Equal("ISO OR NIST OR CSF standards", query.Searched);
    }

    [Fact]
    public void Lower_case_or_and_and_are_ordinary_stop_words()
    {
        var query = SearchQuery.Parse("iso or nist and csf");

        Assert.Equal(SearchNotices.None, query.Notices);
        Assert.Equal([["iso"], ["nist"], ["csf"]], Tokens(query));
    }

    [Fact]
    public void An_explicit_AND_changes_nothing()
    {
        Assert.Equal(Tokens(SearchQuery.Parse("iso nist")), Tokens(SearchQuery.Parse("iso AND nist")));
    }

    [Fact]
    public void A_minus_excludes_a_word_or_a_phrase()
    {
        var query = SearchQuery.Parse("ISO 27001 -NIST -\"cyber security\"");

        Assert.Equal([["iso"], ["27001"]], Tokens(query));
        Assert.Equal(2, query.Excluded.Count);
        Assert.Equal("nist", query.Excluded[0].Tokens[0].Text);
        Assert.Equal(SearchTermKind.Phrase, query.Excluded[1].Kind);
        Assert.Equal("ISO 27001 -NIST -\"cyber security\"", query.Searched);
    }

    [Fact]
    public void An_excluded_stop_word_counts_only_when_nothing_else_was_typed()
    {
        Assert.Empty(SearchQuery.Parse("standards -the").Excluded);
        Assert.Equal("the", Assert.Single(SearchQuery.Parse("-the").Excluded).Tokens[0].Text);
    }

    [Fact]
    public void Only_exclusions_search_everything_else()
    {
        var query = SearchQuery.Parse("-NIST");

        Assert.Empty(query.Required);
        Assert.Single(query.Excluded);
        Assert.False(query.MatchesEverything);
        Assert.False(query.MatchesNothing);
    }

    [Fact]
    public void A_hyphen_inside_a_word_is_not_an_exclusion()
    {
        var query = SearchQuery.Parse("e-mail");

        Assert.Empty(query.Excluded);
        Assert.Equal(["e", "mail"], query.Required[0][0].Tokens.Select(t => t.Text));
    }

    [Fact]
    public void A_star_at_the_end_searches_a_prefix_of_the_written_word()
    {
        var query = SearchQuery.Parse("Regulat*");

        var term = Assert.Single(Assert.Single(query.Required));
        Assert.Equal(SearchTermKind.Prefix, term.Kind);
        Assert.Equal("regulat", Assert.Single(term.Tokens).Text);
    }

    [Theory]
    [InlineData("Viet Nam", "viet", "nam")]
    [InlineData("Việt Nam", "viet", "nam")]
    [InlineData("Da Nang", "da", "nang")]
    [InlineData("Đà Nẵng", "da", "nang")]
    [InlineData("ĐÀ NẴNG", "da", "nang")]
    [InlineData("Hà Nội", "ha", "noi")]
    public void Case_accents_and_the_Vietnamese_d_are_folded(string typed, string first, string second)
    {
        Assert.Equal([[first], [second]], Tokens(SearchQuery.Parse(typed)));
    }

    [Fact]
    public void Duc_and_Đức_read_the_same()
    {
        Assert.Equal(Tokens(SearchQuery.Parse("Duc")), Tokens(SearchQuery.Parse("Đức")));
        Assert.Equal("duc", SearchQuery.Parse("đức").Required[0][0].Tokens[0].Text);
    }

    [Fact]
    public void Decomposed_Vietnamese_is_composed_before_folding()
    {
        var decomposed = "Vie\u0323\u0302t Nam";

        Assert.Equal([["viet"], ["nam"]], Tokens(SearchQuery.Parse(decomposed)));
    }

    [Theory]
    [InlineData("standards", "standard")]
    [InlineData("standard", "standard")]
    [InlineData("regulations", "regul")]
    [InlineData("Ministry's", "ministri")]
    public void Words_are_searched_by_their_English_stem(string typed, string stem)
    {
        Assert.Equal(stem, SearchQuery.Parse(typed).Required[0][0].Tokens[0].Text);
    }

    [Fact]
    public void Stop_words_are_dropped_unless_there_is_nothing_else()
    {
        Assert.Equal([["standard"], ["ministri"]], Tokens(SearchQuery.Parse("standards of the ministry")));
        Assert.Equal([["to"], ["be"], ["or"], ["not"], ["to"], ["be"]], Tokens(SearchQuery.Parse("to be or not to be")));
    }

    [Fact]
    public void A_word_that_splits_is_searched_as_a_phrase_of_its_parts()
    {
        var term = SearchQuery.Parse("ISO/IEC").Required[0][0];

        Assert.Equal(SearchTermKind.Word, term.Kind);
        Assert.Equal(["iso", "iec"], term.Tokens.Select(t => t.Text));
    }

    [Fact]
    public void Nothing_typed_matches_everything()
    {
        foreach (var typed in new[] { null, "", "   \n\t " })
        {
            var query = SearchQuery.Parse(typed);

            Assert.True(query.MatchesEverything);
            Assert.Equal(SearchNotices.None, query.Notices);
        }
    }

    [Theory]
    [InlineData("\"unclosed", "unclosed")]
    [InlineData("\"points of contact", "points contact")]
    [InlineData("OR standards", "standards")]
    [InlineData("standards OR", "standards")]
    [InlineData("standards OR OR iso", "standards iso")]
    [InlineData("iso AND OR nist", "iso nist")]
    [InlineData("iso - nist", "iso nist")]
    [InlineData("iso --nist", "iso nist")]
    [InlineData("-iso OR nist", "iso nist")]
    [InlineData("iso OR -nist", "iso nist")]
    [InlineData("st*ndard", "st ndard")]
    [InlineData("standard**", "standard")]
    [InlineData("a* standards", "standards")]
    [InlineData("\"\" standards", "standards")]
    [InlineData("\"iso\"27001", "iso 27001")]
    [InlineData("ab\"cd", "ab cd")]
    public void A_query_that_does_not_follow_the_syntax_is_searched_as_plain_words(string typed, string searched)
    {
        var query = SearchQuery.Parse(typed);

        Assert.True(query.Notices.HasFlag(SearchNotices.PlainWords));
        Assert.Equal(searched, query.Searched);
        Assert.Empty(query.Excluded);
        Assert.All(query.Required.SelectMany(g => g), t => Assert.Equal(SearchTermKind.Word, t.Kind));
        Assert.Contains(query.Searched, SearchNoticeText.Describe(query.Notices, query)[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("AND AND")]
    [InlineData("OR")]
    [InlineData("-")]
    [InlineData("\"\"")]
    [InlineData("!!! ???")]
    public void A_query_with_nothing_to_search_for_says_so_and_matches_nothing(string typed)
    {
        var query = SearchQuery.Parse(typed);

        Assert.True(query.MatchesNothing);
        Assert.False(query.MatchesEverything);
        Assert.Contains(SearchNoticeText.Describe(query.Notices, query), l => l.StartsWith("There is nothing to search for", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_index_notice_has_its_own_sentence_after_the_querys()
    {
        var query = SearchQuery.Parse("information exchange");

        var lines = SearchNoticeText.Describe(SearchNotices.IndexIncomplete | SearchNotices.MeaningPending, query);

        Assert.Equal(
            [
                "The search index is being built: some notes may be missing from the results for a few minutes.",
                "Search by meaning is still being prepared: these results match your words only.",
            ],
            lines);
        Assert.Empty(SearchNoticeText.Describe(SearchNotices.None, query));
    }

    [Fact]
    public void A_10000_character_query_is_shortened_at_a_word_and_capped_in_terms()
    {
        var typed = string.Concat(Enumerable.Repeat("cybersecurity ", 715));

        var query = SearchQuery.Parse(typed);

        Assert.True(query.Notices.HasFlag(SearchNotices.Shortened));
        Assert.True(query.Text.Length <= SearchQuery.MaxLength);
        Assert.EndsWith("cybersecurity", query.Text, StringComparison.Ordinal);
        Assert.Equal(SearchQuery.MaxTerms, query.Required.Count);
    }

    [Fact]
    public void A_10000_character_word_is_cut_without_failing_and_is_no_word()
    {
        var query = SearchQuery.Parse(new string('x', 10_000));

        Assert.True(query.Notices.HasFlag(SearchNotices.Shortened));
        Assert.Equal(SearchQuery.MaxLength, query.Text.Length);

        // The tokenizer drops words over 255 characters: nothing that long is a word anyone wrote.
        Assert.True(query.MatchesNothing);
    }

    [Fact]
    public void Too_many_alternatives_are_capped_too()
    {
        var typed = string.Join(" OR ", Enumerable.Range(0, 60).Select(i => $"w{i}"));

        var query = SearchQuery.Parse(typed);

        Assert.True(query.Notices.HasFlag(SearchNotices.Shortened));
        Assert.Equal(SearchQuery.MaxTerms, query.Required.Sum(g => g.Count));
    }

    [Fact]
    public void There_is_no_field_syntax_a_colon_is_part_of_the_word()
    {
        var query = SearchQuery.Parse("text:secret reader_text:x");

        Assert.Equal(SearchNotices.None, query.Notices);
        Assert.Equal([["text:secret"], ["reader_text:x"]], Tokens(query));
    }

    [Fact]
    public void Lucene_syntax_that_is_not_ours_is_read_as_words()
    {
        foreach (var typed in new[] { "name~2", "title:[a TO z]", "/reg.*/", "iso^10", "(iso OR nist) AND (x", "\\\"escaped" })
        {
            var query = SearchQuery.Parse(typed);

            Assert.All(query.Required.SelectMany(g => g).Concat(query.Excluded), t => Assert.NotEmpty(t.Tokens));
        }
    }

    [Fact]
    public void Any_text_is_read_without_an_exception_and_within_the_limits()
    {
        // Arbitrary strings, and strings made of the syntax's own characters, which reach the parser's corners sooner.
        var syntax = Gen.Elements("\"", "-", "*", "OR", "AND", " ", "iso", "Đà", "(", ":", "~", "\t", "x-", "—")
            .ArrayOf()
            .Select(string.Concat);
        var text = Gen.OneOf(ArbMap.Default.GeneratorFor<string>(), syntax);
        Prop.ForAll(text.ToArbitrary(), text =>
        {
            var query = SearchQuery.Parse(text);
            return query.Text.Length <= SearchQuery.MaxLength
                && query.Required.Sum(g => g.Count) + query.Excluded.Count <= SearchQuery.MaxTerms
                && query.Required.All(g => g.Count > 0)
                && query.Required.SelectMany(g => g).Concat(query.Excluded).All(t => t.Tokens.Count > 0)
                && !(query.MatchesEverything && query.MatchesNothing);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    private static List<List<string>> Tokens(SearchQuery query) =>
        [.. query.Required.Select(g => g.SelectMany(t => t.Tokens.Select(k => k.Text)).ToList())];
}
