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
            FindingKind.Participant or FindingKind.Organisation or FindingKind.SmallGroup or FindingKind.Role => true,
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
        // Spans in text order; two masked spans with only spaces between them ("Secretary Antonio" + "Reyes") are one
        // person, replaced once.
        var spans = new List<(int Start, int End, string Suggestion)>();
        foreach (var finding in findings
            .Where(f => Hides(f) && !(CanBeUnmasked(f) && confirmedKeys.Contains(f.Key)))
            .Where(f => f.Start >= 0 && f.Length > 0 && f.Start + f.Length <= text.Length)
            .OrderBy(f => f.Start))
        {
            var (start, end) = (finding.Start, finding.Start + finding.Length);
            if (spans.Count > 0 && start < spans[^1].End)
            {
                // Findings never overlap, but a span that did must not be replaced twice.
                spans[^1] = spans[^1] with { End = Math.Max(spans[^1].End, end) };
            }
            else if (spans.Count > 0 && string.IsNullOrWhiteSpace(text[spans[^1].End..start]))
            {
                spans[^1] = spans[^1] with { End = end };
            }
            else
            {
                spans.Add((start, end, finding.Suggestion));
            }
        }

        if (spans.Count == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text);
        var tokens = GuardText.Tokenize(text);
        var limit = int.MaxValue;
        for (var i = spans.Count - 1; i >= 0; i--)
        {
            var (first, end, suggestion) = spans[i];

            // "Ms Maria Dela Cruz" masked as "Ms a government representative" would still read as one person's title.
            var start = WithHonorific(tokens, first, i > 0 ? spans[i - 1].End : 0);

            // "the Ministry of …" masked as "the a government agency" would not read: the suggestion brings its own article.
            if (HasArticle(suggestion) && start >= 4 && string.Equals(text.Substring(start - 4, 4), "the ", StringComparison.OrdinalIgnoreCase)
                && (start == 4 || !char.IsLetterOrDigit(text[start - 5])) && start - 4 >= (i > 0 ? spans[i - 1].End : 0))
            {
                start -= 4;
            }

            // "the agency's Deputy Director" masked as "the agency's an official" would not read either: a possessive is the article.
            if (HasArticle(suggestion) && AfterPossessive(text, start))
            {
                suggestion = suggestion[(suggestion.IndexOf(' ', StringComparison.Ordinal) + 1)..];
            }

            var replacement = StartsSentence(text, start) ? Capitalise(suggestion) : suggestion;
            builder.Remove(start, Math.Min(end, limit) - start).Insert(start, replacement);
            limit = start;
        }

        return builder.ToString();
    }

    /// <summary>Where a span starts once an honorific or title right before it (Ms, Dr., Pak, Tan Sri), after <paramref name="floor"/>, is included.</summary>
    private static int WithHonorific(List<GuardToken> tokens, int start, int floor)
    {
        var at = tokens.FindIndex(t => t.Start == start);
        if (at <= 0 || tokens[at].GapBefore is not (Gap.Space or Gap.Stop))
        {
            return start;
        }

        var from = start;
        foreach (var honorific in GuardVocabulary.Honorifics)
        {
            var first = at - honorific.Length;
            if (first < 0 || tokens[first].Start >= from)
            {
                continue;
            }

            var matches = true;
            for (var k = 0; k < honorific.Length && matches; k++)
            {
                matches = tokens[first + k].Normalized == honorific[k] && (k == 0 || tokens[first + k].GapBefore is Gap.Space or Gap.Stop);
            }

            if (matches && tokens[first].Start >= floor)
            {
                from = tokens[first].Start;
            }
        }

        return from;
    }

    private static bool HasArticle(string suggestion) =>
        suggestion.StartsWith("a ", StringComparison.OrdinalIgnoreCase) || suggestion.StartsWith("an ", StringComparison.OrdinalIgnoreCase);

    private static bool AfterPossessive(string text, int start)
    {
        var end = start;
        while (end > 0 && text[end - 1] == ' ')
        {
            end--;
        }

        return end < start && end >= 2 && (text[end - 1] is 's' or 'S' && text[end - 2] is '\'' or '’' || (text[end - 1] is '\'' or '’' && text[end - 2] is 's' or 'S'));
    }

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
