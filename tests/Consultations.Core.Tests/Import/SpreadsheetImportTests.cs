using System.Diagnostics;
using System.Globalization;
using System.Text;
using Consultations.Core.Import;
using Consultations.Testing;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using CellText = DocumentFormat.OpenXml.Spreadsheet.Text;

namespace Consultations.Core.Tests.Import;

public sealed class SpreadsheetImportTests
{
    [Theory]
    [InlineData(",")]
    [InlineData(";")]
    [InlineData("\t")]
    public void Csv_columns_are_matched_by_header_in_any_order_with_any_separator(string separator)
    {
        var lines = new[]
        {
            "Remarks|THEMES|Stakeholder Group|Text|session|Kind",
            "ignored|information-sharing|government|\"Shared playbooks cut response times\"|Plenary 2|recommendation",
            "|||||",
            "|||A note with no other columns|  |",
            "only a remark|||||",
        };
        var csv = string.Join("\r\n", lines.Select(l => l.Replace("|", separator, StringComparison.Ordinal)));

        var document = ImportFiles.Read("notes.csv", Encoding.UTF8.GetBytes(csv));

        Assert.Equal(
            [
                (1, "row 2", "Shared playbooks cut response times", new ImportColumns("Plenary 2", "recommendation", "government", "information-sharing")),
                (2, "row 4", "A note with no other columns", new ImportColumns(null, null, null, null)),
                (3, "row 5", string.Empty, new ImportColumns(null, null, null, null)),
            ],
            document.Blocks.Select(b => (b.Position, b.Location, b.Text, b.Columns!)));
        Assert.All(document.Blocks, b => Assert.Equal(ImportBlockKind.Row, b.Kind));
        Assert.Equal(ImportFormat.Csv, document.Format);
        Assert.Equal("UTF-8", document.Encoding);
    }

    [Fact]
    public void Csv_rows_are_numbered_as_a_spreadsheet_shows_them_with_quoted_line_breaks_and_leading_blank_rows()
    {
        const string csv = "\n\nnote,group\n\"First line\r\nsecond line, with a comma\",\"civil society\"\n\n\"He said \"\"no\"\"\",x\nlast,\n";

        var blocks = ImportFiles.Read("rows.csv", Encoding.UTF8.GetBytes(csv)).Blocks;

        Assert.Equal(
            [
                ("row 4", "First line\nsecond line, with a comma", "civil society"),
                ("row 6", "He said \"no\"", "x"),
                ("row 7", "last", null),
            ],
            blocks.Select(b => (b.Location, b.Text, b.Columns!.StakeholderGroup)));
    }

    [Fact]
    public void Excels_separator_hint_line_sets_the_separator_and_is_not_a_row()
    {
        var blocks = ImportFiles.Read("hint.csv", Encoding.UTF8.GetBytes("sep=;\ntext;session\nOne, two; Plenary 1\n")).Blocks;

        var block = Assert.Single(blocks);
        Assert.Equal(("row 2", "One, two", "Plenary 1"), (block.Location, block.Text, block.Columns!.Session));
    }

    [Fact]
    public void Csv_formula_cells_stay_the_text_that_was_written()
    {
        const string csv = "text,themes,session\n=1+1,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",+SUM(A1:A2)\n@cmd,-2+3,=A1\n";

        var blocks = ImportFiles.Read("formulas.csv", Encoding.UTF8.GetBytes(csv)).Blocks;

        Assert.Equal(
            [
                ("=1+1", "=HYPERLINK(\"http://x\",\"y\")", "+SUM(A1:A2)"),
                ("@cmd", "-2+3", "=A1"),
            ],
            blocks.Select(b => (b.Text, b.Columns!.Themes!, b.Columns.Session!)));
    }

    [Fact]
    public void A_spreadsheet_without_a_text_column_is_refused_naming_the_columns_found_and_expected()
    {
        var csv = ImportFileError("no-text.csv", Encoding.UTF8.GetBytes("Session, Country ,Finding\nPlenary 1,Atlantis,Something\n"));
        var excel = ImportFileError("no-text.xlsx", OfficeFiles.Excel([[null], ["Session", "Country"], ["Plenary 1", "Atlantis"]]));

        Assert.Contains("“Session”, “Country”, “Finding”", csv, StringComparison.Ordinal);
        Assert.Contains("text (required), session, kind, stakeholder_group, themes", csv, StringComparison.Ordinal);
        Assert.Contains("Row 2 of the first sheet has the columns “Session”, “Country”", excel, StringComparison.Ordinal);
        Assert.Contains("text (required)", excel, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty.csv", " \r\n\t\r\n", "The file has no rows")]
    [InlineData("unclosed.csv", "text,session\n\"An unclosed quote,Plenary 1\nSecond row,Plenary 2\n", "starts on line 2 is never closed")]
    public void A_csv_with_no_header_or_an_unclosed_quote_is_refused(string name, string csv, string expected) =>
        Assert.Contains(expected, ImportFileError(name, Encoding.UTF8.GetBytes(csv)), StringComparison.Ordinal);

    [Fact]
    public void A_stray_quote_inside_a_cell_is_kept_as_text_as_a_spreadsheet_keeps_it()
    {
        var block = Assert.Single(ImportFiles.Read("quotes.csv", Encoding.UTF8.GetBytes("\uFEFFtext,group\nThe 5\" screen \"works\" fine,ngo\n")).Blocks);

        Assert.Equal(("The 5\" screen \"works\" fine", "ngo"), (block.Text, block.Columns!.StakeholderGroup));
    }

    [Fact]
    public void Excel_cells_of_every_type_read_as_the_text_excel_shows()
    {
        var file = OfficeFiles.Excel(
            [[null], [null, "Text", "Session", "Kind", "Themes", "Group"]],
            (workbook, data) =>
            {
                data.Append(
                    new Row(
                        new Cell { CellReference = "B5", DataType = CellValues.InlineString, InlineString = new InlineString(new CellText("Inline _x000D_\nstring")) },
                        new Cell { CellReference = "C5", CellFormula = new CellFormula("1+1"), CellValue = new CellValue("2") },
                        new Cell { CellReference = "D5", DataType = CellValues.Boolean, CellValue = new CellValue("1") },
                        new Cell { CellReference = "E5", CellValue = new CellValue("0.30000000000000004") },
                        new Cell { CellReference = "F5", DataType = CellValues.String, CellFormula = new CellFormula("\"civil\"&\" society\""), CellValue = new CellValue("civil society") })
                    { RowIndex = 5 },
                    new Row(
                        new Cell { CellReference = "B6", DataType = CellValues.InlineString, InlineString = new InlineString(new Run(new CellText("Rich ")), new Run(new CellText("text")), new PhoneticRun(new CellText("ruby"))) },
                        new Cell { CellReference = "D6", DataType = CellValues.Error, CellValue = new CellValue("#N/A") },
                        new Cell { CellReference = "E6", CellValue = new CellValue("1.5E3") })
                    { RowIndex = 6 },
                    new Row(new Cell { CellReference = "C7" }) { RowIndex = 7 },
                    new Row(new Cell { CellReference = "B9", DataType = CellValues.InlineString, InlineString = new InlineString(new CellText("Literal _x005F_x0041_ kept")) }) { RowIndex = 9 });
            });

        var blocks = ImportFiles.Read("types.xlsx", file).Blocks;

        Assert.Equal(
            [
                ("row 5", "Inline \nstring", new ImportColumns("2", "TRUE", "civil society", "0.3")),
                ("row 6", "Rich text", new ImportColumns(null, "#N/A", null, "1500")),
                ("row 9", "Literal _x0041_ kept", new ImportColumns(null, null, null, null)),
            ],
            blocks.Select(b => (b.Location, b.Text, b.Columns!)));
    }

    [Fact]
    public void Excel_reads_the_first_worksheet_in_workbook_order_only()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var added = workbook.AddNewPart<WorksheetPart>();
            added.Worksheet = new Worksheet(new SheetData(InlineRow(1, "text"), InlineRow(2, "From the sheet added first, shown second")));
            var shown = workbook.AddNewPart<WorksheetPart>();
            shown.Worksheet = new Worksheet(new SheetData(InlineRow(1, "text"), InlineRow(2, "From the first tab")));
            workbook.Workbook.AppendChild(new Sheets(
                new Sheet { Id = workbook.GetIdOfPart(shown), SheetId = 2, Name = "Notes" },
                new Sheet { Id = workbook.GetIdOfPart(added), SheetId = 1, Name = "Old" }));
        }

        var block = Assert.Single(ImportFiles.Read("tabs.xlsx", stream.ToArray()).Blocks);

        Assert.Equal("From the first tab", block.Text);
    }

    [Fact]
    public void A_cell_of_100000_characters_is_read_whole_from_csv_and_excel()
    {
        var note = string.Concat(Enumerable.Repeat("Participants described a long chain of incidents. ", 2_000))[..100_000];

        var csv = ImportFiles.Read("long.csv", Encoding.UTF8.GetBytes($"text,session\n\"{note}\",Plenary 1\nshort,Plenary 2\n")).Blocks;
        var excel = ImportFiles.Read("long.xlsx", OfficeFiles.Excel([["text", "session"], [note, "Plenary 1"], ["short", "Plenary 2"]])).Blocks;

        Assert.Equal(note.Trim(), csv[0].Text);
        Assert.Equal(note.Trim(), excel[0].Text);
        Assert.Equal("short", csv[1].Text);
        Assert.Equal("short", excel[1].Text);
    }

    [Fact]
    public void Ten_thousand_rows_of_csv_and_excel_read_correctly_and_quickly()
    {
        var rows = Enumerable.Range(1, 10_000)
            .Select(i => (IReadOnlyList<string?>)[NoteText(i), $"Plenary {i % 4 + 1}", i % 3 == 0 ? "recommendation" : "observation", "government", "information-sharing; trust"])
            .ToList();
        var header = new[] { "text", "session", "kind", "stakeholder_group", "themes" };
        var csv = Encoding.UTF8.GetBytes(string.Join("\n", rows.Prepend(header).Select(r => string.Join(",", r.Select(Quote)))));
        var xlsx = OfficeFiles.Excel(rows.Prepend(header));

        // Once each before timing, so that the times are of reading and not of loading the libraries.
        ImportFiles.Read("warm.csv", Encoding.UTF8.GetBytes("text\nx\n"));
        ImportFiles.Read("warm.xlsx", OfficeFiles.Excel([["text"], ["x"]]));
        var timer = Stopwatch.StartNew();
        var fromCsv = ImportFiles.Read("rows.csv", csv);
        var csvTime = timer.Elapsed;
        timer.Restart();
        var fromExcel = ImportFiles.Read("rows.xlsx", xlsx);
        var excelTime = timer.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"10,000 rows: CSV {csv.Length / 1024} KB in {csvTime.TotalMilliseconds:N0} ms; XLSX {xlsx.Length / 1024} KB in {excelTime.TotalMilliseconds:N0} ms"));

        foreach (var document in new[] { fromCsv, fromExcel })
        {
            Assert.Equal(10_000, document.Blocks.Count);
            Assert.Equal(Enumerable.Range(1, 10_000), document.Blocks.Select(b => b.Position));
            Assert.Equal(rows.Select(r => r[0]), document.Blocks.Select(b => b.Text));
            Assert.Equal(rows.Select(r => r[1]), document.Blocks.Select(b => b.Columns!.Session));
            Assert.Equal("row 10001", document.Blocks[^1].Location);
        }

        // The aim is well under 2 s each; the bound leaves room for a busy shared machine.
        Assert.True(csvTime < TimeSpan.FromSeconds(10), $"CSV took {csvTime}");
        Assert.True(excelTime < TimeSpan.FromSeconds(10), $"XLSX took {excelTime}");
    }

    [Fact]
    public async Task Naughty_strings_in_every_column_come_back_exactly_from_csv_and_excel()
    {
        var strings = await NaughtyStrings.AllAsync();
        var header = new[] { "text", "session", "kind", "stakeholder_group", "themes" };
        var rows = strings.Select(s => (IReadOnlyList<string?>)[s, s, s, s, s]).ToList();
        var csv = Encoding.UTF8.GetBytes(string.Join("\r\n", rows.Prepend(header).Select(r => string.Join(",", r.Select(Quote)))));
        var xlsx = OfficeFiles.Excel(rows.Prepend(header));

        // What a reader promises: line endings unified, surrounding whitespace trimmed, an empty cell as none.
        var expected = strings
            .Select(s => s.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim())
            .Where(s => s.Length > 0)
            .ToList();
        foreach (var document in new[] { ImportFiles.Read("blns.csv", csv), ImportFiles.Read("blns.xlsx", xlsx) })
        {
            Assert.Equal(expected, document.Blocks.Select(b => b.Text));
            Assert.All(document.Blocks, b => Assert.Equal(new ImportColumns(b.Text, b.Text, b.Text, b.Text), b.Columns));
        }

        Assert.True(expected.Count > 400, $"Only {expected.Count} naughty strings were compared.");
    }

    private static string NoteText(int i) =>
        $"Note {i}: participants from the region said that incident reports are shared too late, often after the damage is done, "
        + "because national teams wait for clearance from ministries; several asked for a standing agreement that lets technical "
        + "teams share indicators at once, with a review after thirty days, and for a common taxonomy so reports can be compared.";

    private static string Quote(string? value) => value is null ? string.Empty : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static Row InlineRow(uint index, string text) =>
        new(new Cell { CellReference = $"A{index}", DataType = CellValues.InlineString, InlineString = new InlineString(new CellText(text)) }) { RowIndex = index };

    private static string ImportFileError(string name, byte[] content) => Assert.Throws<ImportFileException>(() => ImportFiles.Read(name, content)).Message;
}
