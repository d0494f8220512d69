using System.Security.Cryptography;
using System.Text;
using Consultations.Core.Search;

namespace Consultations.Core.Domain;

/// <summary>The facet values a saved search narrows to (OR within the facet).</summary>
public sealed record SavedSearchFilter(SearchFacet Facet, IReadOnlyList<string> Values);

/// <summary>
/// A search someone kept under a name: the query as typed, the facet values and the order, in one programme. Private
/// to its owner: the store files it under a key derived from the owner's user id and never hands it to anyone else.
/// </summary>
public sealed class SavedSearch
{
    public const int MaxNameLength = 100;

    /// <summary>Facet values kept per facet, as a search reads (<see cref="SearchRequest.MaxValuesPerFacet"/>).</summary>
    public const int MaxValuesPerFacet = SearchRequest.MaxValuesPerFacet;

    public const int MaxValueLength = 200;

    private SavedSearch()
    {
    }

    public string Id { get; private set; } = string.Empty;

    /// <summary>Derived from the owner's user id (<see cref="OwnerKeyOf"/>): the partition and the only way the store finds it.</summary>
    public string OwnerKey { get; private set; } = string.Empty;

    public string ProgrammeId { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    /// <summary>The query as typed (read again with <see cref="SearchQuery.Parse"/> each time it runs).</summary>
    public string Query { get; private set; } = string.Empty;

    public IReadOnlyList<SavedSearchFilter> Filters { get; private set; } = [];

    public SearchSort Sort { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When its owner last opened it: what changed since then is "new".</summary>
    public DateTimeOffset LastOpenedAt { get; private set; }

    /// <summary>Opaque concurrency token owned by the store: set on every read and write.</summary>
    public string? ETag { get; set; }

    /// <summary>A user's key: hashed, so an identity-provider user id (any characters) never appears in a partition key or column.</summary>
    public static string OwnerKeyOf(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return "user-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId)).AsSpan(0, 16));
    }

    public static SavedSearch Create(string ownerId, string programmeId, string name, SearchRequest request, DateTimeOffset at, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var search = new SavedSearch
        {
            Id = id ?? Ids.New(),
            OwnerKey = OwnerKeyOf(ownerId),
            ProgrammeId = Programme.ValidId(programmeId),
            Name = ValidName(name),
            CreatedAt = at,
            LastOpenedAt = at,
        };
        search.Keep(request, at);
        return search;
    }

    /// <summary>Whether <paramref name="userId"/> owns it.</summary>
    public bool IsOwnedBy(string userId) => !string.IsNullOrEmpty(userId) && OwnerKey == OwnerKeyOf(userId);

    public void Rename(string name, DateTimeOffset at)
    {
        Name = ValidName(name);
        UpdatedAt = at;
    }

    /// <summary>Its owner opened it: from now on only later changes count as new.</summary>
    public void Opened(DateTimeOffset at) => LastOpenedAt = at > LastOpenedAt ? at : LastOpenedAt;

    /// <summary>The search it stands for, on its first page.</summary>
    public SearchRequest ToRequest() => new()
    {
        Query = SearchQuery.Parse(Query),
        Filters = Filters.ToDictionary(f => f.Facet, f => (IReadOnlySet<string>)new HashSet<string>(f.Values, StringComparer.Ordinal)),
        Sort = Sort,
    };

    private void Keep(SearchRequest request, DateTimeOffset at)
    {
        var query = request.Query.Text;
        Query = query.Length > SearchQuery.MaxLength ? query[..SearchQuery.MaxLength] : query;
        Filters =
        [
            .. Enum.GetValues<SearchFacet>()
                .Select(f => new SavedSearchFilter(f, [.. request.Selected(f).Where(v => v.Length <= MaxValueLength).Take(MaxValuesPerFacet)]))
                .Where(f => f.Values.Count > 0),
        ];
        Sort = Enum.IsDefined(request.Sort) ? request.Sort : SearchSort.Relevance;
        UpdatedAt = at;
    }

    private static string ValidName(string? name)
    {
        var clean = string.Join(' ', (name ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (clean.Length == 0)
        {
            throw new DomainRuleException("Give the search a name.");
        }

        if (clean.Length > MaxNameLength)
        {
            throw new DomainRuleException($"A search's name can be at most {MaxNameLength} characters; this one has {clean.Length}.");
        }

        return clean;
    }
}
