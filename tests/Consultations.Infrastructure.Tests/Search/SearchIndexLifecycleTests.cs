using System.Diagnostics;
using System.Runtime.CompilerServices;
using Consultations.Core.Search;
using Consultations.Infrastructure.Search;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Directory = System.IO.Directory;

namespace Consultations.Infrastructure.Tests.Search;

/// <summary>The index on disk: schema versions, rebuilds that swap, changes searchable within a second, many threads.</summary>
public sealed class SearchIndexLifecycleTests : IDisposable
{
    private readonly SearchWorld _world = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task A_new_folder_needs_a_rebuild_and_says_so_in_results()
    {
        Assert.True(_world.Index.NeedsRebuild);
        Assert.Equal(1, _world.Index.SchemaVersion);
        var results = await _world.SearchAsync(SearchWorld.Researcher, "anything");
        Assert.True(results.Notices.HasFlag(SearchNotices.IndexIncomplete));
        Assert.Contains(results.NoticeText, l => l.Contains("being built", StringComparison.Ordinal));

        await _world.BuildAsync(_world.Note("n1", _world.VietNam, "Incident reporting is slow."));

        Assert.False(_world.Index.NeedsRebuild);
        Assert.Equal(SearchNotices.None, (await _world.SearchAsync(SearchWorld.Researcher, "incident")).Notices);
    }

    [Fact]
    public async Task A_built_index_opens_again_as_it_was()
    {
        await _world.BuildAsync(_world.Note("n1", _world.VietNam, "Incident reporting is slow."));
        await _world.UpsertAsync(_world.Note("n2", _world.VietNam, "Incident response plans differ."));

        _world.Reopen();

        Assert.False(_world.Index.NeedsRebuild);
        Assert.Equal(["n1", "n2"], await _world.IdsAsync(SearchWorld.Researcher, "incident"));
    }

    [Fact]
    public async Task Changes_to_an_index_that_was_never_completely_built_still_need_a_rebuild_after_a_restart()
    {
        await _world.UpsertAsync(_world.Note("n1", _world.VietNam, "Incident reporting is slow."));
        _world.Index.Commit();

        _world.Reopen();

        Assert.True(_world.Index.NeedsRebuild);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2")]
    [InlineData(null)]
    public async Task An_index_of_another_or_no_schema_version_needs_a_rebuild_and_is_not_read(string? version)
    {
        await _world.BuildAsync(_world.Note("n1", _world.VietNam, "Incident reporting is slow."));
        _world.Index.Dispose();
        var generation = CurrentGeneration();
        using (var directory = FSDirectory.Open(generation))
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, SearchAnalyzers.Index) { OpenMode = OpenMode.APPEND }))
        {
            var data = new Dictionary<string, string> { [SearchSchema.BuiltKey] = "2020-01-01" };
            if (version is not null)
            {
                data[SearchSchema.SchemaKey] = version;
            }

            writer.SetCommitData(data);
            writer.Commit();
        }

        Assert.NotNull(LuceneSearchIndex.Inspect(generation));
        _world.Reopen();

        Assert.True(_world.Index.NeedsRebuild);
        var results = await _world.SearchAsync(SearchWorld.Researcher, "incident");
        Assert.Equal(0, results.Total);
        Assert.True(results.Notices.HasFlag(SearchNotices.IndexIncomplete));
        Assert.False(Directory.Exists(generation));
    }

    [Fact]
    public void A_folder_that_is_not_an_index_is_reported()
    {
        Assert.Equal("its folder is missing", LuceneSearchIndex.Inspect(Path.Combine(_world.IndexPath, "gen-missing")));
        var empty = Directory.CreateDirectory(Path.Combine(_world.IndexPath, "gen-empty")).FullName;
        Assert.Equal("the folder holds no index", LuceneSearchIndex.Inspect(empty));
    }

    [Fact]
    public async Task A_rebuild_writes_a_new_generation_swaps_it_in_and_removes_the_old()
    {
        await _world.BuildAsync(
            _world.Note("old", _world.VietNam, "Incident reporting is slow."),
            _world.Note("kept", _world.VietNam, "Incident response differs."));
        var before = CurrentGeneration();

        await _world.BuildAsync(
            _world.Note("kept", _world.VietNam, "Incident response is now shared."),
            _world.Note("new", _world.Philippines, "Incident reporting is mandated."));

        Assert.NotEqual(before, CurrentGeneration());
        Assert.False(Directory.Exists(before));
        Assert.Single(Directory.GetDirectories(_world.IndexPath, "gen-*"));
        Assert.Equal(["kept", "new"], await _world.IdsAsync(SearchWorld.Researcher, "incident"));
        Assert.Equal(["kept"], await _world.IdsAsync(SearchWorld.Researcher, "shared"));
        Assert.Null(LuceneSearchIndex.Inspect(CurrentGeneration()));
    }

    [Fact]
    public async Task Searches_read_the_current_index_during_a_rebuild_and_changes_made_meanwhile_are_kept()
    {
        await _world.BuildAsync(
            _world.Note("old", _world.VietNam, "Incident reporting is slow."),
            _world.Note("removed-meanwhile", _world.VietNam, "Incident response differs."));
        var seenDuringRebuild = new List<string>();

        async IAsyncEnumerable<SearchDocument> Documents([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return _world.Note("removed-meanwhile", _world.VietNam, "Incident response differs.");
            await _world.Index.UpsertAsync([_world.Note("added-meanwhile", _world.Philippines, "Incident handling improved.")], cancellationToken);
            await _world.Index.DeleteAsync([NoteSearchDocument.KeyOf("removed-meanwhile")], cancellationToken);
            _world.Index.Refresh();
            seenDuringRebuild.AddRange(await _world.IdsAsync(SearchWorld.Researcher, "incident"));
            yield return _world.Note("rebuilt", _world.Philippines, "Incident reporting is mandated.");
        }

        await _world.Index.RebuildAsync(Documents(Ct), Ct);
        _world.Index.Refresh();

        Assert.Equal(["added-meanwhile", "old"], seenDuringRebuild);
        Assert.Equal(["added-meanwhile", "rebuilt"], await _world.IdsAsync(SearchWorld.Researcher, "incident"));
    }

    [Fact]
    public async Task A_cancelled_or_failed_rebuild_leaves_the_index_as_it_was()
    {
        await _world.BuildAsync(_world.Note("old", _world.VietNam, "Incident reporting is slow."));
        var generation = CurrentGeneration();

        // A store read cancelled half way.
        async IAsyncEnumerable<SearchDocument> Cancelled()
        {
            yield return _world.Note("new", _world.VietNam, "Incident response differs.");
            await Task.Yield();
            throw new OperationCanceledException();
        }

        async IAsyncEnumerable<SearchDocument> Invalid()
        {
            await Task.Yield();
            yield return _world.Note("new", _world.VietNam, "Incident response differs.");
            yield return _world.Note("bad", _world.VietNam, "Incident draft.", Core.Domain.NoteStatus.Draft) with { ReaderText = "leaked" };
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _world.Index.RebuildAsync(Cancelled(), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _world.Index.RebuildAsync(Invalid(), Ct));

        Assert.Equal(generation, CurrentGeneration());
        Assert.Single(Directory.GetDirectories(_world.IndexPath, "gen-*"));
        Assert.Equal(["old"], await _world.IdsAsync(SearchWorld.Researcher, "incident"));
        Assert.False(_world.Index.NeedsRebuild);
    }

    [Fact]
    public async Task A_document_readers_could_never_see_is_refused_and_nothing_of_the_batch_is_written()
    {
        await _world.BuildAsync();
        var good = _world.Note("good", _world.VietNam, "Incident reporting is slow.");
        var bad = _world.Note("bad", _world.VietNam, "Incident draft.", Core.Domain.NoteStatus.Draft) with { ReaderText = "leaked" };

        await Assert.ThrowsAsync<ArgumentException>(() => _world.Index.UpsertAsync([good, bad], Ct));
        _world.Index.Refresh();

        Assert.Empty(await _world.IdsAsync(SearchWorld.Researcher, "incident"));
    }

    [Fact]
    public async Task An_upsert_is_found_and_a_delete_is_gone_within_a_second_without_asking()
    {
        await _world.BuildAsync();
        var clock = Stopwatch.StartNew();
        await _world.Index.UpsertAsync([_world.Note("fresh", _world.VietNam, "Brand new incident note.", Core.Domain.NoteStatus.Draft)], Ct);

        Assert.True(await Eventually(async () => (await _world.IdsAsync(SearchWorld.FacilitatorVn, "brand")).Count == 1, TimeSpan.FromSeconds(1)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"found after {clock.ElapsedMilliseconds} ms");

        clock.Restart();
        await _world.Index.DeleteAsync([NoteSearchDocument.KeyOf("fresh"), "note/unknown"], Ct);

        Assert.True(await Eventually(async () => (await _world.IdsAsync(SearchWorld.FacilitatorVn, "brand")).Count == 0, TimeSpan.FromSeconds(1)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"gone after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Changes_are_kept_when_the_index_is_closed_before_a_commit()
    {
        await _world.BuildAsync();
        await _world.Index.UpsertAsync([_world.Note("late", _world.VietNam, "Incident noted just before shutdown.")], Ct);

        _world.Reopen();

        Assert.Equal(["late"], await _world.IdsAsync(SearchWorld.Researcher, "shutdown"));
    }

    [Fact]
    public void A_second_index_on_the_same_folder_is_refused()
    {
        var error = Assert.ThrowsAny<IOException>(() => new LuceneSearchIndex(_world.IndexPath, new SearchOptions()));

        Assert.Contains("Search:IndexPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_index_refuses_work_and_closing_twice_is_harmless()
    {
        await _world.BuildAsync();
        _world.Index.Dispose();
        _world.Index.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => _world.SearchAsync(SearchWorld.Researcher, "x"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _world.Index.UpsertAsync([_world.Note("n", _world.VietNam, "x")], Ct));
    }

    [Fact]
    public async Task Four_threads_writing_deleting_and_searching_at_once_leave_a_consistent_index()
    {
        await _world.BuildAsync();
        const int Threads = 4;
        const int Operations = 200;
        var expected = new HashSet<string>[Threads];

        var workers = Enumerable.Range(0, Threads).Select(t => Task.Run(async () =>
        {
            var random = new Random(t);
            var mine = expected[t] = [];
            for (var i = 0; i < Operations; i++)
            {
                var id = $"t{t}-n{random.Next(20)}";
                switch (random.Next(3))
                {
                    case 0:
                        await _world.Index.UpsertAsync([_world.Note(id, t % 2 == 0 ? _world.VietNam : _world.Philippines, $"Concurrent incident note {i} from thread {t}.")], Ct);
                        mine.Add(id);
                        break;
                    case 1:
                        await _world.Index.DeleteAsync([NoteSearchDocument.KeyOf(id)], Ct);
                        mine.Remove(id);
                        break;
                    default:
                        var results = await _world.SearchAsync(t % 2 == 0 ? SearchWorld.Researcher : SearchWorld.FacilitatorPh, "concurrent incident", r => r with { PageSize = 10 });
                        Assert.Equal(results.Total, results.Facet(SearchFacet.Consultation)?.Values.Sum(v => v.Count) ?? 0);
                        break;
                }
            }
        }, Ct)).ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(2), Ct);
        _world.Index.Refresh();

        var all = await _world.SearchAsync(SearchWorld.Researcher, "concurrent", r => r with { PageSize = 100 });
        Assert.Equal(expected.SelectMany(e => e).Order(StringComparer.Ordinal), all.Hits.Select(h => h.Id).Order(StringComparer.Ordinal));
    }

    private static async Task<bool> Eventually(Func<Task<bool>> condition, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(25, Ct);
        }

        return await condition();
    }

    private string CurrentGeneration() => Path.Combine(_world.IndexPath, File.ReadAllText(Path.Combine(_world.IndexPath, "current")).Trim());
}
