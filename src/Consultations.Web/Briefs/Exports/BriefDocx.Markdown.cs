using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using MdTable = Markdig.Extensions.Tables.Table;
using MdTableCell = Markdig.Extensions.Tables.TableCell;
using MdTableColumnAlign = Markdig.Extensions.Tables.TableColumnAlign;
using MdTableRow = Markdig.Extensions.Tables.TableRow;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Consultations.Web.Briefs.Exports;

/// <summary>Markdown blocks and inlines written as WordprocessingML paragraphs, runs, lists, tables and hyperlinks.</summary>
public static partial class BriefDocx
{
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
