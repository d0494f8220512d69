using System.Globalization;
using System.Text;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Consultations.Web.Briefs.Exports;

/// <summary>
/// A published brief as one Markdown file: title, programme/version line, body, coverage table and,
/// for researchers only, the frozen text of every cited note.
/// </summary>
public static class BriefMarkdownExport
{
    private const int SourceExcerptLength = 160;

    // A rewrite can make a new link out of the text around it ("[[a](data:x)](javascript:y)"), so the body is parsed again until nothing changes.
    private const int MaxLinkPasses = 16;

    // Raw HTML on, as in the most permissive viewer; precise spans because the rewrite edits the source text.
    private static readonly MarkdownPipeline ViewerPipeline = new MarkdownPipelineBuilder().UsePipeTables().UsePreciseSourceLocation().Build();

    /// <summary>
    /// The Markdown file; <paramref name="withCitations"/> keeps the citations and adds Sources, so never for funders.
    /// Links <see cref="BriefLinks"/> refuses, images and raw HTML are rewritten as text, so no viewer shows them as markup.
    /// </summary>
    public static string Export(BriefVersion version, string programmeName, bool withCitations)
    {
        ArgumentNullException.ThrowIfNull(version);
        var text = new StringBuilder();
        text.Append("# ").Append(EscapeInline(OneLine(version.Title))).Append('\n').Append('\n');
        text.Append('*').Append(EscapeInline(BriefExportText.Subtitle(version, programmeName))).Append('*').Append('\n').Append('\n');

        var body = (withCitations ? version.Markdown : BriefCitations.Strip(version.Markdown))
            .Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace('\r', '\n')
            .TrimEnd();
        body = WithSafeLinks(body).TrimEnd();
        if (body.Length > 0)
        {
            text.Append(body).Append('\n').Append('\n');
        }

        AppendCoverage(text, version.Coverage);
        if (withCitations)
        {
            AppendSources(text, version);
        }

        return text.ToString();
    }

    private static void AppendCoverage(StringBuilder text, BriefCoverage coverage)
    {
        text.Append("## Coverage\n\n");
        if (coverage.Countries.Count == 0 || coverage.Rows.Count == 0)
        {
            text.Append(BriefExportText.NoCoverage).Append('\n');
            return;
        }

        text.Append(EscapeInline(BriefExportText.CoverageExplanation)).Append('\n').Append('\n');
        text.Append("| Theme |");
        foreach (var country in coverage.Countries)
        {
            text.Append(' ').Append(Cell(country.Name)).Append(" |");
        }

        text.Append('\n').Append("| --- |");
        foreach (var _ in coverage.Countries)
        {
            text.Append(" ---: |");
        }

        text.Append('\n');
        foreach (var row in coverage.Rows)
        {
            text.Append("| ").Append(Cell(BriefExportText.ThemeLabel(row))).Append(" |");
            foreach (var country in coverage.Countries)
            {
                text.Append(' ').Append(Cell(BriefExportText.CellText(BriefExportText.CellOf(row, country)))).Append(" |");
            }

            text.Append('\n');
        }
    }

    private static void AppendSources(StringBuilder text, BriefVersion version)
    {
        text.Append('\n').Append("## Sources\n\n");
        if (version.Citations.Count == 0)
        {
            text.Append("This brief cites no notes.\n");
            return;
        }

        // Listed in the order the body first cites them, so a reader can follow along.
        var order = BriefCitations.Extract(version.Markdown)
            .Select((id, index) => (id, index))
            .ToDictionary(p => p.id, p => p.index, StringComparer.Ordinal);
        foreach (var note in version.Citations.OrderBy(c => order.GetValueOrDefault(c.NoteId, int.MaxValue)).ThenBy(c => c.NoteId, StringComparer.Ordinal))
        {
            text.Append("- ").Append(BriefCitations.Format([note.NoteId])).Append(": ")
                .Append(EscapeInline(OneLine(note.CountryName))).Append(" — ")
                .Append(note.Kind.Label()).Append(" — “")
                .Append(EscapeInline(Excerpt(note.Text))).Append("” (version ")
                .Append(note.Version.ToString(CultureInfo.InvariantCulture)).Append(")\n");
        }
    }

    private static string Excerpt(string text)
    {
        var line = OneLine(text);
        if (line.Length <= SourceExcerptLength)
        {
            return line;
        }

        // Never cut a surrogate pair in half: the file must stay valid UTF-8.
        var cut = char.IsHighSurrogate(line[SourceExcerptLength - 1]) ? SourceExcerptLength - 1 : SourceExcerptLength;
        return line[..cut].TrimEnd() + "…";
    }

    /// <summary>
    /// The body with every link the policy refuses and every image replaced by its escaped text, every refused
    /// reference definition removed and every raw HTML tag escaped; allowed links stay exactly as written.
    /// </summary>
    internal static string WithSafeLinks(string markdown)
    {
        for (var pass = 0; pass < MaxLinkPasses; pass++)
        {
            var edits = LinkEdits(markdown);
            if (edits is null)
            {
                break;
            }

            if (edits.Count == 0)
            {
                return markdown;
            }

            var rewritten = new StringBuilder(markdown.Length);
            var at = 0;
            foreach (var (start, end, replacement) in edits.OrderBy(e => e.Start))
            {
                // An edit inside one already made waits for the next pass.
                if (start < at)
                {
                    continue;
                }

                rewritten.Append(markdown, at, start - at).Append(replacement);
                at = end;
            }

            markdown = rewritten.Append(markdown, at, markdown.Length - at).ToString();
        }

        // Still changing, or a source position that cannot be trusted: no bracket or angle bracket stays markup.
        return EscapeLinkSyntax(markdown);
    }

    /// <summary>The edits one pass makes (start, end exclusive, replacement), or null when Markdig's positions do not fit the text.</summary>
    private static List<(int Start, int End, string Replacement)>? LinkEdits(string markdown)
    {
        var document = Markdown.Parse(markdown, ViewerPipeline);
        var edits = new List<(int Start, int End, string Replacement)>();
        bool Add(SourceSpan span, string replacement)
        {
            if (span.Start < 0 || span.End >= markdown.Length || span.End < span.Start)
            {
                return false;
            }

            edits.Add((span.Start, span.End + 1, replacement));
            return true;
        }

        bool EscapeTagAt(int position) =>
            position >= 0 && position < markdown.Length && markdown[position] == '<' && Add(new SourceSpan(position, position), "\\<");

        foreach (var node in document.Descendants())
        {
            var ok = node switch
            {
                LinkReferenceDefinition definition when !BriefLinks.IsAllowed(definition.Url) => Add(definition.Span, string.Empty),
                HtmlBlock html => html.Span.Start >= 0 && html.Span.End < markdown.Length && Enumerable.Range(html.Span.Start, html.Span.Length).Where(i => markdown[i] == '<').All(EscapeTagAt),
                HtmlInline html => EscapeTagAt(html.Span.Start),
                AutolinkInline autolink when !BriefLinks.IsAllowed(BriefLinks.UrlOf(autolink)) => Add(autolink.Span, EscapeText(autolink.Url)),
                LinkInline link when (link.IsImage || !BriefLinks.IsAllowed(BriefLinks.UrlOf(link))) && !InsideRewrittenLink(link) =>
                    link.Span.End < markdown.Length && link.Span.Start >= 0 && BriefCitations.Strip(markdown.Substring(link.Span.Start, link.Span.Length)).Length == 0
                        ? true // "[@id]" resolved through a refused definition: that goes, and the citation is text again.
                        : Add(link.Span, EscapeText(PlainText(link))),
                _ => true,
            };
            if (!ok)
            {
                return null;
            }
        }

        return edits;
    }

    /// <summary>Whether an enclosing link is itself rewritten (its replacement already covers this one).</summary>
    private static bool InsideRewrittenLink(Inline inline)
    {
        for (var parent = inline.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is LinkInline link && (link.IsImage || !BriefLinks.IsAllowed(BriefLinks.UrlOf(link))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A link's text as a reader sees it: literals, code, decoded entities, alt texts; line breaks as spaces.</summary>
    private static string PlainText(ContainerInline container)
    {
        var text = new StringBuilder();
        foreach (var inline in container)
        {
            _ = inline switch
            {
                LiteralInline literal => text.Append(literal.Content.ToString()),
                CodeInline code => text.Append(code.Content),
                HtmlEntityInline entity => text.Append(entity.Transcoded.ToString()),
                AutolinkInline autolink => text.Append(autolink.Url),
                HtmlInline html => text.Append(html.Tag),
                LineBreakInline => text.Append(' '),
                ContainerInline inner => text.Append(PlainText(inner)),
                _ => text,
            };
        }

        return text.ToString();
    }

    /// <summary>Backslash-escapes what could make text into a link, image, tag, entity, emphasis, code or table cell again.</summary>
    private static string EscapeText(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '(' or ')' or '!' or '|' or '~' or '#' or '&')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>Escapes every bracket and angle bracket not already escaped: without them no link, image or tag can be written.</summary>
    private static string EscapeLinkSyntax(string markdown)
    {
        var escaped = new StringBuilder(markdown.Length + 16);
        for (var i = 0; i < markdown.Length; i++)
        {
            var c = markdown[i];
            if (c == '\\' && i + 1 < markdown.Length)
            {
                escaped.Append(c).Append(markdown[++i]);
                continue;
            }

            if (c is '[' or ']' or '<' or '>')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static string OneLine(string? text) =>
        string.Join(' ', (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Cell(string text) => EscapeInline(OneLine(text));

    /// <summary>Backslash-escapes the characters that would turn plain text into Markdown markup (pipes included, for tables).</summary>
    private static string EscapeInline(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '~' or '#')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}

/// <summary>Wording shared by the Markdown and DOCX exports, so both say the same thing.</summary>
internal static class BriefExportText
{
    public const string NotDiscussed = "not discussed";
    public const string NotRecorded = "not recorded";
    public const string CoverageExplanation = "Published notes per theme and country. “not discussed”: no session on the theme; “not recorded”: a session, but no published notes.";
    public const string NoCoverage = "No coverage was recorded for this brief.";

    public static string Subtitle(BriefVersion version, string? programmeName)
    {
        var published = version.PublishedAt.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        var number = version.Number.ToString(CultureInfo.InvariantCulture);
        var programme = (programmeName ?? string.Empty).Trim();
        return programme.Length > 0
            ? $"{programme} · Version {number} · published {published}"
            : $"Version {number} · published {published}";
    }

    public static string ThemeLabel(BriefCoverageRow row) => string.IsNullOrWhiteSpace(row.Label) ? row.Theme : row.Label;

    /// <summary>The cell of a country; one missing from the snapshot had no session on the theme.</summary>
    public static BriefCoverageCell CellOf(BriefCoverageRow row, ComparedCountry country) =>
        row.Cells.FirstOrDefault(c => string.Equals(c.ConsultationId, country.ConsultationId, StringComparison.Ordinal))
        ?? new BriefCoverageCell(country.ConsultationId, CoverageState.NotDiscussed, 0);

    public static string CellText(BriefCoverageCell cell) => cell.State switch
    {
        CoverageState.Recorded => cell.Notes.ToString(CultureInfo.InvariantCulture),
        CoverageState.NotRecorded => NotRecorded,
        _ => NotDiscussed,
    };
}
