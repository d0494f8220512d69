using System.Text;
using System.Xml;

namespace Consultations.Web.Briefs.Exports;

/// <summary>Removes the characters XML 1.0 cannot hold (control characters, lone surrogates), which would make Office refuse the file.</summary>
internal static class XmlText
{
    public static string Clean(string text)
    {
        StringBuilder? clean = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pair || XmlConvert.IsXmlChar(c))
            {
                clean?.Append(c);
                if (pair)
                {
                    clean?.Append(text[++i]);
                }
            }
            else
            {
                clean ??= new StringBuilder(text.Length).Append(text, 0, i);
            }
        }

        return clean?.ToString() ?? text;
    }
}
