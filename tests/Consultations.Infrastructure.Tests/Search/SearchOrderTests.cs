using Consultations.Core.Search;

namespace Consultations.Infrastructure.Tests.Search;

/// <summary>Sorting by relevance, newest and agenda order, and paging.</summary>
public sealed class SearchOrderTests : IAsyncLifetime
{
    private readonly SearchWorld _world = new();

    public async ValueTask InitializeAsync()
    {
        var w = _world;
        var t = SearchWorld.T0;
        await w.BuildAsync(
            w.Note("ph-plenary", w.Philippines, "Sharing rules are clear.", at: t.AddHours(5)),
            w.Note("ph-opening", w.Philippines, "Sharing sharing sharing: sharing is the point.", session: "opening", at: t.AddHours(1)),
            w.Note("vn-plenary-late", w.VietNam, "Sharing happens late.", at: t.AddHours(4)),
            w.Note("vn-plenary-early", w.VietNam, "Sharing happens early.", at: t.AddHours(2)),
            w.Note("vn-opening", w.VietNam, "Sharing opened the day.", session: "opening", at: t.AddHours(3)));
    }

    public ValueTask DisposeAsync()
    {
        _world.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Relevance_puts_the_note_that_says_it_most_first()
    {
        var results = await _world.SearchAsync(SearchWorld.Researcher, "sharing");

        Assert.Equal("ph-opening", results.Hits[0].Id);
        Assert.True(results.Hits[0].Score > results.Hits[^1].Score);
    }

    [Fact]
    public async Task Newest_puts_the_last_changed_first()
    {
        var results = await _world.SearchAsync(SearchWorld.Researcher, "sharing", r => r with { Sort = SearchSort.Newest });

        Assert.Equal(["ph-plenary", "vn-plenary-late", "vn-opening", "vn-plenary-early", "ph-opening"], results.Hits.Select(h => h.Id));
    }

    [Fact]
    public async Task Agenda_order_follows_consultation_dates_then_sessions_then_writing()
    {
        var results = await _world.SearchAsync(SearchWorld.Researcher, "sharing", r => r with { Sort = SearchSort.AgendaOrder });

        // The Philippines met in 2023, Viet Nam in 2024; the opening comes before the plenary.
        Assert.Equal(["ph-opening", "ph-plenary", "vn-opening", "vn-plenary-early", "vn-plenary-late"], results.Hits.Select(h => h.Id));
    }

    [Fact]
    public async Task Pages_split_the_hits_without_overlap_and_report_the_total()
    {
        var seen = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var results = await _world.SearchAsync(SearchWorld.Researcher, "sharing", r => r with { Sort = SearchSort.AgendaOrder, Page = page, PageSize = 2 });

            Assert.Equal(5, results.Total);
            Assert.Equal(3, results.PageCount);
            Assert.Equal(page, results.Page);
            Assert.Equal(page < 3 ? 2 : 1, results.Hits.Count);
            seen.AddRange(results.Hits.Select(h => h.Id));
        }

        Assert.Equal(["ph-opening", "ph-plenary", "vn-opening", "vn-plenary-early", "vn-plenary-late"], seen);
        Assert.Empty((await _world.SearchAsync(SearchWorld.Researcher, "sharing", r => r with { Page = 4, PageSize = 2 })).Hits);
    }

    [Fact]
    public async Task A_page_far_beyond_the_window_is_answered()
    {
        var results = await _world.SearchAsync(SearchWorld.Researcher, "sharing", r => r with { Page = int.MaxValue, PageSize = 100 });

        Assert.Equal(SearchRequest.MaxResultWindow / 100, results.Page);
        Assert.Empty(results.Hits);
        Assert.Equal(5, results.Total);
    }
}
