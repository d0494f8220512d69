using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using IHost = Microsoft.Extensions.Hosting.IHost;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Consultations.Core.Search;
using Consultations.Infrastructure.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Consultations.Benchmarks.Search;

/// <summary>
/// Building the search index of a generated programme (issue 18: 100,000 notes in at most 60 s without embeddings).
/// Each build is a minute, so each is one cold operation, twice (monitoring strategy), in this process.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class SearchIndexBuildBenchmarks
{
    private IHost _host = null!;
    private List<SearchDocument> _documents = [];
    private string _scratch = string.Empty;

    [Params(100_000)]
    public int Notes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var folder = SearchData.EnsureCachedAsync(Notes).GetAwaiter().GetResult();
        _host = SearchData.StartAsync(folder, Path.Combine(folder, "index-build-unused"), SearchWiring.Indexer, CancellationToken.None).GetAwaiter().GetResult();
        using var index = new LuceneSearchIndex(Path.Combine(folder, "index-build-unused"), new SearchOptions());
        var indexer = Indexer(index);
        _documents = [.. ReadAll(indexer)];
        Console.WriteLine($"// {_documents.Count:N0} documents ({_documents.OfType<NoteSearchDocument>().Count(d => d.ReaderText is not null):N0} with reader text).");
    }

    [IterationSetup]
    public void NewFolder() => _scratch = Path.Combine(Path.GetTempPath(), "consultations-search-bench-scratch-" + Guid.NewGuid().ToString("N")[..8]);

    [IterationCleanup]
    public void DeleteFolder() => Directory.Delete(_scratch, recursive: true);

    /// <summary>The documents already made: Lucene analysis, facets and writing only.</summary>
    [Benchmark]
    public async Task BuildFromDocuments()
    {
        using var index = new LuceneSearchIndex(_scratch, new SearchOptions());
        await index.RebuildAsync(SearchData.Async(_documents));
        index.Commit();
    }

    /// <summary>What `search-index rebuild` and the app at start do: read the store, the reader gate per note, then the build.</summary>
    [Benchmark]
    public async Task<int> RebuildFromStore()
    {
        using var index = new LuceneSearchIndex(_scratch, new SearchOptions());
        return await Indexer(index).RebuildAsync(CancellationToken.None);
    }

    /// <summary>The store read and the reader gate alone (no index written): the difference between the two above.</summary>
    [Benchmark]
    public int ReadDocumentsFromStore()
    {
        Directory.CreateDirectory(_scratch);
        using var index = new LuceneSearchIndex(_scratch, new SearchOptions());
        return ReadAll(Indexer(index)).Count;
    }

    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    private static List<SearchDocument> ReadAll(SearchIndexer indexer) =>
        indexer.ReadAllAsync(CancellationToken.None).ToBlockingEnumerable().ToList();

    private SearchIndexer Indexer(ISearchIndex index) =>
        ActivatorUtilities.CreateInstance<SearchIndexer>(_host.Services, index, NullLogger<SearchIndexer>.Instance);

    private sealed class Config : ManualConfig
    {
        public Config() =>
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(0)
                .WithIterationCount(2)
                .WithToolchain(InProcessEmitToolchain.Instance));
    }
}
