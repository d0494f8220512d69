using System.Text;

namespace Consultations.Core.Guard;

/// <summary>
/// What a reader outside a consultation sees of a note's text: every span that may identify a participant — a name,
/// an organisation, contact details, a group too small to hide in — replaced by its neutral suggestion ("a participant").
/// The one masking rule for every reader-facing output (pages, summaries, key phrases, comparisons, briefs, exports).
/// An override lets a note be published; it never unmasks. Only names and organisations that two people confirmed
/// are not a participant (<see cref="Domain.GuardUnmask"/>) are shown as written.
/// </summary>
public static class ReaderMask
{
    /// <summary>Whether readers see this finding's span replaced (a URL is a warning to the writer, not an identifier).</summary>
    public static bool Hides(GuardFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Kind switch
        {
            FindingKind.Participant or FindingKind.Organisation or FindingKind.SmallGroup => true,
            FindingKind.Contact => finding.Severity == FindingSeverity.Block,
            _ => true,
        };
    }

    /// <summary>
    /// Whether two people may confirm this finding is not a participant: names and organisations only — contact
    /// details and small-group labels identify whoever they belong to, so they are always masked.
    /// </summary>
    public static bool CanBeUnmasked(GuardFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Kind is FindingKind.Participant or FindingKind.Organisation;
    }

    /// <summary>
    /// The text with every hidden finding replaced by its suggestion, except unmaskable findings whose key is in
    /// <paramref name="confirmedKeys"/>. A suggestion that starts a sentence is capitalised so the text still reads.
    /// </summary>
    public static string Apply(string text, IReadOnlyList<GuardFinding> findings, IReadOnlyCollection<string> confirmedKeys)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(confirmedKeys);
        var masked = findings
            .Where(f => Hides(f) && !(CanBeUnmasked(f) && confirmedKeys.Contains(f.Key)))
            .Where(f => f.Start >= 0 && f.Length > 0 && f.Start + f.Length <= text.Length)
            .OrderByDescending(f => f.Start)
            .ToList();
        if (masked.Count == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text);
        var end = int.MaxValue;
        foreach (var finding in masked)
        {
            // Findings never overlap, but a span that did must not be replaced twice.
            if (finding.Start + finding.Length > end)
            {
                continue;
            }

            // "the Ministry of …" masked as "the a government agency" would not read: the suggestion brings its own article.
            var start = finding.Start;
            if (HasArticle(finding.Suggestion) && start >= 4 && string.Equals(text.Substring(start - 4, 4), "the ", StringComparison.OrdinalIgnoreCase)
                && (start == 4 || !char.IsLetterOrDigit(text[start - 5])))
            {
                start -= 4;
            }

            var suggestion = StartsSentence(text, start) ? Capitalise(finding.Suggestion) : finding.Suggestion;
            builder.Remove(start, finding.Start + finding.Length - start).Insert(start, suggestion);
            end = start;
        }

        return builder.ToString();
    }

    private static bool HasArticle(string suggestion) =>
        suggestion.StartsWith("a ", StringComparison.OrdinalIgnoreCase) || suggestion.StartsWith("an ", StringComparison.OrdinalIgnoreCase);

    private static bool StartsSentence(string text, int start)
    {
        for (var i = start - 1; i >= 0; i--)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c is '"' or '“' or '‘' or '\'' or '(' or '[')
            {
                continue;
            }

            return c is '.' or '!' or '?';
        }

        return true;
    }

    private static string Capitalise(string suggestion) =>
        suggestion.Length > 0 && char.IsLower(suggestion[0]) ? char.ToUpperInvariant(suggestion[0]) + suggestion[1..] : suggestion;
}
