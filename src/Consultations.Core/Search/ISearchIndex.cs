namespace Consultations.Core.Search;

/// <summary>
/// The programme-wide search index: derived from the stores, rebuildable, kept current by the callers that change
/// notes and briefs. Every search runs inside a <see cref="SearchScope"/>, applied in the query itself so that totals
/// and facet counts only ever count what the searcher may find. Implementations must be safe to use from many threads.
/// </summary>
public interface ISearchIndex : IDisposable
{
    /// <summary>The layout of documents this implementation writes; an index of another version is rebuilt, never read.</summary>
    int SchemaVersion { get; }

    /// <summary>True when the index is missing, of another schema version, or was never completely built: call <see cref="RebuildAsync"/>.</summary>
    bool NeedsRebuild { get; }

    /// <summary>Adds or replaces documents by key; searchable within about a second.</summary>
    Task UpsertAsync(IEnumerable<SearchDocument> documents, CancellationToken cancellationToken = default);

    /// <summary>Removes documents by <see cref="SearchDocument.Key"/>; unknown keys are ignored.</summary>
    Task DeleteAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default);

    Task<SearchResults> SearchAsync(SearchRequest request, SearchScope scope, CancellationToken cancellationToken = default);

    /// <summary>
    /// Builds a new index from <paramref name="documents"/> (everything there is) beside the current one and swaps it in
    /// when complete; searches keep reading the current index meanwhile, and changes made during the build are kept.
    /// </summary>
    Task RebuildAsync(IAsyncEnumerable<SearchDocument> documents, CancellationToken cancellationToken = default);
}
