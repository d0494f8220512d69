using System.Globalization;
using System.IO.Compression;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;
using Consultations.Web.Briefs.Exports;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Consultations.Web.Tests.Briefs;

/// <summary>Brief and comparison exports: what funders get carries nothing attributable, and spreadsheets never run a formula.</summary>
public sealed class ExportTests
{
    private const string Programme = "Maritime Security Dialogue";
    private const string Acknowledgement = "Funded by the Example Foundation.";
    private const string KenyaText = "Port officers in Mombasa shared manifests informally over messaging apps";
    private const string KenyaNote = KenyaText + " and then went on for a long while about customs forms, radio schedules and who kept the only working printer at the harbour.";
    private const string VietNamText = "“We only trust the hub when our own coastguard sits at the table.”";

    private static readonly UserRef Author = new("u-author", "Amara Okafor");
    private static readonly UserRef Reviewer = new("u-reviewer", "Bình Trần");

    private const string Body = """
        Countries compare **well** on *most* themes; see the [regional report](https://example.org/report) [@abc123].

        # Information sharing

        Data moves informally between ports [@abc123; @def456].

        - Regional hubs were valued [@def456]
        - Trust took time

        > Meetings outside the capital drew more voices.

        ## Co-operation across borders

        | Country | Point |
        | --- | ---: |
        | Kenya | Joint patrols [@abc123] |

        1. Agree a shared glossary
        2. Meet twice a year

        ---

        ### Next steps

        Use `secure channels` first.
        """;

    [Fact]
    public void The_docx_opens_with_title_headings_body_and_coverage()
    {
        using var stream = new MemoryStream();
        BriefDocx.Write(Version(), Programme, Acknowledgement, stream);
        stream.Position = 0;

        using var document = WordprocessingDocument.Open(stream, false);
        Assert.Empty(new OpenXmlValidator().Validate(document, TestContext.Current.CancellationToken).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var body = document.MainDocumentPart!.Document!.Body!;
        var paragraphs = body.Elements<W.Paragraph>().Select(p => (Style: StyleOf(p), Text: p.InnerText)).ToList();

        Assert.Contains(("Title", "Regional comparison: information sharing"), paragraphs);
        Assert.Contains(("Subtitle", "Maritime Security Dialogue · Version 2 · published 5 March 2025"), paragraphs);
        Assert.Contains(("Heading1", "Information sharing"), paragraphs);
        Assert.Contains(("Heading2", "Co-operation across borders"), paragraphs);
        Assert.Contains(("Heading3", "Next steps"), paragraphs);
        Assert.Contains(("Heading1", "Coverage"), paragraphs);
        Assert.Contains(("Quote", "Meetings outside the capital drew more voices."), paragraphs);
        Assert.Contains(("ListParagraph", "• Trust took time"), paragraphs);
        Assert.Contains(("ListParagraph", "• Regional hubs were valued"), paragraphs);
        Assert.Contains(("ListParagraph", "2. Meet twice a year"), paragraphs);
        Assert.Contains(("Acknowledgement", Acknowledgement), paragraphs);
        Assert.Contains(paragraphs, p => p.Text == "Countries compare well on most themes; see the regional report (https://example.org/report).");
        Assert.Equal("Regional comparison: information sharing", document.PackageProperties.Title);

        var tables = body.Elements<W.Table>().ToList();
        Assert.Equal(2, tables.Count);
        Assert.Equal(["Country", "Point"], Row(tables[0], 0));
        Assert.Equal(["Kenya", "Joint patrols"], Row(tables[0], 1));

        var coverage = tables[1];
        Assert.Equal(["Theme", "Kenya", "Việt Nam"], Row(coverage, 0));
        Assert.Equal(["Information sharing", "3", "1"], Row(coverage, 1));
        Assert.Equal(["Co-operation", "not discussed", "not recorded"], Row(coverage, 2));
        var fills = coverage.Elements<W.TableRow>().Skip(1).SelectMany(r => r.Elements<W.TableCell>().Skip(1))
            .Select(c => c.TableCellProperties?.Shading?.Fill?.Value).ToList();
        Assert.Equal(4, fills.Distinct().Count());
    }

    [Fact]
    public void The_docx_carries_no_note_ids_no_cited_texts_and_no_names()
    {
        using var stream = new MemoryStream();
        BriefDocx.Write(Version(), Programme, Acknowledgement, stream);

        // Every part of the package, properties included, as raw text.
        using var zip = new ZipArchive(new MemoryStream(stream.ToArray()), ZipArchiveMode.Read);
        var everything = string.Concat(zip.Entries.Select(e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        }));

        Assert.Contains("Information sharing", everything, StringComparison.Ordinal);
        foreach (var forbidden in new[] { "abc123", "def456", "[@", KenyaText, VietNamText, "Mombasa", Author.Name, Author.Id, Reviewer.Name, Reviewer.Id })
        {
            Assert.DoesNotContain(forbidden, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_docx_says_so_when_there_is_no_coverage_and_leaves_out_an_empty_acknowledgement()
    {
        using var stream = new MemoryStream();
        BriefDocx.Write(Version() with { Coverage = BriefCoverage.Empty, Markdown = "Just text." }, Programme, "  ", stream);
        stream.Position = 0;

        using var document = WordprocessingDocument.Open(stream, false);
        Assert.Empty(new OpenXmlValidator().Validate(document, TestContext.Current.CancellationToken).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var body = document.MainDocumentPart!.Document!.Body!;
        Assert.Empty(body.Elements<W.Table>());
        Assert.Contains(body.Elements<W.Paragraph>(), p => p.InnerText == "No coverage was recorded for this brief.");
        Assert.DoesNotContain(body.Elements<W.Paragraph>(), p => StyleOf(p) == "Acknowledgement");
    }

    [Fact]
    public void Markdown_with_citations_keeps_them_and_lists_the_sources()
    {
        var markdown = BriefMarkdownExport.Export(Version(), Programme, withCitations: true);

        Assert.StartsWith("# Regional comparison: information sharing\n\n*Maritime Security Dialogue · Version 2 · published 5 March 2025*\n", markdown, StringComparison.Ordinal);
        Assert.Contains("[@abc123; @def456]", markdown, StringComparison.Ordinal);
        Assert.Contains("## Coverage", markdown, StringComparison.Ordinal);
        Assert.Contains("| Theme | Kenya | Việt Nam |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Co-operation | not discussed | not recorded |", markdown, StringComparison.Ordinal);
        Assert.Contains("## Sources", markdown, StringComparison.Ordinal);
        Assert.Contains($"- [@abc123]: Kenya — Finding — “{KenyaNote[..160].TrimEnd()}…” (version 4)", markdown, StringComparison.Ordinal);
        Assert.Contains($"- [@def456]: Việt Nam — Non-attributed quote — “{VietNamText}” (version 1)", markdown, StringComparison.Ordinal);
        Assert.True(markdown.IndexOf("[@abc123]:", StringComparison.Ordinal) < markdown.IndexOf("[@def456]:", StringComparison.Ordinal), "Sources follow the order of first citation.");
        Assert.DoesNotContain(Author.Name, markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(Reviewer.Name, markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_without_citations_has_no_markers_and_no_source_texts()
    {
        var markdown = BriefMarkdownExport.Export(Version(), Programme, withCitations: false);

        Assert.DoesNotContain("[@", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("## Sources", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Mombasa", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("coastguard", markdown, StringComparison.Ordinal);
        Assert.Contains("Data moves informally between ports.", markdown, StringComparison.Ordinal);
        Assert.Contains("| Kenya | Joint patrols |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_escapes_pipes_in_coverage_cells()
    {
        var version = Version() with
        {
            Coverage = new BriefCoverage(
                [new ComparedCountry("c1", "Trinidad | Tobago")],
                [new BriefCoverageRow("a", "Ports | harbours", [new BriefCoverageCell("c1", CoverageState.Recorded, 2)])]),
        };

        var markdown = BriefMarkdownExport.Export(version, Programme, withCitations: false);

        Assert.Contains("| Theme | Trinidad \\| Tobago |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Ports \\| harbours | 2 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_neutralises_formulas_keeps_plain_text_and_accents()
    {
        using var stream = new MemoryStream();
        ComparisonExport.WriteCsv(Rows(), stream);
        var bytes = stream.ToArray();

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        using var reader = CsvReader.Create(bytes, CsvReaderOptions.Default);
        Assert.Equal(["Theme", "Country", "Coverage", "Notes", "Stakeholder groups", "Key phrases", "Summary"], reader.Headers);
        var records = new List<string[]>();
        while (reader.Read())
        {
            records.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }

        AssertNeutralised(records);
    }

    [Fact]
    public void Xlsx_neutralises_formulas_keeps_numbers_numeric_and_has_no_formula_cells()
    {
        using var stream = new MemoryStream();
        ComparisonExport.WriteXlsx(Rows(), "Compare: [Kenya/Việt Nam]*?", stream);
        stream.Position = 0;

        using var document = SpreadsheetDocument.Open(stream, false);
        Assert.Empty(new OpenXmlValidator().Validate(document, TestContext.Current.CancellationToken).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var workbook = document.WorkbookPart!;
        var sheet = Assert.Single(workbook.Workbook!.Sheets!.Elements<Sheet>());
        Assert.Equal("Compare Kenya Việt Nam", sheet.Name?.Value);
        var worksheet = ((WorksheetPart)workbook.GetPartById(sheet.Id!.Value!)).Worksheet!;
        Assert.Empty(worksheet.Descendants<CellFormula>());
        Assert.NotNull(worksheet.Descendants<Pane>().SingleOrDefault(p => p.State?.Value == PaneStateValues.Frozen));

        var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var rows = worksheet.Descendants<Row>().Select(r => r.Elements<Cell>().ToList()).ToList();
        Assert.Equal(["Theme", "Country", "Coverage", "Notes", "Stakeholder groups", "Key phrases", "Summary"], rows[0].Select(c => Text(c, shared)));
        foreach (var notes in rows.Skip(1).Select(r => r[3]))
        {
            Assert.True(notes.DataType is null || notes.DataType.Value == CellValues.Number);
            Assert.True(int.TryParse(notes.CellValue?.Text, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        }

        AssertNeutralised([.. rows.Skip(1).Select(r => r.Select(c => Text(c, shared)).ToArray())]);
    }

    [Theory]
    [InlineData("Compare: [Kenya/Việt Nam]*?", "Compare Kenya Việt Nam")]
    [InlineData("A very long comparison title that goes on and on", "A very long comparison title th")]
    [InlineData("'quoted'", "quoted")]
    [InlineData("[]:*?/\\", "Comparison")]
    [InlineData("History", "Comparison")]
    [InlineData("", "Comparison")]
    public void Sheet_names_follow_excel_rules(string title, string expected)
    {
        var name = ComparisonExport.SheetName(title);

        Assert.Equal(expected, name);
        Assert.InRange(name.Length, 1, 31);
    }

    private static void AssertNeutralised(List<string[]> records)
    {
        Assert.Equal(2, records.Count);
        var hostile = records[0];
        Assert.Equal("'@SUM(A1)", hostile[0]);
        Assert.StartsWith("'\t", hostile[1], StringComparison.Ordinal);
        Assert.StartsWith("'", hostile[2], StringComparison.Ordinal);
        Assert.Equal("3", hostile[3]);
        Assert.Equal("'-2", hostile[4]);
        Assert.Equal("'+1", hostile[5]);
        Assert.Equal("'=HYPERLINK(\"http://x\",\"y\")", hostile[6]);

        var ordinary = records[1];
        Assert.Equal(["Information sharing", "Việt Nam", "Recorded", "12", "Government 2, Civil society 1", "co-operation – 3 countries", "'  =1+1"], ordinary);
    }

    private static List<ComparisonExportRow> Rows() =>
    [
        new("@SUM(A1)", "\tcmd", "\rx", 3, "-2", "+1", "=HYPERLINK(\"http://x\",\"y\")"),
        new("Information sharing", "Việt Nam", "Recorded", 12, "Government 2, Civil society 1", "co-operation – 3 countries", "  =1+1"),
    ];

    private static string Text(Cell cell, List<string> shared)
    {
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString!.InnerText;
        }

        return cell.DataType?.Value == CellValues.SharedString
            ? shared[int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)]
            : cell.CellValue?.Text ?? string.Empty;
    }

    private static string? StyleOf(W.Paragraph paragraph) => paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;

    private static string[] Row(W.Table table, int index) =>
        [.. table.Elements<W.TableRow>().ElementAt(index).Elements<W.TableCell>().Select(c => c.InnerText)];

    private static BriefVersion Version() => new(
        "brief1-v2",
        "brief1",
        "maritime",
        2,
        "Regional comparison: information sharing",
        Body,
        new BriefScope(["c-kenya", "c-vn"], ["information-sharing", "co-operation"], null, null),
        new BriefCoverage(
            [new ComparedCountry("c-kenya", "Kenya"), new ComparedCountry("c-vn", "Việt Nam")],
            [
                new BriefCoverageRow("information-sharing", "Information sharing", [new BriefCoverageCell("c-kenya", CoverageState.Recorded, 3), new BriefCoverageCell("c-vn", CoverageState.Recorded, 1)]),
                new BriefCoverageRow("co-operation", "Co-operation", [new BriefCoverageCell("c-vn", CoverageState.NotRecorded, 0)]),
            ]),
        [
            new CitedNote("abc123", "c-kenya", "Kenya", "s1", NoteKind.Finding, KenyaNote, 4),
            new CitedNote("def456", "c-vn", "Việt Nam", "s2", NoteKind.Quote, VietNamText, 1),
        ],
        Author,
        Reviewer,
        new DateTimeOffset(2025, 3, 5, 14, 30, 0, TimeSpan.Zero));
}
