using Consultations.Core.Domain;
using Consultations.Core.Search;

namespace Consultations.Web.Pages.Search;

/// <summary>
/// What a person reads for a facet value or a hit's fields: the programme's theme and group labels, country names and
/// session titles in place of the keys the index keeps. A key with no label left (a retired or unknown one) shows as it is.
/// </summary>
public sealed class SearchLabels(Programme programme, IReadOnlyList<Consultation> consultations)
{
    private readonly Dictionary<string, Consultation> _byId = consultations.ToDictionary(c => c.Id, StringComparer.Ordinal);

    public static string FacetName(SearchFacet facet) => facet switch
    {
        SearchFacet.Consultation => "Consultation",
        SearchFacet.Country => "Country",
        SearchFacet.Session => "Session",
        SearchFacet.Theme => "Theme",
        SearchFacet.SubTheme => "Sub-theme",
        SearchFacet.Kind => "Kind of note",
        SearchFacet.StakeholderGroup => "Stakeholder group",
        SearchFacet.Status => "Status",
        _ => "Year",
    };

    public string Value(SearchFacet facet, string value) => facet switch
    {
        SearchFacet.Consultation => Consultation(value),
        SearchFacet.Country => global::Consultations.Core.Domain.Country.All.FirstOrDefault(c => c.Code == value)?.Name ?? value,
        SearchFacet.Session => Session(value),
        SearchFacet.Theme => programme.Taxonomy.LabelOf(value),
        SearchFacet.SubTheme => programme.Taxonomy.SubThemeLabelOf(value),
        SearchFacet.Kind => Enum.TryParse<NoteKind>(value, out var kind) ? kind.Label() : value,
        SearchFacet.StakeholderGroup => programme.StakeholderGroupLabel(value),
        SearchFacet.Status => Enum.TryParse<NoteStatus>(value, out var status) ? status.Label() : value,
        _ => value,
    };

    public string Consultation(string? consultationId) =>
        consultationId is not null && _byId.TryGetValue(consultationId, out var c) ? c.Title : consultationId ?? string.Empty;

    public string Country(string? consultationId) =>
        consultationId is not null && _byId.TryGetValue(consultationId, out var c) ? c.Country.Name : string.Empty;

    /// <summary>"Viet Nam: Opening plenary" for a "consultation/session" facet value.</summary>
    public string Session(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !_byId.TryGetValue(value[..slash], out var c))
        {
            return value;
        }

        return c.FindSession(value[(slash + 1)..]) is { } session ? $"{c.Country.Name}: {session.Title}" : value;
    }

    public string Themes(IEnumerable<string> keys) => string.Join(", ", keys.Select(programme.Taxonomy.LabelOf));

    public string Group(string? key) => key is null ? string.Empty : programme.StakeholderGroupLabel(key);
}
