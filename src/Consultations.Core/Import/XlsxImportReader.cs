using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Consultations.Core.Import;

/// <summary>
/// The first worksheet of an Excel workbook, streamed row by row: the first non-empty row names the columns, each later
/// row is one block, numbered as Excel shows it. Formula cells give the value Excel saved; nothing is ever evaluated.
/// </summary>
/// <remarks>
/// The package and workbook are opened with the OpenXml SDK; the sheet and its shared strings are read with a plain
/// XmlReader, many times faster than loading each row as an SDK element, and by local name so that both the
/// transitional and the strict namespaces read.
/// </remarks>
internal static partial class XlsxImportReader
{
    // Excel's columns run to XFD.
    private const int MaxColumns = 16_384;

    public static IReadOnlyList<ImportBlock> Read(Stream stream, ImportLimits limits)
    {
        using var document = SpreadsheetDocument.Open(stream, false, ImportFiles.OpenSettings(limits));

        // The SDK opens any Office package by its main relationship, so a document renamed .xlsx has to be told by content type.
        if (document.WorkbookPart is not { } workbook || !workbook.ContentType.Contains("spreadsheetml", StringComparison.Ordinal))
        {
            throw ZipSafety.Damaged(ImportFormat.Excel);
        }

        var sheet = FirstWorksheet(workbook)
            ?? throw new ImportFileException("The workbook has no worksheet to read. Put the notes on its first sheet and choose it again.");
        var shared = SharedStrings(workbook, limits);

        var blocks = new ImportBlockList(limits.MaxBlocks);
        SpreadsheetColumns? columns = null;
        var cells = new List<string?>();
        var rowNumber = 0L;
        using var xml = Open(sheet, limits);
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "row")
            {
                continue;
            }

            rowNumber = long.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index > rowNumber ? index : rowNumber + 1;
            ReadRow(xml, shared, cells);
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

    private static List<string> SharedStrings(WorkbookPart workbook, ImportLimits limits)
    {
        var strings = new List<string>();
        if (workbook.SharedStringTablePart is not { } part)
        {
            return strings;
        }

        using var xml = Open(part, limits);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si")
            {
                strings.Add(ReadCell(xml).Inline ?? string.Empty);
            }
        }

        return strings;
    }

    /// <summary>Reads a row element's cells into <paramref name="cells"/> by column (A is 0), null where there is no value.</summary>
    private static void ReadRow(XmlReader xml, List<string> shared, List<string?> cells)
    {
        cells.Clear();
        if (xml.IsEmptyElement)
        {
            return;
        }

        var depth = xml.Depth;
        while (xml.Read() && xml.Depth > depth)
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "c")
            {
                continue;
            }

            var column = ColumnIndex(xml.GetAttribute("r")) ?? cells.Count;
            var type = xml.GetAttribute("t");
            var (value, inline) = ReadCell(xml);
            if (column >= MaxColumns)
            {
                continue;
            }

            while (cells.Count <= column)
            {
                cells.Add(null);
            }

            cells[column] = Value(type, value, inline, shared);
        }
    }

    /// <summary>
    /// The saved value (v) and the inline or shared string text (t, outside phonetic guides) of the element the reader is
    /// on; leaves the reader on that element's end.
    /// </summary>
    private static (string? Value, string? Inline) ReadCell(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            return (null, null);
        }

        StringBuilder? value = null, inline = null;
        StringBuilder? target = null;
        var phonetic = false;
        var depth = xml.Depth;
        while (xml.Read() && xml.Depth > depth)
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.LocalName == "rPh":
                    phonetic = !xml.IsEmptyElement;
                    break;
                case XmlNodeType.Element when xml.LocalName == "v" && !xml.IsEmptyElement:
                    target = value ??= new StringBuilder();
                    break;
                case XmlNodeType.Element when xml.LocalName == "t" && !phonetic:
                    inline ??= new StringBuilder();
                    target = xml.IsEmptyElement ? null : inline;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "rPh":
                    phonetic = false;
                    break;
                case XmlNodeType.EndElement:
                    target = null;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    target?.Append(xml.Value);
                    break;
                default:
                    break;
            }
        }

        return (value?.ToString(), inline is null ? null : Unescape(inline.ToString()));
    }

    /// <summary>The text Excel shows for a cell's saved value (for a formula, the result it last computed).</summary>
    private static string? Value(string? type, string? value, string? inline, List<string> shared)
    {
        switch (type)
        {
            case "inlineStr":
                return inline;
            case "s":
                return value is null ? null
                    : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < shared.Count ? shared[index]
                    : throw ZipSafety.Damaged(ImportFormat.Excel);
            case "b":
                return value is null ? null : value.Trim() == "1" ? "TRUE" : "FALSE";
            case "str" or "e" or "d":
                return value is null ? null : Unescape(value);
            default:
                // Numbers are written with invariant digits; 15 significant digits is what Excel itself displays.
                return value is null ? null
                    : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number.ToString("G15", CultureInfo.InvariantCulture)
                    : value;
        }
    }

    // A part's stream is slow at the small reads XmlReader makes: the buffer makes reading a sheet about twice as fast.
    private static XmlReader Open(OpenXmlPart part, ImportLimits limits) =>
        XmlReader.Create(new BufferedStream(part.GetStream(FileMode.Open, FileAccess.Read), 1 << 16), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = limits.MaxUncompressedBytes,
            CloseInput = true,
        });

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
                column = (column * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
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
