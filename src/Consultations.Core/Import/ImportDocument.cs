namespace Consultations.Core.Import;

/// <summary>The kinds of file notes can be imported from.</summary>
public enum ImportFormat
{
    Word,
    Markdown,
    Text,
    Csv,
    Excel,
}

/// <summary>What a piece of an imported file is; headings steer the import and never become notes.</summary>
public enum ImportBlockKind
{
    Heading,
    Paragraph,
    ListItem,

    /// <summary>A block quote (Markdown) or a paragraph styled as a quote (Word).</summary>
    Quote,

    /// <summary>A row of a table in a Word file, or of a spreadsheet.</summary>
    Row,
}

/// <summary>
/// The columns a spreadsheet row (or a Word table with a matching header row) gave, as written in the file; null when
/// the file has no such column. Matched to the programme's vocabulary by the import plan, not here.
/// </summary>
public sealed record ImportColumns(string? Session, string? Kind, string? StakeholderGroup, string? Themes);

/// <summary>
/// One piece of an imported file that may become a note (or, for a heading, switch the session of those after it).
/// <see cref="Position"/> counts the file's blocks from 1 in reading order and is the same every time the same bytes are read;
/// <see cref="Location"/> says where a person finds it in the file ("paragraph 12", "row 5", "line 30", "table 2, row 3").
/// </summary>
public sealed record ImportBlock(int Position, string Location, ImportBlockKind Kind, string Text, ImportColumns? Columns = null);

/// <summary>A file read for import: its blocks in order, and how its bytes were decoded when it is text.</summary>
public sealed record ImportDocument(string FileName, ImportFormat Format, string Sha256, long Bytes, IReadOnlyList<ImportBlock> Blocks, string? Encoding = null);

/// <summary>A file that cannot be imported at all, with a message for the person who chose it (nothing is saved).</summary>
public sealed class ImportFileException : Exception
{
    public ImportFileException()
    {
    }

    public ImportFileException(string message)
        : base(message)
    {
    }

    public ImportFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
