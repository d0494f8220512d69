using Consultations.Core.Audit;
using Consultations.Core.Domain;

namespace Consultations.Core.Storage;

/// <summary>Programmes (with their taxonomy). Few and small: listed whole.</summary>
public interface IProgrammeStore
{
    /// <summary>All programmes ordered by name.</summary>
    Task<IReadOnlyList<Programme>> ListAsync(CancellationToken cancellationToken = default);

    Task<Programme?> GetAsync(string programmeId, CancellationToken cancellationToken = default);

    /// <summary>Inserts; <see cref="ConcurrencyConflictException"/> (AlreadyExists) when the id is taken.</summary>
    Task<Programme> CreateAsync(Programme programme, CancellationToken cancellationToken = default);

    /// <summary>Replaces if the programme's ETag is still current; otherwise <see cref="ConcurrencyConflictException"/>.</summary>
    Task<Programme> UpdateAsync(Programme programme, CancellationToken cancellationToken = default);
}

/// <summary>Consultations with their sessions, co-chairs and facilitator assignments; addressed within a programme.</summary>
public interface IConsultationStore
{
    /// <summary>The consultations of a programme ordered by start date, then country code.</summary>
    Task<IReadOnlyList<Consultation>> ListByProgrammeAsync(string programmeId, CancellationToken cancellationToken = default);

    Task<Consultation?> GetAsync(string programmeId, string consultationId, CancellationToken cancellationToken = default);

    Task<Consultation> CreateAsync(Consultation consultation, CancellationToken cancellationToken = default);

    Task<Consultation> UpdateAsync(Consultation consultation, CancellationToken cancellationToken = default);
}

/// <summary>Notes, addressed within their consultation (every query stays inside one consultation).</summary>
public interface INoteStore
{
    Task<Note?> GetAsync(string consultationId, string noteId, CancellationToken cancellationToken = default);

    /// <summary>All notes of a session in the order they were written (creation time, then id).</summary>
    Task<IReadOnlyList<Note>> ListBySessionAsync(string consultationId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>A page of a consultation's notes in the order they were written, filtered by <paramref name="query"/>.</summary>
    Task<NotePage> QueryAsync(string consultationId, NoteQuery query, CancellationToken cancellationToken = default);

    /// <summary>Note counts per session, status and theme.</summary>
    Task<IReadOnlyList<NoteTally>> TallyAsync(string consultationId, CancellationToken cancellationToken = default);

    Task<Note> CreateAsync(Note note, CancellationToken cancellationToken = default);

    Task<Note> UpdateAsync(Note note, CancellationToken cancellationToken = default);

    /// <summary>Deletes if the note's ETag is still current; otherwise <see cref="ConcurrencyConflictException"/>.</summary>
    Task DeleteAsync(Note note, CancellationToken cancellationToken = default);
}

/// <summary>Capture drafts: one per facilitator and session, read only by id, deleted when the note is added.</summary>
public interface ICaptureDraftStore
{
    Task<CaptureDraft?> GetAsync(string consultationId, string draftId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts when the draft has no ETag (<see cref="ConcurrencyConflictException"/> AlreadyExists when another window
    /// started one first), otherwise replaces only if the ETag is still current (StaleVersion when not).
    /// </summary>
    Task<CaptureDraft> SaveAsync(CaptureDraft draft, CancellationToken cancellationToken = default);

    /// <summary>Deletes if the draft's ETag is still current; otherwise <see cref="ConcurrencyConflictException"/>.</summary>
    Task DeleteAsync(CaptureDraft draft, CancellationToken cancellationToken = default);
}

/// <summary>The participant register of a consultation: one document, restricted.</summary>
public interface IParticipantRegisterStore
{
    Task<ParticipantRegister?> GetAsync(string consultationId, CancellationToken cancellationToken = default);

    /// <summary>Inserts when the register has no ETag, otherwise replaces if the ETag is current.</summary>
    Task<ParticipantRegister> SaveAsync(ParticipantRegister participantRegister, CancellationToken cancellationToken = default);
}

/// <summary>Comparison briefs of a programme and their immutable published versions; addressed within a programme.</summary>
public interface IBriefStore
{
    /// <summary>The briefs of a programme, most recently changed first.</summary>
    Task<IReadOnlyList<Brief>> ListByProgrammeAsync(string programmeId, CancellationToken cancellationToken = default);

    Task<Brief?> GetAsync(string programmeId, string briefId, CancellationToken cancellationToken = default);

    Task<Brief> CreateAsync(Brief brief, CancellationToken cancellationToken = default);

    Task<Brief> UpdateAsync(Brief brief, CancellationToken cancellationToken = default);

    /// <summary>Deletes a brief that was never published, if its ETag is current.</summary>
    Task DeleteAsync(Brief brief, CancellationToken cancellationToken = default);

    /// <summary>Stores a published version once: a second version with the same number is an AlreadyExists conflict, so two approvals cannot both publish it.</summary>
    Task<BriefVersion> CreateVersionAsync(BriefVersion version, CancellationToken cancellationToken = default);

    Task<BriefVersion?> GetVersionAsync(string programmeId, string briefId, int number, CancellationToken cancellationToken = default);

    /// <summary>Published versions of a programme's briefs (of one brief when <paramref name="briefId"/> is given), newest publication first.</summary>
    Task<IReadOnlyList<BriefVersion>> ListVersionsAsync(string programmeId, string? briefId = null, CancellationToken cancellationToken = default);
}

public static class NoteStoreExtensions
{
    /// <summary>Every note of a consultation matching <paramref name="query"/>, following the continuation tokens page by page.</summary>
    public static async IAsyncEnumerable<Note> ReadAllAsync(
        this INoteStore notes,
        string consultationId,
        NoteQuery query,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(query);
        var page = query with { PageSize = NoteQuery.MaxPageSize, ContinuationToken = null };
        do
        {
            var result = await notes.QueryAsync(consultationId, page, cancellationToken);
            foreach (var note in result.Notes)
            {
                yield return note;
            }

            page = page with { ContinuationToken = result.ContinuationToken };
        }
        while (page.ContinuationToken is not null);
    }
}

/// <summary>The stores that hold a programme's record (capture drafts and the audit trail are not part of it), for work that spans them all: copying a programme between backends.</summary>
public sealed record StoreSet(IProgrammeStore Programmes, IConsultationStore Consultations, INoteStore Notes, IParticipantRegisterStore Registers, IBriefStore Briefs);

/// <summary>Filters for <see cref="INoteStore.QueryAsync"/>; null means "any".</summary>
public sealed record NoteQuery
{
    public const int MaxPageSize = 500;

    public IReadOnlySet<NoteStatus>? Statuses { get; init; }

    public IReadOnlySet<string>? SessionIds { get; init; }

    public string? Theme { get; init; }

    public NoteKind? Kind { get; init; }

    /// <summary>A "theme-key/sub-key" reference the note must carry.</summary>
    public string? SubTheme { get; init; }

    /// <summary>The speaker's stakeholder group key.</summary>
    public string? StakeholderGroup { get; init; }

    /// <summary>Notes published at or after this instant (so only published notes).</summary>
    public DateTimeOffset? PublishedSince { get; init; }

    /// <summary>Notes first written by this user id.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>True: notes a lead facilitator returned that are not yet through review again (<see cref="Note.Returned"/>).</summary>
    public bool? Returned { get; init; }

    public int PageSize { get; init; } = 50;

    /// <summary>Opaque token from the previous page; null for the first page.</summary>
    public string? ContinuationToken { get; init; }
}

public sealed record NotePage(IReadOnlyList<Note> Notes, string? ContinuationToken);

/// <summary>How many notes a session has in a status; <see cref="ByTheme"/> counts a note once per theme it carries.</summary>
public sealed record NoteTally(string SessionId, NoteStatus Status, int Notes, IReadOnlyDictionary<string, int> ByTheme);

/// <summary>The audit trail: append and read only. Nothing in the app can change or remove an entry once written.</summary>
public interface IAuditStore
{
    /// <summary>Writes a new entry; <see cref="ConcurrencyConflictException"/> (AlreadyExists) when its id is taken.</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>A page of entries matching <paramref name="query"/>, newest first (time, then id, both descending).</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);
}

/// <summary>Filters for <see cref="IAuditStore.QueryAsync"/>; null means "any".</summary>
public sealed record AuditQuery
{
    public const int MaxPageSize = 500;

    /// <summary>Entries at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Entries strictly before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    public string? ActorId { get; init; }

    public AuditAction? Action { get; init; }

    public string? ProgrammeId { get; init; }

    public int PageSize { get; init; } = 50;

    /// <summary>Opaque token from the previous page; null for the first page.</summary>
    public string? ContinuationToken { get; init; }
}

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? ContinuationToken);

public static class AuditStoreExtensions
{
    /// <summary>Every entry matching <paramref name="query"/>, newest first, following the continuation tokens page by page.</summary>
    public static async IAsyncEnumerable<AuditEntry> ReadAllAsync(
        this IAuditStore audit,
        AuditQuery query,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(query);
        var page = query with { PageSize = AuditQuery.MaxPageSize, ContinuationToken = null };
        do
        {
            var result = await audit.QueryAsync(page, cancellationToken);
            foreach (var entry in result.Entries)
            {
                yield return entry;
            }

            page = page with { ContinuationToken = result.ContinuationToken };
        }
        while (page.ContinuationToken is not null);
    }
}
