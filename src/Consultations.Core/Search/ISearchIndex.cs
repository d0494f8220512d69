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

    /// <summary>
    /// The keys of every document of <paramref name="programmeId"/> (of one consultation's notes when
    /// <paramref name="consultationId"/> is given) in the index, changes so far included: what a partial rebuild compares
    /// with the store to remove documents whose source is gone.
    /// </summary>
    Task<IReadOnlySet<string>> KeysAsync(string programmeId, string? consultationId = null, CancellationToken cancellationToken = default);

    /// <summary>Makes every change so far durable now (before a caller records that it has applied them).</summary>
    void Commit();

    /// <summary>
    /// One page of results within <paramref name="scope"/>. Ranked by relevance, a query of plain words may also find
    /// notes by meaning (where the implementation has embeddings); totals and facet counts always count the listed results.
    /// </summary>
    Task<SearchResults> SearchAsync(SearchRequest request, SearchScope scope, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="count"/> notes closest in meaning to note <paramref name="noteId"/> (as this person may read it),
    /// from the programme's other consultations, as readers see them, best first. Empty when the note is not indexed or not
    /// within <paramref name="scope"/>, or when there are no embeddings (not configured, or still being computed).
    /// </summary>
    Task<IReadOnlyList<SearchHit>> SimilarAsync(string noteId, SearchScope scope, int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// Builds a new index from <paramref name="documents"/> (everything there is) beside the current one and swaps it in
    /// when complete; searches keep reading the current index meanwhile, and changes made during the build are kept.
    /// </summary>
    Task RebuildAsync(IAsyncEnumerable<SearchDocument> documents, CancellationToken cancellationToken = default);
}
