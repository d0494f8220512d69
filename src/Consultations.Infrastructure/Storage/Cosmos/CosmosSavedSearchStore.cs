using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Microsoft.Azure.Cosmos;

namespace Consultations.Infrastructure.Storage.Cosmos;

/// <summary>Saved searches in a container partitioned by owner key: another user's search is in another partition, so a point read of it finds nothing.</summary>
public sealed class CosmosSavedSearchStore(CosmosStorage storage) : ISavedSearchStore
{
    private readonly CosmosDocuments _documents = storage.Documents(CosmosContainers.Searches, "saved search", "saved-search");

    public async Task<IReadOnlyList<SavedSearch>> ListAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        var owner = SavedSearch.OwnerKeyOf(ownerId);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.ownerKey = @o").WithParameter("@o", owner);

        // One owner's partition holds a handful of documents: nothing is indexed, the partition is scanned.
        return SavedSearchOrdering.ByName(await _documents.QueryAllAsync(query, owner, e => _documents.Materialize<SavedSearch>(e, SetETag), scan: true, cancellationToken));
    }

    public Task<SavedSearch?> GetAsync(string ownerId, string searchId, CancellationToken cancellationToken = default) =>
        _documents.ReadAsync<SavedSearch>(searchId, SavedSearch.OwnerKeyOf(ownerId), SetETag, cancellationToken);

    public async Task<SavedSearch> SaveAsync(SavedSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        search.ETag = search.ETag is null
            ? await _documents.CreateAsync(search, search.Id, search.OwnerKey, null, cancellationToken)
            : await _documents.ReplaceAsync(search, search.Id, search.OwnerKey, search.ETag, null, cancellationToken);
        return search;
    }

    public Task DeleteAsync(SavedSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        return _documents.DeleteAsync(search.Id, search.OwnerKey, search.ETag, cancellationToken);
    }

    private static void SetETag(SavedSearch search, string etag) => search.ETag = etag;
}
