using Consultations.Core.Search;
using Lucene.Net.Facet;

namespace Consultations.Infrastructure.Search;

/// <summary>
/// The layout of the Lucene index. Change anything here — a field, an analyzer, how a value is written — and raise
/// <see cref="Version"/>: an index written by another version is reported as needing a rebuild and is never read.
/// </summary>
internal static class SearchSchema
{
    public const int Version = 1;

    // Keys of the commit user data.
    public const string SchemaKey = "schema";
    public const string BuiltKey = "built";

    // Identity and scope (indexed, not analysed).
    public const string Key = "key";
    public const string Type = "type";
    public const string NoteType = "note";
    public const string BriefType = "brief";
    public const string Programme = "programme";
    public const string Consultation = "consultation";

    /// <summary>Present ("1") on a note whose reader text readers may search.</summary>
    public const string Reader = "reader";

    // Stored for results.
    public const string Id = "id";
    public const string Session = "session";
    public const string SessionTitle = "session_title";
    public const string Status = "status";
    public const string Disclosure = "disclosure";
    public const string Kind = "kind";
    public const string Theme = "theme";
    public const string Group = "group";

    /// <summary>Participants sharing the group in the consultation's register; indexed as a number so readers' queries can leave out groups below k.</summary>
    public const string GroupSize = "group_size";
    public const string Author = "author";
    public const string BriefId = "brief";
    public const string Number = "number";
    public const string Title = "title";

    // Sorting (doc values; "updated" is stored too).
    public const string Updated = "updated";
    public const string Created = "created";
    public const string ConsultationDate = "sort_consultation_date";
    public const string ConsultationSort = "sort_consultation";
    public const string Agenda = "sort_agenda";
    public const string KeySort = "sort_key";

    // Text (analysed with SearchAnalyzers.Index, stored for snippets).

    /// <summary>A note as written: only ever queried for the consultations the searcher facilitates.</summary>
    public const string Text = "text";

    /// <summary>A note as readers see it (masked), present only when readers may see it.</summary>
    public const string ReaderText = "reader_text";

    /// <summary>A brief version's title and text without citations.</summary>
    public const string BriefText = "brief_text";

    public static FacetsConfig CreateFacetsConfig()
    {
        var config = new FacetsConfig();
        config.SetMultiValued(Dimension(SearchFacet.Theme), true);
        config.SetMultiValued(Dimension(SearchFacet.SubTheme), true);
        config.SetMultiValued(Dimension(SearchFacet.Consultation), true);
        return config;
    }

    public static string Dimension(SearchFacet facet) => facet switch
    {
        SearchFacet.Consultation => "consultation",
        SearchFacet.Country => "country",
        SearchFacet.Session => "session",
        SearchFacet.Theme => "theme",
        SearchFacet.SubTheme => "subtheme",
        SearchFacet.Kind => "kind",
        SearchFacet.StakeholderGroup => "group",
        SearchFacet.Status => "status",
        SearchFacet.Year => "year",
        _ => throw new ArgumentOutOfRangeException(nameof(facet), facet, "Not a search facet."),
    };

    /// <summary>The text field a view searches.</summary>
    public static string TextField(SearchView view) => view switch
    {
        SearchView.Full => Text,
        SearchView.Brief => BriefText,
        _ => ReaderText,
    };

    public static string SessionValue(string consultationId, string sessionId) => consultationId + "/" + sessionId;
}
