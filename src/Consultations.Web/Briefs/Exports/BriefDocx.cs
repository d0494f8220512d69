using System.Globalization;
using System.Text;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using MdTable = Markdig.Extensions.Tables.Table;
using MdTableCell = Markdig.Extensions.Tables.TableCell;
using MdTableColumnAlign = Markdig.Extensions.Tables.TableColumnAlign;
using MdTableRow = Markdig.Extensions.Tables.TableRow;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Consultations.Web.Briefs.Exports;

/// <summary>
/// A published brief as a Word document for funders: title, programme/version line, the body with citations
/// stripped, the coverage table and an optional acknowledgement. Nothing attributable is written: no note ids,
/// no cited note texts, no author or reviewer names.
/// </summary>
public static class BriefDocx
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

    private readonly record struct RunFormat(bool Bold, bool Italic, bool Code, bool Link = false);

    private readonly record struct BlockContext(int ListDepth, bool Quote);

    /// <summary>Walks a Markdig syntax tree and appends the matching Word paragraphs and tables.</summary>
    private sealed class MarkdownToDocx(MainDocumentPart main, OpenXmlCompositeElement target, RunFormat cellFormat = default, MdTableColumnAlign? cellAlign = null)
    {
        // The list marker ("• ", "3. ") waiting for the first paragraph of the current list item.
        private string? _marker;

        public void WriteBlocks(ContainerBlock container, BlockContext context)
        {
            foreach (var block in container)
            {
                WriteBlock(block, context);
            }
        }

        private void WriteBlock(Block block, BlockContext context)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    WriteLeaf(heading, $"Heading{Math.Clamp(heading.Level, 1, 3)}", context with { ListDepth = 0 });
                    break;
                case ParagraphBlock paragraph:
                    WriteLeaf(paragraph, context.Quote ? "Quote" : null, context);
                    break;
                case ThematicBreakBlock:
                    target.Append(new W.Paragraph());
                    break;
                case CodeBlock code:
                    WriteCode(code, context);
                    break;
                case ListBlock list:
                    WriteList(list, context);
                    break;
                case QuoteBlock quote:
                    WriteBlocks(quote, context with { Quote = true });
                    break;
                case MdTable table:
                    WriteTable(table);
                    break;
                case LinkReferenceDefinitionGroup or LinkReferenceDefinition or BlankLineBlock:
                    break;
                case ContainerBlock other:
                    WriteBlocks(other, context);
                    break;
                case LeafBlock leaf:
                    // Anything else (raw HTML is disabled, so this is rare) is kept as its plain source text.
                    var plain = NewParagraph(context.Quote ? "Quote" : null, context, cellAlign);
                    plain.Append(TextRun(leaf.Lines.ToString(), cellFormat));
                    target.Append(plain);
                    break;
                default:
                    break;
            }
        }

        private void WriteLeaf(LeafBlock leaf, string? styleId, BlockContext context)
        {
            var paragraph = NewParagraph(styleId, context, cellAlign);
            new InlineWriter(main, paragraph).Write(leaf.Inline, cellFormat);
            target.Append(paragraph);
        }

        private void WriteCode(CodeBlock code, BlockContext context)
        {
            var paragraph = NewParagraph(context.Quote ? "Quote" : null, context, null);
            var lines = code.Lines.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                {
                    paragraph.Append(new W.Run(new W.Break()));
                }

                paragraph.Append(TextRun(lines[i], new RunFormat(Bold: false, Italic: false, Code: true)));
            }

            target.Append(paragraph);
        }

        private void WriteList(ListBlock list, BlockContext context)
        {
            var number = list.IsOrdered && int.TryParse(list.OrderedStart, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : 1;
            var delimiter = list.OrderedDelimiter == ')' ? ")" : ".";
            var inner = context with { ListDepth = context.ListDepth + 1 };
            foreach (var item in list.OfType<ListItemBlock>())
            {
                _marker = list.IsOrdered
                    ? string.Create(CultureInfo.InvariantCulture, $"{number++}{delimiter} ")
                    : "• ";
                WriteBlocks(item, inner);
                if (_marker is not null)
                {
                    // An empty item, or one that starts with a nested list: the marker still gets its own line.
                    target.Append(NewParagraph("ListParagraph", inner, null));
                }

                _marker = null;
            }
        }

        private void WriteTable(MdTable table)
        {
            var rows = table.OfType<MdTableRow>().ToList();
            var columns = Math.Max(1, rows.Select(r => r.Count).DefaultIfEmpty(1).Max());
            var widths = Enumerable.Repeat(TextWidth / columns, columns).ToArray();
            var word = NewTable(widths);
            foreach (var row in rows)
            {
                var line = row.IsHeader ? new W.TableRow(new W.TableRowProperties(new W.TableHeader())) : new W.TableRow();
                var cells = row.OfType<MdTableCell>().ToList();
                for (var i = 0; i < columns; i++)
                {
                    var cell = EmptyCell(widths[i], null);
                    if (i < cells.Count)
                    {
                        var align = i < table.ColumnDefinitions.Count ? table.ColumnDefinitions[i].Alignment : null;
                        new MarkdownToDocx(main, cell, new RunFormat(Bold: row.IsHeader, Italic: false, Code: false), align).WriteBlocks(cells[i], default);
                    }

                    if (cell.LastChild is not W.Paragraph)
                    {
                        // A Word table cell must end with a paragraph.
                        cell.Append(new W.Paragraph());
                    }

                    line.Append(cell);
                }

                word.Append(line);
            }

            target.Append(word);
        }

        private W.Paragraph NewParagraph(string? styleId, BlockContext context, MdTableColumnAlign? align)
        {
            var marker = _marker;
            _marker = null;
            if (context.ListDepth > 0)
            {
                styleId ??= "ListParagraph";
            }

            var properties = new W.ParagraphProperties
            {
                ParagraphStyleId = styleId is null ? null : new W.ParagraphStyleId { Val = styleId },
                Indentation = context.ListDepth == 0 ? null : new W.Indentation
                {
                    Left = ((context.ListDepth * ListIndent) + (context.Quote ? 720 : 0)).ToString(CultureInfo.InvariantCulture),
                    Hanging = marker is null ? null : ListIndent.ToString(CultureInfo.InvariantCulture),
                },
                Justification = align switch
                {
                    MdTableColumnAlign.Center => new W.Justification { Val = W.JustificationValues.Center },
                    MdTableColumnAlign.Right => new W.Justification { Val = W.JustificationValues.Right },
                    _ => null,
                },
            };
            var paragraph = new W.Paragraph();
            if (properties.HasChildren)
            {
                paragraph.Append(properties);
            }

            if (marker is not null)
            {
                paragraph.Append(TextRun(marker, default));
            }

            return paragraph;
        }
    }

    /// <summary>Appends the runs of an inline tree, carrying bold/italic/code down to the text.</summary>
    private sealed class InlineWriter(MainDocumentPart main, OpenXmlCompositeElement paragraph)
    {
        public void Write(ContainerInline? inlines, RunFormat format)
        {
            if (inlines is null)
            {
                return;
            }

            foreach (var inline in inlines)
            {
                Write(inline, format);
            }
        }

        private void Write(Inline inline, RunFormat format)
        {
            switch (inline)
            {
                case LiteralInline literal when !literal.Content.IsEmpty:
                    paragraph.Append(TextRun(literal.Content.ToString(), format));
                    break;
                case CodeInline code:
                    paragraph.Append(TextRun(code.Content, format with { Code = true }));
                    break;
                case EmphasisInline emphasis:
                    var strong = emphasis.DelimiterCount >= 2;
                    Write(emphasis, strong ? format with { Bold = true } : format with { Italic = true });
                    break;
                case LinkInline link when !link.IsImage && BriefLinks.IsAllowed(BriefLinks.UrlOf(link), out var url) && !url.StartsWith('#'):
                    new InlineWriter(main, Hyperlink(url)).Write(link, format with { Link = true });
                    if (!SameText(url, PlainText(link)))
                    {
                        // Printed too, so a reader of the paper copy still knows where it leads.
                        paragraph.Append(TextRun($" ({url})", format with { Bold = false, Italic = false, Code = false }));
                    }

                    break;
                case LinkInline link:
                    // BriefLinks.Apply has already unwrapped the others; an in-document #fragment has no anchor in the DOCX.
                    Write(link, format);
                    break;
                case AutolinkInline autolink when BriefLinks.IsAllowed(BriefLinks.UrlOf(autolink), out var url):
                    Hyperlink(url).Append(TextRun(autolink.Url, format with { Link = true }));
                    break;
                case AutolinkInline autolink:
                    paragraph.Append(TextRun(autolink.Url, format));
                    break;
                case LineBreakInline lineBreak:
                    paragraph.Append(lineBreak.IsHard ? new W.Run(new W.Break()) : TextRun(" ", format));
                    break;
                case HtmlEntityInline entity:
                    paragraph.Append(TextRun(entity.Transcoded.ToString(), format));
                    break;
                case HtmlInline html:
                    paragraph.Append(TextRun(html.Tag, format));
                    break;
                case DelimiterInline delimiter:
                    // An unmatched delimiter is just the characters typed.
                    paragraph.Append(TextRun(delimiter.ToLiteral(), format));
                    Write(delimiter, format);
                    break;
                case ContainerInline container:
                    Write(container, format);
                    break;
                default:
                    break;
            }
        }

        /// <summary>A hyperlink to an external target, appended to the paragraph; the caller fills in its runs.</summary>
        private W.Hyperlink Hyperlink(string url)
        {
            var relationship = main.AddHyperlinkRelationship(new Uri(url, UriKind.Absolute), isExternal: true);
            var hyperlink = new W.Hyperlink { Id = relationship.Id, History = true };
            paragraph.Append(hyperlink);
            return hyperlink;
        }

        private static bool SameText(string url, string text)
        {
            var bare = url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? url[7..] : url;
            return string.Equals(bare.Trim(), text.Trim(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(url.Trim(), text.Trim(), StringComparison.OrdinalIgnoreCase);
        }

        private static string PlainText(ContainerInline container)
        {
            var text = new StringBuilder();
            foreach (var inline in container.Descendants<Inline>())
            {
                _ = inline switch
                {
                    LiteralInline literal => text.Append(literal.Content.ToString()),
                    CodeInline code => text.Append(code.Content),
                    AutolinkInline autolink => text.Append(autolink.Url),
                    _ => text,
                };
            }

            return text.ToString();
        }
    }
}

/// <summary>The styles a brief uses, defined in the document so it looks the same in Word, LibreOffice and Pages.</summary>
internal static class DocxStyles
{
    public const string TableStyleId = "BriefTable";

    public const string HyperlinkStyleId = "Hyperlink";

    private const string Font = "Calibri";
    private const string Ink = "1F3864";

    public static W.Styles Create()
    {
        var styles = new W.Styles(new W.DocDefaults(
            new W.RunPropertiesDefault(new W.RunPropertiesBaseStyle
            {
                RunFonts = new W.RunFonts { Ascii = Font, HighAnsi = Font, EastAsia = Font, ComplexScript = Font },
                FontSize = new W.FontSize { Val = "22" },
                FontSizeComplexScript = new W.FontSizeComplexScript { Val = "22" },
                Languages = new W.Languages { Val = "en-GB" },
            }),
            new W.ParagraphPropertiesDefault(new W.ParagraphPropertiesBaseStyle
            {
                SpacingBetweenLines = new W.SpacingBetweenLines { After = "160", Line = "264", LineRule = W.LineSpacingRuleValues.Auto },
            })));

        styles.Append(ParagraphStyle("Normal", "Normal", basedOn: null, isDefault: true, new W.StyleParagraphProperties(), new W.StyleRunProperties()));
        styles.Append(ParagraphStyle("Title", "Title", "Normal", isDefault: false,
            new W.StyleParagraphProperties { SpacingBetweenLines = new W.SpacingBetweenLines { After = "80" } },
            new W.StyleRunProperties { Bold = new W.Bold(), Color = new W.Color { Val = Ink }, FontSize = new W.FontSize { Val = "48" }, FontSizeComplexScript = new W.FontSizeComplexScript { Val = "48" } }));
        styles.Append(ParagraphStyle("Subtitle", "Subtitle", "Normal", isDefault: false,
            new W.StyleParagraphProperties { SpacingBetweenLines = new W.SpacingBetweenLines { After = "360" } },
            new W.StyleRunProperties { Color = new W.Color { Val = "595959" }, FontSize = new W.FontSize { Val = "24" }, FontSizeComplexScript = new W.FontSizeComplexScript { Val = "24" } }));
        styles.Append(Heading(1, size: 32, before: 360));
        styles.Append(Heading(2, size: 26, before: 280));
        styles.Append(Heading(3, size: 23, before: 200));
        styles.Append(ParagraphStyle("Quote", "Quote", "Normal", isDefault: false,
            new W.StyleParagraphProperties
            {
                ParagraphBorders = new W.ParagraphBorders(new W.LeftBorder { Val = W.BorderValues.Single, Size = 18, Space = 8, Color = "9CC3E6" }),
                Indentation = new W.Indentation { Left = "720", Right = "720" },
            },
            new W.StyleRunProperties { Italic = new W.Italic(), Color = new W.Color { Val = "404040" } }));
        styles.Append(ParagraphStyle("ListParagraph", "List Paragraph", "Normal", isDefault: false,
            new W.StyleParagraphProperties { SpacingBetweenLines = new W.SpacingBetweenLines { After = "60" } },
            new W.StyleRunProperties()));
        styles.Append(ParagraphStyle("Acknowledgement", "Acknowledgement", "Normal", isDefault: false,
            new W.StyleParagraphProperties
            {
                ParagraphBorders = new W.ParagraphBorders(new W.TopBorder { Val = W.BorderValues.Single, Size = 4, Space = 8, Color = "A6A6A6" }),
                SpacingBetweenLines = new W.SpacingBetweenLines { Before = "480" },
            },
            new W.StyleRunProperties { Italic = new W.Italic(), Color = new W.Color { Val = "404040" }, FontSize = new W.FontSize { Val = "20" }, FontSizeComplexScript = new W.FontSizeComplexScript { Val = "20" } }));
        styles.Append(new W.Style
        {
            Type = W.StyleValues.Character,
            StyleId = HyperlinkStyleId,
            StyleName = new W.StyleName { Val = "Hyperlink" },
            UnhideWhenUsed = new W.UnhideWhenUsed(),
            StyleRunProperties = new W.StyleRunProperties { Color = new W.Color { Val = "0563C1" }, Underline = new W.Underline { Val = W.UnderlineValues.Single } },
        });
        styles.Append(TableStyle());
        return styles;
    }

    private static W.Style Heading(int level, int size, int before) =>
        ParagraphStyle($"Heading{level}", $"heading {level}", "Normal", isDefault: false,
            new W.StyleParagraphProperties
            {
                KeepNext = new W.KeepNext(),
                KeepLines = new W.KeepLines(),
                SpacingBetweenLines = new W.SpacingBetweenLines { Before = before.ToString(CultureInfo.InvariantCulture), After = "120" },
                OutlineLevel = new W.OutlineLevel { Val = level - 1 },
            },
            new W.StyleRunProperties
            {
                Bold = new W.Bold(),
                Color = new W.Color { Val = Ink },
                FontSize = new W.FontSize { Val = size.ToString(CultureInfo.InvariantCulture) },
                FontSizeComplexScript = new W.FontSizeComplexScript { Val = size.ToString(CultureInfo.InvariantCulture) },
            });

    private static W.Style ParagraphStyle(string id, string name, string? basedOn, bool isDefault, W.StyleParagraphProperties paragraph, W.StyleRunProperties run)
    {
        var style = new W.Style
        {
            Type = W.StyleValues.Paragraph,
            StyleId = id,
            Default = isDefault ? true : null,
            StyleName = new W.StyleName { Val = name },
            BasedOn = basedOn is null ? null : new W.BasedOn { Val = basedOn },
            NextParagraphStyle = basedOn is null ? null : new W.NextParagraphStyle { Val = "Normal" },
            PrimaryStyle = new W.PrimaryStyle(),
        };
        if (paragraph.HasChildren)
        {
            style.StyleParagraphProperties = paragraph;
        }

        if (run.HasChildren)
        {
            style.StyleRunProperties = run;
        }

        return style;
    }

    private static W.Style TableStyle()
    {
        static T Line<T>()
            where T : W.BorderType, new() => new() { Val = W.BorderValues.Single, Size = 4, Space = 0, Color = "A6A6A6" };

        return new W.Style
        {
            Type = W.StyleValues.Table,
            StyleId = TableStyleId,
            StyleName = new W.StyleName { Val = "Brief Table" },
            StyleParagraphProperties = new W.StyleParagraphProperties { SpacingBetweenLines = new W.SpacingBetweenLines { Before = "40", After = "40" } },
            StyleTableProperties = new W.StyleTableProperties
            {
                TableBorders = new W.TableBorders
                {
                    TopBorder = Line<W.TopBorder>(),
                    LeftBorder = Line<W.LeftBorder>(),
                    BottomBorder = Line<W.BottomBorder>(),
                    RightBorder = Line<W.RightBorder>(),
                    InsideHorizontalBorder = Line<W.InsideHorizontalBorder>(),
                    InsideVerticalBorder = Line<W.InsideVerticalBorder>(),
                },
                TableCellMarginDefault = new W.TableCellMarginDefault
                {
                    TopMargin = new W.TopMargin { Width = "40", Type = W.TableWidthUnitValues.Dxa },
                    TableCellLeftMargin = new W.TableCellLeftMargin { Width = 100, Type = W.TableWidthValues.Dxa },
                    BottomMargin = new W.BottomMargin { Width = "40", Type = W.TableWidthUnitValues.Dxa },
                    TableCellRightMargin = new W.TableCellRightMargin { Width = 100, Type = W.TableWidthValues.Dxa },
                },
            },
        };
    }
}
