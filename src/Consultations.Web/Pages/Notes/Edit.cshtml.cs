using System.ComponentModel.DataAnnotations;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Web.Loading;
using Consultations.Web.Notes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Consultations.Infrastructure.Guard;

namespace Consultations.Web.Pages.Notes;

/// <summary>
/// One note: edit it, move it through review, and never lose a facilitator's text to someone else's save.
/// A stale save shows both versions and keeps the typed text in the form.
/// </summary>
public sealed class EditModel(
    RepositoryLoader loader,
    ConsultationGuards guards,
    NoteActions actions) : PageModel
{
    public SessionScope Scope { get; private set; } = null!;

    public Session Session => Scope.Session;

    /// <summary>The stored note (null when it was deleted meanwhile).</summary>
    public Note? Current { get; private set; }

    /// <summary>The version someone else saved, when this user's save lost the race.</summary>
    public Note? Theirs { get; private set; }

    private ConsultationGuard? _guard;

    public bool Deleted { get; private set; }

    /// <summary>What the attribution guard finds in the stored text.</summary>
    public IReadOnlyList<GuardFinding> Findings { get; private set; } = [];

    /// <summary>Blocking findings no override covers: under the Chatham House Rule they stop publication.</summary>
    public IReadOnlyList<GuardFinding> Unresolved => Current is null || Session.DisclosureRule != DisclosureRule.ChathamHouse ? [] : Current.UnresolvedBlocking(Findings);

    /// <summary>The stored text as readers outside the consultation see it once published (masked).</summary>
    public string ReaderText => Current is null ? string.Empty : ReaderMask.Apply(Current.Text, Findings, Current.UnmaskedKeys);

    /// <summary>The lead facilitator's reason for publishing despite the findings.</summary>
    [BindProperty]
    public string? OverrideReason { get; set; }

    /// <summary>What a reviewer asks the author to change when returning the note to draft (optional).</summary>
    [BindProperty]
    [StringLength(NoteReturn.MaxReasonLength)]
    public string? ReturnReason { get; set; }

    [BindProperty]
    public NoteInput Input { get; set; } = new();

    /// <summary>The version the user started editing from.</summary>
    [BindProperty]
    public string? ETag { get; set; }

    /// <summary>The version the user saw in the conflict panel; saving against it is a deliberate overwrite.</summary>
    [BindProperty]
    public string? ConflictETag { get; set; }

    [BindProperty]
    public string? SessionId { get; set; }

    [BindProperty]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, noteId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (Current is null)
        {
            return NotFound();
        }

        Input = NoteInput.From(Current);
        ETag = Current.ETag;
        return Page();
    }

    public Task<IActionResult> OnPostAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        SaveAsync(programmeId, consultationId, noteId, ETag, cancellationToken);

    public Task<IActionResult> OnPostResolveAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        SaveAsync(programmeId, consultationId, noteId, ConflictETag, cancellationToken);

    public async Task<IActionResult> OnPostSaveAsNewAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, noteId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        Deleted = Current is null;
        if (!TryValidate(out var content))
        {
            return Page();
        }

        _guard ??= await guards.ForAsync(Scope.Programme, consultationId, cancellationToken);
        switch (await actions.AddAsync(Scope.Actor, Context, content, cancellationToken))
        {
            case NoteResult.Saved added:
                TempData.Success("Your text was saved as a new note.");
                return RedirectToPage("/Sessions/Details", null, new { programmeId, consultationId, sessionId = Session.Id }, $"note-{added.Note.Id}");
            case NoteResult.Forbidden forbidden:
                return this.ForbidBecause(forbidden.Reason);
            case NoteResult.Refused refused:
                return FormError(refused.Reason);
            case NoteResult.StoreFailed failed:
                return FormError(failed.Message);
            case var unexpected:
                throw unexpected.Unexpected();
        }
    }

    public async Task<IActionResult> OnPostSubmitAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        await LoadStepAsync(programmeId, consultationId, noteId, cancellationToken)
        ?? Stepped(await actions.SubmitAsync(Scope.Actor, Context, Current!, ETag, cancellationToken), "Note submitted for review.");

    public async Task<IActionResult> OnPostReturnToDraftAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        await LoadStepAsync(programmeId, consultationId, noteId, cancellationToken)
        ?? Stepped(
            await actions.ReturnToDraftAsync(Scope.Actor, Context, Current!, ETag, cancellationToken, ReturnReason),
            Current!.CreatedBy.Id == Scope.Actor.UserId ? "Note moved back to draft." : $"Note returned to {Current.CreatedBy.Name} as a draft.");

    public async Task<IActionResult> OnPostPublishAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        await LoadLeadStepAsync(programmeId, consultationId, noteId, cancellationToken)
        ?? Stepped(await actions.PublishAsync(Scope.Actor, Context, Current!, ETag, cancellationToken), "Note published.");

    /// <summary>Publish despite blocking findings: the lead facilitator's reason is kept on the note and logged (without the text).</summary>
    public async Task<IActionResult> OnPostOverrideAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        await LoadLeadStepAsync(programmeId, consultationId, noteId, cancellationToken)
        ?? Stepped(await actions.PublishWithOverrideAsync(Scope.Actor, Context, Current!, OverrideReason, ETag, cancellationToken), "Note published with an override; your reason is recorded with it.");

    public async Task<IActionResult> OnPostReturnToReviewAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        await LoadLeadStepAsync(programmeId, consultationId, noteId, cancellationToken)
        ?? Stepped(await actions.ReturnToReviewAsync(Scope.Actor, Context, Current!, ETag, cancellationToken), "Note returned to review; it can be edited again.");

    private NoteContext Context => Scope.NoteContext(_guard!);

    private async Task<IActionResult> SaveAsync(string programmeId, string consultationId, string noteId, string? expectedETag, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, noteId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (Current is null)
        {
            Deleted = true;
            return Page();
        }

        if (!TryValidate(out var content))
        {
            return Page();
        }

        switch (await actions.ReviseAsync(Scope.Actor, Context, Current, content, expectedETag, cancellationToken))
        {
            case NoteResult.Saved saved:
                var message = saved.StatusLine($"Note saved (version {saved.Note.Version}).");
                if (saved.NeedsAttention)
                {
                    TempData.Warning(message);
                }
                else
                {
                    TempData.Success(message);
                }

                return RedirectToPage("/Sessions/Details", null, new { programmeId, consultationId, sessionId = saved.Note.SessionId }, $"note-{saved.Note.Id}");
            case NoteResult.Conflict conflict:
                return ShowConflict(conflict.Theirs);
            case NoteResult.Gone:
                return ShowDeleted();
            case NoteResult.Forbidden forbidden:
                return this.ForbidBecause(forbidden.Reason);

            // The edited text is still in the form; nothing stored was changed.
            case NoteResult.Refused refused:
                return FormError(refused.Reason);
            case NoteResult.StoreFailed failed:
                return FormError(failed.Message);
            case var unexpected:
                throw unexpected.Unexpected();
        }
    }

    /// <summary>Loads the note for a review step (submit, back to draft); a refusal to return, or null to go ahead.</summary>
    private async Task<IActionResult?> LoadStepAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        await LoadAsync(programmeId, consultationId, noteId, cancellationToken) ?? (Current is null ? NotFound() : null);

    /// <summary>As <see cref="LoadStepAsync"/> for the lead's steps: someone else is refused first, then a stale sign-in is sent to sign in again.</summary>
    private async Task<IActionResult?> LoadLeadStepAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        await LoadStepAsync(programmeId, consultationId, noteId, cancellationToken)
        ?? (Scope.CanReviewNotes ? await this.RequireRecentSignInAsync() : this.ForbidBecause(NoteRefusals.Review));

    /// <summary>Back where the step was asked from, with a status line saying what happened.</summary>
    private IActionResult Stepped(NoteResult result, string done)
    {
        switch (result)
        {
            case NoteResult.Saved:
                TempData.Success(done);
                break;
            case NoteResult.Refused refused:
                TempData.Warning(refused.Reason);
                break;
            case NoteResult.Conflict or NoteResult.Gone:
                TempData.Warning("Someone else changed this note meanwhile, so nothing was done. Check the latest version and try again.");
                break;
            case NoteResult.StoreFailed failed:
                TempData.Warning(failed.Message);
                break;
            case NoteResult.Forbidden forbidden:
                return this.ForbidBecause(forbidden.Reason);
            default:
                throw result.Unexpected();
        }

        var session = new { programmeId = Scope.Programme.Id, consultationId = Scope.Consultation.Id, sessionId = Current!.SessionId };
        return Redirect(this.SafeReturnUrl(ReturnUrl, Url.Page("/Sessions/Details", pageHandler: null, values: session, protocol: null, host: null, fragment: $"note-{Current.Id}")!));
    }

    private PageResult FormError(string message)
    {
        ModelState.AddModelError(string.Empty, message);
        return Page();
    }

    private PageResult ShowConflict(Note theirs)
    {
        Theirs = theirs;
        Current = theirs;
        ConflictETag = theirs.ETag;
        ModelState.Remove(nameof(ConflictETag));
        return Page();
    }

    private PageResult ShowDeleted()
    {
        Current = null;
        Deleted = true;
        return Page();
    }

    private bool TryValidate(out NoteContent content)
    {
        content = Input.ToContent().Normalised();
        foreach (var (field, message) in content.Validate(Scope.Programme))
        {
            ModelState.AddModelError($"{nameof(Input)}.{field}", message);
        }

        return ModelState.IsValid;
    }

    /// <summary>The note and its session; for a note deleted meanwhile, the session the form names, with <see cref="Current"/> null.</summary>
    private async Task<IActionResult?> LoadAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken)
    {
        var loaded = await loader.NoteAsync(programmeId, consultationId, noteId, Requirement.EditNotes, cancellationToken);
        if (loaded.Found is { } found)
        {
            (Scope, Current, SessionId) = (found, found.Note, found.Session.Id);
            _guard = await guards.ForAsync(found.Programme, consultationId, cancellationToken);
            Findings = _guard.Check(found.Note);
            return null;
        }

        // Only a missing note falls back to the form's session, so the typed text can still be kept as a new note.
        if (!loaded.IsNotFound || !Ids.IsValid(noteId) || SessionId is null)
        {
            return loaded.Answer(this);
        }

        var session = await loader.SessionAsync(programmeId, consultationId, SessionId, Requirement.EditNotes, cancellationToken);
        if (session.Found is not { } scope)
        {
            return session.Answer(this);
        }

        (Scope, Current) = (scope, null);
        return null;
    }
}
