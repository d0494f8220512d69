using System.Text.RegularExpressions;

namespace Consultations.Core.Domain;

/// <summary>
/// Citations inside brief Markdown, written the way Pandoc writes them: [@noteId] or [@id1; @id2].
/// Plain text in the source, so a researcher can move or delete them while editing.
/// </summary>
public static partial class BriefCitations
{
    /// <summary>The note ids cited, each once, in order of first appearance.</summary>
    public static IReadOnlyList<string> Extract(string markdown)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Citation().Matches(markdown ?? string.Empty))
        {
            foreach (var id in IdsOf(match))
            {
                if (seen.Add(id))
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    /// <summary>Replaces each citation with what <paramref name="render"/> returns for its note ids.</summary>
    public static string Replace(string markdown, Func<IReadOnlyList<string>, string> render)
    {
        ArgumentNullException.ThrowIfNull(render);
        return Citation().Replace(markdown ?? string.Empty, m => render(IdsOf(m)));
    }

    /// <summary>The text without citations (and without the space before each), for funders and exports.</summary>
    public static string Strip(string markdown) => SpacedCitation().Replace(markdown ?? string.Empty, string.Empty);

    /// <summary>Where each citation marker sits (start, length), e.g. to keep its ids out of a text check.</summary>
    public static IReadOnlyList<(int Start, int Length)> Spans(string markdown) =>
        [.. Citation().Matches(markdown ?? string.Empty).Select(m => (m.Index, m.Length))];

    /// <summary>Citation marker text for the given note ids.</summary>
    public static string Format(IEnumerable<string> noteIds) => $"[{string.Join("; ", noteIds.Select(id => "@" + id))}]";

    private static List<string> IdsOf(Match match) =>
        [.. match.Groups["first"].Captures.Concat(match.Groups["more"].Captures).Select(c => c.Value)];

    [GeneratedRegex(@"\[@(?<first>[a-z0-9-]{1,64})(?:\s*;\s*@(?<more>[a-z0-9-]{1,64}))*\]", RegexOptions.CultureInvariant)]
    private static partial Regex Citation();

    [GeneratedRegex(@"[ \t\u00A0]*\[@[a-z0-9-]{1,64}(?:\s*;\s*@[a-z0-9-]{1,64})*\]", RegexOptions.CultureInvariant)]
    private static partial Regex SpacedCitation();
}
