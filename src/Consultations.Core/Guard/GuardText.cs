using System.Globalization;
using System.IO.Compression;
using System.Text;
using Consultations.Core.Text;

namespace Consultations.Core.Guard;

/// <summary>What separates a token from the one before it.</summary>
internal enum Gap
{
    /// <summary>Spaces, tabs, line breaks or a hyphen: a name may continue across it.</summary>
    Space,

    /// <summary>A comma (with spaces): a reordered name ("Reyes, Antonio") continues across it.</summary>
    Comma,

    /// <summary>A full stop after a short word (Dr., H.E.): an honorific continues across it, a name does not.</summary>
    Stop,

    /// <summary>Any other punctuation: nothing continues across it.</summary>
    Other,
}

/// <summary>A word of a text: its span in the original (possessive 's excluded) and its normalised form.</summary>
internal readonly record struct GuardToken(int Start, int Length, string Normalized, Gap GapBefore, bool SentenceStart, bool Capitalized, bool AllCaps, bool Possessive = false);

/// <summary>Splits text into words the way the register was split, keeping original spans.</summary>
internal static class GuardText
{
    public static List<GuardToken> Tokenize(string text)
    {
        var tokens = new List<GuardToken>(text.Length / 5);
        var i = 0;
        var gap = Gap.Space;
        var sentenceStart = true;
        while (i < text.Length)
        {
            var c = text[i];
            if (!IsWordChar(c))
            {
                gap = Combine(gap, c, text, i);
                if (c is '.' or '!' or '?' or ';' or ':' || (c == '\n' && i + 1 < text.Length && text[i + 1] == '\n'))
                {
                    sentenceStart = true;
                }

                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (IsWordChar(text[i]) || (IsApostrophe(text[i]) && i + 1 < text.Length && char.IsLetter(text[i + 1]) && i > start)))
            {
                i++;
            }

            var length = i - start;

            // Possessive: "Reyes's" / "Reyes’s" is the name Reyes; "Santos'" too.
            var possessive = false;
            if (length > 2 && IsApostrophe(text[start + length - 2]) && (text[start + length - 1] is 's' or 'S'))
            {
                length -= 2;
                possessive = true;
            }
            else if (i < text.Length && IsApostrophe(text[i]) && text[i - 1] is 's' or 'S')
            {
                possessive = true;
            }

            var word = text.AsSpan(start, length);
            tokens.Add(new GuardToken(start, length, Normalize(word), gap, sentenceStart, char.IsUpper(word[0]), IsAllCaps(word), possessive));
            gap = Gap.Space;
            sentenceStart = false;
        }

        return tokens;
    }

    /// <summary>Folded (Nguyễn → nguyen, Đức → duc), lower case, apostrophes removed (O'Brien → obrien).</summary>
    public static string Normalize(ReadOnlySpan<char> word)
    {
        var hasApostrophe = word.IndexOfAny('\'', '’') >= 0;
        var plainAscii = !hasApostrophe;
        foreach (var ch in word)
        {
            if (ch > 0x7F || char.IsUpper(ch))
            {
                plainAscii = false;
                break;
            }
        }

        if (plainAscii)
        {
            return word.ToString();
        }

        var folded = TextFolding.FoldDiacritics(word.ToString());
        return hasApostrophe ? folded.Replace("'", string.Empty, StringComparison.Ordinal).Replace("’", string.Empty, StringComparison.Ordinal) : folded;
    }

    /// <summary>The normalised tokens of a register entry (a name or an organisation).</summary>
    public static List<string> Words(string value) => [.. Tokenize(value).Select(t => t.Normalized)];

    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static bool IsApostrophe(char c) => c is '\'' or '’';

    private static bool IsAllCaps(ReadOnlySpan<char> word)
    {
        var letters = 0;
        foreach (var ch in word)
        {
            if (char.IsLetter(ch))
            {
                if (!char.IsUpper(ch))
                {
                    return false;
                }

                letters++;
            }
        }

        return letters >= 2;
    }

    private static Gap Combine(Gap current, char c, string text, int index)
    {
        var next = c switch
        {
            ' ' or '\t' or '\r' or '\n' or '\u00A0' or '-' or '‐' or '–' => Gap.Space,
            ',' => Gap.Comma,
            '.' when index + 1 >= text.Length || !char.IsLetterOrDigit(text[index + 1]) || char.IsUpper(text[index + 1]) => Gap.Stop,
            _ when IsApostrophe(c) => Gap.Space,
            _ => Gap.Other,
        };
        return (Gap)Math.Max((int)current, (int)next);
    }
}

/// <summary>Ordinary English words (SCOWL sizes 10–35, see Resources/common-words.NOTICE.txt): a name that is also one fires only when it is clearly used as a name.</summary>
internal static class CommonWords
{
    private static readonly Lazy<HashSet<string>> Words = new(Load);

    public static bool Contains(string normalized) => Words.Value.Contains(normalized);

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonWords).Assembly.GetManifestResourceStream("Consultations.Core.Guard.common-words.txt.gz")
            ?? throw new InvalidOperationException("The guard's common-word list is missing from the assembly.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                words.Add(line);
            }
        }

        return words;
    }
}
