using System.Globalization;
using System.Text;

namespace Consultations.Core.Import;

/// <summary>A plain text file: paragraphs are separated by blank lines; the lines within one keep their breaks.</summary>
internal static class TextImportReader
{
    public static IReadOnlyList<ImportBlock> Read(string text, ImportLimits limits)
    {
        var blocks = new ImportBlockList(limits.MaxBlocks);
        var paragraph = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                Flush(blocks, paragraph);
                continue;
            }

            if (paragraph.Length > 0)
            {
                paragraph.Append('\n');
            }

            paragraph.Append(line);
        }

        Flush(blocks, paragraph);
        return blocks.ToList();
    }

    private static void Flush(ImportBlockList blocks, StringBuilder paragraph)
    {
        var text = paragraph.ToString().Trim();
        paragraph.Clear();
        if (text.Length > 0)
        {
            blocks.Add(string.Create(CultureInfo.InvariantCulture, $"paragraph {blocks.NextPosition}"), ImportBlockKind.Paragraph, text);
        }
    }
}
