using System.Text.RegularExpressions;
using Consultations.Core.Analysis;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;

namespace Consultations.Core.Tests.Comparison;

/// <summary>
/// The mechanical part of the brief rubric (docs/briefs.md, "What a good brief reads like"), applied to a generated
/// draft. Its word lists are its own, not the composer's, so a gap in the composer's lists shows up here.
/// </summary>
internal static partial class BriefRubric
{
    public const string AcronymCase = "acronyms as written";
    public const string CountryArticle = "country names with their article";
    public const string LoneModifier = "no lone adjective as a finding";
    public const string Mention = "say what was said, not \"mention\"";
    public const string RecommendationKind = "recommendations cite recommendation notes";
    public const string RecommendationForm = "recommendations are recommendations";
    public const string GenericShared = "no generic word as common ground";
    public const string StandsAlone = "quoted sentences stand alone";

    public static readonly IReadOnlyList<string> Rules = [AcronymCase, CountryArticle, LoneModifier, Mention, RecommendationKind, RecommendationForm, GenericShared, StandsAlone];

    // Acronyms the demo and the field use; the rubric's own list.
    private static readonly string[] Acronyms = ["ISO", "IEC", "NIST", "CSF", "CERT", "CSIRT", "ASEAN", "SME", "ICT"];

    // Names that take "the" in running English (UN and UK style guides).
    private static readonly string[] ArticleNames =
    [
        "Philippines", "Netherlands", "United Kingdom", "United States", "United Arab Emirates", "Lao People's Democratic Republic", "Lao PDR",
        "Czech Republic", "Dominican Republic", "Central African Republic", "Bahamas", "Gambia", "Solomon Islands", "Marshall Islands",
        "Russian Federation", "Republic of Korea",
    ];

    private static readonly string[] AdjectiveEndings = ["al", "ive", "ic", "ous", "able", "ible", "ful", "less"];

    private static readonly HashSet<string> Adjectives = new(StringComparer.OrdinalIgnoreCase)
    {
        "foreign", "growing", "existing", "emerging", "neighbouring", "certified", "limited", "shared", "domestic", "public", "private", "cyber",
    };

    private static readonly HashSet<string> NounsWithThoseEndings = new(StringComparer.OrdinalIgnoreCase)
    {
        "proposal", "portal", "approval", "capital", "terminal", "initiative", "incentive", "objective", "directive", "alternative", "topic",
        "clinic", "republic", "hospital", "festival", "journal", "signal", "manual", "material", "total", "metal", "rival", "trial",
    };

    private static readonly HashSet<string> Generic = new(StringComparer.OrdinalIgnoreCase)
    {
        "information", "data", "participant", "participants", "country", "countries", "government", "governments", "issue", "issues", "need",
        "needs", "people", "support",
    };

    private static readonly string[] Openers = ["They", "This", "These", "Those", "It", "He", "She", "In their", "Such"];

    /// <summary>Every rule a draft breaks, with the line that breaks it; empty when it passes.</summary>
    public static List<(string Rule, string Line)> Check(string markdown, IReadOnlyDictionary<string, ComparedNote> notes)
    {
        var problems = new List<(string, string)>();
        foreach (var (section, line) in Lines(markdown))
        {
            var text = CitationsOff(line);
            foreach (var acronym in Acronyms)
            {
                foreach (Match m in Regex.Matches(text, $@"\b{acronym}(s?)\b", RegexOptions.IgnoreCase))
                {
                    if (m.Value != acronym + m.Groups[1].Value.ToLowerInvariant() || m.Groups[1].Value == "S")
                    {
                        problems.Add((AcronymCase, line));
                    }
                }
            }

            foreach (var name in ArticleNames)
            {
                foreach (Match m in Regex.Matches(text, $@"(?<![\p{{L}}])({Regex.Escape(name)})(?![\p{{L}}])"))
                {
                    var before = text[..m.Index].TrimEnd('*', '_', ' ', '(');
                    if (!before.EndsWith("the", StringComparison.Ordinal) && !before.EndsWith("The", StringComparison.Ordinal))
                    {
                        problems.Add((CountryArticle, line));
                    }
                }
            }

            var labels = Labels(section, line);
            if (labels.Any(IsLoneModifier))
            {
                problems.Add((LoneModifier, line));
            }

            if (section is "Common ground" or "Divergences" or "Country-specific points" && MentionWord().IsMatch(Lead(section, text)))
            {
                problems.Add((Mention, line));
            }

            if (section == "Common ground" && labels.Any(Generic.Contains))
            {
                problems.Add((GenericShared, line));
            }

            if (section == "Recommendations")
            {
                if (BriefCitations.Extract(line).Any(id => !notes.TryGetValue(id, out var note) || note.Kind != NoteKind.Recommendation))
                {
                    problems.Add((RecommendationKind, line));
                }

                var body = Regex.Replace(text[2..], @"\s*\([^()]*\)\s*$", string.Empty);
                if (!RecommendationCue().IsMatch(body) || Openers.Any(o => body.StartsWith(o + " ", StringComparison.Ordinal)))
                {
                    problems.Add((RecommendationForm, line));
                }
            }

            if (section is "Country-specific points" or "Recommendations" && !QuotedSentencesStandAlone(section, text))
            {
                problems.Add((StandsAlone, line));
            }
        }

        return problems;
    }

    /// <summary>Every list item with the "### " section it is in.</summary>
    private static IEnumerable<(string Section, string Line)> Lines(string markdown)
    {
        var section = string.Empty;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                section = line[4..];
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = string.Empty;
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("> ", StringComparison.Ordinal) || line.StartsWith('*') || (line.Length > 0 && section.Length == 0))
            {
                yield return (section, line);
            }
        }
    }

    private static string CitationsOff(string line) => Regex.Replace(line, @"\s*\[@[^\]]*\]", string.Empty);

    /// <summary>The finding labels of a line: bold terms of common ground, italic terms of country points.</summary>
    private static List<string> Labels(string section, string line) => section switch
    {
        "Common ground" => [.. Regex.Matches(line, @"\*\*(.+?)\*\*").Select(m => m.Groups[1].Value)],
        "Country-specific points" => [.. Regex.Matches(line, @"(?<!\*)\*([^*]+?)\*(?!\*)").Select(m => m.Groups[1].Value)],
        _ => [],
    };

    /// <summary>The generated words of a line, before any sentence taken from a note.</summary>
    private static string Lead(string section, string text)
    {
        if (section != "Country-specific points")
        {
            return text;
        }

        // "- **Name**: sentence", "- **Name** … on *term*. Sentence" (or "*term*: sentence", as drafts were once written).
        var end = LeadEnd().Match(text);
        return end.Success ? text[..end.Index] : text;
    }

    private static bool IsLoneModifier(string label)
    {
        var word = label.Trim();
        if (word.Contains(' ', StringComparison.Ordinal) || word.Any(c => !char.IsLetter(c)) || NounsWithThoseEndings.Contains(word) || word.Skip(1).Any(char.IsUpper))
        {
            return false;
        }

        return Adjectives.Contains(word) || AdjectiveEndings.Any(e => word.Length > e.Length + 2 && word.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The note sentence of a country point or a recommendation opens without pointing back, and its quotation marks close.</summary>
    private static bool QuotedSentencesStandAlone(string section, string text)
    {
        var body = section == "Recommendations" ? text[2..] : text[Lead(section, text).Length..].TrimStart('*', ':', '.', ' ');
        foreach (var sentence in Sentences.Split(body))
        {
            if (Openers.Any(o => sentence.Text.StartsWith(o + " ", StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return body.Count(c => c == '"') % 2 == 0 && body.Count(c => c == '\u201C') == body.Count(c => c == '\u201D');
    }

    [GeneratedRegex(@"\*[:.] ")]
    private static partial Regex LeadEnd();

    [GeneratedRegex(@"\bmention(?:s|ed)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex MentionWord();

    [GeneratedRegex(@"\b(?:should|must|ought to|needs? to|recommend\w*|call(?:s|ed)? for|urged?|propos(?:e|ed|al)|suggest(?:s|ed)?|advocat\w+|asked for|encourag\w+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RecommendationCue();
}
