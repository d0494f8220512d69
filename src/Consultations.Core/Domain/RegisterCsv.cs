using System.Globalization;
using System.Text;
using CsvHelper;

namespace Consultations.Core.Domain;

/// <summary>What a CSV file of participants contained: the entries to add, or the reasons (by row) it cannot be imported.</summary>
public sealed record RegisterCsvResult(IReadOnlyList<ParticipantEntry> Entries, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>Each distinct stakeholder group text in the file (as written, trimmed) and the group it was read as, in order of first appearance.</summary>
    public IReadOnlyList<RegisterCsvGroupMatch> GroupMatches { get; init; } = [];
}

/// <summary>A stakeholder group text from a CSV file, the group it named (by key or by label), and how many rows wrote it so.</summary>
public sealed record RegisterCsvGroupMatch(string Text, StakeholderGroupMatch Match, int Rows);

/// <summary>
/// Reads a participant list exported from a spreadsheet: a header row naming the columns
/// <c>name, organisation, stakeholder_group, role</c> (any order; only <c>name</c> is required), then one participant per row.
/// Rows are numbered as a spreadsheet shows them: the header is row 1.
/// </summary>
public static class RegisterCsv
{
    public const int MaxBytes = 1024 * 1024;

    private const string NameColumn = "name";
    private const string OrganisationColumn = "organisation";
    private const string GroupColumn = "stakeholder_group";
    private const string RoleColumn = "role";

    /// <summary>The header row a template file has.</summary>
    public static IReadOnlyList<string> Columns { get; } = [NameColumn, OrganisationColumn, GroupColumn, RoleColumn];

    private static readonly Dictionary<string, string> ColumnAliases = new(StringComparer.Ordinal)
    {
        [NameColumn] = NameColumn,
        [OrganisationColumn] = OrganisationColumn,
        ["organization"] = OrganisationColumn,
        [GroupColumn] = GroupColumn,
        ["group"] = GroupColumn,
        [RoleColumn] = RoleColumn,
    };

    private static readonly CsvReaderOptions Options = CsvReaderOptions.Default with
    {
        HasHeader = true,
        SkipEmptyLines = true,
        TrimWhitespace = true,
        MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        TrackLineNumbers = true,

        // Field values are names: keep them out of exception messages and so out of logs.
        IncludeValuesInExceptions = false,
        MaxRecordSize = 64 * 1024,
    };

    /// <summary>Parses a whole file (UTF-8 with or without a byte order mark, or UTF-16 with one).</summary>
    public static RegisterCsvResult Parse(ReadOnlySpan<byte> content, IReadOnlyList<StakeholderGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (content.Length > MaxBytes)
        {
            return Failed(string.Create(CultureInfo.InvariantCulture, $"The file is {content.Length / 1024.0:N0} KB; the limit is {MaxBytes / 1024 / 1024} MB. Split it into smaller files."));
        }

        if (Decode(content) is not { } text)
        {
            return Failed("The file is not UTF-8 text. In Excel choose Save As › “CSV UTF-8 (Comma delimited)”; in Google Sheets, File › Download › CSV.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Failed("The file is empty.");
        }

        try
        {
            return Read(text, groups);
        }
        catch (CsvFormatException ex)
        {
            var row = ex.LineNumber > 0 ? ex.LineNumber : ex.RecordNumber;
            return Failed(string.Create(CultureInfo.InvariantCulture, $"Row {row}: a double quote is not closed, or a quoted value is followed by more text. Quote whole values (\"Reyes, Antonio\") and double any quote inside them. Nothing was imported."));
        }
    }

    private static RegisterCsvResult Read(string text, IReadOnlyList<StakeholderGroup> groups)
    {
        using var reader = CsvReader.FromText(text, Options);
        reader.ReadHeader();
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<string>();
        var headers = reader.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i].Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
            if (header.Length == 0 && i == headers.Count - 1)
            {
                continue; // A trailing comma after the last header.
            }

            if (!ColumnAliases.TryGetValue(header, out var column))
            {
                errors.Add($"Row 1: the column “{headers[i].Trim()}” is not one this import knows. The header row should be: {string.Join(",", Columns)}.");
            }
            else if (!columns.TryAdd(column, i))
            {
                errors.Add($"Row 1: the column “{column}” appears twice.");
            }
        }

        if (!columns.ContainsKey(NameColumn))
        {
            errors.Add($"Row 1 must be a header row with at least a “{NameColumn}” column, such as: {string.Join(",", Columns)}.");
        }

        if (errors.Count > 0)
        {
            return new RegisterCsvResult([], errors);
        }

        var entries = new List<ParticipantEntry>();
        var matches = new Dictionary<string, (StakeholderGroupMatch Match, int Rows)>(StringComparer.Ordinal);
        var order = new List<string>();
        while (reader.Read())
        {
            var row = (int)reader.LineNumber;
            var fields = Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToList();
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue; // Spreadsheets export empty rows as ",,,".
            }

            if (fields.Skip(headers.Count).Any(f => !string.IsNullOrWhiteSpace(f)))
            {
                errors.Add($"Row {row}: {fields.Count} values for {headers.Count} columns. Put values that contain a comma in double quotes (\"Reyes, Antonio\").");
                continue;
            }

            string Field(string column) => columns.TryGetValue(column, out var index) && index < fields.Count ? fields[index].Trim() : string.Empty;

            var groupText = Field(GroupColumn);
            string? group = null;
            if (groupText.Length > 0)
            {
                if (StakeholderGroup.Match(groupText, groups) is not { } match)
                {
                    errors.Add($"Row {row}: “{groupText}” is not a stakeholder group of this programme. Write a label or a key (case, spaces and hyphens do not matter): {Described(groups)}; or leave it empty.");
                    continue;
                }

                group = match.Group.Key;
                if (matches.TryGetValue(groupText, out var seen))
                {
                    matches[groupText] = seen with { Rows = seen.Rows + 1 };
                }
                else
                {
                    matches[groupText] = (match, 1);
                    order.Add(groupText);
                }
            }

            var entry = new ParticipantEntry(Field(NameColumn), Field(OrganisationColumn), group, Field(RoleColumn), row);
            if (ParticipantRegister.Check(entry) is { } problem)
            {
                errors.Add($"Row {row}: {problem}");
                continue;
            }

            entries.Add(entry);
            if (entries.Count > ParticipantRegister.MaxParticipants)
            {
                errors.Add($"The file has more than {ParticipantRegister.MaxParticipants:N0} participants, the most a register can hold.");
                break;
            }
        }

        if (entries.Count == 0 && errors.Count == 0)
        {
            errors.Add("The file has a header row but no participants.");
        }

        return errors.Count > 0
            ? new RegisterCsvResult([], errors)
            : new RegisterCsvResult(entries, []) { GroupMatches = [.. order.Select(text => new RegisterCsvGroupMatch(text, matches[text].Match, matches[text].Rows))] };
    }

    /// <summary>“Government” (government), “Armed forces and defence” (armed-forces), …</summary>
    private static string Described(IReadOnlyList<StakeholderGroup> groups) =>
        string.Join(", ", groups.Select(g => $"“{g.Label}” ({g.Key})"));

    /// <summary>The text of the file, or null when it is not valid Unicode text.</summary>
    private static string? Decode(ReadOnlySpan<byte> content)
    {
        Encoding encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var preamble = 0;
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            preamble = 3;
        }
        else if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            (encoding, preamble) = (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }
        else if (content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            (encoding, preamble) = (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }

        try
        {
            return encoding.GetString(content[preamble..]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static RegisterCsvResult Failed(string error) => new([], [error]);
}
