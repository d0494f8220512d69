using Consultations.Core.Domain;
using Consultations.Core.Storage;

namespace Consultations.Infrastructure.Storage.Sqlite;

public sealed class SqliteSavedSearchStore(SqliteDatabase database) : ISavedSearchStore
{
    private readonly SqliteDocuments _documents = new(database, "saved_searches", "id", "saved search");

    public async Task<IReadOnlyList<SavedSearch>> ListAsync(string ownerId, CancellationToken cancellationToken = default) =>
        SavedSearchOrdering.ByName(await _documents.QueryAsync<SavedSearch>(
            "SELECT doc, etag FROM saved_searches WHERE owner_key = $o;",
            [("$o", SavedSearch.OwnerKeyOf(ownerId))],
            static (s, etag) => s.ETag = etag,
            cancellationToken));

    public async Task<SavedSearch?> GetAsync(string ownerId, string searchId, CancellationToken cancellationToken = default) =>
        (await _documents.QueryAsync<SavedSearch>(
            "SELECT doc, etag FROM saved_searches WHERE id = $id AND owner_key = $o;",
            [("$id", searchId), ("$o", SavedSearch.OwnerKeyOf(ownerId))],
            static (s, etag) => s.ETag = etag,
            cancellationToken)).SingleOrDefault();

    public async Task<SavedSearch> SaveAsync(SavedSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        (string, object?)[] columns = [("owner_key", search.OwnerKey), ("programme_id", search.ProgrammeId), ("doc", DocumentJson.Serialize(search))];
        search.ETag = search.ETag is null
            ? await _documents.InsertAsync(search.Id, columns, cancellationToken)
            : await _documents.ReplaceAsync(search.Id, search.ETag, columns, cancellationToken);
        return search;
    }

    public Task DeleteAsync(SavedSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        return _documents.DeleteAsync(search.Id, search.ETag, cancellationToken);
    }
}
