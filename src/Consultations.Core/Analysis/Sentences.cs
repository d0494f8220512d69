using System.Text.RegularExpressions;

namespace Consultations.Core.Analysis;

/// <summary>A sentence of a document with its span (UTF-16) in the original text.</summary>
public sealed record Sentence(string Text, int Start, int Length);

/// <summary>
/// Splits notes into sentences without breaking abbreviations, initials, decimals, versions or standard
/// identifiers ("Dr.", "e.g.", "U.S.", "v2.0", "ISO/IEC 27001", "3.5%").
/// </summary>
public static partial class Sentences
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "dr", "mr", "mrs", "ms", "prof", "sr", "jr", "st", "hon", "atty", "engr", "gen", "col", "maj", "capt", "lt", "sec", "usec", "asec",
        "e.g", "i.e", "etc", "vs", "cf", "al", "approx", "no", "nos", "vol", "fig", "dept", "govt", "inc", "ltd", "co", "corp", "jan", "feb",
        "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "h.e", "u.s", "u.k", "u.n", "p.m", "a.m",
    };

    public static IReadOnlyList<Sentence> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<Sentence>();
        var start = 0;
        foreach (Match boundary in Boundary().Matches(text))
        {
            var end = boundary.Index + 1;
            if (boundary.Value[0] == '\n' || !IsAbbreviationBefore(text, boundary.Index))
            {
                Add(text, start, boundary.Value[0] == '\n' ? boundary.Index : end, sentences);
                start = boundary.Index + boundary.Length;
            }
        }

        Add(text, start, text.Length, sentences);
        return sentences;
    }

    private static void Add(string text, int from, int to, List<Sentence> sentences)
    {
        while (from < to && char.IsWhiteSpace(text[from]))
        {
            from++;
        }

        while (to > from && char.IsWhiteSpace(text[to - 1]))
        {
            to--;
        }

        if (to > from)
        {
            sentences.Add(new Sentence(text[from..to], from, to - from));
        }
    }

    /// <summary>True when the full stop ends an abbreviation or an initial rather than a sentence.</summary>
    private static bool IsAbbreviationBefore(string text, int stop)
    {
        if (text[stop] != '.')
        {
            return false;
        }

        var wordStart = stop;
        while (wordStart > 0 && (char.IsLetterOrDigit(text[wordStart - 1]) || text[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = text[wordStart..stop];
        return word.Length == 1 && char.IsUpper(word[0]) || Abbreviations.Contains(word);
    }

    // A sentence ends at . ! ? (possibly closing quotes/brackets) followed by whitespace and a capital, digit or quote, or at a blank line.
    [GeneratedRegex(@"[.!?][""'”’)\]]*(?=\s+[""'“‘(\[]?[\p{Lu}\d])|\n\s*\n", RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();
}
