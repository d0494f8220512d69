using System.Globalization;

namespace Consultations.Web.Briefs.Exports;

/// <summary>One search result as it leaves in a file: where it was said and the note as readers see it (masked).</summary>
public sealed record SearchExportRow(string ConsultationId, string Country, string Session, string Kind, string Themes, string StakeholderGroup, DateTimeOffset Published, string Text, string Link);

/// <summary>Search results as CSV or XLSX, written by <see cref="SpreadsheetTable"/> (every text cell neutralised).</summary>
public static class SearchExport
{
    private static readonly SpreadsheetColumn[] Layout =
    [
        new("Country", 18),
        new("Session", 30, SpreadsheetColumnKind.Wrapped),
        new("Kind", 16),
        new("Themes", 30, SpreadsheetColumnKind.Wrapped),
        new("Stakeholder group", 22),
        new("Published", 12),
        new("Note", 80, SpreadsheetColumnKind.Wrapped),
        new("Link", 40),
    ];

    /// <summary>The header row, in column order.</summary>
    public static IReadOnlyList<string> Columns { get; } = [.. Layout.Select(c => c.Header)];

    public static void WriteCsv(IReadOnlyList<SearchExportRow> rows, Stream output) => SpreadsheetTable.WriteCsv(Layout, Cells(rows), output);

    public static void WriteXlsx(IReadOnlyList<SearchExportRow> rows, string sheetTitle, Stream output) =>
        SpreadsheetTable.WriteXlsx(Layout, Cells(rows), sheetTitle, "Search results", output);

    private static IEnumerable<IReadOnlyList<object?>> Cells(IReadOnlyList<SearchExportRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Select(r => (IReadOnlyList<object?>)
        [
            r.Country, r.Session, r.Kind, r.Themes, r.StakeholderGroup,
            r.Published.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Text, r.Link,
        ]);
    }
}
