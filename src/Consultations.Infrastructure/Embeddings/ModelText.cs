using System.Text;
using Consultations.Core.Text;

namespace Consultations.Infrastructure.Embeddings;

/// <summary>
/// Prepares text the way all-MiniLM-L6-v2's own (BERT uncased) tokenizer would before the package's simpler one sees
/// it: accents stripped and lower case, every kind of whitespace a single space, punctuation split off. The package
/// splits words only on spaces and a fixed set of ASCII marks, so without this "Việt", a word after a line break or a
/// word in curly quotes would become [UNK].
/// </summary>
internal static class ModelText
{
    public static string Prepare(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = TextFolding.FoldDiacritics(text);
        var builder = new StringBuilder(folded.Length + 16);
        var pendingSpace = false;
        foreach (var raw in folded)
        {
            var c = Typographic(raw);
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c == '\uFFFD')
            {
                pendingSpace = builder.Length > 0;
            }
            else if (IsPunctuation(c))
            {
                if (builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(c);
                pendingSpace = true;
            }
            else
            {
                if (pendingSpace)
                {
                    builder.Append(' ');
                    pendingSpace = false;
                }

                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>BERT's rule: every ASCII mark that is not a letter or digit, and anything Unicode calls punctuation.</summary>
    private static bool IsPunctuation(char c) =>
        c is (>= '!' and <= '/') or (>= ':' and <= '@') or (>= '[' and <= '`') or (>= '{' and <= '~') || char.IsPunctuation(c);

    /// <summary>Curly quotes and dashes as their ASCII forms, which the model's vocabulary knows best.</summary>
    private static char Typographic(char c) => c switch
    {
        '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' => '\'',
        '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' => '"',
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
        _ => c,
    };
}
