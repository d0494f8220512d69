using Consultations.Core.Domain;
using Consultations.Core.Search;

namespace Consultations.Infrastructure.Tests.Search;

/// <summary>Facet counts, choosing facet values (OR within a facet, AND across), and groups too small for readers to see.</summary>
public sealed class SearchFacetTests : IAsyncLifetime
{
    private readonly SearchWorld _world = new();

    public async ValueTask InitializeAsync()
    {
        var w = _world;
        await w.BuildAsync(
            w.Note("vn-1", w.VietNam, "Sharing threat indicators needs trust.", kind: NoteKind.Finding, group: "government", groupSize: 6, themes: ["information-sharing"], subThemes: ["information-sharing/transparency"]),
            w.Note("vn-2", w.VietNam, "Incentives for sharing are missing.", kind: NoteKind.Recommendation, group: "civil-society", groupSize: 1, themes: ["information-sharing"], subThemes: ["information-sharing/incentives"]),
            w.Note("vn-3", w.VietNam, "Standards cost small firms too much.", session: "opening", kind: NoteKind.Challenge, group: "private-sector", groupSize: 4, themes: ["technical-standards"]),
            w.Note("vn-4", w.VietNam, "Sharing drafts are being written.", NoteStatus.Draft, group: "civil-society", groupSize: 1, themes: ["information-sharing"]),
            w.Note("ph-1", w.Philippines, "Sharing with telcos works through the CERT.", kind: NoteKind.Finding, group: "civil-society", groupSize: 5, themes: ["information-sharing", "international-collaboration"]),
            w.Note("ph-2", w.Philippines, "Standards are adopted late.", kind: NoteKind.Recommendation, group: "telecoms", groupSize: 2, themes: ["technical-standards"]));
    }

    public ValueTask DisposeAsync()
    {
        _world.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Each_facet_counts_the_hits_that_carry_each_value()
    {
        var results = await _world.SearchAsync(SearchWorld.Researcher, null);

        Assert.Equal(5, results.Total);
        Assert.Equal([("vn", 3), ("ph", 2)], Counts(results, SearchFacet.Consultation));
        Assert.Equal([("VN", 3), ("PH", 2)], Counts(results, SearchFacet.Country));
        Assert.Equal([("ph/plenary", 2), ("vn/plenary", 2), ("vn/opening", 1)], Counts(results, SearchFacet.Session));
        Assert.Equal([("information-sharing", 3), ("technical-standards", 2), ("international-collaboration", 1)], Counts(results, SearchFacet.Theme));
        Assert.Equal([("information-sharing/incentives", 1), ("information-sharing/transparency", 1)], Counts(results, SearchFacet.SubTheme));
        Assert.Equal([("Finding", 2), ("Recommendation", 2), ("Challenge", 1)], Counts(results, SearchFacet.Kind));
        Assert.Equal([("2024", 3), ("2023", 2)], Counts(results, SearchFacet.Year));
    }

    [Fact]
    public async Task Facets_count_every_hit_not_only_the_page()
    {
        var results = await _world.SearchAsync(SearchWorld.Researcher, null, r => r with { PageSize = 2 });

        Assert.Equal(2, results.Hits.Count);
        Assert.Equal(5, results.Facet(SearchFacet.Consultation)!.Values.Sum(v => v.Count));
    }

    [Fact]
    public async Task Values_of_one_facet_widen_and_facets_together_narrow()
    {
        Assert.Equal(["ph-1", "ph-2", "vn-1", "vn-2", "vn-3"], await _world.IdsAsync(SearchWorld.Researcher, null, r => r.With(SearchFacet.Country, "VN", "PH")));
        Assert.Equal(["vn-1", "vn-2"], await _world.IdsAsync(SearchWorld.Researcher, null, r => r.With(SearchFacet.Country, "VN").With(SearchFacet.Theme, "information-sharing")));
        Assert.Equal(["ph-1", "vn-1", "vn-2"], await _world.IdsAsync(SearchWorld.Researcher, "sharing", r => r.With(SearchFacet.Kind, "Finding", "Recommendation")));
        Assert.Equal(["vn-2"], await _world.IdsAsync(SearchWorld.Researcher, "sharing", r => r.With(SearchFacet.Kind, "Recommendation").With(SearchFacet.Year, "2024")));
        Assert.Empty(await _world.IdsAsync(SearchWorld.Researcher, null, r => r.With(SearchFacet.Country, "MY")));
    }

    [Fact]
    public async Task A_chosen_facet_still_counts_its_other_values_and_lists_its_choice()
    {
        var results = await _world.SearchAsync(SearchWorld.Researcher, null, r => r.With(SearchFacet.Country, "VN").With(SearchFacet.Kind, "Recommendation"));

        Assert.Equal(["vn-2"], results.Hits.Select(h => h.Id));

        // Country is counted without its own choice (within kind = Recommendation), kind without its own (within VN).
        Assert.Equal([("PH", 1), ("VN", 1)], Counts(results, SearchFacet.Country));
        Assert.Equal([("Challenge", 1), ("Finding", 1), ("Recommendation", 1)], Counts(results, SearchFacet.Kind));
        Assert.True(results.Facet(SearchFacet.Country)!.Values.Single(v => v.Value == "VN").Selected);
        Assert.False(results.Facet(SearchFacet.Country)!.Values.Single(v => v.Value == "PH").Selected);

        // Everything else is counted over the hits.
        Assert.Equal([("vn", 1)], Counts(results, SearchFacet.Consultation));
    }

    [Fact]
    public async Task A_chosen_value_nothing_carries_is_listed_with_no_hits_so_it_can_be_cleared()
    {
        var results = await _world.SearchAsync(SearchWorld.Researcher, null, r => r.With(SearchFacet.Country, "MY"));

        var chosen = Assert.Single(results.Facet(SearchFacet.Country)!.Values, v => v.Value == "MY");
        Assert.Equal(0, chosen.Count);
        Assert.True(chosen.Selected);
    }

    [Fact]
    public async Task Readers_do_not_see_count_or_choose_a_group_below_k()
    {
        // k = 3: civil society in Viet Nam (1 participant) and telecoms in the Philippines (2) are too small.
        var results = await _world.SearchAsync(SearchWorld.Researcher, null);

        Assert.Equal([("civil-society", 1), ("government", 1), ("private-sector", 1)], Counts(results, SearchFacet.StakeholderGroup));
        Assert.Null(results.Hits.Single(h => h.Id == "vn-2").StakeholderGroup);
        Assert.Null(results.Hits.Single(h => h.Id == "ph-2").StakeholderGroup);
        Assert.Equal("civil-society", results.Hits.Single(h => h.Id == "ph-1").StakeholderGroup);
        Assert.Equal(["ph-1"], await _world.IdsAsync(SearchWorld.Researcher, null, r => r.With(SearchFacet.StakeholderGroup, "civil-society")));
        Assert.Empty(await _world.IdsAsync(SearchWorld.Researcher, null, r => r.With(SearchFacet.StakeholderGroup, "telecoms")));
    }

    [Fact]
    public async Task The_consultations_own_facilitator_sees_its_small_groups_and_others_stay_hidden()
    {
        var results = await _world.SearchAsync(SearchWorld.FacilitatorVn, null);

        Assert.Equal([("civil-society", 3), ("government", 1), ("private-sector", 1)], Counts(results, SearchFacet.StakeholderGroup));
        Assert.Equal("civil-society", results.Hits.Single(h => h.Id == "vn-2").StakeholderGroup);
        Assert.Null(results.Hits.Single(h => h.Id == "ph-2").StakeholderGroup);
        Assert.Equal(["ph-1", "vn-2", "vn-4"], await _world.IdsAsync(SearchWorld.FacilitatorVn, null, r => r.With(SearchFacet.StakeholderGroup, "civil-society")));
    }

    [Fact]
    public async Task A_higher_k_hides_more()
    {
        _world.Programme.SetSmallGroupThreshold(6, UserRef.System, SearchWorld.T0);

        var results = await _world.SearchAsync(SearchWorld.Researcher, null);

        Assert.Equal([("government", 1)], Counts(results, SearchFacet.StakeholderGroup));
    }

    [Fact]
    public async Task Status_is_counted_for_facilitators_only()
    {
        Assert.Null((await _world.SearchAsync(SearchWorld.Researcher, null)).Facet(SearchFacet.Status));

        var results = await _world.SearchAsync(SearchWorld.FacilitatorVn, null);

        Assert.Equal([("Published", 5), ("Draft", 1)], Counts(results, SearchFacet.Status));
        Assert.Equal(["vn-4"], await _world.IdsAsync(SearchWorld.FacilitatorVn, null, r => r.With(SearchFacet.Status, "Draft")));
    }

    [Fact]
    public async Task Facets_can_be_left_uncounted()
    {
        var results = await _world.SearchAsync(SearchWorld.Researcher, null, r => r with { CountFacets = false });

        Assert.Empty(results.Facets);
        Assert.Equal(5, results.Total);
    }

    private static List<(string, int)> Counts(SearchResults results, SearchFacet facet) =>
        [.. (results.Facet(facet)?.Values ?? []).Select(v => (v.Value, v.Count))];
}
