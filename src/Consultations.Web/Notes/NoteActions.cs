using Consultations.Core.Access;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Audit;
using Consultations.Web.Guard;

namespace Consultations.Web.Notes;

/// <summary>
/// Every change to a note: add (the session form, save-as-new, live capture), revise, the review steps, delete, a
/// session's "submit all" and "publish all", and the two-person unmasking. Each checks who may act (with the reason
/// the pages show), applies the domain's rules, writes through the store against the version the user saw, and audits.
/// Saving new words and publishing also ask the entity recogniser (Azure AI Language, when configured) for names the
/// register does not know and keep its answer with the note; when it fails the write goes ahead without it.
/// Callers load the programme, consultation, session and note; pages map the <see cref="NoteResult"/> to HTTP.
/// </summary>
public sealed partial class NoteActions(
    INoteStore notes,
    CaptureDraftActions drafts,
    AuditTrail audit,
    NoteEntityRecognizer entities,
    TimeProvider time,
    ILogger<NoteActions> logger)
{
    /// <summary>A new draft note from the session page's form, or a text saved anew after its note was deleted. Answers Saved, Refused, StoreFailed or Forbidden.</summary>
    public async Task<NoteResult> AddAsync(Actor actor, NoteContext at, NoteContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(at);
        if (!AccessRules.CanWriteNotes(actor, at.Consultation))
        {
            return new NoteResult.Forbidden(NoteRefusals.Write);
        }

        return await CreateAsync(actor, at, content, null, note => Task.FromResult<NoteResult>(Saved(note, at)), cancellationToken);
    }

    /// <summary>
    /// Adds the live-capture box as a note under the id its draft chose, then retires the draft. Idempotent: a retry
    /// after a lost answer finds the note it made. Answers Saved (with <see cref="NoteResult.Saved.NextNoteId"/>),
    /// Conflict or Gone (the id belongs to someone else's note), Refused, StoreFailed or Forbidden.
    /// </summary>
    public async Task<NoteResult> AddFromCaptureAsync(Actor actor, NoteContext at, NoteContent content, string noteId, string? draftETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(content);
        if (!AccessRules.CanWriteNotes(actor, at.Consultation))
        {
            return new NoteResult.Forbidden(NoteRefusals.Capture);
        }

        var added = content.Normalised();
        return await CreateAsync(
            actor,
            at,
            added,
            noteId,
            async note => await drafts.RetireAsync(actor, at.Consultation, at.Session, note, added.Text, draftETag, cancellationToken) switch
            {
                NoteResult.DraftRetired retired => Saved(note, at) with { NextNoteId = retired.NextNoteId },
                var notRetired => notRetired,
            },
            cancellationToken);
    }

    /// <summary>
    /// Saves an edit made from <paramref name="expectedETag"/>. When someone saved since, nothing is written and their
    /// version comes back to show beside the user's. Answers Saved, Conflict, Gone, Refused, StoreFailed or Forbidden.
    /// </summary>
    public async Task<NoteResult> ReviseAsync(Actor actor, NoteContext at, Note note, NoteContent content, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(note);
        if (!AccessRules.CanWriteNotes(actor, at.Consultation))
        {
            return new NoteResult.Forbidden(NoteRefusals.Edit);
        }

        if (note.ETag != expectedETag)
        {
            return new NoteResult.Conflict(note);
        }

        return await ChangeAsync(actor, at, note, expectedETag, (n, by, when) => n.Revise(at.Programme, content, by, when), null, cancellationToken, checkEntities: true);
    }

    /// <summary>
    /// A listed note's text edited in place on the capture page. Saving the words already stored (a retry whose answer
    /// was lost) is not a conflict. Answers Saved, Conflict, Gone, Refused, StoreFailed or Forbidden.
    /// </summary>
    public async Task<NoteResult> ReviseTextAsync(Actor actor, NoteContext at, Note note, string text, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(note);
        if (!AccessRules.CanWriteNotes(actor, at.Consultation))
        {
            return new NoteResult.Forbidden(NoteRefusals.Capture);
        }

        if (note.Text == text)
        {
            return Saved(note, at);
        }

        if (note.ETag != expectedETag)
        {
            return new NoteResult.Conflict(note);
        }

        var content = note.Content with { Text = text };
        var result = await ChangeAsync(actor, at, note, expectedETag, (n, by, when) => n.Revise(at.Programme, content, by, when), null, cancellationToken, checkEntities: true);
        return result is NoteResult.Conflict { Theirs: var theirs } && theirs.Text == text ? Saved(theirs, at) : result;
    }

    /// <summary>Draft → submitted for review. Answers Saved, Conflict, Gone, Refused, StoreFailed or Forbidden.</summary>
    public async Task<NoteResult> SubmitAsync(Actor actor, NoteContext at, Note note, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(at);
        if (!AccessRules.CanWriteNotes(actor, at.Consultation))
        {
            return new NoteResult.Forbidden(NoteRefusals.Edit);
        }

        return await ChangeAsync(actor, at, note, expectedETag, (n, by, when) => n.Submit(by, when), null, cancellationToken);
    }

    /// <summary>
    /// Submitted → back to draft; from a reviewer, a return to the author with what needs changing. Answers Saved,
    /// Conflict, Gone, Refused, StoreFailed or Forbidden.
    /// </summary>
    public async Task<NoteResult> ReturnToDraftAsync(Actor actor, NoteContext at, Note note, string? expectedETag, CancellationToken cancellationToken, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(at);
        if (!AccessRules.CanWriteNotes(actor, at.Consultation))
        {
            return new NoteResult.Forbidden(NoteRefusals.Edit);
        }

        return await ChangeAsync(actor, at, note, expectedETag, (n, by, when) => n.ReturnToDraft(by, when, reason), null, cancellationToken);
    }

    /// <summary>Submitted → published, unless the session's rule or the guard's findings stop it. Answers Saved, Conflict, Gone, Refused, StoreFailed or Forbidden.</summary>
    public async Task<NoteResult> PublishAsync(Actor actor, NoteContext at, Note note, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(note);
        if (!AccessRules.CanReviewNotes(actor, at.Consultation))
        {
            return new NoteResult.Forbidden(NoteRefusals.Review);
        }

        var findings = at.Guard.Check(note);
        return await ChangeAsync(
            actor,
            at,
            note,
            expectedETag,
            (n, by, when) => n.Publish(at.Session, findings, by, when),
            n => RecordAsync(actor, AuditAction.NotePublished, n, $"Published (version {n.Version})"),
            cancellationToken,
            checkEntities: true);
    }

    /// <summary>
    /// Publishes despite blocking findings: the lead facilitator's reason is kept on the note, logged (without the text)
    /// and quoted in the audit trail through the guard. Answers Saved, Conflict, Gone, Refused, StoreFailed or Forbidden.
    /// </summary>
    public async Task<NoteResult> PublishWithOverrideAsync(Actor actor, NoteContext at, Note note, string? reason, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(note);
        if (!AccessRules.CanReviewNotes(actor, at.Consultation))
        {
            return new NoteResult.Forbidden(NoteRefusals.Review);
        }

        var findings = at.Guard.Check(note);
        return await ChangeAsync(
            actor,
            at,
            note,
            expectedETag,
            (n, by, when) =>
            {
                n.OverrideGuard(findings, reason ?? string.Empty, by, when);
                n.Publish(at.Session, findings, by, when);
            },
            async n =>
            {
                LogOverride(n.Id, n.ConsultationId, actor.UserId, n.GuardOverride!.Keys.Count);
                var quoted = await audit.QuoteAsync(at.Programme, [n.ConsultationId], n.GuardOverride.Reason, 200);
                await RecordAsync(actor, AuditAction.GuardOverridden, n, $"{n.GuardOverride.Keys.Count} blocking finding(s) overridden; reason: “{quoted}”");
                await RecordAsync(actor, AuditAction.NotePublished, n, $"Published with a guard override (version {n.Version})");
            },
            cancellationToken,
            checkEntities: true);
    }

    /// <summary>Published → submitted, so it can be corrected. Answers Saved, Conflict, Gone, Refused, StoreFailed or Forbidden.</summary>
    public async Task<NoteResult> ReturnToReviewAsync(Actor actor, NoteContext at, Note note, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(at);
        if (!AccessRules.CanReviewNotes(actor, at.Consultation))
        {
            return new NoteResult.Forbidden(NoteRefusals.Review);
        }

        return await ChangeAsync(
            actor,
            at,
            note,
            expectedETag,
            (n, by, when) => n.ReturnToReview(by, when),
            n => RecordAsync(actor, AuditAction.NoteReturnedToReview, n, "Returned to review"),
            cancellationToken);
    }

    /// <summary>Deletes a note that is not published, as of <paramref name="expectedETag"/>. Answers Removed, Conflict, Gone, Refused, StoreFailed or Forbidden.</summary>
    public async Task<NoteResult> DeleteAsync(Actor actor, Consultation consultation, Note note, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(note);
        if (!AccessRules.CanWriteNotes(actor, consultation))
        {
            return new NoteResult.Forbidden(NoteRefusals.Delete);
        }

        return await StoreOutcomes.WriteAsync(
            async () =>
            {
                note.EnsureDeletable();
                note.ETag = expectedETag;
                await notes.DeleteAsync(note, cancellationToken);
                return new NoteResult.Removed();
            },
            () => TheirsAsync(consultation.Id, note.Id, cancellationToken));
    }

    /// <summary>Submits every draft among <paramref name="sessionNotes"/> (the session's notes as loaded). Answers Batch or Forbidden.</summary>
    public async Task<NoteResult> SubmitAllAsync(Actor actor, NoteContext at, IReadOnlyList<Note> sessionNotes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(at);
        if (!AccessRules.CanWriteNotes(actor, at.Consultation))
        {
            return new NoteResult.Forbidden(NoteRefusals.Submit);
        }

        return await BatchAsync(
            sessionNotes,
            NoteStatus.Draft,
            note => ChangeAsync(actor, at, note, note.ETag, (n, by, when) => n.Submit(by, when), null, cancellationToken),
            flagFindings: true);
    }

    /// <summary>Publishes every submitted note among <paramref name="sessionNotes"/> that the guard lets through. Answers Batch or Forbidden.</summary>
    public async Task<NoteResult> PublishAllAsync(Actor actor, NoteContext at, IReadOnlyList<Note> sessionNotes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(at);
        if (!AccessRules.CanReviewNotes(actor, at.Consultation))
        {
            return new NoteResult.Forbidden(NoteRefusals.PublishAll);
        }

        // The notes never checked are asked about together (five per request), not one call each; each publication stores its answer.
        await entities.CheckAsync([.. sessionNotes.Where(n => n.Status == NoteStatus.Submitted)], cancellationToken);
        return await BatchAsync(
            sessionNotes,
            NoteStatus.Submitted,
            note => ChangeAsync(
                actor,
                at,
                note,
                note.ETag,
                (n, by, when) => n.Publish(at.Session, at.Guard.Check(n), by, when),
                n => RecordAsync(actor, AuditAction.NotePublished, n, $"Published with the session's “publish all” (version {n.Version})"),
                cancellationToken),
            flagFindings: false);
    }

    /// <summary>
    /// The first of two people asks that readers see the note's matched names and organisations as written, with a
    /// reason (quoted in the audit trail through the guard). Answers Saved, Conflict, Gone, Refused, StoreFailed or Forbidden.
    /// </summary>
    public async Task<NoteResult> RequestUnmaskAsync(Actor actor, NoteContext at, Note note, string? reason, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(note);
        if (!AccessRules.CanDecideUnmasking(actor, at.Consultation))
        {
            return new NoteResult.Forbidden(NoteRefusals.Unmask);
        }

        var findings = at.Guard.Check(note);
        return await ChangeAsync(
            actor,
            at,
            note,
            expectedETag,
            (n, by, when) => n.RequestUnmask(findings, reason ?? string.Empty, by, when),
            async n => await RecordAsync(
                actor,
                AuditAction.GuardUnmaskRequested,
                n,
                $"Asked to show {n.GuardUnmask!.Keys.Count} matched name(s)/organisation(s) unmasked; reason: “{await audit.QuoteAsync(at.Programme, [n.ConsultationId], n.GuardUnmask.Reason, 180)}”"),
            cancellationToken);
    }

    /// <summary>A second person confirms the request: readers see the words as written. Answers Saved, Conflict, Gone, Refused, StoreFailed or Forbidden.</summary>
    public async Task<NoteResult> ConfirmUnmaskAsync(Actor actor, NoteContext at, Note note, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(at);
        if (!AccessRules.CanDecideUnmasking(actor, at.Consultation))
        {
            return new NoteResult.Forbidden(NoteRefusals.Unmask);
        }

        return await ChangeAsync(
            actor,
            at,
            note,
            expectedETag,
            (n, by, when) => n.ConfirmUnmask(by, when),
            n => RecordAsync(actor, AuditAction.GuardUnmaskConfirmed, n, $"Confirmed {n.GuardUnmask!.Keys.Count} matched name(s)/organisation(s) are not participants (asked by {n.GuardUnmask.RequestedBy.Name})"),
            cancellationToken);
    }

    /// <summary>Withdraws a request or a confirmation: readers see every match masked again. Answers Saved, Conflict, Gone, Refused, StoreFailed or Forbidden.</summary>
    public async Task<NoteResult> WithdrawUnmaskAsync(Actor actor, NoteContext at, Note note, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(at);
        if (!AccessRules.CanDecideUnmasking(actor, at.Consultation))
        {
            return new NoteResult.Forbidden(NoteRefusals.Unmask);
        }

        return await ChangeAsync(
            actor,
            at,
            note,
            expectedETag,
            (n, by, when) => n.WithdrawUnmask(by, when),
            n => RecordAsync(actor, AuditAction.GuardUnmaskWithdrawn, n, "Withdrew showing matched names unmasked; readers see them masked"),
            cancellationToken);
    }

    // The one add path. A given id (live capture) that is taken already is this box's earlier add when the same person
    // added it to the same session (a retry whose answer was lost); anyone else's note under that id is never touched.
    private Task<NoteResult> CreateAsync(Actor actor, NoteContext at, NoteContent content, string? id, Func<Note, Task<NoteResult>> added, CancellationToken cancellationToken) =>
        StoreOutcomes.WriteAsync(
            async () =>
            {
                var note = Note.Create(at.Programme, at.Consultation, at.Session, content, actor.Ref, time.GetUtcNow(), id);
                await entities.CheckAsync([note], cancellationToken);
                await notes.CreateAsync(note, cancellationToken);
                return await added(note);
            },
            async () => id is null || await notes.GetAsync(at.Consultation.Id, id, cancellationToken) is not { } existing
                ? new NoteResult.Gone()
                : existing.CreatedBy.Id == actor.UserId && existing.SessionId == at.Session.Id
                    ? await added(existing)
                    : new NoteResult.Conflict(existing));

    // The one update path for content, status and unmasking: apply the domain's change, ask the entity recogniser about text
    // it has not seen (checkEntities), store it against the version the user saw (expectedETag), then audit what was stored.
    private Task<NoteResult> ChangeAsync(
        Actor actor,
        NoteContext at,
        Note note,
        string? expectedETag,
        Action<Note, UserRef, DateTimeOffset> change,
        Func<Note, Task>? audited,
        CancellationToken cancellationToken,
        bool checkEntities = false)
    {
        ArgumentNullException.ThrowIfNull(note);
        return StoreOutcomes.WriteAsync(
            async () =>
            {
                note.ETag = expectedETag;
                change(note, actor.Ref, time.GetUtcNow());
                if (checkEntities)
                {
                    await entities.CheckAsync([note], cancellationToken);
                }

                await notes.UpdateAsync(note, cancellationToken);
                if (audited is not null)
                {
                    await audited(note);
                }

                return Saved(note, at);
            },
            () => TheirsAsync(at.Consultation.Id, note.Id, cancellationToken));
    }

    private async Task<NoteResult> TheirsAsync(string consultationId, string noteId, CancellationToken cancellationToken) =>
        await notes.GetAsync(consultationId, noteId, cancellationToken) is { } theirs ? new NoteResult.Conflict(theirs) : new NoteResult.Gone();

    private static async Task<NoteResult> BatchAsync(IReadOnlyList<Note> sessionNotes, NoteStatus from, Func<Note, Task<NoteResult>> change, bool flagFindings)
    {
        ArgumentNullException.ThrowIfNull(sessionNotes);
        int changed = 0, skipped = 0;
        var heldBack = new List<string>();
        var flagged = new List<string>();
        foreach (var note in sessionNotes.Where(n => n.Status == from))
        {
            switch (await change(note))
            {
                case NoteResult.Saved saved:
                    changed++;
                    if (flagFindings && saved.Findings.Count > 0)
                    {
                        flagged.Add(note.Id);
                    }

                    break;
                case NoteResult.Refused:
                    heldBack.Add(note.Id);
                    break;
                case NoteResult.StoreFailed failed:
                    // A store that stopped answering is not asked again for every note left: what was done stands.
                    return new NoteResult.Batch(changed, heldBack, flagged, skipped, failed.Message);
                default:
                    skipped++;
                    break;
            }
        }

        return new NoteResult.Batch(changed, heldBack, flagged, skipped, null);
    }

    private NoteResult.Saved Saved(Note note, NoteContext at) =>
        new(note, at.Guard.Check(note)) { EntitiesUnchecked = entities.Enabled && note.NeedsEntityCheck };

    private Task RecordAsync(Actor actor, AuditAction action, Note note, string detail) =>
        audit.RecordAsync(actor, action, AuditSubject.Note(note.ProgrammeId, note.ConsultationId, note.Id), detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guard override: note {NoteId} of consultation {ConsultationId} published by {UserId} despite {Findings} blocking finding(s)")]
    private partial void LogOverride(string noteId, string consultationId, string userId, int findings);
}
