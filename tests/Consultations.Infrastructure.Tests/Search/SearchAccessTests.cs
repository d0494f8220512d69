using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Search;

namespace Consultations.Infrastructure.Tests.Search;

/// <summary>
/// Who finds what: the scope is part of the query, so totals, facet counts and snippets only ever include what the
/// searcher may find, and full text is only searched inside the searcher's own consultations.
/// </summary>
public sealed class SearchAccessTests : IAsyncLifetime
{
    private readonly SearchWorld _world = new();

    public async ValueTask InitializeAsync()
    {
        var w = _world;
        await w.BuildAsync(
            w.Note("vn-published", w.VietNam, "Ms Nguyen Thu Hang said incident reporting is slow.", masked: "A government representative said incident reporting is slow."),
            w.Note("vn-draft", w.VietNam, "Draft: incident reporting needs a hotline.", NoteStatus.Draft),
            w.Note("vn-submitted", w.VietNam, "Submitted: incident reporting templates differ.", NoteStatus.Submitted),
            w.Note("vn-closed", w.VietNam, "Off the record: incident reporting is ignored.", NoteStatus.Submitted, session: "closed"),
            w.Note("vn-withheld", w.VietNam, "Dela Cruz said incident reporting works.", withheld: true),
            w.Note("ph-published", w.Philippines, "Incident reporting is mandated by law.", masked: "Incident reporting is mandated by law."),
            w.Note("ph-draft", w.Philippines, "Draft: incident reporting portal planned.", NoteStatus.Draft),
            w.Note("ph-closed", w.Philippines, "Off the record: incident reporting quotas.", NoteStatus.Submitted, session: "closed"),
            w.Brief("brief-1", 1, "Incident reporting across the region", "Incident reporting is slow in some countries [@vn-published].", "vn", "ph"));
    }

    public ValueTask DisposeAsync()
    {
        _world.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Researchers_find_published_notes_readers_may_see_and_nothing_else()
    {
        var results = await _world.SearchAsync(SearchWorld.Researcher, "incident reporting");

        Assert.Equal(["ph-published", "vn-published"], results.Hits.Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Equal(2, results.Total);
        Assert.All(results.Hits, h => Assert.Equal(SearchView.Reader, h.View));
        Assert.All(results.Hits, h => Assert.Equal(NoteStatus.Published, h.Status));
    }

    [Fact]
    public async Task Researchers_never_match_words_that_only_the_unmasked_text_holds()
    {
        foreach (var query in new[] { "Nguyen", "\"Thu Hang\"", "Hang", "Ms", "Dela Cruz", "Cruz", "nguy*" })
        {
            var results = await _world.SearchAsync(SearchWorld.Researcher, query);

            Assert.Equal(0, results.Total);
            Assert.Empty(results.Hits);
            Assert.All(results.Facets, f => Assert.All(f.Values, v => Assert.Equal(0, v.Count)));
        }
    }

    [Fact]
    public async Task Researchers_find_the_masked_words_and_their_snippets_show_them()
    {
        var results = await _world.SearchAsync(SearchWorld.Researcher, "government representative");

        var hit = Assert.Single(results.Hits);
        Assert.Equal("vn-published", hit.Id);
        Assert.Contains("A government representative said", hit.Snippet.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain("Nguyen", hit.Snippet.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_facilitator_of_a_consultation_finds_its_names_drafts_and_off_the_record_notes_and_sees_them_badged()
    {
        var results = await _world.SearchAsync(SearchWorld.FacilitatorVn, "incident reporting");

        Assert.Equal(
            ["ph-published", "vn-closed", "vn-draft", "vn-published", "vn-submitted", "vn-withheld"],
            results.Hits.Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.All(results.Hits.Where(h => h.ConsultationId == "vn"), h => Assert.Equal(SearchView.Full, h.View));
        Assert.Equal(SearchView.Reader, results.Hits.Single(h => h.Id == "ph-published").View);
        Assert.Equal(DisclosureRule.OffTheRecord, results.Hits.Single(h => h.Id == "vn-closed").DisclosureRule);
        Assert.Equal(NoteStatus.Draft, results.Hits.Single(h => h.Id == "vn-draft").Status);

        var named = Assert.Single((await _world.SearchAsync(SearchWorld.FacilitatorVn, "Nguyen")).Hits);
        Assert.Equal("vn-published", named.Id);
        Assert.Contains("Nguyen", named.Snippet.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_facilitator_of_A_sees_drafts_of_A_but_not_of_B()
    {
        Assert.Equal(["vn-draft"], await _world.IdsAsync(SearchWorld.FacilitatorVn, "draft"));
        Assert.Equal(["ph-draft"], await _world.IdsAsync(SearchWorld.FacilitatorPh, "draft"));
        Assert.Empty(await _world.IdsAsync(SearchWorld.FacilitatorPh, "hotline"));
        Assert.Empty(await _world.IdsAsync(SearchWorld.FacilitatorPh, "Nguyen"));
        Assert.Empty(await _world.IdsAsync(SearchWorld.FacilitatorPh, "\"off the record\" ignored"));
    }

    [Fact]
    public async Task A_facilitator_finds_a_published_note_of_their_own_consultation_once()
    {
        var results = await _world.SearchAsync(SearchWorld.FacilitatorPh, "mandated");

        var hit = Assert.Single(results.Hits);
        Assert.Equal(SearchView.Full, hit.View);
        Assert.Equal(1, results.Total);
    }

    [Fact]
    public async Task Administrators_search_what_readers_see()
    {
        Assert.Equal(["ph-published", "vn-published"], await _world.IdsAsync(SearchWorld.Administrator, "incident reporting"));
        Assert.Empty(await _world.IdsAsync(SearchWorld.Administrator, "Nguyen"));
    }

    [Fact]
    public async Task Funders_never_get_notes_only_published_briefs_without_citations()
    {
        var results = await _world.SearchAsync(SearchWorld.Funder, "incident reporting");

        var hit = Assert.Single(results.Hits);
        Assert.Equal(SearchView.Brief, hit.View);
        Assert.Equal("brief-1-v1", hit.Id);
        Assert.Equal("brief-1", hit.BriefId);
        Assert.Equal(1, hit.BriefVersion);
        Assert.Equal("Incident reporting across the region", hit.Title);
        Assert.DoesNotContain("[@", hit.Snippet.PlainText, StringComparison.Ordinal);
        Assert.Equal(1, results.Total);
        Assert.Empty(await _world.IdsAsync(SearchWorld.Funder, "mandated"));
        Assert.Empty(await _world.IdsAsync(SearchWorld.Funder, "vn-published"));
        Assert.Equal(["brief-1-v1"], await _world.IdsAsync(SearchWorld.Funder, null));
    }

    [Fact]
    public async Task Readers_do_not_search_briefs_here()
    {
        Assert.DoesNotContain("brief-1-v1", await _world.IdsAsync(SearchWorld.Researcher, "region"));
    }

    [Fact]
    public async Task Someone_without_a_role_finds_nothing()
    {
        var results = await _world.SearchAsync(SearchWorld.Person("nobody"), null);

        Assert.Equal(0, results.Total);
        Assert.Empty(results.Facets);
    }

    [Theory]
    [InlineData("r")]
    [InlineData("admin")]
    [InlineData("fvn")]
    [InlineData("fph")]
    [InlineData("fu")]
    public async Task Facet_counts_count_exactly_the_visible_hits(string who)
    {
        var actor = who switch
        {
            "r" => SearchWorld.Researcher,
            "admin" => SearchWorld.Administrator,
            "fvn" => SearchWorld.FacilitatorVn,
            "fph" => SearchWorld.FacilitatorPh,
            _ => SearchWorld.Funder,
        };

        foreach (var query in new[] { null, "incident", "draft", "Nguyen" })
        {
            var results = await _world.SearchAsync(actor, query);

            // A note has exactly one consultation, country, session, kind, year and status, so each of those facets sums
            // to the notes found; a brief has one year and may compare several consultations.
            Assert.Equal(results.Total, results.Hits.Count);
            Assert.Equal(results.Total, Sum(results, SearchFacet.Year));
            var notes = results.Hits.Count(h => h.View != SearchView.Brief);
            if (notes == results.Total)
            {
                Assert.Equal(notes, Sum(results, SearchFacet.Consultation));
            }
            else
            {
                Assert.All(results.Facet(SearchFacet.Consultation)!.Values, v => Assert.InRange(v.Count, 1, results.Total));
            }

            Assert.Equal(notes, Sum(results, SearchFacet.Kind));
            Assert.Equal(notes, Sum(results, SearchFacet.Country));
            Assert.Equal(notes, Sum(results, SearchFacet.Session));
            if (_world.Scope(actor).SeesStatus)
            {
                Assert.Equal(notes, Sum(results, SearchFacet.Status));
            }
            else
            {
                Assert.Null(results.Facet(SearchFacet.Status));
            }
        }
    }

    [Fact]
    public async Task Readers_choosing_drafts_or_an_off_the_record_session_find_nothing()
    {
        Assert.Empty(await _world.IdsAsync(SearchWorld.Researcher, null, r => r.With(SearchFacet.Status, "Draft", "Submitted")));
        Assert.Empty(await _world.IdsAsync(SearchWorld.Researcher, null, r => r.With(SearchFacet.Session, "vn/closed", "ph/closed")));
        Assert.Empty(await _world.IdsAsync(SearchWorld.FacilitatorPh, null, r => r.With(SearchFacet.Session, "vn/closed")));
    }

    [Fact]
    public async Task A_scope_cannot_be_made_without_an_actor_so_full_text_cannot_be_asked_for_by_name()
    {
        var constructors = typeof(SearchScope).GetConstructors();

        Assert.Empty(constructors);
        Assert.Empty(await _world.IdsAsync(new Actor("intruder", "I", new HashSet<Role> { Role.Researcher }), "hotline"));
    }

    private static int Sum(SearchResults results, SearchFacet facet) => results.Facet(facet)?.Values.Sum(v => v.Count) ?? 0;
}
