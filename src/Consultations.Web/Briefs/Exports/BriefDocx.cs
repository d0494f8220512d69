using System.Globalization;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Markdig;
using Markdig.Syntax;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Consultations.Web.Briefs.Exports;

/// <summary>
/// A published brief as a Word document for funders: title, programme/version line, the body with citations
/// stripped, the coverage table and an optional acknowledgement. Nothing attributable is written: no note ids,
/// no cited note texts, no author or reviewer names.
/// </summary>
public static partial class BriefDocx
{
    // A4 with 2.54 cm margins, in twentieths of a point.
    private const int PageWidth = 11906;
    private const int PageHeight = 16838;
    private const int Margin = 1440;
    private const int TextWidth = PageWidth - (2 * Margin);
    private const int ListIndent = 360;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    public static void Write(BriefVersion version, string programmeName, string? funderAcknowledgement, Stream output)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(output);

        // The package is built in memory because System.IO.Packaging needs a seekable stream and a response body is not.
        using var buffer = new MemoryStream();
        using (var document = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = DocxStyles.Create();
            var body = new W.Body();
            main.Document = new W.Document(body);

            body.Append(Paragraph("Title", version.Title));
            body.Append(Paragraph("Subtitle", BriefExportText.Subtitle(version, programmeName)));

            WriteBody(main, body, BriefCitations.Strip(version.Markdown));

            body.Append(Paragraph("Heading1", "Coverage"));
            AppendCoverage(body, version.Coverage);

            var acknowledgement = (funderAcknowledgement ?? string.Empty).Trim();
            if (acknowledgement.Length > 0)
            {
                body.Append(Paragraph("Acknowledgement", acknowledgement));
            }
            else
            {
                // Word wants a paragraph between a table and the end of the document.
                body.Append(new W.Paragraph());
            }

            body.Append(new W.SectionProperties(
                new W.PageSize { Width = PageWidth, Height = PageHeight },
                new W.PageMargin { Top = Margin, Bottom = Margin, Left = Margin, Right = Margin, Header = 720, Footer = 720, Gutter = 0 }));

            document.PackageProperties.Title = XmlText.Clean(version.Title);
        }

        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    private static void WriteBody(MainDocumentPart main, W.Body body, string markdown)
    {
        MarkdownDocument parsed;
        try
        {
            parsed = Markdown.Parse(markdown, Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig refuses absurdly deep nesting; the funder still gets the text, one paragraph per block.
            foreach (var block in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                body.Append(Paragraph(null, block));
            }

            return;
        }

        BriefLinks.Apply(parsed);
        new MarkdownToDocx(main, body).WriteBlocks(parsed, new BlockContext(0, Quote: false));
    }

    private static void AppendCoverage(W.Body body, BriefCoverage coverage)
    {
        if (coverage.Countries.Count == 0 || coverage.Rows.Count == 0)
        {
            body.Append(Paragraph(null, BriefExportText.NoCoverage));
            return;
        }

        body.Append(Paragraph(null, BriefExportText.CoverageExplanation));
        var columns = coverage.Countries.Count + 1;
        var themeWidth = Math.Min(TextWidth / 3, TextWidth / columns * 2);
        var countryWidth = (TextWidth - themeWidth) / coverage.Countries.Count;
        var widths = new[] { themeWidth }.Concat(Enumerable.Repeat(countryWidth, coverage.Countries.Count)).ToArray();
        var table = NewTable(widths);

        var header = new W.TableRow(new W.TableRowProperties(new W.TableHeader()));
        header.Append(Cell(widths[0], "Theme", bold: true, fill: null, W.JustificationValues.Left));
        for (var i = 0; i < coverage.Countries.Count; i++)
        {
            header.Append(Cell(widths[i + 1], coverage.Countries[i].Name, bold: true, fill: null, W.JustificationValues.Center));
        }

        table.Append(header);
        var max = coverage.MaxNotes;
        foreach (var row in coverage.Rows)
        {
            var line = new W.TableRow();
            line.Append(Cell(widths[0], BriefExportText.ThemeLabel(row), bold: false, fill: null, W.JustificationValues.Left));
            for (var i = 0; i < coverage.Countries.Count; i++)
            {
                var cell = BriefExportText.CellOf(row, coverage.Countries[i]);
                line.Append(Cell(widths[i + 1], BriefExportText.CellText(cell), bold: false, Fill(cell, max), W.JustificationValues.Center));
            }

            table.Append(line);
        }

        body.Append(table);
    }

    /// <summary>Light blue, darker with more notes; grey when not discussed; white when not recorded. The figure is printed too.</summary>
    private static string Fill(BriefCoverageCell cell, int max)
    {
        if (cell.State == CoverageState.NotDiscussed)
        {
            return "E7E6E6";
        }

        if (cell.State != CoverageState.Recorded || max <= 0)
        {
            return "FFFFFF";
        }

        var share = Math.Clamp((double)cell.Notes / max, 0, 1);
        static int Mix(int from, int to, double share) => (int)Math.Round(from + ((to - from) * share));

        // From #DEEBF7 to #7FB2DC: dark enough to tell apart, light enough for black text.
        return string.Create(CultureInfo.InvariantCulture, $"{Mix(0xDE, 0x7F, share):X2}{Mix(0xEB, 0xB2, share):X2}{Mix(0xF7, 0xDC, share):X2}");
    }

    private static W.Table NewTable(IReadOnlyList<int> widths)
    {
        var table = new W.Table(new W.TableProperties
        {
            TableStyle = new W.TableStyle { Val = DocxStyles.TableStyleId },
            TableWidth = new W.TableWidth { Type = W.TableWidthUnitValues.Pct, Width = "5000" },
            TableLook = new W.TableLook { Val = "0620" },
        });
        var grid = new W.TableGrid();
        foreach (var width in widths)
        {
            grid.Append(new W.GridColumn { Width = width.ToString(CultureInfo.InvariantCulture) });
        }

        table.Append(grid);
        return table;
    }

    private static W.TableCell EmptyCell(int width, string? fill) =>
        new(new W.TableCellProperties
        {
            TableCellWidth = new W.TableCellWidth { Type = W.TableWidthUnitValues.Dxa, Width = width.ToString(CultureInfo.InvariantCulture) },
            Shading = fill is null ? null : new W.Shading { Val = W.ShadingPatternValues.Clear, Color = "auto", Fill = fill },
        });

    private static W.TableCell Cell(int width, string text, bool bold, string? fill, W.JustificationValues justification)
    {
        var cell = EmptyCell(width, fill);
        var paragraph = new W.Paragraph(new W.ParagraphProperties { Justification = new W.Justification { Val = justification } });
        paragraph.Append(TextRun(text, new RunFormat(Bold: bold, Italic: false, Code: false)));
        cell.Append(paragraph);
        return cell;
    }

    private static W.Paragraph Paragraph(string? styleId, string text)
    {
        var paragraph = new W.Paragraph();
        if (styleId is not null)
        {
            paragraph.Append(new W.ParagraphProperties { ParagraphStyleId = new W.ParagraphStyleId { Val = styleId } });
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                paragraph.Append(new W.Run(new W.Break()));
            }

            paragraph.Append(TextRun(lines[i], default));
        }

        return paragraph;
    }

    private static W.Run TextRun(string text, RunFormat format)
    {
        var run = new W.Run();
        if (format.Bold || format.Italic || format.Code || format.Link)
        {
            run.Append(new W.RunProperties
            {
                RunStyle = format.Link ? new W.RunStyle { Val = DocxStyles.HyperlinkStyleId } : null,
                RunFonts = format.Code ? new W.RunFonts { Ascii = "Consolas", HighAnsi = "Consolas", ComplexScript = "Consolas" } : null,
                Bold = format.Bold ? new W.Bold() : null,
                Italic = format.Italic ? new W.Italic() : null,
            });
        }

        run.Append(new W.Text(XmlText.Clean(text)) { Space = SpaceProcessingModeValues.Preserve });
        return run;
    }

}
