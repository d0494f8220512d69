using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Consultations.Core.Tests.Import;

/// <summary>Excel workbooks built in the tests.</summary>
internal static partial class OfficeFiles
{
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789ABCDEFabcdef");

    /// <summary>An Excel workbook whose first sheet holds <paramref name="rows"/> as shared strings (null: no cell).</summary>
    public static byte[] Excel(IEnumerable<IReadOnlyList<string?>> rows, Action<WorkbookPart, SheetData>? more = null)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var strings = new List<string>();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            uint rowNumber = 0;
            foreach (var values in rows)
            {
                rowNumber++;
                var row = new Row { RowIndex = rowNumber };
                for (var column = 0; column < values.Count; column++)
                {
                    if (values[column] is not { } value)
                    {
                        continue;
                    }

                    if (!index.TryGetValue(value, out var id))
                    {
                        id = strings.Count;
                        index[value] = id;
                        strings.Add(value);
                    }

                    row.Append(new Cell
                    {
                        CellReference = Reference(column, rowNumber),
                        DataType = CellValues.SharedString,
                        CellValue = new CellValue(id.ToString(CultureInfo.InvariantCulture)),
                    });
                }

                data.Append(row);
            }

            more?.Invoke(workbook, data);
            sheetPart.Worksheet = new Worksheet(data);
            workbook.AddNewPart<SharedStringTablePart>().SharedStringTable = new SharedStringTable(
                strings.Select(s => new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text(ExcelEscape(s)) { Space = SpaceProcessingModeValues.Preserve })));
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Notes" }));
        }

        return stream.ToArray();
    }

    public static string Reference(int column, uint row)
    {
        var letters = string.Empty;
        for (var c = column + 1; c > 0; c = (c - 1) / 26)
        {
            letters = (char)('A' + ((c - 1) % 26)) + letters;
        }

        return letters + row.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// What Excel writes for a string XML cannot hold: control characters and a carriage return as "_xHHHH_", and the
    /// underscore of a literal "_xHHHH_" as "_x005F_".
    /// </summary>
    public static string ExcelEscape(string value)
    {
        var text = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '_' && i + 6 < value.Length && value[i + 1] == 'x' && value[i + 6] == '_' && !value.AsSpan(i + 2, 4).ContainsAnyExcept(HexDigits))
            {
                text.Append("_x005F_");
            }
            else if ((c < 0x20 && c is not ('\t' or '\n')) || c is '\uFFFE' or '\uFFFF' || (char.IsSurrogate(c) && !IsPairAt(value, i)))
            {
                text.Append(CultureInfo.InvariantCulture, $"_x{(int)c:X4}_");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static bool IsPairAt(string value, int i) =>
        char.IsHighSurrogate(value[i]) ? i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) : i > 0 && char.IsHighSurrogate(value[i - 1]);
}
