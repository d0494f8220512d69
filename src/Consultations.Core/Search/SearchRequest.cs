namespace Consultations.Core.Search;

/// <summary>The facets results are counted and narrowed by; values are keys (ids, theme keys, enum names), labelled by the page.</summary>
public enum SearchFacet
{
    Consultation,

    /// <summary>ISO 3166-1 alpha-2 of the consultation.</summary>
    Country,

    /// <summary>"consultation/session": session ids are only unique within their consultation.</summary>
    Session,
    Theme,

    /// <summary>"theme/sub-theme".</summary>
    SubTheme,

    /// <summary><see cref="Domain.NoteKind"/> names.</summary>
    Kind,
    StakeholderGroup,

    /// <summary><see cref="Domain.NoteStatus"/> names; counted only for facilitators (everyone else finds published notes only).</summary>
    Status,
    Year,
}

public enum SearchSort
{
    Relevance,

    /// <summary>Last changed first.</summary>
    Newest,

    /// <summary>Consultation by date, then sessions in agenda order, then notes as written.</summary>
    AgendaOrder,
}

/// <summary>One search: the query, the facet values chosen (OR within a facet, AND across facets), the order and the page.</summary>
public sealed record SearchRequest
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Hits a page may reach into (page × size): deep pages cost a sort of everything before them.</summary>
    public const int MaxResultWindow = 10_000;

    /// <summary>Values read per facet: a URL can carry any number, a page offers a few dozen.</summary>
    public const int MaxValuesPerFacet = 50;

    public SearchQuery Query { get; init; } = SearchQuery.Empty;

    public IReadOnlyDictionary<SearchFacet, IReadOnlySet<string>> Filters { get; init; } = new Dictionary<SearchFacet, IReadOnlySet<string>>();

    public SearchSort Sort { get; init; } = SearchSort.Relevance;

    /// <summary>From 1; a page past <see cref="MaxResultWindow"/> is read as the last page within it.</summary>
    public int Page
    {
        get => Math.Min(field, LastPage);
        init => field = Math.Max(1, value);
    } = 1;

    public int PageSize
    {
        get;
        init => field = Math.Clamp(value, 1, MaxPageSize);
    } = DefaultPageSize;

    /// <summary>Only documents changed at or after this instant (a saved search's "new since last visit"); null for any time.</summary>
    public DateTimeOffset? ChangedSince { get; init; }

    /// <summary>Whether to count facets (a page of more results does not need them again).</summary>
    public bool CountFacets { get; init; } = true;

    /// <summary>The furthest page a request may ask for.</summary>
    public int LastPage => MaxResultWindow / PageSize;

    /// <summary>The chosen values of <paramref name="facet"/> (at most <see cref="MaxValuesPerFacet"/>), none when it is not filtered.</summary>
    public IReadOnlyList<string> Selected(SearchFacet facet) =>
        Filters.TryGetValue(facet, out var values)
            ? [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Order(StringComparer.Ordinal).Take(MaxValuesPerFacet)]
            : [];

    /// <summary>This request narrowed to <paramref name="values"/> of <paramref name="facet"/> (added to any chosen before).</summary>
    public SearchRequest With(SearchFacet facet, params string[] values)
    {
        var filters = Filters.ToDictionary(f => f.Key, f => f.Value);
        var merged = new HashSet<string>(Selected(facet), StringComparer.Ordinal);
        merged.UnionWith(values);
        filters[facet] = merged;
        return this with { Filters = filters };
    }
}
