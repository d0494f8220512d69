namespace Consultations.Core.Analysis;

/// <summary>
/// Word-form checks that keep generated text to complete noun phrases without a part-of-speech tagger: a single word
/// that looks like a modifier ("national", "bilateral", "academic", "certified") is no finding label on its own, and
/// acronyms a note wrote in lower case get their usual capitals back.
/// </summary>
public static class NounPhrases
{
    // Common English adjective endings; a word must keep at least three letters before the ending ("deal", "table" do not count).
    private static readonly string[] AdjectiveEndings = ["al", "ive", "ic", "ous", "able", "ible", "ful", "less", "ed"];

    private const int MinBeforeEnding = 3;

    // Nouns with those endings that a consultation note uses on their own.
    private static readonly HashSet<string> Nouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "proposal", "portal", "approval", "capital", "terminal",
        "manual", "journal", "signal", "rival", "arrival", "renewal", "removal", "survival", "trial", "referral", "tutorial", "material",
        "principal", "hospital", "festival", "interval", "denial", "withdrawal", "disposal", "rental", "appraisal", "total", "metal",
        "initiative", "incentive", "objective", "directive", "executive", "alternative", "archive", "detective", "motive",
        "critic", "topic", "logic", "clinic", "traffic", "graphic", "mechanic", "music", "panic", "republic", "epidemic", "pandemic", "rhetoric",
        "variable", "deliverable", "receivable", "handful", "hundred", "kindred",
    };

    // Words in -ing mostly used as adjectives; the ending alone cannot tell them from nouns ("training", "reporting").
    private static readonly HashSet<string> Participles = new(StringComparer.OrdinalIgnoreCase)
    {
        "growing", "emerging", "existing", "increasing", "leading", "ongoing", "remaining", "rising", "underlying", "following", "upcoming",
        "evolving", "changing", "pressing", "outstanding", "competing", "overlapping", "developing", "neighbouring", "neighboring", "missing",
        "willing", "prevailing", "recurring", "worsening", "improving", "expanding", "declining",
    };

    // Acronyms of the field, the fallback when the notes themselves only ever wrote one in lower case.
    private static readonly HashSet<string> Acronyms = new(StringComparer.OrdinalIgnoreCase)
    {
        "ISO", "IEC", "NIST", "CSF", "CERT", "CSIRT", "SOC", "ASEAN", "APEC", "SME", "MSME", "ICT", "CII", "DNS", "DDoS", "GDPR", "PDPA",
        "MFA", "PKI", "EU", "UN", "OECD", "ITU", "ENISA", "FIRST", "OSINT", "IoT", "AI",
    };

    // Acronyms whose lower-case spelling is an everyday word: restored only when the note wrote them in capitals.
    private static readonly HashSet<string> Ambiguous = new(StringComparer.OrdinalIgnoreCase) { "FIRST", "UN", "AI", "EU" };

    /// <summary>True when <paramref name="label"/> is one word with an adjective's ending (not one of the nouns that share it) or a participle used as one ("growing").</summary>
    public static bool IsLoneModifier(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var word = label.Trim();
        if (word.Length == 0 || word.Any(c => !char.IsLetter(c)) || word.Skip(1).Any(char.IsUpper) || Nouns.Contains(word))
        {
            return false;
        }

        if (Participles.Contains(word))
        {
            return true;
        }

        return AdjectiveEndings.Any(e => word.Length - e.Length >= MinBeforeEnding
            && word.EndsWith(e, StringComparison.OrdinalIgnoreCase)
            && !(e == "ed" && word.EndsWith("eed", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The label with every known acronym in its usual capitals ("nist csf" → "NIST CSF", "csirts" → "CSIRTs").</summary>
    public static string WithAcronyms(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var result = new System.Text.StringBuilder(label.Length);
        var start = 0;
        for (var i = 0; i <= label.Length; i++)
        {
            if (i < label.Length && char.IsLetterOrDigit(label[i]))
            {
                continue;
            }

            result.Append(Restore(label[start..i]));
            if (i < label.Length)
            {
                result.Append(label[i]);
            }

            start = i + 1;
        }

        return result.ToString();
    }

    private static string Restore(string word)
    {
        if (word.Length == 0 || !word.All(char.IsLower))
        {
            return word;
        }

        var singular = word.Length > 2 && word.EndsWith('s') && Acronyms.Contains(word[..^1]) ? word[..^1] : word;
        if (!Acronyms.TryGetValue(singular, out var acronym) || Ambiguous.Contains(acronym))
        {
            return word;
        }

        return singular.Length == word.Length ? acronym : acronym + "s";
    }
}
