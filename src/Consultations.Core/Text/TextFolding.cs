using System.Globalization;
using System.Text;

namespace Consultations.Core.Text;

/// <summary>Folds text to a comparable form: no diacritics, lower case.</summary>
public static class TextFolding
{
    /// <summary>
    /// Removes diacritics (Nguyễn → Nguyen) and lower-cases. Letters that Unicode does not decompose
    /// (đ, Đ, ø, ł, ß…) are mapped explicitly because NFKD alone leaves them as they are.
    /// </summary>
    public static string FoldDiacritics(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var decomposed = value.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            switch (c)
            {
                case 'đ' or 'Đ' or 'ð' or 'Ð':
                    builder.Append('d');
                    break;
                case 'ø' or 'Ø':
                    builder.Append('o');
                    break;
                case 'ł' or 'Ł':
                    builder.Append('l');
                    break;
                case 'ß':
                    builder.Append("ss");
                    break;
                case 'æ' or 'Æ':
                    builder.Append("ae");
                    break;
                case 'œ' or 'Œ':
                    builder.Append("oe");
                    break;
                case 'ı':
                    builder.Append('i');
                    break;
                default:
                    builder.Append(char.ToLowerInvariant(c));
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Folded (no diacritics, lower case), with every run of characters other than letters and digits one space, none at the ends.</summary>
    public static string FoldWords(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var folded = FoldDiacritics(value);
        var builder = new StringBuilder(folded.Length);
        var space = false;
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(c);
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return builder.ToString();
    }

    /// <summary>A URL-safe key from a label: "ISO/IEC 27001" → "iso-iec-27001".</summary>
    public static string Slugify(string label, int maxLength = 48)
    {
        ArgumentNullException.ThrowIfNull(label);
        var folded = FoldDiacritics(label);
        var builder = new StringBuilder(folded.Length);
        var pendingDash = false;
        foreach (var c in folded)
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                if (pendingDash && builder.Length > 0)
                {
                    builder.Append('-');
                }

                builder.Append(c);
                pendingDash = false;
            }
            else
            {
                pendingDash = true;
            }
        }

        var slug = builder.Length > maxLength ? builder.ToString(0, maxLength).TrimEnd('-') : builder.ToString();
        return slug.Length == 0 ? "item" : slug;
    }
}
