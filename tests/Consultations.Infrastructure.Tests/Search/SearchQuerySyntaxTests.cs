using Consultations.Core.Search;

namespace Consultations.Infrastructure.Tests.Search;

/// <summary>The query language against a real index: what each form finds and does not find.</summary>
public sealed class SearchQuerySyntaxTests : IAsyncLifetime
{
    private readonly SearchWorld _world = new();

    public async ValueTask InitializeAsync()
    {
        var w = _world;
        await w.BuildAsync(
            w.Note("incident", w.VietNam, "Incident reporting to the national CERT is slow."),
            w.Note("incident-only", w.VietNam, "An incident was described at length."),
            w.Note("reporting-only", w.Philippines, "Reporting duties differ across sectors."),
            w.Note("poc", w.Philippines, "Regional points of contact must be kept current."),
            w.Note("contact-points", w.Philippines, "Contact points in each ministry are listed."),
            w.Note("iso", w.VietNam, "Most firms adopt ISO 27001 and then customise it."),
            w.Note("nist", w.Philippines, "The NIST CSF is easier for small firms."),
            w.Note("both", w.Philippines, "Some firms map ISO 27001 onto the NIST CSF."),
            w.Note("regulation", w.VietNam, "Regulation of cloud providers is expected next year."),
            w.Note("regulatory", w.Philippines, "A regulatory sandbox was proposed."),
            w.Note("standard", w.VietNam, "A single standard would reduce audit costs."),
            w.Note("hanoi", w.VietNam, "In Hà Nội the Nghị định 13/2023 on personal data was discussed at length."),
            w.Note("danang", w.VietNam, "Firms in Đà Nẵng report fewer incidents."),
            w.Note("duc", w.VietNam, "Mr Đức's ministry was not named."),
            w.Note("vietnam", w.VietNam, "VIỆT NAM has a national incident response plan."));
    }

    public ValueTask DisposeAsync()
    {
        _world.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Every_word_must_match()
    {
        Assert.Equal(["incident", "vietnam"], await Ids("national"));
        Assert.Equal(["incident"], await Ids("national CERT"));
    }

    [Fact]
    public async Task An_exact_phrase_matches_those_words_in_that_order()
    {
        Assert.Equal(["poc"], await Ids("\"points of contact\""));
        Assert.Equal(["contact-points", "poc"], await Ids("contact points"));
    }

    [Fact]
    public async Task OR_finds_either()
    {
        Assert.Equal(["both", "iso", "nist"], await Ids("ISO OR NIST"));
        Assert.Equal(["both", "iso"], await Ids("ISO OR NIST 27001"));
    }

    [Fact]
    public async Task A_minus_excludes() =>
        Assert.Equal(["iso"], await Ids("ISO 27001 -NIST"));

    [Fact]
    public async Task An_excluded_phrase_excludes_only_the_phrase() =>
        Assert.Equal(["contact-points"], await Ids("contact -\"points of contact\""));

    [Fact]
    public async Task Only_an_exclusion_finds_everything_else()
    {
        var all = await Ids(null);

        Assert.Equal(all.Except(["both", "iso"]), await Ids("-ISO"));
    }

    [Fact]
    public async Task A_prefix_matches_the_start_of_the_word_as_written()
    {
        Assert.Equal(["regulation", "regulatory"], await Ids("regulat*"));
        Assert.Equal(["regulation", "regulatory"], await Ids("REGULAT*"));
    }

    [Theory]
    [InlineData("Viet Nam", "vietnam")]
    [InlineData("viet nam incident response", "vietnam")]
    [InlineData("Da Nang", "danang")]
    [InlineData("Đà Nẵng", "danang")]
    [InlineData("Duc", "duc")]
    [InlineData("Ha Noi", "hanoi")]
    [InlineData("Nghi dinh 13", "hanoi")]
    [InlineData("\"nghi dinh 13 2023\"", "hanoi")]
    [InlineData("\"ha noi\"", "hanoi")]
    public async Task Case_accents_and_the_Vietnamese_d_never_matter(string query, string expected) =>
        Assert.Equal([expected], await Ids(query));

    [Fact]
    public async Task Words_match_by_their_stem()
    {
        Assert.Equal(["standard"], await Ids("standards"));
        Assert.Contains("incident", await Ids("reports"));
        Assert.Contains("danang", await Ids("incidents"));
        Assert.Contains("vietnam", await Ids("incidents"));
    }

    [Fact]
    public async Task A_phrase_matches_the_words_as_written_not_their_stems() =>
        Assert.Empty(await Ids("\"single standards\""));

    [Fact]
    public async Task Nothing_typed_lists_everything_in_scope()
    {
        var results = await _world.SearchAsync(SearchWorld.Researcher, "  ");

        Assert.Equal(15, results.Total);
        Assert.Equal(SearchNotices.None, results.Notices);
    }

    [Theory]
    [InlineData("\"national CERT")]
    [InlineData("national AND AND CERT")]
    [InlineData("national CERT OR")]
    [InlineData("OR national CERT")]
    [InlineData("national - CERT")]
    [InlineData("national CE*RT")]
    public async Task A_malformed_query_falls_back_to_plain_words_with_a_notice(string query)
    {
        var results = await _world.SearchAsync(SearchWorld.Researcher, query);

        Assert.True(results.Notices.HasFlag(SearchNotices.PlainWords));
        Assert.NotEmpty(results.NoticeText);
        if (!query.Contains('*', StringComparison.Ordinal))
        {
            Assert.Equal(["incident"], results.Hits.Select(h => h.Id));
        }
        else
        {
            Assert.Equal(0, results.Total);
        }
    }

    [Theory]
    [InlineData("*")]
    [InlineData("AND AND")]
    [InlineData("\"")]
    [InlineData("-")]
    public async Task A_query_with_nothing_to_search_for_finds_nothing_and_says_why(string query)
    {
        var results = await _world.SearchAsync(SearchWorld.Researcher, query);

        Assert.Equal(0, results.Total);
        Assert.Empty(results.Facets);
        Assert.True(results.Notices.HasFlag(SearchNotices.NothingToSearch));
    }

    [Fact]
    public async Task A_10000_character_query_is_answered_not_thrown()
    {
        var query = string.Join(' ', Enumerable.Repeat("incident reporting \"points of", 400));

        var results = await _world.SearchAsync(SearchWorld.Researcher, query);

        Assert.True(results.Notices.HasFlag(SearchNotices.Shortened));
        Assert.True(results.Total >= 0);
    }

    [Fact]
    public async Task Field_syntax_cannot_reach_another_field()
    {
        Assert.Empty(await Ids("text:incident"));
        Assert.Empty(await Ids("reader_text:incident"));
    }

    [Theory]
    [InlineData("name~2")]
    [InlineData("[a TO z]")]
    [InlineData("/inc.*/")]
    [InlineData("incident^10")]
    [InlineData("(ISO OR NIST")]
    [InlineData("\\")]
    [InlineData("\u0000\uE000\uE001")]
    [InlineData("🙂 Đ ̣ ")]
    public async Task Other_syntax_and_odd_characters_are_answered_not_thrown(string query)
    {
        var results = await _world.SearchAsync(SearchWorld.Researcher, query);

        Assert.True(results.Total >= 0);
    }

    private Task<List<string>> Ids(string? query) => _world.IdsAsync(SearchWorld.Researcher, query);
}
