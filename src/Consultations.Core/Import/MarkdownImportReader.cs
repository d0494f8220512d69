using System.Globalization;
using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Consultations.Core.Import;

/// <summary>
/// A Markdown file read as CommonMark: headings, paragraphs, each list item (nested ones on their own), a block quote
/// as one quote, code as a paragraph of its literal text. Inline formatting is dropped; HTML is never a note.
/// </summary>
internal static class MarkdownImportReader
{
    public static IReadOnlyList<ImportBlock> Read(string text, ImportLimits limits)
    {
        var blocks = new ImportBlockList(limits.MaxBlocks);
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(text);
        }
        catch (ArgumentException ex)
        {
            // Markdig's guard against nesting so deep that walking it would exhaust the stack.
            throw new ImportFileException("The file nests lists or quotes more deeply than any notes do (hundreds of levels), so it is not read.", ex);
        }

        foreach (var block in document)
        {
            Visit(block, blocks);
        }

        return blocks.ToList();
    }

    private static void Visit(Block block, ImportBlockList blocks)
    {
        switch (block)
        {
            case HeadingBlock heading:
                Add(blocks, heading, ImportBlockKind.Heading, InlineText(heading.Inline));
                break;
            case ParagraphBlock paragraph:
                Add(blocks, paragraph, ImportBlockKind.Paragraph, InlineText(paragraph.Inline));
                break;
            case CodeBlock code:
                Add(blocks, code, ImportBlockKind.Paragraph, code.Lines.ToString());
                break;
            case QuoteBlock quote:
                Add(blocks, quote, ImportBlockKind.Quote, string.Join("\n\n", LeafTexts(quote).Where(t => t.Length > 0)));
                break;
            case ListItemBlock item:
                // The item's own text; nested lists, quotes and code within it come after as blocks of their own.
                var own = item.OfType<ParagraphBlock>().Select(p => InlineText(p.Inline)).Where(t => t.Length > 0);
                Add(blocks, item, ImportBlockKind.ListItem, string.Join("\n\n", own));
                foreach (var child in item.Where(c => c is not ParagraphBlock))
                {
                    Visit(child, blocks);
                }

                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    Visit(child, blocks);
                }

                break;
            default:
                // Thematic breaks, HTML blocks, link reference definitions and blank lines are not notes.
                break;
        }
    }

    private static void Add(ImportBlockList blocks, Block block, ImportBlockKind kind, string text)
    {
        text = text.Trim();
        if (text.Length > 0)
        {
            blocks.Add(string.Create(CultureInfo.InvariantCulture, $"line {FirstLine(block) + 1}"), kind, text);
        }
    }

    /// <summary>The 0-based line a block starts on: a setext heading's block sits on its underline, its text above.</summary>
    private static int FirstLine(Block block) =>
        block is HeadingBlock { IsSetext: true, Inline: { } inline } ? Math.Max(0, block.Line - 1 - inline.Descendants<LineBreakInline>().Count()) : block.Line;

    /// <summary>The text of every heading, paragraph and code block within a container, in order.</summary>
    private static IEnumerable<string> LeafTexts(ContainerBlock container)
    {
        foreach (var child in container)
        {
            switch (child)
            {
                case HeadingBlock heading:
                    yield return InlineText(heading.Inline).Trim();
                    break;
                case ParagraphBlock paragraph:
                    yield return InlineText(paragraph.Inline).Trim();
                    break;
                case CodeBlock code:
                    yield return code.Lines.ToString().Trim();
                    break;
                case ContainerBlock inner:
                    foreach (var text in LeafTexts(inner))
                    {
                        yield return text;
                    }

                    break;
                default:
                    break;
            }
        }
    }

    private static string InlineText(ContainerInline? inline)
    {
        var text = new StringBuilder();
        Append(text, inline);
        return text.ToString();
    }

    private static void Append(StringBuilder text, Inline? inline)
    {
        switch (inline)
        {
            case null:
                break;
            case LiteralInline literal:
                text.Append(literal.Content.AsSpan());
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case AutolinkInline autolink:
                text.Append(autolink.Url);
                break;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.AsSpan());
                break;
            case LineBreakInline lineBreak:
                text.Append(lineBreak.IsHard ? '\n' : ' ');
                break;
            case ContainerInline container:
                // Emphasis, links (their text, not the address) and images (their description).
                foreach (var child in container)
                {
                    Append(text, child);
                }

                break;
            default:
                // Raw HTML tags are markup, not words; the text between them is literal and kept.
                break;
        }
    }
}
