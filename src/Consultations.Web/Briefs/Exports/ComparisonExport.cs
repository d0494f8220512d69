namespace Consultations.Web.Briefs.Exports;

/// <summary>One theme × country cell of a comparison, flattened for a spreadsheet.</summary>
public sealed record ComparisonExportRow(string Theme, string Country, string Coverage, int Notes, string Groups, string KeyPhrases, string Summary);

/// <summary>
/// The comparison matrix as CSV or XLSX, written by <see cref="SpreadsheetTable"/>: every text cell neutralised,
/// because note text, key phrases and summaries come from what participants said.
/// </summary>
public static class ComparisonExport
{
    private static readonly SpreadsheetColumn[] Layout =
    [
        new("Theme", 28),
        new("Country", 18),
        new("Coverage", 16),
        new("Notes", 8, SpreadsheetColumnKind.Number),
        new("Stakeholder groups", 30, SpreadsheetColumnKind.Wrapped),
        new("Key phrases", 30, SpreadsheetColumnKind.Wrapped),
        new("Summary", 80, SpreadsheetColumnKind.Wrapped),
    ];

    /// <summary>The header row, in column order.</summary>
    public static IReadOnlyList<string> Columns { get; } = [.. Layout.Select(c => c.Header)];

    public static void WriteCsv(IEnumerable<ComparisonExportRow> rows, Stream output) =>
        SpreadsheetTable.WriteCsv(Layout, Cells(rows), output);

    public static void WriteXlsx(IEnumerable<ComparisonExportRow> rows, string sheetTitle, Stream output) =>
        SpreadsheetTable.WriteXlsx(Layout, Cells(rows), sheetTitle, "Comparison", output);

    /// <summary>A worksheet name Excel accepts: 1 to 31 characters, none of <c>[ ] : * ? / \</c>, not starting or ending with an apostrophe.</summary>
    public static string SheetName(string? title) => SpreadsheetTable.SheetName(title, "Comparison");

    private static IEnumerable<IReadOnlyList<object?>> Cells(IEnumerable<ComparisonExportRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row);
            yield return [row.Theme, row.Country, row.Coverage, row.Notes, row.Groups, row.KeyPhrases, row.Summary];
        }
    }
}
