using Consultations.Core.Access;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Storage;
using Consultations.Web.Audit;
using Consultations.Web.Guard;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Notes;

/// <summary>
/// What readers see of one note, and the two-person decision to show its matched names or organisations as
/// written (a public figure, a namesake): a lead facilitator or an administrator asks with a reason, a second
/// one confirms; either may withdraw. Until confirmed, readers see every match masked, override or not.
/// </summary>
public sealed class UnmaskModel(
    IProgrammeStore programmes,
    IConsultationStore consultations,
    INoteStore notes,
    ConsultationGuards guards,
    AuditTrail audit,
    TimeProvider time) : PageModel
{
    public ConsultationScope Scope { get; private set; } = null!;

    public Session Session { get; private set; } = null!;

    public Note Note { get; private set; } = null!;

    /// <summary>Everything the guard finds in the stored text.</summary>
    public IReadOnlyList<GuardFinding> Findings { get; private set; } = [];

    /// <summary>The findings two people could agree to show as written (names and organisations).</summary>
    public IReadOnlyList<GuardFinding> Unmaskable => [.. Findings.Where(ReaderMask.CanBeUnmasked)];

    /// <summary>The text as researchers and other readers see it now.</summary>
    public string ReaderText => ReaderMask.Apply(Note.Text, Findings, Note.UnmaskedKeys);

    /// <summary>The text as readers would see it once the request (or a new one) is confirmed.</summary>
    public string TextIfConfirmed => ReaderMask.Apply(Note.Text, Findings, Note.GuardUnmask?.Keys ?? [.. Unmaskable.Select(f => f.Key)]);

    /// <summary>Whether the signed-in user may confirm the pending request (not the one who asked).</summary>
    public bool CanConfirm => Note.GuardUnmask is { IsConfirmed: false } request && request.RequestedBy.Id != Scope.Actor.UserId;

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? ETag { get; set; }

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, noteId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        ETag = Note.ETag;
        return Page();
    }

    public Task<IActionResult> OnPostRequestAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        DecideAsync(
            programmeId,
            consultationId,
            noteId,
            (note, by, at) => note.RequestUnmask(Findings, Reason ?? string.Empty, by, at),
            "Asked. Readers still see these words masked until a second person (another lead facilitator or an administrator) confirms.",
            async note => await RecordAsync(
                AuditAction.GuardUnmaskRequested,
                note,
                $"Asked to show {note.GuardUnmask!.Keys.Count} matched name(s)/organisation(s) unmasked; reason: “{await audit.QuoteAsync(Scope.Programme, [note.ConsultationId], note.GuardUnmask.Reason, 180)}”"),
            cancellationToken);

    public Task<IActionResult> OnPostConfirmAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        DecideAsync(
            programmeId,
            consultationId,
            noteId,
            (note, by, at) => note.ConfirmUnmask(by, at),
            "Confirmed. Readers now see these words as written.",
            note => RecordAsync(AuditAction.GuardUnmaskConfirmed, note, $"Confirmed {note.GuardUnmask!.Keys.Count} matched name(s)/organisation(s) are not participants (asked by {note.GuardUnmask.RequestedBy.Name})"),
            cancellationToken);

    public Task<IActionResult> OnPostWithdrawAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        DecideAsync(
            programmeId,
            consultationId,
            noteId,
            (note, by, at) => note.WithdrawUnmask(by, at),
            "Withdrawn. Readers see every match masked again.",
            note => RecordAsync(AuditAction.GuardUnmaskWithdrawn, note, "Withdrew showing matched names unmasked; readers see them masked"),
            cancellationToken);

    private async Task<IActionResult> DecideAsync(
        string programmeId,
        string consultationId,
        string noteId,
        Action<Note, UserRef, DateTimeOffset> decide,
        string done,
        Func<Note, Task> audited,
        CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, noteId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (await this.RequireRecentSignInAsync() is { } stepUp)
        {
            return stepUp;
        }

        try
        {
            Note.ETag = ETag;
            decide(Note, Scope.Actor.Ref, time.GetUtcNow());
            await notes.UpdateAsync(Note, cancellationToken);
        }
        catch (DomainRuleException ex)
        {
            // The reason typed stays in the form; nothing was stored.
            ModelState.AddModelError(string.Empty, ex.Message);
            await LoadAsync(programmeId, consultationId, noteId, cancellationToken);
            return Page();
        }
        catch (Exception ex) when (ex is ConcurrencyConflictException or DocumentNotFoundException)
        {
            TempData.Warning("Someone else changed this note meanwhile, so nothing was done. Check what readers see now and decide again.");
            return RedirectToPage();
        }
        catch (StoreUnavailableException ex)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
            await LoadAsync(programmeId, consultationId, noteId, cancellationToken);
            return Page();
        }

        await audited(Note);
        TempData.Success(done);
        return RedirectToPage();
    }

    private Task RecordAsync(AuditAction action, Note note, string detail) =>
        audit.RecordAsync(User, action, AuditSubject.Note(note.ProgrammeId, note.ConsultationId, note.Id), detail);

    private async Task<IActionResult?> LoadAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(noteId)
            || await ConsultationScope.LoadAsync(this, programmes, consultations, programmeId, consultationId, cancellationToken) is not { } scope)
        {
            return NotFound();
        }

        Scope = scope;
        if (!AccessRules.CanDecideUnmasking(scope.Actor, scope.Consultation))
        {
            return this.ForbidBecause("Only the consultation's lead facilitators and administrators decide what readers see of a note's matched names.");
        }

        if (await notes.GetAsync(consultationId, noteId, cancellationToken) is not { } note
            || !AccessRules.CanSeeNote(scope.Actor, scope.Consultation, note)
            || scope.Consultation.FindSession(note.SessionId) is not { } session)
        {
            return NotFound();
        }

        (Note, Session) = (note, session);
        Findings = (await guards.ForAsync(scope.Programme, consultationId, cancellationToken)).Check(note.Text);
        return null;
    }
}
