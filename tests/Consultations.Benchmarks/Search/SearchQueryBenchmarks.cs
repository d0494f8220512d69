using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Consultations.Core.Access;
using Consultations.Core.Demo;
using Consultations.Core.Domain;
using Consultations.Core.Search;
using Consultations.Core.Storage;
using Consultations.Web.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Consultations.Benchmarks.Search;

/// <summary>
/// One search at a time on the 100,000-note index, per query kind and persona: the index alone (scope applied in the
/// query, hits, snippets, facet counts) and what a page calls (<see cref="ProgrammeSearch"/>: the scope read from the
/// store, the search, then each hit of the page gated again against the store). Concurrency is in the search-load mode.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class SearchQueryBenchmarks
{
    // One host and index for every case of the run (they run in this process): opening them per case would re-read the store.
    private static readonly Lazy<(IHost Host, Programme Programme)> Shared = new(Open);

    private SearchRequest _request = null!;
    private SearchScope _scope = null!;
    private Actor _actor = null!;
    private ISearchIndex _index = null!;
    private ProgrammeSearch _search = null!;
    private Programme _programme = null!;

    [Params(100_000)]
    public int Notes { get; set; }

    [ParamsSource(nameof(KindNames))]
    public string Kind { get; set; } = string.Empty;

    [ParamsSource(nameof(PersonaIds))]
    public string Persona { get; set; } = string.Empty;

    public static IEnumerable<string> KindNames => SearchWorkload.Kinds.Select(k => k.Name);

    public static IEnumerable<string> PersonaIds => SearchWorkload.Personas.Select(p => p.Id);

    [GlobalSetup]
    public void Setup()
    {
        if (Notes != 100_000)
        {
            throw new InvalidOperationException("The shared index is built for 100,000 notes.");
        }

        var (host, programme) = Shared.Value;
        _programme = programme;
        _index = host.Services.GetRequiredService<ISearchIndex>();
        _search = host.Services.GetRequiredService<ProgrammeSearch>();
        _actor = DemoPersonas.Find(Persona)!.ToActor();
        _scope = _search.ScopeAsync(_actor, programme, CancellationToken.None).GetAwaiter().GetResult();
        _request = SearchWorkload.Kind(Kind).Request();
        var results = Page().GetAwaiter().GetResult();
        Console.WriteLine($"// {Kind} as {Persona}: {results.Total:N0} hits, {results.Hits.Count} on the page, {results.Facets.Count} facets.");
        if (results.Total == 0)
        {
            throw new InvalidOperationException($"{Kind} finds nothing as {Persona}: the benchmark would time an empty search.");
        }
    }

    [Benchmark]
    public Task<SearchResults> Index() => _index.SearchAsync(_request, _scope);

    /// <summary>The index without facet counts (a page of more results asks for none): what the counting costs.</summary>
    [Benchmark]
    public Task<SearchResults> IndexWithoutFacets() => _index.SearchAsync(_request with { CountFacets = false }, _scope);

    [Benchmark]
    public Task<SearchResults> Page() => _search.SearchAsync(_actor, _programme, _request, CancellationToken.None);

    private static (IHost, Programme) Open()
    {
        var folder = SearchData.EnsureCachedAsync(100_000).GetAwaiter().GetResult();

        // The index is kept with the data: built at the first start, found current afterwards.
        var host = SearchData.StartAsync(folder, Path.Combine(folder, "index"), SearchWiring.App, CancellationToken.None).GetAwaiter().GetResult();
        host.Services.GetRequiredService<SearchIndexMaintainer>().Ready.GetAwaiter().GetResult();
        var programme = host.Services.GetRequiredService<IProgrammeStore>().GetAsync(SearchWorkload.ProgrammeId).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException("The generated programme is missing.");
        return (host, programme);
    }

    private sealed class Config : ManualConfig
    {
        public Config() =>
            AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(10)
                .WithToolchain(InProcessEmitToolchain.Instance));
    }
}
