using System.Globalization;

namespace Consultations.Core.Import;

/// <summary>
/// Where the columns an import reads sit in a header row (a spreadsheet's first non-empty row, or a Word table's first
/// row), matched by name: case, spaces, underscores and hyphens do not matter. Unknown columns are ignored.
/// </summary>
internal sealed class SpreadsheetColumns
{
    private const int Absent = -1;

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["text"] = "text",
        ["note"] = "text",
        ["notes"] = "text",
        ["session"] = "session",
        ["kind"] = "kind",
        ["stakeholdergroup"] = "stakeholder_group",
        ["group"] = "stakeholder_group",
        ["themes"] = "themes",
        ["theme"] = "themes",
    };

    private int _text = Absent;
    private int _session = Absent;
    private int _kind = Absent;
    private int _group = Absent;
    private int _themes = Absent;

    private SpreadsheetColumns()
    {
    }

    /// <summary>The columns of a header row, or null when it has no text column.</summary>
    public static SpreadsheetColumns? Match(IReadOnlyList<string?> headers)
    {
        var columns = new SpreadsheetColumns();
        for (var i = 0; i < headers.Count; i++)
        {
            if (!Aliases.TryGetValue(Normalise(headers[i]), out var name))
            {
                continue;
            }

            // The first of two columns with the same meaning wins, as a person reading left to right would expect.
            switch (name)
            {
                case "text" when columns._text == Absent: columns._text = i; break;
                case "session" when columns._session == Absent: columns._session = i; break;
                case "kind" when columns._kind == Absent: columns._kind = i; break;
                case "stakeholder_group" when columns._group == Absent: columns._group = i; break;
                case "themes" when columns._themes == Absent: columns._themes = i; break;
                default: break;
            }
        }

        return columns._text == Absent ? null : columns;
    }

    /// <summary>The header row of a spreadsheet, which must name a text column.</summary>
    public static SpreadsheetColumns Require(IReadOnlyList<string?> headers, string headerRow) =>
        Match(headers) ?? throw new ImportFileException(MissingText(headers, headerRow));

    /// <summary>
    /// Adds a row as a block unless all its cells are empty. Its text is the text column's; the other columns are kept as
    /// written (trimmed, empty as null) for the import plan to match.
    /// </summary>
    public void AddRow(ImportBlockList blocks, string location, IReadOnlyList<string?> cells)
    {
        if (cells.All(string.IsNullOrWhiteSpace))
        {
            return;
        }

        var columns = new ImportColumns(Cell(cells, _session), Cell(cells, _kind), Cell(cells, _group), Cell(cells, _themes));
        blocks.Add(location, ImportBlockKind.Row, Cell(cells, _text) ?? string.Empty, columns);
    }

    /// <summary>A cell as a block reads it: line endings unified, trimmed, empty as null.</summary>
    public static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = TextDecoding.UnifyLineEndings(value).Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    private static string? Cell(IReadOnlyList<string?> cells, int index) => index >= 0 && index < cells.Count ? Clean(cells[index]) : null;

    private static string Normalise(string? header) =>
        string.Concat((header ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c is not ('_' or '-' or '\uFEFF'))).ToLowerInvariant();

    private static string MissingText(IReadOnlyList<string?> headers, string headerRow)
    {
        const int shown = 12;
        var found = headers.Select(Clean).OfType<string>().ToList();

        // Headers are shown shortened: a first row that is really a note should not be repeated whole.
        var named = string.Join(", ", found.Take(shown).Select(h => $"“{(h.Length > 40 ? h[..40] + "…" : h)}”"));
        var more = found.Count > shown ? string.Create(CultureInfo.InvariantCulture, $" and {found.Count - shown:N0} more") : string.Empty;
        var has = found.Count == 0 ? $"{headerRow} has no column names" : $"{headerRow} has the columns {named}{more}";
        return $"The first row must name the columns, with at least a “text” column; {has}. Expected columns: text (required), session, kind, stakeholder_group, themes.";
    }
}
