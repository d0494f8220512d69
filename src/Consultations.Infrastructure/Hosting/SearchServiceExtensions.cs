using Consultations.Core.Analysis;
using Consultations.Core.Search;
using Consultations.Infrastructure.Embeddings;
using Consultations.Infrastructure.Search;
using Consultations.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Consultations.Infrastructure.Hosting;

/// <summary>The absolute folder of the search index, resolved once from <see cref="SearchOptions.IndexPath"/>.</summary>
public sealed record SearchIndexLocation(string Path)
{
    /// <summary>Where the change feed's checkpoint of the last change the index has applied is kept, beside the index.</summary>
    public string CheckpointPath => System.IO.Path.Combine(Path, "feed-checkpoint");
}

public static class SearchServiceExtensions
{
    /// <summary>
    /// Registers the search index (section "Search", validated at start): one <see cref="LuceneSearchIndex"/> per process,
    /// opened on first use in <see cref="SearchOptions.IndexPath"/>, by default beside the SQLite file, composed with
    /// search by meaning (<see cref="HybridSearchIndex"/>, the local all-MiniLM-L6-v2 model) unless
    /// Search:Embeddings:Enabled is false; and the <see cref="SearchIndexer"/> that makes its documents from the stores
    /// (needs the guard key: see <see cref="GuardKeyServiceExtensions.AddConsultationsGuardKey"/>).
    /// </summary>
    public static IHostApplicationBuilder AddConsultationsSearch(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SearchOptions>()
            .BindConfiguration(SearchOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SearchOptions>, SearchOptionsValidator>());
        services.TryAddSingleton(sp => new SearchIndexLocation(sp.GetRequiredService<IOptions<SearchOptions>>().Value.ResolveIndexPath(
            sp.GetRequiredService<IHostEnvironment>().ContentRootPath,
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Sqlite)));
        services.TryAddSingleton<ISearchIndex>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SearchOptions>>().Value;
            var words = new LuceneSearchIndex(sp.GetRequiredService<SearchIndexLocation>().Path, options, sp.GetRequiredService<ILogger<LuceneSearchIndex>>());
            return options.Embeddings.Enabled
                ? new HybridSearchIndex(words, sp.GetRequiredService<ITextEmbedder>(), options.Embeddings, sp.GetRequiredService<ILoggerFactory>())
                : words;
        });
        services.TryAddSingleton<SearchIndexer>();

        // Loaded on first use (≈ 1–3 s, +350 MB), only when Search:Embeddings:Enabled; one thread, so embedding in the
        // background leaves the other core of a two-core plan to requests.
        services.TryAddSingleton<ITextEmbedder>(_ => new MiniLmEmbedder(new MiniLmEmbedderOptions { IntraOpThreads = 1 }));
        return builder;
    }
}
