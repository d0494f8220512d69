using Consultations.Core.Domain;

namespace Consultations.Core.Search;

/// <summary>
/// What the search index holds of one thing that can be found. The store stays the source of truth: documents are made
/// from it and the index can be rebuilt from them at any time. The index never decides who may read what — the caller
/// hands it text already gated and masked for readers — but it refuses a document that could not have come from the
/// gate (<see cref="EnsureValid"/>).
/// </summary>
public abstract record SearchDocument
{
    /// <summary>Unique within the index; an upsert replaces the document with the same key.</summary>
    public abstract string Key { get; }

    public required string ProgrammeId { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when the document is incomplete or holds reader text no reader may see.</summary>
    public virtual void EnsureValid()
    {
        if (string.IsNullOrWhiteSpace(ProgrammeId))
        {
            throw new ArgumentException($"Search document {Key} has no programme.");
        }
    }

    protected static void Require(string? value, string what, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"Search document {key} has no {what}.");
        }
    }
}

/// <summary>
/// A note: its full text (searched only by the facilitators of its consultation) and, when readers may see it, the text
/// readers see (<see cref="ReaderText"/>: published, not off the record, let through by the reader gate and masked).
/// </summary>
public sealed record NoteSearchDocument : SearchDocument
{
    public override string Key => KeyOf(NoteId);

    public required string NoteId { get; init; }

    public required string ConsultationId { get; init; }

    public required string SessionId { get; init; }

    /// <summary>ISO 3166-1 alpha-2 of the consultation.</summary>
    public required string CountryCode { get; init; }

    public required string SessionTitle { get; init; }

    /// <summary>The session's place in the consultation's agenda, from 0.</summary>
    public int AgendaOrder { get; init; }

    /// <summary>The consultation's first day: agenda order sorts consultations by it.</summary>
    public DateOnly ConsultationStart { get; init; }

    public DisclosureRule DisclosureRule { get; init; }

    public NoteStatus Status { get; init; }

    public NoteKind Kind { get; init; }

    public IReadOnlyList<string> Themes { get; init; } = [];

    /// <summary>Sub-theme references, "theme/sub-theme".</summary>
    public IReadOnlyList<string> SubThemes { get; init; } = [];

    public string? StakeholderGroup { get; init; }

    /// <summary>How many participants of the consultation's register share <see cref="StakeholderGroup"/>; readers do not see a group below k.</summary>
    public int? StakeholderGroupSize { get; init; }

    /// <summary>The year the consultation took place.</summary>
    public int Year { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The facilitator who wrote the note (staff, never a participant).</summary>
    public required string AuthorId { get; init; }

    /// <summary>The note as written, names included: only its consultation's facilitators search it.</summary>
    public required string Text { get; init; }

    /// <summary>The masked reader copy's text, or null when readers may not see the note (not published, off the record, withheld by the gate).</summary>
    public string? ReaderText { get; init; }

    public static string KeyOf(string noteId) => "note/" + noteId;

    /// <summary>
    /// The document for <paramref name="note"/>. <paramref name="readerCopy"/> is what the reader gate handed out for it
    /// (<see cref="Note.ForReaders"/>), or null when the gate withheld it or readers may not see it;
    /// <paramref name="groupCounts"/> are the register's participants per stakeholder group.
    /// </summary>
    public static NoteSearchDocument For(Programme programme, Consultation consultation, Note note, Note? readerCopy, IReadOnlyDictionary<string, int>? groupCounts)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(note);
        if (note.IsReaderCopy)
        {
            throw new ArgumentException("A search document is made from the note itself; its reader copy goes in readerCopy.", nameof(note));
        }

        if (readerCopy is not null && (!readerCopy.IsReaderCopy || readerCopy.Id != note.Id || readerCopy.Version != note.Version))
        {
            throw new ArgumentException("readerCopy must be the reader gate's masked copy of this version of the note.", nameof(readerCopy));
        }

        if (note.ProgrammeId != programme.Id || note.ConsultationId != consultation.Id)
        {
            throw new ArgumentException($"Note {note.Id} is not part of consultation {consultation.Id} of programme {programme.Id}.", nameof(note));
        }

        var agenda = consultation.Sessions.ToList().FindIndex(s => s.Id == note.SessionId);
        if (agenda < 0)
        {
            throw new ArgumentException($"Note {note.Id} belongs to a session its consultation no longer has.", nameof(note));
        }

        var session = consultation.Sessions[agenda];
        var document = new NoteSearchDocument
        {
            ProgrammeId = programme.Id,
            NoteId = note.Id,
            ConsultationId = consultation.Id,
            SessionId = session.Id,
            CountryCode = consultation.CountryCode,
            SessionTitle = session.Title,
            AgendaOrder = agenda,
            ConsultationStart = consultation.StartDate,
            DisclosureRule = session.DisclosureRule,
            Status = note.Status,
            Kind = note.Kind,
            Themes = note.Themes,
            SubThemes = note.SubThemes,
            StakeholderGroup = note.StakeholderGroup,
            StakeholderGroupSize = note.StakeholderGroup is { } group && groupCounts?.TryGetValue(group, out var size) == true ? size : null,
            Year = consultation.StartDate.Year,
            CreatedAt = note.CreatedAt,
            UpdatedAt = note.UpdatedAt,
            AuthorId = note.CreatedBy.Id,
            Text = note.Text,
            ReaderText = readerCopy?.Text,
        };
        document.EnsureValid();
        return document;
    }

    public override void EnsureValid()
    {
        base.EnsureValid();
        Require(NoteId, "note id", Key);
        Require(ConsultationId, "consultation", Key);
        Require(SessionId, "session", Key);
        Require(CountryCode, "country", Key);
        Require(AuthorId, "author", Key);
        ArgumentNullException.ThrowIfNull(Text);
        ArgumentNullException.ThrowIfNull(SessionTitle);
        if (ReaderText is not null && (Status != NoteStatus.Published || DisclosureRule == DisclosureRule.OffTheRecord))
        {
            throw new ArgumentException($"Search document {Key} carries reader text, but readers never see a note that is {Status.Label().ToLowerInvariant()} or off the record.");
        }
    }
}

/// <summary>A published brief version as funders read it: title and text without citations, masked by the caller.</summary>
public sealed record BriefSearchDocument : SearchDocument
{
    public override string Key => KeyOf(VersionId);

    public required string BriefId { get; init; }

    /// <summary><see cref="BriefVersion.Id"/>.</summary>
    public required string VersionId { get; init; }

    public int Number { get; init; }

    public required string Title { get; init; }

    /// <summary>The brief's text without citations.</summary>
    public required string Text { get; init; }

    /// <summary>The consultations the brief compares.</summary>
    public IReadOnlyList<string> ConsultationIds { get; init; } = [];

    public IReadOnlyList<string> Themes { get; init; } = [];

    public NoteKind? Kind { get; init; }

    public DateTimeOffset PublishedAt { get; init; }

    public static string KeyOf(string versionId) => "brief/" + versionId;

    /// <summary>
    /// The document for <paramref name="version"/>: <paramref name="readerTitle"/> and <paramref name="readerMarkdown"/>
    /// are its title and text as readers get them today (masked against the registers); citations are taken out here.
    /// </summary>
    public static BriefSearchDocument For(BriefVersion version, string readerTitle, string readerMarkdown)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(readerTitle);
        ArgumentNullException.ThrowIfNull(readerMarkdown);
        var document = new BriefSearchDocument
        {
            ProgrammeId = version.ProgrammeId,
            BriefId = version.BriefId,
            VersionId = version.Id,
            Number = version.Number,
            Title = readerTitle,
            Text = BriefCitations.Strip(readerMarkdown),
            ConsultationIds = version.Scope.ConsultationIds,
            Themes = version.Scope.Themes,
            Kind = version.Scope.Kind,
            PublishedAt = version.PublishedAt,
        };
        document.EnsureValid();
        return document;
    }

    public override void EnsureValid()
    {
        base.EnsureValid();
        Require(BriefId, "brief id", Key);
        Require(VersionId, "version id", Key);
        ArgumentNullException.ThrowIfNull(Title);
        ArgumentNullException.ThrowIfNull(Text);
        if (BriefCitations.Extract(Text).Count > 0)
        {
            throw new ArgumentException($"Search document {Key} still cites notes: brief text is indexed without citations.");
        }
    }
}
