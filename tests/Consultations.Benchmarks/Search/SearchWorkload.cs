using Consultations.Core.Demo;
using Consultations.Core.Domain;
using Consultations.Core.Search;

namespace Consultations.Benchmarks.Search;

/// <summary>One kind of query of the mix: what is typed and, for the facet-filtered kind, the one facet value chosen.</summary>
internal sealed record QueryKind(string Name, string Text, SearchFacet? Facet = null, string? FacetValue = null)
{
    public SearchRequest Request()
    {
        var request = new SearchRequest { Query = SearchQuery.Parse(Text) };
        return Facet is { } facet && FacetValue is { } value ? request.With(facet, value) : request;
    }

    public override string ToString() => Name;
}

/// <summary>
/// The query mix of issue 18, item 7, chosen from the generated programme's own vocabulary (seed 1, 100,000 notes): how
/// many notes each word is in was counted in the generated texts, and each run prints the totals it actually found.
/// </summary>
internal static class SearchWorkload
{
    /// <summary>The generated programme's id (the generate command's default).</summary>
    public const string ProgrammeId = "generated";

    public static QueryKind Rare { get; } = new("rare term", "mandates");

    public static IReadOnlyList<QueryKind> Kinds { get; } =
    [
        // In 151 of the 100,000 texts (107 published): the rarest word that is not a name (names are rarer, but only drafts with a planted name have them, and readers never see those).
        Rare,

        // The commonest word that is not a stop word: in 33 % of the texts (no content word reaches half; stop words are not searched alone).
        new("common term", "several"),

        // In 3.6 % of the texts; stop words inside a phrase are matched exactly.
        new("phrase", "\"points of contact\""),

        // Two words in about 9 % of the texts, narrowed to one kind of note (a quarter of them).
        new("facet-filtered", "data protection", SearchFacet.Kind, nameof(NoteKind.Recommendation)),
    ];

    /// <summary>A researcher (published reader text only) and a facilitator (full text of half the consultations: the even-numbered ones the generator gives them, plus reader text of the rest).</summary>
    public static IReadOnlyList<DemoPersona> Personas { get; } = [DemoPersonas.Researcher, DemoPersonas.Facilitator];

    public static QueryKind Kind(string name) => Kinds.Single(k => k.Name == name);
}
