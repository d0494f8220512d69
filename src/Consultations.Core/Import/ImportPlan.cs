using Consultations.Core.Domain;
using Consultations.Core.Guard;

namespace Consultations.Core.Import;

/// <summary>
/// One proposed note of an import, as the preview shows it and the import writes it. The fields a person can fix
/// (session, kind, group, whether to import) change through <see cref="ImportPlan.Fix"/>; the text never changes here —
/// a wrong text is fixed in the file or, after importing, on the note.
/// </summary>
public sealed record ImportRow
{
    /// <summary>1-based number of the row among the file's proposed notes (headings are not rows).</summary>
    public required int Row { get; init; }

    /// <summary>Where a person finds it in the file: "paragraph 12", "row 5", "line 30".</summary>
    public required string Location { get; init; }

    /// <summary>The stable key (and the note's id once imported): the consultation, the file's hash, the position and the text.</summary>
    public required string Key { get; init; }

    public required string Text { get; init; }

    /// <summary>SHA-256 of <see cref="Text"/>: what an overlapping file is recognised by.</summary>
    public required string TextSha256 { get; init; }

    public string? SessionId { get; init; }

    /// <summary>What the file named as the session (a column or the heading above) when it matched none; null when it matched or named none.</summary>
    public string? SessionHint { get; init; }

    public NoteKind? Kind { get; init; }

    /// <summary>What the file gave as the kind when it is not one; cleared by a fix.</summary>
    public string? KindHint { get; init; }

    public string? StakeholderGroup { get; init; }

    /// <summary>What the file gave as the stakeholder group when it is not one of the programme's; cleared by a fix.</summary>
    public string? GroupHint { get; init; }

    /// <summary>Themes named in the file, or (when <see cref="ThemesSuggested"/>) suggested by the text analysis.</summary>
    public IReadOnlyList<string> Themes { get; init; } = [];

    public IReadOnlyList<string> SubThemes { get; init; } = [];

    /// <summary>True when the file named no theme and <see cref="Themes"/> are the text analysis's suggestions, applied only if the person accepts them.</summary>
    public bool ThemesSuggested { get; init; }

    /// <summary>Names in the file's themes column that are not themes of the programme: left out, and said so.</summary>
    public IReadOnlyList<string> UnknownThemes { get; init; } = [];

    public IReadOnlyList<GuardFinding> Findings { get; init; } = [];

    /// <summary>The note already in the consultation that this row is (imported from this file before, or the same text); it is skipped.</summary>
    public string? ExistingNoteId { get; init; }

    /// <summary>True when <see cref="ExistingNoteId"/> is this row's own key: the same file was imported before.</summary>
    public bool ImportedBefore => ExistingNoteId is not null && string.Equals(ExistingNoteId, Key, StringComparison.Ordinal);

    /// <summary>Whether the person wants it imported (ticked).</summary>
    public bool Included { get; init; } = true;

    public bool IsAlreadyThere => ExistingNoteId is not null;

    public bool HasProblems => Problems.Count > 0;

    /// <summary>Ticked, without problems, and not already there.</summary>
    public bool WillImport => Included && !IsAlreadyThere && !HasProblems;

    /// <summary>What stops this row from becoming a note until it is fixed or unticked.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            var problems = new List<string>(2);
            if (Text.Length == 0)
            {
                problems.Add("The text is empty.");
            }
            else if (Text.Length > Note.MaxTextLength)
            {
                problems.Add($"The text has {Text.Length:N0} characters; a note can have at most {Note.MaxTextLength:N0}. Split it in the file, or untick the row.");
            }

            if (SessionId is null)
            {
                problems.Add(SessionHint is null ? "No session: choose one." : $"No session matches “{ImportPlan.Shorten(SessionHint)}”: choose one.");
            }

            if (Kind is null)
            {
                problems.Add($"“{ImportPlan.Shorten(KindHint ?? string.Empty)}” is not a kind of note (finding, recommendation, challenge or quote): choose one.");
            }

            if (GroupHint is not null && StakeholderGroup is null)
            {
                problems.Add($"“{ImportPlan.Shorten(GroupHint)}” is not a stakeholder group of this programme: choose one, or none.");
            }

            return problems;
        }
    }
}

/// <summary>A person's correction to one or more rows; null fields are left as they are.</summary>
public sealed record ImportFix
{
    public string? SessionId { get; init; }

    public NoteKind? Kind { get; init; }

    /// <summary>A stakeholder group key; see <see cref="ClearGroup"/> for "no group".</summary>
    public string? StakeholderGroup { get; init; }

    /// <summary>Sets the rows to no stakeholder group (and drops an unknown one the file gave).</summary>
    public bool ClearGroup { get; init; }

    public bool? Include { get; init; }
}

/// <summary>Every proposed note of one file for one consultation, with the person's fixes; built by <see cref="ImportPlanner"/>.</summary>
public sealed class ImportPlan
{
    private readonly ImportRow[] _rows;

    internal ImportPlan(ImportDocument document, string programmeId, string consultationId, IReadOnlyList<ImportRow> rows, IReadOnlyList<string> unmatchedHeadings)
    {
        FileName = document.FileName;
        Format = document.Format;
        FileSha256 = document.Sha256;
        Bytes = document.Bytes;
        Encoding = document.Encoding;
        ProgrammeId = programmeId;
        ConsultationId = consultationId;
        _rows = [.. rows];
        UnmatchedHeadings = unmatchedHeadings;
    }

    public string FileName { get; }

    public ImportFormat Format { get; }

    public string FileSha256 { get; }

    public long Bytes { get; }

    public string? Encoding { get; }

    public string ProgrammeId { get; }

    public string ConsultationId { get; }

    public IReadOnlyList<ImportRow> Rows => _rows;

    /// <summary>Headings in the file that named no session (they switched nothing), so the person can see why rows landed where they did.</summary>
    public IReadOnlyList<string> UnmatchedHeadings { get; }

    /// <summary>Whether the suggested themes are applied to the rows that carry suggestions (the person's choice; off until they accept).</summary>
    public bool AcceptSuggestedThemes { get; set; }

    public int WillImport => _rows.Count(r => r.WillImport);

    public int AlreadyThere => _rows.Count(r => r.IsAlreadyThere);

    /// <summary>Ticked rows that cannot be imported until fixed or unticked.</summary>
    public int BlockedByProblems => _rows.Count(r => r.Included && !r.IsAlreadyThere && r.HasProblems);

    public int Unticked => _rows.Count(r => !r.Included && !r.IsAlreadyThere);

    public int WithFindings => _rows.Count(r => r.Findings.Count > 0);

    /// <summary>Applies a fix to the given rows (1-based numbers); a session or group that is not the consultation's is refused.</summary>
    public void Fix(IEnumerable<int> rows, ImportFix fix, Consultation consultation, Programme programme)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(fix);
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(programme);
        if (fix.SessionId is { } session && consultation.FindSession(session) is null)
        {
            throw new DomainRuleException("That session is not one of this consultation's.");
        }

        if (fix.StakeholderGroup is { } group && programme.FindStakeholderGroup(group) is null)
        {
            throw new DomainRuleException("That stakeholder group is not one of this programme's.");
        }

        if (fix.Kind is { } kind && !Enum.IsDefined(kind))
        {
            throw new DomainRuleException("Choose what kind of note this is.");
        }

        foreach (var number in rows)
        {
            if (number < 1 || number > _rows.Length)
            {
                continue;
            }

            var row = _rows[number - 1];
            if (fix.SessionId is not null)
            {
                row = row with { SessionId = fix.SessionId, SessionHint = null };
            }

            if (fix.Kind is not null)
            {
                row = row with { Kind = fix.Kind, KindHint = null };
            }

            if (fix.ClearGroup)
            {
                row = row with { StakeholderGroup = null, GroupHint = null };
            }
            else if (fix.StakeholderGroup is not null)
            {
                row = row with { StakeholderGroup = fix.StakeholderGroup, GroupHint = null };
            }

            if (fix.Include is { } include)
            {
                row = row with { Included = include };
            }

            _rows[number - 1] = row;
        }
    }

    /// <summary>The note content a row becomes: its themes only when they came from the file, or when the person accepted the suggestions.</summary>
    public NoteContent ContentOf(ImportRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var useThemes = !row.ThemesSuggested || AcceptSuggestedThemes;
        return new NoteContent(row.Text, row.Kind ?? NoteKind.Finding, row.StakeholderGroup, useThemes ? row.Themes : [], useThemes ? row.SubThemes : []);
    }

    internal static string Shorten(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 79), "…");
}
