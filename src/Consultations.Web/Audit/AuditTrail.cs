using System.Security.Claims;
using Consultations.Core.Access;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Storage;
using Consultations.Web.Identity;
using Consultations.Infrastructure.Guard;

namespace Consultations.Web.Audit;

/// <summary>
/// Writes the audit trail from the pages, after the action itself. It never throws into a page: by then the action has
/// happened and cannot be undone, so a failed write is logged at Error with every field of the entry (the log then
/// holds the record, and an alert on it is how operators learn of the gap) and the user's request carries on.
/// </summary>
public sealed partial class AuditTrail(IAuditStore store, ConsultationGuards guards, TimeProvider time, ILogger<AuditTrail> logger)
{
    /// <summary>Stored instead of a detail the trail refuses (too long to be anything but text that must not be kept).</summary>
    public const string RefusedDetail = "(detail refused: longer than the audit trail keeps)";

    /// <summary>Stands where the guard matched a name, an organisation or contact details in someone's own words.</summary>
    public const string Withheld = AuditQuote.Withheld;

    public Task RecordAsync(ClaimsPrincipal user, AuditAction action, AuditSubject subject, string? detail = null, AuditOutcome outcome = AuditOutcome.Succeeded)
    {
        ArgumentNullException.ThrowIfNull(user);
        Actor actor;
        try
        {
            actor = user.ToActor();
        }
        catch (InvalidOperationException ex)
        {
            LogWriteFailed(logger, ex, action.ToString(), "(unknown)", subject.ProgrammeId, subject.ConsultationId, subject.TargetType, subject.TargetId, outcome.ToString(), detail);
            return Task.CompletedTask;
        }

        return RecordAsync(actor, action, subject, detail, outcome);
    }

    /// <summary>Appends one entry; a detail over <see cref="AuditEntry.MaxDetailLength"/> characters is refused and logged, the entry kept without it.</summary>
    public async Task RecordAsync(Actor actor, AuditAction action, AuditSubject subject, string? detail = null, AuditOutcome outcome = AuditOutcome.Succeeded)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(subject);
        var text = OneLine(detail ?? string.Empty);
        if (text.Length > AuditEntry.MaxDetailLength)
        {
            LogDetailRefused(logger, action.ToString(), text.Length, AuditEntry.MaxDetailLength);
            text = RefusedDetail;
        }

        AuditEntry? entry = null;
        try
        {
            entry = AuditEntry.Create(actor, action, subject, text, outcome, time.GetUtcNow());

            // Not the request's token: a user who closes the tab after acting must not erase the record of it.
            await store.AppendAsync(entry, CancellationToken.None);
        }
#pragma warning disable CA1031 // Whatever failed, the action already happened: log it with the entry and let the page finish.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogWriteFailed(logger, ex, action.ToString(), actor.UserId, subject.ProgrammeId, subject.ConsultationId, subject.TargetType, subject.TargetId, outcome.ToString(), entry?.Detail ?? text);
        }
    }

    /// <summary>One entry per facilitator assigned, unassigned or moved between lead and facilitator since <paramref name="before"/>.</summary>
    public async Task RecordAssignmentsAsync(ClaimsPrincipal user, Consultation consultation, IReadOnlyList<FacilitatorAssignment> before)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(before);
        foreach (var old in before.Where(b => !consultation.IsFacilitator(b.UserId)))
        {
            await RecordAsync(user, AuditAction.FacilitatorUnassigned, AuditSubject.Assignment(consultation.ProgrammeId, consultation.Id, old.UserId), Shorten($"{old.Name} unassigned", 200));
        }

        foreach (var now in consultation.Facilitators.Where(f => !before.Contains(f)))
        {
            await RecordAsync(user, AuditAction.FacilitatorAssigned, AuditSubject.Assignment(consultation.ProgrammeId, consultation.Id, now.UserId), Shorten($"{now.Name} assigned as {(now.IsLead ? "lead facilitator" : "facilitator")}", 200));
        }
    }

    /// <summary>
    /// Someone's own words (a lead's override reason, a reviewer's return reason) made fit for a detail: whatever the
    /// guard of any of <paramref name="consultationIds"/> matches is withheld, and the text is shortened to <paramref name="maxLength"/>.
    /// </summary>
    public async Task<string> QuoteAsync(Programme programme, IEnumerable<string> consultationIds, string? words, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(consultationIds);
        var text = words ?? string.Empty;
        var findings = new List<GuardFinding>();
        try
        {
            foreach (var consultationId in consultationIds.Distinct(StringComparer.Ordinal))
            {
                var guard = await guards.ForAsync(programme, consultationId, CancellationToken.None);
                findings.AddRange(guard.Check(text));
            }
        }
        catch (StoreUnavailableException ex)
        {
            LogQuoteUnchecked(logger, ex, programme.Id);
            return "(not recorded: the register could not be checked)";
        }

        return Shorten(AuditQuote.Withhold(text, findings), maxLength);
    }

    /// <summary>One line of at most <paramref name="maxLength"/> characters, cut with an ellipsis: for labels and quotes inside a detail.</summary>
    public static string Shorten(string? text, int maxLength)
    {
        var line = OneLine(text ?? string.Empty).Trim();
        return line.Length <= maxLength ? line : string.Concat(line.AsSpan(0, Math.Max(0, maxLength - 1)).TrimEnd(), "…");
    }

    private static string OneLine(string text) =>
        text.AsSpan().IndexOfAny('\r', '\n') < 0 ? text : string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit trail NOT written for {Action} by {ActorId} (programme {ProgrammeId}, consultation {ConsultationId}, {TargetType} {TargetId}, outcome {Outcome}): {Detail}")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string action, string actorId, string? programmeId, string? consultationId, string? targetType, string? targetId, string outcome, string? detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit detail refused for {Action}: {Length} characters (limit {Limit}); the entry is kept without it")]
    private static partial void LogDetailRefused(ILogger logger, string action, int length, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A reason for the audit trail of programme {ProgrammeId} was not kept: the register could not be checked")]
    private static partial void LogQuoteUnchecked(ILogger logger, Exception exception, string programmeId);
}
