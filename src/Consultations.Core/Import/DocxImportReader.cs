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

        var body = new BodyReader(styles, blocks);
        foreach (var element in OpenXmlStreaming.Elements(main, typeof(Paragraph), typeof(Table), typeof(SdtBlock)))
        {
            body.Read(element);
        }

        return blocks.ToList();
    }

    /// <summary>Turns the body's paragraphs and tables into blocks, numbering them as a reader counts them.</summary>
    private sealed class BodyReader(DocxStyles styles, ImportBlockList blocks)
    {
        private int _paragraphs;
        private int _tables;

        public void Read(OpenXmlElement element)
        {
            switch (element)
            {
                case Paragraph paragraph when styles.IsContentsEntry(paragraph):
                    break;
                case Paragraph paragraph:
                    var text = ParagraphText(paragraph);
                    if (text.Length > 0)
                    {
                        _paragraphs++;
                        blocks.Add(string.Create(CultureInfo.InvariantCulture, $"paragraph {_paragraphs}"), styles.KindOf(paragraph), text);
                    }

                    break;
                case Table table:
                    _tables++;
                    ReadTable(table, _tables, blocks);
                    break;
                case SdtBlock control when IsPlaceholder(control.SdtProperties) || IsContents(control.SdtProperties):
                    // A control still showing its prompt ("Click or tap here to enter text.") holds no one's words, and a
                    // table of contents only repeats the headings.
                    break;
                default:
                    // Content controls and custom XML wrap paragraphs and tables of the body.
                    foreach (var child in element.ChildElements)
                    {
                        Read(child);
                    }

                    break;
            }
        }
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

    private static bool IsContents(SdtProperties? properties) =>
        properties?.GetFirstChild<SdtContentDocPartObject>()?.GetFirstChild<DocPartGallery>()?.Val?.Value is { } gallery
        && gallery.Contains("Contents", StringComparison.OrdinalIgnoreCase);

    private static bool IsPlaceholder(SdtProperties? properties) => properties?.GetFirstChild<ShowingPlaceholder>() is { } shown && shown.Val?.Value != false;

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

                // Text formatted as hidden is not shown or printed, and a content control's prompt is not anyone's words.
                case Run run when run.RunProperties?.Vanish is { } vanish && vanish.Val?.Value != false:
                case SdtRun control when IsPlaceholder(control.SdtProperties):
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
