using System.Globalization;
using Consultations.Core.Analysis;
using Consultations.Core.Domain;
using Consultations.Core.Text;

namespace Consultations.Core.Guard;

/// <summary>
/// Names and organisations an entity recogniser (Azure AI Language's PII recognition) found in a text, turned into
/// <em>warn</em> findings beside the register's. They add to the register's findings and never replace, weaken or move
/// them: an entity span that overlaps any guard finding is dropped. Readers see them masked like every other name
/// (<see cref="ReaderMask"/>); they never block publication, because the recogniser cannot tell a participant from
/// anyone else named in the room.
/// </summary>
public static class EntityFindings
{
    /// <summary>Every entity finding's key starts with this; register keys never do.</summary>
    public const string KeyPrefix = "entity:";

    /// <summary>The PII category Azure AI Language gives a person's name.</summary>
    public const string PersonCategory = "Person";

    /// <summary>The PII category Azure AI Language gives an organisation (US spelling, as the service writes it).</summary>
    public const string OrganizationCategory = "Organization";

    /// <summary>What readers see instead of a name the register does not know: not "a participant", since they may not have been in the room.</summary>
    public const string PersonSuggestion = "a person";

    public const string OrganisationSuggestion = "an organisation";

    /// <summary>Whether a finding came from the entity recogniser rather than the register or the contact patterns.</summary>
    public static bool IsEntity(GuardFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Key.StartsWith(KeyPrefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// The person and organisation hints in <paramref name="text"/> at or above <paramref name="minimumConfidence"/>, as
    /// spans to keep with the note. Other categories, spans outside the text, spans whose words are not the hint's text
    /// (misaligned offsets would mask the wrong words) and spans overlapping an earlier, longer one are left out.
    /// </summary>
    public static IReadOnlyList<EntitySpan> FromHints(string text, IEnumerable<EntityHint> hints, double minimumConfidence, GuardKey key)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(hints);
        ArgumentNullException.ThrowIfNull(key);
        var spans = new List<EntitySpan>();
        foreach (var hint in hints.OrderBy(h => h.Start).ThenByDescending(h => h.Length))
        {
            if (KindOf(hint.Category) is not { } kind || double.IsNaN(hint.Confidence) || hint.Confidence < minimumConfidence
                || hint.Start < 0 || hint.Length <= 0 || hint.Start > text.Length - hint.Length
                || !string.Equals(text.Substring(hint.Start, hint.Length), hint.Text, StringComparison.Ordinal))
            {
                continue;
            }

            var (start, length) = Trimmed(text, hint.Start, hint.Length);
            if (length == 0 || spans.Any(s => Overlaps(s.Start, s.Length, start, length)))
            {
                continue;
            }

            spans.Add(new EntitySpan(kind, start, length, Math.Round(hint.Confidence, 4), KeyFor(kind, text.Substring(start, length), key)));
            if (spans.Count == NoteEntityCheck.MaxSpans)
            {
                break;
            }
        }

        return spans;
    }

    /// <summary>
    /// <paramref name="registerFindings"/> (left exactly as they are) plus a warn finding for each entity span that lies
    /// inside the text and overlaps none of them, ordered by position and never overlapping.
    /// </summary>
    public static IReadOnlyList<GuardFinding> Merge(string text, IReadOnlyList<GuardFinding> registerFindings, IReadOnlyList<EntitySpan> entities)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(registerFindings);
        ArgumentNullException.ThrowIfNull(entities);
        if (entities.Count == 0)
        {
            return registerFindings;
        }

        var merged = new List<GuardFinding>(registerFindings);
        var added = false;
        foreach (var span in entities.OrderBy(s => s.Start))
        {
            if (span.Kind is not (FindingKind.Participant or FindingKind.Organisation) || span.Start < 0 || span.Length <= 0 || span.Start > text.Length - span.Length
                || merged.Any(f => Overlaps(f.Start, f.Length, span.Start, span.Length)))
            {
                continue;
            }

            merged.Add(new GuardFinding(span.Kind, FindingSeverity.Warn, span.Start, span.Length, text.Substring(span.Start, span.Length), Suggestion(span.Kind), span.Key));
            added = true;
        }

        if (!added)
        {
            return registerFindings;
        }

        merged.Sort((a, b) => a.Start.CompareTo(b.Start));
        return merged;
    }

    /// <summary>
    /// "entity:person:…" or "entity:organisation:…" with the first 64 bits of the guard's keyed hash (HMAC-SHA256) of the
    /// normalised words: the same name gets the same key in every note, and a key cannot be tested against guessed names
    /// without the guard's secret.
    /// </summary>
    public static string KeyFor(FindingKind kind, string entityText, GuardKey key)
    {
        ArgumentNullException.ThrowIfNull(entityText);
        ArgumentNullException.ThrowIfNull(key);
        var hash = key.Hash(Normalise(entityText));
        return string.Create(CultureInfo.InvariantCulture, $"{KeyPrefix}{(kind == FindingKind.Organisation ? "organisation" : "person")}:{hash:x16}");
    }

    public static string Suggestion(FindingKind kind) => kind == FindingKind.Organisation ? OrganisationSuggestion : PersonSuggestion;

    /// <summary>Folded (no diacritics, lower case), with every run of other characters than letters and digits one space.</summary>
    internal static string Normalise(string entityText) => TextFolding.FoldWords(entityText);

    private static FindingKind? KindOf(string? category) =>
        string.Equals(category, PersonCategory, StringComparison.OrdinalIgnoreCase) ? FindingKind.Participant
        : string.Equals(category, OrganizationCategory, StringComparison.OrdinalIgnoreCase) ? FindingKind.Organisation
        : null;

    private static (int Start, int Length) Trimmed(string text, int start, int length)
    {
        var end = start + length;
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return (start, end - start);
    }

    private static bool Overlaps(int start, int length, int otherStart, int otherLength) =>
        start < otherStart + otherLength && otherStart < start + length;
}
