using System.Globalization;
using CsvHelper;

namespace Consultations.Core.Import;

/// <summary>
/// A CSV file: the first non-empty row names the columns, each later row is one block. Rows are numbered as a
/// spreadsheet program shows them, counting empty rows and treating a quoted line break as part of its cell.
/// Cells are text as written: "=1+1" stays "=1+1", nothing is ever evaluated.
/// </summary>
internal static class CsvImportReader
{
    public static IReadOnlyList<ImportBlock> Read(string text, ImportLimits limits)
    {
        var (separator, hintLines) = Separator(text);
        var options = CsvReaderOptions.Default with
        {
            Separator = separator,
            HasHeader = false,
            SkipEmptyLines = false,
            TrimWhitespace = false,
            DetectSeparatorHint = false,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            PoolStrings = false,

            // Cell values are notes: keep them out of exception messages and so out of logs.
            IncludeValuesInExceptions = false,
            OnMalformedRecord = record =>
            {
                // A stray quote is kept as text, as a spreadsheet does; an unclosed one would swallow every row after it.
                if (record.Reason == CsvMalformedReason.UnterminatedQuote)
                {
                    throw new ImportFileException(
                        $"A double quote opened in the record that starts on line {record.LineNumber} is never closed, so every row after it would be read as one cell. Close the quote (a quote inside a value is written twice: \"\") and choose the file again.");
                }
            },
            TrackLineNumbers = true,
        };

        var blocks = new ImportBlockList(limits.MaxBlocks);
        using var reader = CsvReader.FromText(hintLines > 0 ? text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..] : text, options);
        SpreadsheetColumns? columns = null;
        var row = 0;
        var cells = new List<string?>();
        while (reader.Read())
        {
            row++;
            cells.Clear();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                cells.Add(reader.GetString(i));
            }

            if (columns is null)
            {
                if (cells.Any(c => !string.IsNullOrWhiteSpace(c)))
                {
                    columns = SpreadsheetColumns.Require(cells, string.Create(CultureInfo.InvariantCulture, $"Row {row}"));
                }

                continue;
            }

            columns.AddRow(blocks, string.Create(CultureInfo.InvariantCulture, $"row {row}"), cells);
        }

        if (columns is null)
        {
            throw new ImportFileException("The file has no rows: its first row should name the columns (text, and optionally session, kind, stakeholder_group, themes), and each row after it hold a note.");
        }

        return blocks.ToList();
    }

    /// <summary>
    /// The separator of the file: Excel's "sep=;" first line when there is one (then skipped, as Excel hides it), else the
    /// most frequent of comma, semicolon and tab outside quotes in the first non-empty line; comma when there is none.
    /// </summary>
    private static (char Separator, int HintLines) Separator(string text)
    {
        var firstLineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        var firstLine = firstLineEnd < 0 ? text : text[..firstLineEnd];
        if (firstLine.Length == 5 && firstLine.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && firstLine[4] is ',' or ';' or '\t' or '|')
        {
            return (firstLine[4], 1);
        }

        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        var seenText = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '\n' && !quoted && seenText)
            {
                break;
            }
            else if (!quoted)
            {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }

            seenText |= !char.IsWhiteSpace(c);
        }

        return tabs > commas && tabs >= semicolons ? ('\t', 0)
            : semicolons > commas ? (';', 0)
            : (',', 0);
    }
}
