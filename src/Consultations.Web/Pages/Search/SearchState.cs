using Consultations.Core.Domain;
using Consultations.Core.Search;

namespace Consultations.Web.Pages.Search;

/// <summary>
/// Everything a search page shows, as it travels in the URL (GET, so it can be shared, bookmarked and gone back to):
/// <c>programme</c>, <c>q</c>, one repeatable key per facet (<c>country</c>, <c>theme</c>…), <c>sort</c>, <c>p</c>
/// for the page (<c>page</c> is Razor Pages' own route value). Bound without a prefix, so the keys are these names.
/// </summary>
public sealed class SearchState
{
    public static IReadOnlyList<(SearchFacet Facet, string Key)> FacetKeys { get; } =
    [
        (SearchFacet.Consultation, "consultation"),
        (SearchFacet.Country, "country"),
        (SearchFacet.Session, "session"),
        (SearchFacet.Theme, "theme"),
        (SearchFacet.SubTheme, "sub"),
        (SearchFacet.Kind, "kind"),
        (SearchFacet.StakeholderGroup, "group"),
        (SearchFacet.Status, "status"),
        (SearchFacet.Year, "year"),
    ];

    public string? Programme { get; set; }

    public string? Q { get; set; }

    public string? Sort { get; set; }

    public int? P { get; set; }

    public List<string?> Consultation { get; set; } = [];

    public List<string?> Country { get; set; } = [];

    public List<string?> Session { get; set; } = [];

    public List<string?> Theme { get; set; } = [];

    public List<string?> Sub { get; set; } = [];

    public List<string?> Kind { get; set; } = [];

    public List<string?> Group { get; set; } = [];

    public List<string?> Status { get; set; } = [];

    public List<string?> Year { get; set; } = [];

    /// <summary>The saved search being opened, when the page was reached from the list of saved searches.</summary>
    public string? Saved { get; set; }

    public SearchSort SortOrder => Sort switch
    {
        "newest" => SearchSort.Newest,
        "agenda" => SearchSort.AgendaOrder,
        _ => SearchSort.Relevance,
    };

    public static string SortKey(SearchSort sort) => sort switch
    {
        SearchSort.Newest => "newest",
        SearchSort.AgendaOrder => "agenda",
        _ => "relevance",
    };

    /// <summary>True when nothing narrows the search: no words and no facet value.</summary>
    public bool IsBlank => string.IsNullOrWhiteSpace(Q) && FacetKeys.All(f => Values(f.Facet).Count == 0);

    /// <summary>The chosen values of a facet (blank ones, which an empty <c>?theme=</c> binds, left out).</summary>
    public IReadOnlyList<string> Values(SearchFacet facet) =>
        [.. List(facet).OfType<string>().Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Take(SearchRequest.MaxValuesPerFacet)];

    public SearchRequest ToRequest(int pageSize = SearchRequest.DefaultPageSize)
    {
        var filters = new Dictionary<SearchFacet, IReadOnlySet<string>>();
        foreach (var (facet, _) in FacetKeys)
        {
            if (Values(facet) is { Count: > 0 } values)
            {
                filters[facet] = new HashSet<string>(values, StringComparer.Ordinal);
            }
        }

        return new SearchRequest
        {
            Query = SearchQuery.Parse(Q),
            Filters = filters,
            Sort = SortOrder,
            Page = P ?? 1,
            PageSize = pageSize,
        };
    }

    /// <summary>The state a saved search stands for, marked as opened from the list.</summary>
    public static SearchState Of(SavedSearch search)
    {
        ArgumentNullException.ThrowIfNull(search);
        var state = new SearchState { Programme = search.ProgrammeId, Q = search.Query, Sort = search.Sort == SearchSort.Relevance ? null : SortKey(search.Sort), Saved = search.Id };
        foreach (var filter in search.Filters)
        {
            state.List(filter.Facet).AddRange(filter.Values);
        }

        return state;
    }

    /// <summary>A copy to change for a link.</summary>
    public SearchState Copy()
    {
        var copy = new SearchState { Programme = Programme, Q = Q, Sort = Sort, P = P };
        foreach (var (facet, _) in FacetKeys)
        {
            copy.List(facet).AddRange(Values(facet));
        }

        return copy;
    }

    /// <summary>This search with <paramref name="value"/> of <paramref name="facet"/> chosen, or no longer chosen, from page 1.</summary>
    public SearchState Toggle(SearchFacet facet, string value)
    {
        var copy = Copy();
        copy.P = null;
        var list = copy.List(facet);
        if (!list.Remove(value))
        {
            list.Add(value);
        }

        return copy;
    }

    public SearchState WithPage(int page)
    {
        var copy = Copy();
        copy.P = page <= 1 ? null : page;
        return copy;
    }

    /// <summary>The query keys and values of this state, for <c>Url.Page</c> and <c>RedirectToPage</c>; empty ones left out so URLs stay short.</summary>
    public RouteValueDictionary RouteValues()
    {
        var values = new RouteValueDictionary();
        if (!string.IsNullOrEmpty(Programme))
        {
            values["programme"] = Programme;
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            values["q"] = Q;
        }

        foreach (var (facet, key) in FacetKeys)
        {
            if (Values(facet) is { Count: > 0 } chosen)
            {
                values[key] = chosen.ToArray();
            }
        }

        if (SortOrder != SearchSort.Relevance)
        {
            values["sort"] = SortKey(SortOrder);
        }

        if (P is > 1)
        {
            values["p"] = P.Value;
        }

        // Only the list's own links carry it: a copy made for any other link leaves it out.
        if (!string.IsNullOrEmpty(Saved))
        {
            values["saved"] = Saved;
        }

        return values;
    }

    /// <summary>The hidden fields that carry this state through a form (a save, a sort change) that does not show them.</summary>
    public IEnumerable<(string Name, string Value)> HiddenFields(bool withQuery, bool withSort)
    {
        if (withQuery && !string.IsNullOrWhiteSpace(Q))
        {
            yield return ("q", Q);
        }

        foreach (var (facet, key) in FacetKeys)
        {
            foreach (var value in Values(facet))
            {
                yield return (key, value);
            }
        }

        if (withSort && SortOrder != SearchSort.Relevance)
        {
            yield return ("sort", SortKey(SortOrder));
        }
    }

    private List<string?> List(SearchFacet facet) => facet switch
    {
        SearchFacet.Consultation => Consultation,
        SearchFacet.Country => Country,
        SearchFacet.Session => Session,
        SearchFacet.Theme => Theme,
        SearchFacet.SubTheme => Sub,
        SearchFacet.Kind => Kind,
        SearchFacet.StakeholderGroup => Group,
        SearchFacet.Status => Status,
        _ => Year,
    };
}
