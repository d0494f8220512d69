using System.Globalization;
using System.Text;
using Consultations.Core.Text;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Consultations.Web.Briefs.Exports;

/// <summary>How a column is written: short text, wrapped long text, or a whole number.</summary>
public enum SpreadsheetColumnKind
{
    Text,
    Wrapped,
    Number,
}

public sealed record SpreadsheetColumn(string Header, double Width, SpreadsheetColumnKind Kind = SpreadsheetColumnKind.Text);

/// <summary>
/// A table as CSV or XLSX, the one writer every spreadsheet export uses. Every text cell goes through
/// <see cref="SpreadsheetText.Neutralise"/> (what participants said can start with =, +, - or @) and XLSX holds no
/// formula; numbers stay numbers. A row's cells are strings, or ints in <see cref="SpreadsheetColumnKind.Number"/> columns.
/// </summary>
public static class SpreadsheetTable
{
    // Excel's limit on the characters in one cell; a longer value makes it "repair" the file.
    private const int MaxCellLength = 32_767;

    private static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with
    {
        // Excel reads a CSV without a byte order mark in the local code page and garbles accents ("Việt Nam").
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,

        // SpreadsheetText.Neutralise already did it, also after leading spaces, which this option does not look past.
        Injection = CsvInjection.None,
    };

    public static void WriteCsv(IReadOnlyList<SpreadsheetColumn> columns, IEnumerable<IReadOnlyList<object?>> rows, Stream output)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        using var csv = CsvWriter.Create(output, CsvOptions, leaveOpen: true);
        csv.WriteHeader([.. columns.Select(c => c.Header)]);
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row);
            for (var i = 0; i < columns.Count; i++)
            {
                var value = i < row.Count ? row[i] : null;
                if (columns[i].Kind == SpreadsheetColumnKind.Number && value is int number)
                {
                    csv.WriteField(number, default);
                }
                else
                {
                    csv.WriteField(SpreadsheetText.Neutralise(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
                }
            }

            csv.EndRecord();
        }

        csv.Flush();
    }

    public static void WriteXlsx(IReadOnlyList<SpreadsheetColumn> columns, IEnumerable<IReadOnlyList<object?>> rows, string sheetTitle, string fallbackSheetName, Stream output)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);

        // Built in memory because System.IO.Packaging needs a seekable stream and a response body is not.
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = XlsxStyles.Create();

            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var header = new Row { RowIndex = 1U };
            for (var i = 0; i < columns.Count; i++)
            {
                header.Append(TextCell(i, 1, columns[i].Header, XlsxStyles.Header));
            }

            data.Append(header);
            var rowIndex = 1U;
            foreach (var row in rows)
            {
                ArgumentNullException.ThrowIfNull(row);
                rowIndex++;
                var cells = new Row { RowIndex = rowIndex };
                for (var i = 0; i < columns.Count; i++)
                {
                    var value = i < row.Count ? row[i] : null;
                    cells.Append(columns[i].Kind switch
                    {
                        SpreadsheetColumnKind.Number when value is int number => new Cell { CellReference = Reference(i, rowIndex), CellValue = new CellValue(number), StyleIndex = XlsxStyles.Top },
                        SpreadsheetColumnKind.Wrapped => TextCell(i, rowIndex, Convert.ToString(value, CultureInfo.InvariantCulture), XlsxStyles.Wrapped),
                        _ => TextCell(i, rowIndex, Convert.ToString(value, CultureInfo.InvariantCulture), XlsxStyles.Top),
                    });
                }

                data.Append(cells);
            }

            sheetPart.Worksheet = new Worksheet(
                new SheetViews(new SheetView(
                    new Pane { VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                    new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
                { TabSelected = true, WorkbookViewId = 0U }),
                new Columns([.. columns.Select((c, i) => Width((uint)i + 1, c.Width))]),
                data);

            workbook.Workbook.Append(new Sheets(new Sheet { Name = SheetName(sheetTitle, fallbackSheetName), SheetId = 1U, Id = workbook.GetIdOfPart(sheetPart) }));
            document.PackageProperties.Title = XmlText.Clean(sheetTitle ?? string.Empty);
        }

        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    /// <summary>A worksheet name Excel accepts: 1 to 31 characters, none of <c>[ ] : * ? / \</c>, not starting or ending with an apostrophe.</summary>
    public static string SheetName(string? title, string fallback)
    {
        var name = new StringBuilder();
        foreach (var c in XmlText.Clean(title ?? string.Empty))
        {
            name.Append(c is '[' or ']' or ':' or '*' or '?' or '/' or '\\' || char.IsControl(c) ? ' ' : c);
        }

        var clean = string.Join(' ', name.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim('\'').Trim();
        if (clean.Length > 31)
        {
            // Never leave half a surrogate pair at the cut.
            clean = clean[..(char.IsHighSurrogate(clean[30]) ? 30 : 31)].TrimEnd().TrimEnd('\'');
        }

        // "History" is reserved by Excel for change tracking.
        return clean.Length == 0 || string.Equals(clean, "History", StringComparison.OrdinalIgnoreCase) ? fallback : clean;
    }

    private static Cell TextCell(int column, uint row, string? value, uint style)
    {
        var text = XmlText.Clean(SpreadsheetText.Neutralise(value ?? string.Empty));
        if (text.Length > MaxCellLength)
        {
            text = text[..(char.IsHighSurrogate(text[MaxCellLength - 2]) ? MaxCellLength - 2 : MaxCellLength - 1)] + "…";
        }

        // Inline strings keep the writer single-pass; Excel turns them into shared strings when it saves.
        return new Cell
        {
            CellReference = Reference(column, row),
            DataType = CellValues.InlineString,
            StyleIndex = style,
            InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
        };
    }

    private static string Reference(int column, uint row)
    {
        var letters = string.Empty;
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{letters}{row}");
    }

    private static Column Width(uint index, double width) => new() { Min = index, Max = index, Width = width, CustomWidth = true };

    /// <summary>Fonts, fills, borders and the three cell formats the exports use: plain, bold header, wrapped text.</summary>
    private static class XlsxStyles
    {
        public const uint Header = 1;
        public const uint Top = 2;
        public const uint Wrapped = 3;

        public static Stylesheet Create() => new(
            new Fonts(
                new Font(new FontSize { Val = 11D }, new FontName { Val = "Calibri" }),
                new Font(new Bold(), new FontSize { Val = 11D }, new FontName { Val = "Calibri" }))
            { Count = 2U },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
            { Count = 2U },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1U },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U }) { Count = 1U },
            new CellFormats(
                new CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U },
                new CellFormat { NumberFormatId = 0U, FontId = 1U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyFont = true },
                new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyAlignment = true },
                new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top, WrapText = true }) { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyAlignment = true })
            { Count = 4U },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0U, BuiltinId = 0U }) { Count = 1U });
    }
}
