using Consultations.Core.Domain;
using Consultations.Core.Search;
using Consultations.Infrastructure.Tests.Embeddings;
using static Consultations.Infrastructure.Tests.Search.SearchWorld;

namespace Consultations.Infrastructure.Tests.Search;

/// <summary>Search by meaning on the real all-MiniLM-L6-v2 model, with notes written as the demo programme's are.</summary>
[Collection(RealModelGroup.Name)]
public sealed class MeaningSearchTests(MiniLmFixture model) : IDisposable
{
    private readonly HybridWorld _hybrid = new(model.Embedder);

    private SearchWorld W => _hybrid.World;

    public void Dispose() => _hybrid.Dispose();

    [Fact]
    public async Task Information_exchange_finds_the_notes_about_sharing_threat_indicators()
    {
        await _hybrid.BuildAsync(DemoLikeNotes());

        var words = await W.Index.SearchAsync(new SearchRequest { Query = SearchQuery.Parse("information exchange") }, W.Scope(Researcher), HybridWorld.Ct);
        var results = await _hybrid.SearchAsync(Researcher, "information exchange");

        // No note holds both words, so words alone find nothing; by meaning the telecoms operators' indicator sharing
        // comes first, and both indicator-sharing notes rank above the notes on the workforce and budgets.
        Assert.Equal(0, words.Total);
        var ids = results.Hits.Select(h => h.Id).ToList();
        Assert.Equal("ph-telecoms", ids[0]);
        Assert.Contains("vn-g2g", ids);
        Assert.True(ids.IndexOf("vn-g2g") < ids.IndexOf("vn-women") && ids.IndexOf("vn-g2g") < ids.IndexOf("vn-budgets"), string.Join(", ", ids));
        Assert.DoesNotContain(results.Hits, h => h.Id == "ph-draft");
        Assert.Equal(results.Total, results.Hits.Count);
        Assert.Equal(results.Total, results.Facet(SearchFacet.Country)!.Values.Sum(v => v.Count));
        Assert.Equal(SearchNotices.None, results.Notices);
    }

    [Fact]
    public async Task Words_still_lead_when_a_note_holds_the_words_typed()
    {
        await _hybrid.BuildAsync(DemoLikeNotes());

        var results = await _hybrid.SearchAsync(Researcher, "insurance");

        Assert.Equal("ph-insurance", results.Hits[0].Id);
        Assert.True(results.Hits[0].Snippet.HasHighlights);
    }

    [Fact]
    public async Task Similar_notes_in_other_countries_on_the_real_model()
    {
        await _hybrid.BuildAsync(DemoLikeNotes());

        var similar = await _hybrid.SimilarAsync(Researcher, "ph-telecoms", 3);

        Assert.NotEmpty(similar);
        Assert.Equal("vn-g2g", similar[0].Id);
        Assert.All(similar, h => Assert.Equal("vn", h.ConsultationId));
        Assert.All(similar, h => Assert.InRange(h.Score, 0.25f, 1f));
        Assert.DoesNotContain(similar, h => h.Id == "vn-draft");
    }

    private SearchDocument[] DemoLikeNotes() =>
    [
        W.Note("ph-telecoms", W.Philippines, "Telecoms participants described informal sharing of indicators of compromise among operators through trusted messaging groups. This works quickly but depends on personal relationships and leaves no record when individuals change jobs."),
        W.Note("vn-g2g", W.VietNam, "International participants suggested that government-to-government agreements could provide for sharing technical indicators with designated domestic entities, offering a framework that respects sovereignty concerns while allowing faster exchanges."),
        W.Note("ph-draft", W.Philippines, "Operators said they exchange information about threats every day.", NoteStatus.Draft),
        W.Note("vn-draft", W.VietNam, "Operators described sharing indicators of compromise with peers.", NoteStatus.Draft),
        W.Note("ph-map", W.Philippines, "International participants suggested a simple shared map of partner-funded cyber projects in the country, owned by the host agency and updated twice a year, so that new support can be directed at gaps rather than duplicating existing work."),
        W.Note("vn-women", W.VietNam, "Academic participants noted that women make up a relatively small share of students in cybersecurity programmes, although their share is higher in related fields such as information systems and data analysis."),
        W.Note("ph-insurance", W.Philippines, "Participants noted that the cyber insurance market is still small, and questioned whether insurers would have enough data in the near term to price discounts for information sharing."),
        W.Note("vn-budgets", W.VietNam, "Government participants noted that responsibility for digital services is shared between central and regional governments, and that regional budgets for cybersecurity are often minimal."),
    ];
}
