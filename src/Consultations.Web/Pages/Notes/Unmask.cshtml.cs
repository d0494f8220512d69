using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Web.Loading;
using Consultations.Web.Notes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Consultations.Infrastructure.Guard;

namespace Consultations.Web.Pages.Notes;

/// <summary>
/// What readers see of one note, and the two-person decision to show its matched names or organisations as
/// written (a public figure, a namesake): a lead facilitator or an administrator asks with a reason, a second
/// one confirms; either may withdraw. Until confirmed, readers see every match masked, override or not.
/// </summary>
public sealed class UnmaskModel(
    RepositoryLoader loader,
    ConsultationGuards guards,
    NoteActions actions) : PageModel
{
    private ConsultationGuard? _guard;

    public SessionNoteScope Scope { get; private set; } = null!;

    public Session Session => Scope.Session;

    public Note Note => Scope.Note;

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
        if (await LoadAsync(programmeId, consultationId, noteId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        ETag = Note.ETag;
        return Page();
    }

    public async Task<IActionResult> OnPostRequestAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        await LoadDecisionAsync(programmeId, consultationId, noteId, cancellationToken)
        ?? await DecidedAsync(
            await actions.RequestUnmaskAsync(Scope.Actor, Context, Note, Reason, ETag, cancellationToken),
            "Asked. Readers still see these words masked until a second person (another lead facilitator or an administrator) confirms.",
            cancellationToken);

    public async Task<IActionResult> OnPostConfirmAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        await LoadDecisionAsync(programmeId, consultationId, noteId, cancellationToken)
        ?? await DecidedAsync(await actions.ConfirmUnmaskAsync(Scope.Actor, Context, Note, ETag, cancellationToken), "Confirmed. Readers now see these words as written.", cancellationToken);

    public async Task<IActionResult> OnPostWithdrawAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        await LoadDecisionAsync(programmeId, consultationId, noteId, cancellationToken)
        ?? await DecidedAsync(await actions.WithdrawUnmaskAsync(Scope.Actor, Context, Note, ETag, cancellationToken), "Withdrawn. Readers see every match masked again.", cancellationToken);

    private NoteContext Context => Scope.NoteContext(_guard!);

    /// <summary>Loads the note for a decision and asks for a recent sign-in; a refusal to return, or null to go ahead.</summary>
    private async Task<IActionResult?> LoadDecisionAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        await LoadAsync(programmeId, consultationId, noteId, cancellationToken) is { Found: null } loaded ? loaded.Answer(this) : await this.RequireRecentSignInAsync();

    private async Task<IActionResult> DecidedAsync(NoteResult result, string done, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case NoteResult.Saved:
                TempData.Success(done);
                return RedirectToPage();
            case NoteResult.Conflict or NoteResult.Gone:
                TempData.Warning("Someone else changed this note meanwhile, so nothing was done. Check what readers see now and decide again.");
                return RedirectToPage();

            // The reason typed stays in the form; nothing was stored.
            case NoteResult.Refused refused:
                return await AgainAsync(refused.Reason, cancellationToken);
            case NoteResult.StoreFailed failed:
                return await AgainAsync(failed.Message, cancellationToken);
            case NoteResult.Forbidden forbidden:
                return this.ForbidBecause(forbidden.Reason);
            default:
                throw result.Unexpected();
        }
    }

    /// <summary>The page again with the message and the note as stored now.</summary>
    private async Task<PageResult> AgainAsync(string message, CancellationToken cancellationToken)
    {
        ModelState.AddModelError(string.Empty, message);
        await LoadAsync(Scope.Programme.Id, Scope.Consultation.Id, Note.Id, cancellationToken);
        return Page();
    }

    private async Task<Loaded<SessionNoteScope>> LoadAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken)
    {
        var loaded = await loader.NoteAsync(programmeId, consultationId, noteId, Requirement.DecideUnmasking, cancellationToken);
        if (loaded.Found is { } scope)
        {
            Scope = scope;
            _guard = await guards.ForAsync(scope.Programme, consultationId, cancellationToken);
            Findings = _guard.Check(scope.Note);
        }

        return loaded;
    }
}
