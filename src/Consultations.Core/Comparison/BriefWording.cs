using System.Text.RegularExpressions;
using Consultations.Core.Domain;

namespace Consultations.Core.Comparison;

/// <summary>
/// The phrasing of a generated brief: how many countries, what the notes did with a finding (discussed it, raised
/// concerns, called for action), which note sentences can stand alone in a brief and which are recommendations.
/// </summary>
public static partial class BriefWording
{
    private static readonly string[] Numbers = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    // Words that point back to a sentence the brief does not show ("They noted…", "This view…", "In their view…").
    private static readonly HashSet<string> BackReferences = new(StringComparer.OrdinalIgnoreCase)
    {
        "they", "their", "them", "this", "these", "those", "it", "its", "he", "she", "his", "her", "such",
    };

    private static readonly HashSet<string> ContrastOpeners = new(StringComparer.OrdinalIgnoreCase) { "other", "another", "others" };

    // Verbs that make "They … X" a recommendation once the subject is named.
    private static readonly HashSet<string> RecommendingVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "recommended", "proposed", "suggested", "urged", "called", "asked", "advocated", "encouraged", "wanted",
    };

    /// <summary>"all four countries", "both countries", "three of the four countries", "12 of 14 countries".</summary>
    public static string CountryCount(int count, int of) => (count, of) switch
    {
        (2, 2) => "both countries",
        _ when count == of => $"all {Number(of)} countries",
        _ => $"{Number(count)} of the {Number(of)} countries",
    };

    /// <summary>Numbers up to ten in words, larger ones in figures.</summary>
    public static string Number(int n) => n >= 0 && n < Numbers.Length ? Numbers[n] : n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A shared finding as a sentence saying what the notes did with it, from their kinds and stances: "Notes from …
    /// called for action on **X**." when most are recommendations, "… raised concerns about **X**." or "… were positive
    /// about **X**." when most take that stance, else "… raised **X**.". The label stays inside the sentence as given:
    /// a capital it does not have could read as a name (and be masked as one).
    /// </summary>
    public static string SharedStatement(string label, string who, IReadOnlyCollection<ComparedNote> notes, Func<string, string> escape)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(escape);
        var recommendations = notes.Count(n => n.Kind == NoteKind.Recommendation);
        var stances = notes.Where(n => n.Kind != NoteKind.Recommendation).Select(Findings.StanceOf).ToList();
        var verb = notes.Count == 0 ? "raised"
            : 2 * recommendations > notes.Count ? "called for action on"
            : 2 * stances.Count(s => s == Stance.Concern) > notes.Count ? "raised concerns about"
            : 2 * stances.Count(s => s == Stance.Support) > notes.Count ? "were positive about"
            : "raised";
        return $"Notes from {who} {verb} **{escape(label)}**.";
    }

    /// <summary>A label inside a sentence: a sub-theme's capital dropped ("Regional cooperation" → "regional cooperation"), acronyms kept ("ISO/IEC 27001").</summary>
    public static string MidSentence(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var first = label.Split(' ', '-', '/', '\u2013')[0];
        return first.Length > 1 && char.IsUpper(first[0]) && !first.Skip(1).Any(char.IsUpper) ? char.ToLowerInvariant(label[0]) + label[1..] : label;
    }

    /// <summary>
    /// True when a sentence taken out of its note still reads on its own: it does not open by pointing back
    /// ("They noted…", "This view…", "In their view…", "Other participants…") and its quotation marks are balanced.
    /// </summary>
    public static bool StandsAlone(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var words = Words(sentence);
        if (words.Count == 0 || ContrastOpeners.Contains(words[0]) || words.Take(3).Any(BackReferences.Contains))
        {
            return false;
        }

        return sentence.Count(c => c == '"') % 2 == 0 && sentence.Count(c => c == '\u201C') == sentence.Count(c => c == '\u201D');
    }

    /// <summary>True when the sentence asks for something: a modal (should, must, ought to, need to) or a verb of recommending.</summary>
    public static bool IsRecommendation(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return RecommendationCue().IsMatch(sentence);
    }

    /// <summary>
    /// A recommendation note's sentence as a brief can show it: as written when it is a recommendation that stands alone;
    /// "Participants in {country} recommended …" when it opens "They recommended …"; otherwise null (not a recommendation,
    /// or "They noted …").
    /// </summary>
    public static string? AsRecommendation(string sentence, string countryInSentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentNullException.ThrowIfNull(countryInSentence);
        if (!IsRecommendation(sentence))
        {
            return null;
        }

        var match = PronounSubject().Match(sentence);
        if (match.Success)
        {
            var rest = sentence[match.Length..];
            var verb = Words(rest).SkipWhile(w => w.Equals("also", StringComparison.OrdinalIgnoreCase)).FirstOrDefault();
            if (verb is null || !RecommendingVerbs.Contains(verb))
            {
                return null;
            }

            var rephrased = $"Participants in {countryInSentence} {rest}";
            return StandsAlone(rephrased) ? rephrased : null;
        }

        return StandsAlone(sentence) ? sentence : null;
    }

    private static List<string> Words(string text) => [.. Word().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\b(?:should|must|ought\s+to|needs?\s+to|needed\s+to|recommend\w*|call(?:s|ed)?\s+(?:for|on)|urg(?:e|es|ed)|propos(?:e|es|ed|al|als)|suggest(?:s|ed|ion|ions)?|advocat(?:e|es|ed)|ask(?:s|ed)?\s+for|encourag(?:e|es|ed)|it\s+is\s+(?:essential|important|vital)|would\s+benefit)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RecommendationCue();

    [GeneratedRegex(@"^\s*(?:They|He|She)\s+", RegexOptions.CultureInvariant)]
    private static partial Regex PronounSubject();

    [GeneratedRegex(@"\p{L}[\p{L}'’-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
