using System.Globalization;
using System.Text;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;

namespace Consultations.Web.Briefs.Exports;

/// <summary>
/// A published brief as one Markdown file: title, programme/version line, body, coverage table and,
/// for researchers only, the frozen text of every cited note.
/// </summary>
public static class BriefMarkdownExport
{
    private const int SourceExcerptLength = 160;

    /// <summary>The Markdown file; <paramref name="withCitations"/> keeps the citations and adds Sources, so never for funders.</summary>
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
