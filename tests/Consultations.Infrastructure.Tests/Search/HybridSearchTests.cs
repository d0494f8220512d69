using Consultations.Core.Domain;
using Consultations.Core.Search;
using Consultations.Infrastructure.Search;
using static Consultations.Infrastructure.Tests.Search.SearchWorld;

namespace Consultations.Infrastructure.Tests.Search;

/// <summary>
/// The index with search by meaning, on a stand-in model whose vectors make every note a candidate by meaning (all
/// cosines are positive and no minimum is set), so these tests show what the scope, the filters and the readiness gate
/// let through rather than what the model finds. The real model is exercised in <see cref="MeaningSearchTests"/>.
/// </summary>
public sealed class HybridSearchTests : IDisposable
{
    private static readonly SearchEmbeddingOptions Everything = new() { MinimumSimilarity = -1, MinimumSimilarityBetweenNotes = -1 };

    private readonly GatedEmbedder _embedder = new();
    private readonly HybridWorld _hybrid;

    public HybridSearchTests() => _hybrid = new HybridWorld(_embedder, Everything);

    private SearchWorld W => _hybrid.World;

    public void Dispose() => _hybrid.Dispose();

    [Fact]
    public async Task While_texts_are_being_embedded_search_ranks_by_words_only_and_says_so()
    {
        await _hybrid.BuildAsync(W.Note("a", W.VietNam, "Operators share threat indicators in messaging groups."));
        _embedder.Close();
        await _hybrid.UpsertAsync(W.Note("b", W.Philippines, "Regulators publish a calendar of consultations."));

        var pending = await _hybrid.SearchAsync(Researcher, "threat indicators");

        Assert.True(pending.Notices.HasFlag(SearchNotices.MeaningPending));
        Assert.Contains("Search by meaning is still being prepared: these results match your words only.", pending.NoticeText);
        Assert.Equal(["a"], pending.Hits.Select(h => h.Id));
        Assert.Equal(1, pending.Total);

        _embedder.Open();
        await _hybrid.Index.WaitForMeaningAsync(HybridWorld.ReadyDeadline, HybridWorld.Ct);
        var ready = await _hybrid.SearchAsync(Researcher, "threat indicators");

        Assert.False(ready.Notices.HasFlag(SearchNotices.MeaningPending));
        Assert.Equal("a", ready.Hits[0].Id);
        Assert.Equal(["a", "b"], ready.Hits.Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Equal(2, ready.Total);
    }

    [Theory]
    [InlineData("\"threat indicators\"")]
    [InlineData("threat -calendar")]
    [InlineData("indicat*")]
    [InlineData("")]
    public async Task Phrases_exclusions_prefixes_and_an_empty_query_match_by_words_alone(string query)
    {
        await _hybrid.BuildAsync(
            W.Note("a", W.VietNam, "Operators share threat indicators in messaging groups."),
            W.Note("b", W.Philippines, "Regulators publish a calendar of consultations."));
        _embedder.Close();
        await _hybrid.UpsertAsync(W.Note("c", W.Philippines, "A note still waiting for its vectors."));

        var hybrid = await _hybrid.SearchAsync(Researcher, query);
        var words = await W.Index.SearchAsync(new SearchRequest { Query = SearchQuery.Parse(query), PageSize = SearchRequest.MaxPageSize }, W.Scope(Researcher), HybridWorld.Ct);

        Assert.False(hybrid.Notices.HasFlag(SearchNotices.MeaningPending));
        Assert.Equal(words.Hits.Select(h => h.Id), hybrid.Hits.Select(h => h.Id));
        Assert.Equal(words.Total, hybrid.Total);
        _embedder.Open();
    }

    [Theory]
    [InlineData(SearchSort.Newest)]
    [InlineData(SearchSort.AgendaOrder)]
    public async Task Sorting_by_date_or_agenda_does_not_use_meaning(SearchSort sort)
    {
        await _hybrid.BuildAsync(
            W.Note("a", W.VietNam, "Operators share threat indicators in messaging groups."),
            W.Note("b", W.Philippines, "Regulators publish a calendar of consultations."));

        var results = await _hybrid.SearchAsync(Researcher, "threat", r => r with { Sort = sort });

        Assert.Equal(["a"], results.Hits.Select(h => h.Id));
        Assert.Equal(1, results.Total);
    }

    [Fact]
    public async Task Matches_by_meaning_never_reach_outside_the_searchers_scope()
    {
        // Every vector is a candidate here, so only the scope keeps a note out.
        await _hybrid.BuildAsync(
            W.Note("pub-vn", W.VietNam, "Operators share threat indicators in messaging groups."),
            W.Note("pub-ph", W.Philippines, "Telecoms operators pass indicators of compromise to each other.", masked: "Telecoms operators pass indicators to each other."),
            W.Note("draft-vn", W.VietNam, "Nguyen Van An drafted a plan to exchange indicators.", NoteStatus.Draft),
            W.Note("review-ph", W.Philippines, "Maria Santos wants a shared indicator platform.", NoteStatus.Submitted),
            W.Note("otr-ph", W.Philippines, "Off the record: the agency shares indicators with vendors.", NoteStatus.Submitted, session: "closed"),
            W.Note("withheld-vn", W.VietNam, "Indicators were shared by the ministry's own staff.", withheld: true),
            W.Brief("brief-1", 1, "Information sharing", "Indicator sharing across the region.", "vn", "ph"));

        var researcher = await _hybrid.SearchAsync(Researcher, "indicator exchange platform");
        var vn = await _hybrid.SearchAsync(FacilitatorVn, "indicator exchange platform");
        var funder = await _hybrid.SearchAsync(Funder, "indicator exchange platform");

        Assert.Equal(["pub-ph", "pub-vn"], researcher.Hits.Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Equal(2, researcher.Total);
        Assert.All(researcher.Hits, h => Assert.Equal(SearchView.Reader, h.View));
        Assert.DoesNotContain(researcher.Hits, h => h.Snippet.PlainText.Contains("compromise", StringComparison.Ordinal));
        Assert.Equal(2, researcher.Facet(SearchFacet.Country)!.Values.Sum(v => v.Count));

        // The facilitator of Viet Nam: that consultation's every note in full, the Philippines' as readers see them.
        Assert.Equal(["draft-vn", "pub-ph", "pub-vn", "withheld-vn"], vn.Hits.Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Equal(4, vn.Total);
        Assert.Equal(SearchView.Full, vn.Hits.Single(h => h.Id == "draft-vn").View);
        Assert.Equal(SearchView.Reader, vn.Hits.Single(h => h.Id == "pub-ph").View);

        Assert.Equal([BriefVersion.IdOf("brief-1", 1)], funder.Hits.Select(h => h.Id));
    }

    [Fact]
    public async Task Totals_and_facet_counts_count_exactly_the_listed_results_with_filters()
    {
        await _hybrid.BuildAsync(
            W.Note("w1", W.VietNam, "Threat indicators are shared weekly.", themes: ["information-sharing"]),
            W.Note("m1", W.VietNam, "Operators pass signals of compromise along.", themes: ["technical-standards"]),
            W.Note("m2", W.Philippines, "Responders trade data about attacks.", themes: ["information-sharing"]),
            W.Note("m3", W.Philippines, "Banks swap alerts quickly.", session: "opening"));

        var all = await _hybrid.SearchAsync(Researcher, "threat indicators");
        var ph = await _hybrid.SearchAsync(Researcher, "threat indicators", r => r.With(SearchFacet.Country, "PH"));
        var paged = await _hybrid.SearchAsync(Researcher, "threat indicators", r => r with { PageSize = 3, Page = 2 });

        Assert.Equal("w1", all.Hits[0].Id);
        Assert.Equal(4, all.Total);
        Assert.Equal(all.Total, all.Hits.Count);
        Assert.Equal(all.Total, all.Facet(SearchFacet.Country)!.Values.Sum(v => v.Count));
        Assert.Equal(2, all.Facet(SearchFacet.Country)!.Values.Single(v => v.Value == "PH").Count);

        Assert.Equal(["m2", "m3"], ph.Hits.Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Equal(2, ph.Total);

        // Drill sideways: the country facet under a country filter still counts the other country's matches by meaning.
        Assert.Equal(2, ph.Facet(SearchFacet.Country)!.Values.Single(v => v.Value == "VN").Count);
        Assert.Equal(4, paged.Total);
        Assert.Equal(all.Hits.Skip(3).Select(h => h.Id), paged.Hits.Select(h => h.Id));
    }

    [Fact]
    public async Task A_withdrawn_or_deleted_note_loses_its_vectors_at_once()
    {
        await _hybrid.BuildAsync(W.Note("a", W.VietNam, "Operators share threat indicators."), W.Note("b", W.Philippines, "Banks swap alerts."));
        Assert.Equal(4, _hybrid.Index.EmbeddingStatus.Stored);

        _embedder.Close();
        await _hybrid.UpsertAsync(W.Note("a", W.VietNam, "Operators share threat indicators.", NoteStatus.Submitted));
        Assert.Equal(3, _hybrid.Index.EmbeddingStatus.Stored);

        await _hybrid.Index.DeleteAsync([NoteSearchDocument.KeyOf("b")], HybridWorld.Ct);
        Assert.Equal(1, _hybrid.Index.EmbeddingStatus.Stored);
        _embedder.Open();
    }

    [Fact]
    public async Task Vectors_live_beside_the_index_and_a_restart_embeds_only_what_changed()
    {
        await _hybrid.BuildAsync(
            W.Note("a", W.VietNam, "Operators share threat indicators."),
            W.Note("b", W.Philippines, "Banks swap alerts.", masked: "Banks swap warnings."));
        var embedded = _embedder.Texts;

        _hybrid.Reopen();
        await _hybrid.Index.WaitForMeaningAsync(HybridWorld.ReadyDeadline, HybridWorld.Ct);

        Assert.True(File.Exists(Path.Combine(HybridSearchIndex.VectorsPathOf(W.IndexPath), "embeddings.bin")));
        Assert.Equal(embedded, _embedder.Texts);
        Assert.Equal(4, _hybrid.Index.EmbeddingStatus.Stored);
        Assert.Equal(2, (await _hybrid.SearchAsync(Researcher, "alerts")).Total);
    }

    [Fact]
    public async Task Similar_notes_come_from_other_consultations_as_readers_see_them()
    {
        await _hybrid.BuildAsync(
            W.Note("vn-1", W.VietNam, "Operators share threat indicators."),
            W.Note("vn-2", W.VietNam, "Operators share threat indicators too."),
            W.Note("vn-draft", W.VietNam, "A draft about threat indicators.", NoteStatus.Draft),
            W.Note("ph-1", W.Philippines, "Operators share threat indicators as well.", masked: "Operators share indicators as well."),
            W.Note("ph-draft", W.Philippines, "Operators share threat indicators, in draft.", NoteStatus.Draft),
            W.Note("ph-otr", W.Philippines, "Operators share threat indicators off the record.", NoteStatus.Submitted, session: "closed"));

        var researcher = await _hybrid.SimilarAsync(Researcher, "vn-1");
        var phLead = await _hybrid.SimilarAsync(FacilitatorPh, "vn-1");
        var vnLead = await _hybrid.SimilarAsync(FacilitatorVn, "vn-draft");

        Assert.Equal(["ph-1"], researcher.Select(h => h.Id));
        Assert.Equal(SearchView.Reader, researcher[0].View);
        Assert.Equal("Operators share indicators as well.", researcher[0].Snippet.PlainText);

        // The Philippines' own facilitator still gets its notes as readers see them: no draft, nothing off the record.
        Assert.Equal(["ph-1"], phLead.Select(h => h.Id));
        Assert.Equal(["ph-1"], vnLead.Select(h => h.Id));

        Assert.Empty(await _hybrid.SimilarAsync(Researcher, "vn-draft"));
        Assert.Empty(await _hybrid.SimilarAsync(Researcher, "ph-otr"));
        Assert.Empty(await _hybrid.SimilarAsync(Funder, "vn-1"));
        Assert.Empty(await _hybrid.SimilarAsync(Researcher, "no-such-note"));
        Assert.Empty(await _hybrid.SimilarAsync(Researcher, "vn-1", count: 0));
    }

    [Fact]
    public async Task Similar_notes_wait_until_the_vectors_are_ready()
    {
        await _hybrid.BuildAsync(W.Note("vn-1", W.VietNam, "Operators share threat indicators."), W.Note("ph-1", W.Philippines, "Operators share indicators."));
        _embedder.Close();
        await _hybrid.UpsertAsync(W.Note("ph-2", W.Philippines, "Banks swap alerts."));

        Assert.Empty(await _hybrid.SimilarAsync(Researcher, "vn-1"));

        _embedder.Open();
        await _hybrid.Index.WaitForMeaningAsync(HybridWorld.ReadyDeadline, HybridWorld.Ct);
        Assert.Equal(["ph-1", "ph-2"], (await _hybrid.SimilarAsync(Researcher, "vn-1")).Select(h => h.Id).Order(StringComparer.Ordinal));
    }
}
