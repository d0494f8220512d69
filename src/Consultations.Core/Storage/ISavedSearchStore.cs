using Consultations.Core.Domain;

namespace Consultations.Core.Storage;

/// <summary>
/// Saved searches, each private to its owner: every read names the owner, and a search filed under another owner is not
/// found (never refused, so nothing tells one user what another kept).
/// </summary>
public interface ISavedSearchStore
{
    /// <summary>The owner's saved searches, by name (case-insensitive), then id.</summary>
    Task<IReadOnlyList<SavedSearch>> ListAsync(string ownerId, CancellationToken cancellationToken = default);

    /// <summary>The saved search if <paramref name="ownerId"/> owns it; otherwise null.</summary>
    Task<SavedSearch?> GetAsync(string ownerId, string searchId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts when the search has no ETag (<see cref="ConcurrencyConflictException"/> AlreadyExists when the id is
    /// taken), otherwise replaces only if the ETag is still current (StaleVersion when not).
    /// </summary>
    Task<SavedSearch> SaveAsync(SavedSearch search, CancellationToken cancellationToken = default);

    /// <summary>Deletes if the ETag is still current; otherwise <see cref="ConcurrencyConflictException"/>.</summary>
    Task DeleteAsync(SavedSearch search, CancellationToken cancellationToken = default);
}

public static class SavedSearchOrdering
{
    /// <summary>The order both stores list in: by name ignoring case, then id.</summary>
    public static List<SavedSearch> ByName(IEnumerable<SavedSearch> searches) =>
        [.. searches.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Id, StringComparer.Ordinal)];
}
