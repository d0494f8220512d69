using System.Globalization;
using Consultations.Core.Access;

namespace Consultations.Core.Audit;

/// <summary>What someone did that the programme must be able to account for later.</summary>
public enum AuditAction
{
    SignedIn,
    ProgrammeCreated,
    ProgrammeUpdated,
    TaxonomyChanged,
    ConsultationCreated,
    ConsultationUpdated,
    FacilitatorAssigned,
    FacilitatorUnassigned,
    NotePublished,
    NoteReturnedToReview,
    GuardOverridden,
    ParticipantAdded,
    ParticipantEdited,
    ParticipantRemoved,
    RegisterImported,
    RegisterPurged,
    BriefSubmitted,
    BriefPublished,
    BriefReturned,
    BriefDeleted,
    BriefReadByFunder,
    BriefExported,
    ComparisonExported,
    ExportBlocked,
    AuditExported,
    GuardUnmaskRequested,
    GuardUnmaskConfirmed,
    GuardUnmaskWithdrawn,
    SearchExported,
    NotesImported,
}

public enum AuditOutcome
{
    Succeeded,

    /// <summary>The app stopped the action (e.g. the export gate); nothing left the repository.</summary>
    Refused,
}

/// <summary>
/// One line of the append-only audit trail. It says who did what, where and to which document, in a short detail
/// that never holds note text or participant names (counts, versions, labels, and a lead's own reasons only).
/// </summary>
public sealed record AuditEntry(
    string Id,
    DateTimeOffset At,
    string ActorId,
    string ActorName,
    IReadOnlyList<Role> ActorRoles,
    AuditAction Action,
    string? ProgrammeId,
    string? ConsultationId,
    string? TargetType,
    string? TargetId,
    string Detail,
    AuditOutcome Outcome)
{
    /// <summary>Long enough for a count, a version and a quoted reason; too short for a note to slip in whole.</summary>
    public const int MaxDetailLength = 300;

    /// <summary>A new entry stamped in UTC; throws <see cref="ArgumentException"/> for a detail <see cref="EnsureValid"/> refuses.</summary>
    public static AuditEntry Create(Actor actor, AuditAction action, AuditSubject subject, string? detail, AuditOutcome outcome, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(subject);
        var entry = new AuditEntry(
            Domain.Ids.New(),
            at.ToUniversalTime(),
            actor.UserId,
            actor.Name,
            [.. actor.Roles.Order()],
            action,
            subject.ProgrammeId,
            subject.ConsultationId,
            subject.TargetType,
            subject.TargetId,
            detail ?? string.Empty,
            outcome);
        entry.EnsureValid();
        return entry;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless the entry has an id and actor and its detail is one line of at most <see cref="MaxDetailLength"/> characters.</summary>
    public void EnsureValid()
    {
        if (string.IsNullOrEmpty(Id) || string.IsNullOrEmpty(ActorId))
        {
            throw new ArgumentException("An audit entry needs an id and an actor.");
        }

        if (Detail is null || Detail.Length > MaxDetailLength)
        {
            throw new ArgumentException($"An audit detail can be at most {MaxDetailLength} characters; this one has {Detail?.Length}.");
        }

        if (Detail.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("An audit detail is one line.");
        }
    }

    /// <summary>The calendar month (UTC) an instant falls in, as yyyy-MM: the Cosmos DB partition of its entries.</summary>
    public static string MonthOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

/// <summary>Where an action happened and on which document; every part optional.</summary>
public sealed record AuditSubject(string? ProgrammeId = null, string? ConsultationId = null, string? TargetType = null, string? TargetId = null)
{
    public static AuditSubject None { get; } = new();

    public static AuditSubject User(string userId) => new(TargetType: "user", TargetId: userId);

    public static AuditSubject Programme(string programmeId) => new(programmeId, null, "programme", programmeId);

    public static AuditSubject Consultation(string programmeId, string consultationId) => new(programmeId, consultationId, "consultation", consultationId);

    public static AuditSubject Assignment(string programmeId, string consultationId, string userId) => new(programmeId, consultationId, "user", userId);

    public static AuditSubject Note(string programmeId, string consultationId, string noteId) => new(programmeId, consultationId, "note", noteId);

    public static AuditSubject Register(string programmeId, string consultationId) => new(programmeId, consultationId, "participant-register", consultationId);

    public static AuditSubject Participant(string programmeId, string consultationId, string participantId) => new(programmeId, consultationId, "participant", participantId);

    public static AuditSubject Brief(string programmeId, string briefId) => new(programmeId, null, "brief", briefId);

    public static AuditSubject BriefVersion(string programmeId, string briefId, int number) =>
        new(programmeId, null, "brief-version", Domain.BriefVersion.IdOf(briefId, number));

    public static AuditSubject Comparison(string programmeId) => new(programmeId, null, "comparison", programmeId);

    public static AuditSubject Search(string programmeId) => new(programmeId, null, "search", programmeId);
}

public static class AuditLabels
{
    public static string Label(this AuditAction action) => action switch
    {
        AuditAction.SignedIn => "Signed in",
        AuditAction.ProgrammeCreated => "Programme created",
        AuditAction.ProgrammeUpdated => "Programme changed",
        AuditAction.TaxonomyChanged => "Themes changed",
        AuditAction.ConsultationCreated => "Consultation created",
        AuditAction.ConsultationUpdated => "Consultation changed",
        AuditAction.FacilitatorAssigned => "Facilitator assigned",
        AuditAction.FacilitatorUnassigned => "Facilitator unassigned",
        AuditAction.NotePublished => "Note published",
        AuditAction.NoteReturnedToReview => "Note returned to review",
        AuditAction.GuardOverridden => "Guard overridden",
        AuditAction.ParticipantAdded => "Participant added",
        AuditAction.ParticipantEdited => "Participant edited",
        AuditAction.ParticipantRemoved => "Participant removed",
        AuditAction.RegisterImported => "Register imported",
        AuditAction.NotesImported => "Notes imported",
        AuditAction.RegisterPurged => "Register purged",
        AuditAction.BriefSubmitted => "Brief submitted",
        AuditAction.BriefPublished => "Brief approved and published",
        AuditAction.BriefReturned => "Brief returned",
        AuditAction.BriefDeleted => "Brief deleted",
        AuditAction.BriefReadByFunder => "Brief read by a funder",
        AuditAction.BriefExported => "Brief exported",
        AuditAction.ComparisonExported => "Comparison exported",
        AuditAction.ExportBlocked => "Stopped by the export gate",
        AuditAction.AuditExported => "Audit trail exported",
        AuditAction.GuardUnmaskRequested => "Unmasking asked for",
        AuditAction.GuardUnmaskConfirmed => "Unmasking confirmed",
        AuditAction.GuardUnmaskWithdrawn => "Unmasking withdrawn",
        AuditAction.SearchExported => "Search results exported",
        _ => action.ToString(),
    };

    public static string Label(this AuditOutcome outcome) => outcome == AuditOutcome.Refused ? "Refused" : "Succeeded";
}
