using System.Globalization;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using CellText = DocumentFormat.OpenXml.Spreadsheet.Text;

namespace Consultations.Core.Import;

/// <summary>
/// The first worksheet of an Excel workbook, streamed row by row: the first non-empty row names the columns, each later
/// row is one block, numbered as Excel shows it. Formula cells give the value Excel saved; nothing is ever evaluated.
/// </summary>
internal static partial class XlsxImportReader
{
    // Excel's columns run to XFD.
    private const int MaxColumns = 16_384;

    public static IReadOnlyList<ImportBlock> Read(Stream stream, ImportLimits limits)
    {
        using var document = SpreadsheetDocument.Open(stream, false, ImportFiles.OpenSettings(limits));
        var workbook = document.WorkbookPart ?? throw ZipSafety.Damaged(ImportFormat.Excel);
        var sheet = FirstWorksheet(workbook)
            ?? throw new ImportFileException("The workbook has no worksheet to read. Put the notes on its first sheet and choose it again.");
        var shared = SharedStrings(workbook);

        var blocks = new ImportBlockList(limits.MaxBlocks);
        SpreadsheetColumns? columns = null;
        var cells = new List<string?>();
        var rowNumber = 0L;
        foreach (var row in OpenXmlStreaming.Elements(sheet, typeof(Row)).Cast<Row>())
        {
            rowNumber = row.RowIndex?.Value is { } index && index > rowNumber ? index : rowNumber + 1;
            ReadCells(row, shared, cells);
            if (columns is null)
            {
                if (cells.Any(c => !string.IsNullOrWhiteSpace(c)))
                {
                    columns = SpreadsheetColumns.Require(cells, string.Create(CultureInfo.InvariantCulture, $"Row {rowNumber} of the first sheet"));
                }

                continue;
            }

            columns.AddRow(blocks, string.Create(CultureInfo.InvariantCulture, $"row {rowNumber}"), cells);
        }

        if (columns is null)
        {
            throw new ImportFileException("The first sheet of the workbook is empty: its first row should name the columns (text, and optionally session, kind, stakeholder_group, themes), and each row after it hold a note.");
        }

        return blocks.ToList();
    }

    private static WorksheetPart? FirstWorksheet(WorkbookPart workbook)
    {
        foreach (var sheet in workbook.Workbook?.Sheets?.Elements<Sheet>() ?? [])
        {
            if (sheet.Id?.Value is { } id && workbook.TryGetPartById(id, out var part) && part is WorksheetPart worksheet)
            {
                return worksheet;
            }
        }

        return null;
    }

    private static List<string> SharedStrings(WorkbookPart workbook)
    {
        var strings = new List<string>();
        if (workbook.SharedStringTablePart is not { } part)
        {
            return strings;
        }

        strings.AddRange(OpenXmlStreaming.Elements(part, typeof(SharedStringItem)).Select(StringText));
        return strings;
    }

    private static void ReadCells(Row row, List<string> shared, List<string?> cells)
    {
        cells.Clear();
        foreach (var cell in row.Elements<Cell>())
        {
            var column = ColumnIndex(cell.CellReference?.Value) ?? cells.Count;
            if (column >= MaxColumns)
            {
                continue;
            }

            while (cells.Count <= column)
            {
                cells.Add(null);
            }

            cells[column] = Value(cell, shared);
        }
    }

    /// <summary>The text Excel shows for a cell's saved value (for a formula, the result it last computed).</summary>
    private static string? Value(Cell cell, List<string> shared)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? StringText(inline) : null;
        }

        var raw = cell.CellValue?.Text;
        if (raw is null)
        {
            return null;
        }

        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < shared.Count
                ? shared[index]
                : throw ZipSafety.Damaged(ImportFormat.Excel);
        }

        if (type == CellValues.Boolean)
        {
            return raw.Trim() == "1" ? "TRUE" : "FALSE";
        }

        if (type == CellValues.String || type == CellValues.Error || type == CellValues.Date)
        {
            return Unescape(raw);
        }

        // Numbers are written with invariant digits; 15 significant digits is what Excel itself displays.
        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number.ToString("G15", CultureInfo.InvariantCulture)
            : raw;
    }

    /// <summary>The text of a shared or inline string: its plain text or its rich-text runs, without phonetic guides.</summary>
    private static string StringText(OpenXmlElement item)
    {
        var text = string.Concat(item.ChildElements.Select(child => child switch
        {
            CellText t => t.Text,
            Run r => r.Text?.Text,
            _ => null,
        }));
        return Unescape(text);
    }

    /// <summary>Column A is 0; null when the reference has no letters.</summary>
    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z')
            {
                column = checked((column * 26) + (char.ToUpperInvariant(c) - 'A' + 1));
                if (++letters > 3)
                {
                    return MaxColumns;
                }
            }
            else
            {
                break;
            }
        }

        return letters == 0 ? null : column - 1;
    }

    /// <summary>
    /// Excel writes characters XML cannot hold (and a carriage return) as "_x000D_", and a literal "_x" as "_x005F_x".
    /// </summary>
    private static string Unescape(string text) =>
        text.Contains("_x", StringComparison.Ordinal) ? EscapedCharacter().Replace(text, m => ((char)int.Parse(m.Groups[1].ValueSpan, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString()) : text;

    [GeneratedRegex("_x([0-9A-Fa-f]{4})_", RegexOptions.CultureInvariant)]
    private static partial Regex EscapedCharacter();
}
