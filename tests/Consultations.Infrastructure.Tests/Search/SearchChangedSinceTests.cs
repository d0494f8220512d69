using Consultations.Core.Domain;
using Consultations.Core.Search;

namespace Consultations.Infrastructure.Tests.Search;

/// <summary>ChangedSince (a saved search's "new since last visit"): applied in the query, so totals and facets count only what changed.</summary>
public sealed class SearchChangedSinceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T = SearchWorld.T0;
    private readonly SearchWorld _world = new();

    public async ValueTask InitializeAsync()
    {
        var w = _world;
        await w.BuildAsync(
            w.Note("old", w.VietNam, "Sharing threat indicators needs trust.", at: T),
            w.Note("edge", w.VietNam, "Sharing at the very instant of the visit.", at: T.AddHours(2)),
            w.Note("new", w.Philippines, "Sharing with telcos works through the CERT.", at: T.AddHours(3)),
            w.Note("draft", w.VietNam, "Sharing drafts are being written.", NoteStatus.Draft, at: T.AddHours(4)));
    }

    public ValueTask DisposeAsync()
    {
        _world.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Only_documents_changed_at_or_after_the_instant_match_and_are_counted()
    {
        var since = await _world.SearchAsync(SearchWorld.Researcher, "sharing", r => r with { ChangedSince = T.AddHours(2) });

        Assert.Equal(["edge", "new"], since.Hits.Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Equal(2, since.Total);
        Assert.Equal(2, since.Facet(SearchFacet.Consultation)!.Values.Sum(v => v.Count));
        Assert.Equal(3, (await _world.SearchAsync(SearchWorld.Researcher, "sharing")).Total);
    }

    [Fact]
    public async Task Access_still_decides_what_changed_notes_are_found()
    {
        // The draft changed last, but only its facilitator finds it.
        Assert.Equal(["new"], await _world.IdsAsync(SearchWorld.Researcher, null, r => r with { ChangedSince = T.AddHours(2.5) }));
        Assert.Equal(["draft", "new"], await _world.IdsAsync(SearchWorld.FacilitatorVn, null, r => r with { ChangedSince = T.AddHours(2.5) }));
        Assert.Empty(await _world.IdsAsync(SearchWorld.Researcher, "sharing", r => r with { ChangedSince = T.AddDays(1) }));
    }

    [Fact]
    public async Task A_note_changed_again_after_the_instant_is_new_once_more()
    {
        var w = _world;
        await w.UpsertAsync(w.Note("old", w.VietNam, "Sharing threat indicators needs trust, said again.", at: T.AddHours(5)));

        Assert.Equal(["old"], await w.IdsAsync(SearchWorld.Researcher, "sharing", r => r with { ChangedSince = T.AddHours(4.5) }));
    }
}
