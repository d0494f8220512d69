using Consultations.Core.Search;
using Consultations.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace Consultations.Infrastructure.Search;

/// <summary>Where the search index lives and how quickly changes show (section "Search").</summary>
public sealed class SearchOptions
{
    public const string SectionName = "Search";

    /// <summary>Name of the index folder inside the data folder when <see cref="IndexPath"/> is not set.</summary>
    public const string DefaultFolderName = "search-index";

    /// <summary>
    /// Folder of the index; relative paths are resolved against the content root. Empty: <see cref="DefaultFolderName"/>
    /// in the data folder beside the SQLite file. On App Service give a local path: the shared /home share is a poor place
    /// for index files and their locks. One app instance per folder.
    /// </summary>
    public string? IndexPath { get; set; }

    /// <summary>How soon a change is searchable: the searcher is reopened at this interval when something changed.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often changes are committed to disk; what a crash loses since then the next rebuild or catch-up restores.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Search by meaning (section "Search:Embeddings").</summary>
    public SearchEmbeddingOptions Embeddings { get; set; } = new();

    /// <summary>
    /// How often the store's change feed is read for writes made by other app instances (this instance's own writes are
    /// indexed at once). A change made elsewhere is searchable here within about this interval.
    /// </summary>
    public TimeSpan FollowInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The index folder as an absolute path.</summary>
    public string ResolveIndexPath(string contentRootPath, SqliteStorageOptions sqlite)
    {
        ArgumentNullException.ThrowIfNull(contentRootPath);
        ArgumentNullException.ThrowIfNull(sqlite);
        return string.IsNullOrWhiteSpace(IndexPath)
            ? Path.Combine(sqlite.ResolveDataDirectory(contentRootPath), DefaultFolderName)
            : Path.GetFullPath(Path.Combine(contentRootPath, IndexPath));
    }
}

/// <summary>
/// Sentence embeddings beside the index, blended with the words when ranking by relevance (docs/search-ranking.md). The
/// blend's defaults are the ones measured there.
/// </summary>
public sealed class SearchEmbeddingOptions
{
    /// <summary>Off: no model is loaded and search ranks by words only (tests that do not need the model turn it off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Reciprocal rank fusion's k: small, so the top places of each ranking count for more than agreement deep down.</summary>
    public int FusionK { get; set; } = HybridWeights.DefaultK;

    public double WordWeight { get; set; } = 1.0;

    public double MeaningWeight { get; set; } = 2.0;

    /// <summary>Notes taken from the cosine ranking of a query (within the searcher's scope), at most.</summary>
    public int MeaningDepth { get; set; } = 50;

    /// <summary>Cosine below which a note is not a match by meaning for a query.</summary>
    public double MinimumSimilarity { get; set; } = 0.2;

    /// <summary>Cosine below which a note is not listed as similar to another (demo-like notes on other topics of the field run 0.24–0.29).</summary>
    public double MinimumSimilarityBetweenNotes { get; set; } = 0.25;

    /// <summary>Texts waiting to be embedded, at most; an upsert waits while the queue is full.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    public HybridWeights Weights => new(FusionK, WordWeight, MeaningWeight, MeaningDepth, MinimumSimilarity);
}

internal sealed class SearchOptionsValidator : IValidateOptions<SearchOptions>
{
    public ValidateOptionsResult Validate(string? name, SearchOptions options)
    {
        var failures = new List<string>();
        if (options.IndexPath is { } path && (path.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || path.Contains('\0', StringComparison.Ordinal)))
        {
            failures.Add($"Search:IndexPath must be a folder path (was '{path}').");
        }

        if (options.RefreshInterval < TimeSpan.FromMilliseconds(10) || options.RefreshInterval > TimeSpan.FromSeconds(5))
        {
            failures.Add("Search:RefreshInterval must be between 00:00:00.010 and 00:00:05: changes must be searchable within seconds.");
        }

        if (options.CommitInterval < TimeSpan.FromSeconds(1) || options.CommitInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add("Search:CommitInterval must be between 00:00:01 and 00:10:00.");
        }

        if (options.FollowInterval < TimeSpan.FromMilliseconds(100) || options.FollowInterval > TimeSpan.FromSeconds(25))
        {
            failures.Add("Search:FollowInterval must be between 00:00:00.100 and 00:00:25: another instance's changes must be searchable within 30 s.");
        }

        var embeddings = options.Embeddings;
        if (embeddings is not null)
        {
            if (embeddings.FusionK is < 0 or > 1_000)
            {
                failures.Add("Search:Embeddings:FusionK must be between 0 and 1000.");
            }

            if (!(embeddings.WordWeight >= 0 && embeddings.WordWeight <= 100) || !(embeddings.MeaningWeight >= 0 && embeddings.MeaningWeight <= 100))
            {
                failures.Add("Search:Embeddings:WordWeight and MeaningWeight must be between 0 and 100.");
            }

            if (embeddings.MeaningDepth is < 1 or > 1_000)
            {
                failures.Add("Search:Embeddings:MeaningDepth must be between 1 and 1000.");
            }

            if (!(embeddings.MinimumSimilarity >= -1 && embeddings.MinimumSimilarity <= 1) || !(embeddings.MinimumSimilarityBetweenNotes >= -1 && embeddings.MinimumSimilarityBetweenNotes <= 1))
            {
                failures.Add("Search:Embeddings:MinimumSimilarity and MinimumSimilarityBetweenNotes must be cosines, between -1 and 1.");
            }

            if (embeddings.QueueCapacity is < 1 or > 1_000_000)
            {
                failures.Add("Search:Embeddings:QueueCapacity must be between 1 and 1000000.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
