using Consultations.Core.Access;
using Consultations.Core.Analysis;
using Consultations.Core.Search;
using Consultations.Infrastructure.Search;

namespace Consultations.Infrastructure.Tests.Search;

/// <summary>A <see cref="SearchWorld"/> whose index also searches by meaning, with the embedder a test gives it.</summary>
internal sealed class HybridWorld : IDisposable
{
    /// <summary>Generous: the real model loads in about a second, but the machine is shared with other builds.</summary>
    public static readonly TimeSpan ReadyDeadline = TimeSpan.FromMinutes(3);

    private readonly ITextEmbedder _embedder;
    private readonly SearchEmbeddingOptions _options;

    public HybridWorld(ITextEmbedder embedder, SearchEmbeddingOptions? options = null)
    {
        _embedder = embedder;
        _options = options ?? new SearchEmbeddingOptions();
        World = new SearchWorld();
        Index = new HybridSearchIndex(World.Index, embedder, _options);
    }

    public SearchWorld World { get; }

    public HybridSearchIndex Index { get; private set; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Replaces the index's contents with <paramref name="documents"/> and waits until they are searchable by meaning too.</summary>
    public async Task BuildAsync(params SearchDocument[] documents)
    {
        await Index.RebuildAsync(documents.ToAsyncEnumerable(), Ct);
        Index.Refresh();
        await Index.WaitForMeaningAsync(ReadyDeadline, Ct);
    }

    public async Task UpsertAsync(params SearchDocument[] documents)
    {
        await Index.UpsertAsync(documents, Ct);
        Index.Refresh();
    }

    public Task<SearchResults> SearchAsync(Actor actor, string? query, Func<SearchRequest, SearchRequest>? refine = null)
    {
        var request = new SearchRequest { Query = SearchQuery.Parse(query), PageSize = SearchRequest.MaxPageSize };
        return Index.SearchAsync(refine is null ? request : refine(request), World.Scope(actor), Ct);
    }

    public Task<IReadOnlyList<SearchHit>> SimilarAsync(Actor actor, string noteId, int count = 10) =>
        Index.SimilarAsync(noteId, World.Scope(actor), count, Ct);

    /// <summary>Closes the index (words and vectors) and opens the folder again, as a restart would.</summary>
    public void Reopen()
    {
        Index.Dispose();
        World.Reopen();
        Index = new HybridSearchIndex(World.Index, _embedder, _options);
    }

    public void Dispose()
    {
        Index.Dispose();
        World.Dispose();
    }
}
