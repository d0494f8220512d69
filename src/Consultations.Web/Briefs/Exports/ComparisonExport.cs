using System.Globalization;
using System.Text;
using Consultations.Core.Text;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Consultations.Web.Briefs.Exports;

/// <summary>One theme × country cell of a comparison, flattened for a spreadsheet.</summary>
public sealed record ComparisonExportRow(string Theme, string Country, string Coverage, int Notes, string Groups, string KeyPhrases, string Summary);

/// <summary>
/// The comparison matrix as CSV or XLSX. Every text cell goes through <see cref="SpreadsheetText.Neutralise"/>,
/// because note text, key phrases and summaries come from what participants said.
/// </summary>
public static class ComparisonExport
{
    /// <summary>The header row, in column order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["Theme", "Country", "Coverage", "Notes", "Stakeholder groups", "Key phrases", "Summary"];

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

    public static void WriteCsv(IEnumerable<ComparisonExportRow> rows, Stream output)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        using var csv = CsvWriter.Create(output, CsvOptions, leaveOpen: true);
        csv.WriteHeader([.. Columns]);
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row);
            csv.WriteField(SpreadsheetText.Neutralise(row.Theme));
            csv.WriteField(SpreadsheetText.Neutralise(row.Country));
            csv.WriteField(SpreadsheetText.Neutralise(row.Coverage));
            csv.WriteField(row.Notes, default);
            csv.WriteField(SpreadsheetText.Neutralise(row.Groups));
            csv.WriteField(SpreadsheetText.Neutralise(row.KeyPhrases));
            csv.WriteField(SpreadsheetText.Neutralise(row.Summary));
            csv.EndRecord();
        }

        csv.Flush();
    }

    public static void WriteXlsx(IEnumerable<ComparisonExportRow> rows, string sheetTitle, Stream output)
    {
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
            for (var i = 0; i < Columns.Count; i++)
            {
                header.Append(TextCell(i, 1, Columns[i], XlsxStyles.Header));
            }

            data.Append(header);
            var rowIndex = 1U;
            foreach (var row in rows)
            {
                ArgumentNullException.ThrowIfNull(row);
                rowIndex++;
                data.Append(new Row(
                    TextCell(0, rowIndex, row.Theme, XlsxStyles.Top),
                    TextCell(1, rowIndex, row.Country, XlsxStyles.Top),
                    TextCell(2, rowIndex, row.Coverage, XlsxStyles.Top),
                    new Cell { CellReference = Reference(3, rowIndex), CellValue = new CellValue(row.Notes), StyleIndex = XlsxStyles.Top },
                    TextCell(4, rowIndex, row.Groups, XlsxStyles.Wrapped),
                    TextCell(5, rowIndex, row.KeyPhrases, XlsxStyles.Wrapped),
                    TextCell(6, rowIndex, row.Summary, XlsxStyles.Wrapped))
                { RowIndex = rowIndex });
            }

            sheetPart.Worksheet = new Worksheet(
                new SheetViews(new SheetView(
                    new Pane { VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                    new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
                { TabSelected = true, WorkbookViewId = 0U }),
                new Columns(
                    Width(1, 28),
                    Width(2, 18),
                    Width(3, 16),
                    Width(4, 8),
                    Width(5, 30),
                    Width(6, 30),
                    Width(7, 80)),
                data);

            workbook.Workbook.Append(new Sheets(new Sheet { Name = SheetName(sheetTitle), SheetId = 1U, Id = workbook.GetIdOfPart(sheetPart) }));
            document.PackageProperties.Title = XmlText.Clean(sheetTitle ?? string.Empty);
        }

        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    /// <summary>A worksheet name Excel accepts: 1 to 31 characters, none of <c>[ ] : * ? / \</c>, not starting or ending with an apostrophe.</summary>
    public static string SheetName(string? title)
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
        return clean.Length == 0 || string.Equals(clean, "History", StringComparison.OrdinalIgnoreCase) ? "Comparison" : clean;
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

    private static string Reference(int column, uint row) => string.Create(CultureInfo.InvariantCulture, $"{(char)('A' + column)}{row}");

    private static Column Width(uint index, double width) => new() { Min = index, Max = index, Width = width, CustomWidth = true };

    /// <summary>Fonts, fills, borders and the three cell formats the export uses: plain, bold header, wrapped text.</summary>
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
