using Consultations.Core.Comparison;

namespace Consultations.Core.Domain;

public enum BriefStatus
{
    /// <summary>Being written; researchers edit it.</summary>
    Draft,

    /// <summary>Waiting for a reviewer: frozen until approved (published) or returned.</summary>
    InReview,
}

/// <summary>What a brief compares: the consultations, themes and filters it was generated from.</summary>
public sealed record BriefScope(IReadOnlyList<string> ConsultationIds, IReadOnlyList<string> Themes, NoteKind? Kind, string? SubTheme);

/// <summary>One theme × country cell of the coverage table as it was when the brief was generated.</summary>
public sealed record BriefCoverageCell(string ConsultationId, CoverageState State, int Notes);

public sealed record BriefCoverageRow(string Theme, string Label, IReadOnlyList<BriefCoverageCell> Cells);

/// <summary>The coverage table and heatmap data of a brief: counts only, never text.</summary>
public sealed record BriefCoverage(IReadOnlyList<ComparedCountry> Countries, IReadOnlyList<BriefCoverageRow> Rows)
{
    public static BriefCoverage Empty { get; } = new([], []);

    public int MaxNotes => Rows.SelectMany(r => r.Cells).Select(c => c.Notes).DefaultIfEmpty(0).Max();

    public string CountryName(string consultationId) =>
        Countries.FirstOrDefault(c => c.ConsultationId == consultationId)?.Name ?? consultationId;
}

/// <summary>A note a published brief cites, frozen as it was when the brief was published.</summary>
public sealed record CitedNote(string NoteId, string ConsultationId, string CountryName, string SessionId, NoteKind Kind, string Text, int Version);

/// <summary>
/// A comparison brief being written. Draft → in review → published: publishing freezes an immutable
/// <see cref="BriefVersion"/>; the brief itself goes back to draft so the next edition can be prepared.
/// </summary>
public sealed class Brief
{
    public const int MaxTitleLength = 160;
    public const int MaxMarkdownLength = 200_000;
    public const int MaxReasonLength = 1_000;

    private Brief()
    {
    }

    public string Id { get; private set; } = string.Empty;

    public string ProgrammeId { get; private set; } = string.Empty;

    public string Title { get; private set; } = string.Empty;

    /// <summary>The draft text: Markdown with citations written as [@noteId] or [@id1; @id2].</summary>
    public string Markdown { get; private set; } = string.Empty;

    public BriefStatus Status { get; private set; }

    public BriefScope Scope { get; private set; } = new([], [], null, null);

    public BriefCoverage Coverage { get; private set; } = BriefCoverage.Empty;

    /// <summary>Where each cited note lives (note id → consultation id), so a citation is one point read.</summary>
    public IReadOnlyDictionary<string, string> CitationIndex { get; private set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Number of the last published version; 0 before the first.</summary>
    public int PublishedVersion { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public UserRef CreatedBy { get; private set; } = UserRef.System;

    public DateTimeOffset UpdatedAt { get; private set; }

    public UserRef UpdatedBy { get; private set; } = UserRef.System;

    public DateTimeOffset? SubmittedAt { get; private set; }

    public UserRef? SubmittedBy { get; private set; }

    /// <summary>Why a reviewer sent the brief back, shown to its authors until the next submission.</summary>
    public string? ReturnReason { get; private set; }

    /// <summary>Opaque concurrency token owned by the store: set on every read and write.</summary>
    public string? ETag { get; set; }

    public static Brief Create(Programme programme, string title, BriefScope scope, BriefCoverage coverage, string markdown, UserRef by, DateTimeOffset at, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(coverage);
        var brief = new Brief
        {
            Id = id is null ? Ids.New() : Programme.ValidId(id),
            ProgrammeId = programme.Id,
            Scope = scope,
            Coverage = coverage,
            Status = BriefStatus.Draft,
            CreatedAt = at,
            CreatedBy = by,
        };
        brief.Set(title, markdown, by, at);
        return brief;
    }

    /// <summary>Citations in the text whose note is not located yet (typed by hand since the last save).</summary>
    public IReadOnlyList<string> UnindexedCitations() =>
        [.. BriefCitations.Extract(Markdown).Where(id => !CitationIndex.ContainsKey(id))];

    /// <summary>Records where cited notes live; entries no longer cited are dropped so the index stays small.</summary>
    public void IndexCitations(IReadOnlyDictionary<string, string> located)
    {
        ArgumentNullException.ThrowIfNull(located);
        var cited = BriefCitations.Extract(Markdown);
        var index = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in cited)
        {
            if (located.TryGetValue(id, out var consultationId) || CitationIndex.TryGetValue(id, out consultationId))
            {
                index[id] = consultationId;
            }
        }

        CitationIndex = index;
    }

    public void Edit(string title, string markdown, UserRef by, DateTimeOffset at)
    {
        if (Status != BriefStatus.Draft)
        {
            throw new DomainRuleException("This brief is waiting for review: a reviewer must return it before it can be edited.");
        }

        Set(title, markdown, by, at);
    }

    public void SubmitForReview(UserRef by, DateTimeOffset at)
    {
        if (Status != BriefStatus.Draft)
        {
            throw new DomainRuleException("This brief is already waiting for review.");
        }

        Status = BriefStatus.InReview;
        SubmittedAt = at;
        SubmittedBy = by;
        ReturnReason = null;
        UpdatedAt = at;
        UpdatedBy = by;
    }

    public void ReturnToDraft(string reason, UserRef by, DateTimeOffset at)
    {
        if (Status != BriefStatus.InReview)
        {
            throw new DomainRuleException("Only a brief waiting for review can be returned.");
        }

        reason = (reason ?? string.Empty).Trim();
        if (reason.Length is 0 or > MaxReasonLength)
        {
            throw new DomainRuleException($"Say why the brief is returned (1 to {MaxReasonLength} characters) so its authors know what to change.");
        }

        Status = BriefStatus.Draft;
        ReturnReason = reason;
        UpdatedAt = at;
        UpdatedBy = by;
    }

    /// <summary>True when <paramref name="reviewer"/> may approve: someone other than the researcher who submitted it (four eyes).</summary>
    public bool CanBeApprovedBy(UserRef reviewer) =>
        Status == BriefStatus.InReview && SubmittedBy is { } author && !string.Equals(author.Id, reviewer.Id, StringComparison.Ordinal);

    /// <summary>
    /// Freezes the submitted text as the next published version with a snapshot of the notes it cites,
    /// and returns the brief to draft for the next edition.
    /// </summary>
    public BriefVersion Publish(IReadOnlyList<CitedNote> citations, UserRef reviewer, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(citations);
        if (Status != BriefStatus.InReview)
        {
            throw new DomainRuleException("Submit the brief for review before publishing it.");
        }

        if (!CanBeApprovedBy(reviewer))
        {
            throw new DomainRuleException("A brief is approved by a reviewer other than the researcher who submitted it.");
        }

        var cited = BriefCitations.Extract(Markdown).ToHashSet(StringComparer.Ordinal);
        var missing = cited.Except(citations.Select(c => c.NoteId), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new DomainRuleException($"The brief cites {missing.Count} note(s) that are not published or not in its comparison: {string.Join(", ", missing.Order(StringComparer.Ordinal))}. Remove those citations first.");
        }

        var version = new BriefVersion(
            BriefVersion.IdOf(Id, PublishedVersion + 1),
            Id,
            ProgrammeId,
            PublishedVersion + 1,
            Title,
            Markdown,
            Scope,
            Coverage,
            [.. citations.Where(c => cited.Contains(c.NoteId)).OrderBy(c => c.NoteId, StringComparer.Ordinal)],
            SubmittedBy ?? UpdatedBy,
            reviewer,
            at);
        PublishedVersion = version.Number;
        Status = BriefStatus.Draft;
        SubmittedAt = null;
        SubmittedBy = null;
        UpdatedAt = at;
        UpdatedBy = reviewer;
        return version;
    }

    /// <summary>Records a version published from this brief (when the brief changed meanwhile and is saved again).</summary>
    public void RecordPublished(BriefVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.BriefId != Id || version.Number <= PublishedVersion)
        {
            return;
        }

        PublishedVersion = version.Number;
        Status = BriefStatus.Draft;
        SubmittedAt = null;
        SubmittedBy = null;
        UpdatedAt = version.PublishedAt;
        UpdatedBy = version.ApprovedBy;
    }

    private void Set(string title, string markdown, UserRef by, DateTimeOffset at)
    {
        title = (title ?? string.Empty).Trim();
        if (title.Length is 0 or > MaxTitleLength)
        {
            throw new DomainRuleException($"A brief needs a title of 1 to {MaxTitleLength} characters.");
        }

        markdown = NoteContent.NormaliseText(markdown);
        if (markdown.Length > MaxMarkdownLength)
        {
            throw new DomainRuleException($"A brief can be at most {MaxMarkdownLength:N0} characters; this one has {markdown.Length:N0}.");
        }

        Title = title;
        Markdown = markdown;
        UpdatedAt = at;
        UpdatedBy = by;
    }
}

/// <summary>An immutable published edition of a brief, with the notes it cites as they were.</summary>
public sealed record BriefVersion(
    string Id,
    string BriefId,
    string ProgrammeId,
    int Number,
    string Title,
    string Markdown,
    BriefScope Scope,
    BriefCoverage Coverage,
    IReadOnlyList<CitedNote> Citations,
    UserRef Author,
    UserRef ApprovedBy,
    DateTimeOffset PublishedAt)
{
    public static string IdOf(string briefId, int number) => $"{briefId}-v{number}";
}
