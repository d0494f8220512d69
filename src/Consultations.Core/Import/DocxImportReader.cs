using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace Consultations.Core.Import;

/// <summary>
/// A Word document's body, streamed paragraph by paragraph and table by table: text as it reads with every tracked change
/// accepted, without comments, notes, headers, footers, drawings or field instructions.
/// </summary>
internal static class DocxImportReader
{
    public static IReadOnlyList<ImportBlock> Read(Stream stream, ImportLimits limits)
    {
        using var document = WordprocessingDocument.Open(stream, false, ImportFiles.OpenSettings(limits));
        // The SDK opens any Office package by its main relationship, so a workbook renamed .docx has to be told by content type.
        if (document.MainDocumentPart is not { } main || !main.ContentType.Contains("wordprocessingml", StringComparison.Ordinal))
        {
            throw ZipSafety.Damaged(ImportFormat.Word);
        }

        var styles = new DocxStyles(main.StyleDefinitionsPart);
        var blocks = new ImportBlockList(limits.MaxBlocks);
        int paragraphs = 0, tables = 0;

        foreach (var element in OpenXmlStreaming.Elements(main, typeof(Paragraph), typeof(Table)))
        {
            if (element is Table table)
            {
                tables++;
                ReadTable(table, tables, blocks);
                continue;
            }

            var paragraph = (Paragraph)element;
            var text = ParagraphText(paragraph);
            if (text.Length > 0)
            {
                paragraphs++;
                blocks.Add(string.Create(CultureInfo.InvariantCulture, $"paragraph {paragraphs}"), styles.KindOf(paragraph), text);
            }
        }

        return blocks.ToList();
    }

    private static void ReadTable(Table table, int number, ImportBlockList blocks)
    {
        SpreadsheetColumns? columns = null;
        var rowNumber = 0;
        foreach (var row in Rows(table))
        {
            rowNumber++;

            // A row deleted with track changes on is gone once the changes are accepted.
            if (row.TableRowProperties?.GetFirstChild<Deleted>() is not null)
            {
                continue;
            }

            var cells = CellTexts(row);
            var location = string.Create(CultureInfo.InvariantCulture, $"table {number}, row {rowNumber}");
            if (rowNumber == 1 && SpreadsheetColumns.Match(cells) is { } header)
            {
                columns = header;
                continue;
            }

            if (columns is not null)
            {
                columns.AddRow(blocks, location, cells);
                continue;
            }

            var text = string.Join(" — ", cells.Where(c => !string.IsNullOrWhiteSpace(c)));
            if (text.Length > 0)
            {
                blocks.Add(location, ImportBlockKind.Row, text);
            }
        }
    }

    /// <summary>A row's cells by grid column (a merged cell takes the first of its columns), each its paragraphs' text.</summary>
    private static List<string?> CellTexts(TableRow row)
    {
        var cells = new List<string?>();
        foreach (var cell in Children<TableCell>(row))
        {
            var texts = CellParagraphs(cell).Select(ParagraphText).Where(t => t.Length > 0);
            cells.Add(string.Join("\n", texts));
            var span = cell.TableCellProperties?.GridSpan?.Val?.Value ?? 1;
            for (var i = 1; i < span && i < 64; i++)
            {
                cells.Add(null);
            }
        }

        return cells;
    }

    private static IEnumerable<TableRow> Rows(Table table) => Children<TableRow>(table);

    /// <summary>The elements of a type among an element's children, looking through content controls and custom XML.</summary>
    private static IEnumerable<T> Children<T>(OpenXmlElement parent)
        where T : OpenXmlElement
    {
        foreach (var child in parent.ChildElements)
        {
            if (child is T match)
            {
                yield return match;
            }
            else if (child is SdtRow or SdtCell or SdtContentRow or SdtContentCell or CustomXmlRow or CustomXmlCell)
            {
                foreach (var inner in Children<T>(child))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The paragraphs of a cell, nested tables' included, but not those of text boxes within a paragraph.</summary>
    private static IEnumerable<Paragraph> CellParagraphs(OpenXmlElement parent)
    {
        foreach (var child in parent.ChildElements)
        {
            if (child is Paragraph paragraph)
            {
                yield return paragraph;
            }
            else if (child is not TableCellProperties)
            {
                foreach (var inner in CellParagraphs(child))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>A paragraph's text with tracked changes accepted: insertions kept, deletions and moved-away text left out.</summary>
    private static string ParagraphText(Paragraph paragraph)
    {
        var text = new StringBuilder();
        AppendText(paragraph, text);
        return text.ToString().Trim();
    }

    private static void AppendText(OpenXmlElement element, StringBuilder text)
    {
        foreach (var child in element.ChildElements)
        {
            switch (child)
            {
                case WordText t:
                    text.Append(t.Text);
                    break;
                case TabChar or PositionalTab:
                    text.Append(' ');
                    break;
                case Break or CarriageReturn:
                    text.Append('\n');
                    break;
                case NoBreakHyphen:
                    text.Append('-');
                    break;

                // Deleted and moved-away text, field instructions (the result is kept), properties and drawings.
                case DeletedRun or MoveFromRun or DeletedText or FieldCode or DeletedFieldCode
                    or ParagraphProperties or RunProperties or Drawing or Picture or EmbeddedObject or AlternateContent
                    or SdtProperties or SdtEndCharProperties:
                    break;
                default:
                    AppendText(child, text);
                    break;
            }
        }
    }
}
