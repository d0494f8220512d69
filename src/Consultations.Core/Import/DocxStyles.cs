using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Consultations.Core.Import;

/// <summary>
/// What a Word paragraph is by its style: a heading (style id or name "Heading …"/"Title", or an outline level), a
/// list item (numbering), a quote (a style named "… Quote"), else a paragraph. Styles inherit through "based on".
/// </summary>
internal sealed class DocxStyles
{
    // Outline level 9 is "body text"; 0–8 are heading levels.
    private const int BodyTextLevel = 9;

    // Far deeper than any real chain of "based on" styles; stops a cycle in a damaged file.
    private const int MaxDepth = 16;

    private readonly Dictionary<string, Style> _styles = new(StringComparer.Ordinal);
    private readonly string? _defaultStyleId;

    public DocxStyles(StyleDefinitionsPart? part)
    {
        foreach (var style in part?.Styles?.Elements<Style>() ?? [])
        {
            if (style.StyleId?.Value is { } id && (style.Type is null || style.Type.Value == StyleValues.Paragraph))
            {
                _styles.TryAdd(id, style);
                if (style.Default?.Value == true)
                {
                    _defaultStyleId ??= id;
                }
            }
        }
    }

    public ImportBlockKind KindOf(Paragraph paragraph)
    {
        var properties = paragraph.ParagraphProperties;
        var chain = Chain(properties?.ParagraphStyleId?.Val?.Value ?? _defaultStyleId).ToList();
        if (IsHeadingName(properties?.ParagraphStyleId?.Val?.Value)
            || properties?.OutlineLevel?.Val?.Value is < BodyTextLevel
            || chain.Any(s => IsHeadingName(s.StyleId?.Value) || IsHeadingName(s.StyleName?.Val?.Value))
            || chain.Select(s => s.StyleParagraphProperties?.OutlineLevel?.Val?.Value).FirstOrDefault(l => l is not null) is < BodyTextLevel)
        {
            return ImportBlockKind.Heading;
        }

        // A paragraph's own numbering wins over its style's; numbering id 0 means "no numbering".
        var numbering = properties?.NumberingProperties?.NumberingId?.Val?.Value
            ?? chain.Select(s => s.StyleParagraphProperties?.NumberingProperties?.NumberingId?.Val?.Value).FirstOrDefault(n => n is not null);
        if (numbering is > 0)
        {
            return ImportBlockKind.ListItem;
        }

        return chain.Any(s => IsQuoteName(s.StyleId?.Value) || IsQuoteName(s.StyleName?.Val?.Value)) || IsQuoteName(properties?.ParagraphStyleId?.Val?.Value)
            ? ImportBlockKind.Quote
            : ImportBlockKind.Paragraph;
    }

    /// <summary>Whether the paragraph is an entry of a table of contents ("TOC 1"…"TOC 9"), which repeats the headings.</summary>
    public bool IsContentsEntry(Paragraph paragraph)
    {
        var id = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
        return IsContentsName(id) || (id is not null && _styles.TryGetValue(id, out var style) && IsContentsName(style.StyleName?.Val?.Value));
    }

    /// <summary>The paragraph's style and those it is based on, nearest first.</summary>
    private IEnumerable<Style> Chain(string? styleId)
    {
        for (var depth = 0; styleId is not null && depth < MaxDepth && _styles.TryGetValue(styleId, out var style); depth++)
        {
            yield return style;
            styleId = style.BasedOn?.Val?.Value;
        }
    }

    private static bool IsHeadingName(string? name) =>
        name is not null && (name.StartsWith("heading", StringComparison.OrdinalIgnoreCase) || name.StartsWith("title", StringComparison.OrdinalIgnoreCase));

    private static bool IsContentsName(string? name) =>
        name is not null && name.StartsWith("toc", StringComparison.OrdinalIgnoreCase) && name.Length <= 5 && char.IsAsciiDigit(name[^1]);

    private static bool IsQuoteName(string? name) => name is not null && name.Contains("quote", StringComparison.OrdinalIgnoreCase);
}
