using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Notes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Notes;

public sealed class DeleteModel(IProgrammeStore programmes, IConsultationStore consultations, INoteStore notes, NoteActions actions) : PageModel
{
    public ConsultationScope Scope { get; private set; } = null!;

    public Session Session { get; private set; } = null!;

    public Note Note { get; private set; } = null!;

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

    public async Task<IActionResult> OnPostAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, noteId, cancellationToken) is { } refusal)
        {
            return refusal is NotFoundResult ? DeletedAlready(programmeId, consultationId) : refusal;
        }

        switch (await actions.DeleteAsync(Scope.Actor, Scope.Consultation, Note, ETag, cancellationToken))
        {
            case NoteResult.Removed:
                TempData.Success("Note deleted.");
                return Redirect(Paths.Session(programmeId, consultationId, Session.Id));
            case NoteResult.Conflict conflict:
                // Show what the note says now: deleting a version the user has not seen would lose someone's work.
                ModelState.AddModelError(string.Empty, "This note was changed after you opened it. Check the current text below before deleting it.");
                ETag = conflict.Theirs.ETag;
                return Page();
            case NoteResult.Gone:
                return DeletedAlready(programmeId, consultationId);
            case NoteResult.Refused refused:
                ModelState.AddModelError(string.Empty, refused.Reason);
                return Page();
            case NoteResult.StoreFailed failed:
                ModelState.AddModelError(string.Empty, failed.Message);
                return Page();
            case NoteResult.Forbidden forbidden:
                return this.ForbidBecause(forbidden.Reason);
            case var unexpected:
                throw unexpected.Unexpected();
        }
    }

    private RedirectResult DeletedAlready(string programmeId, string consultationId)
    {
        TempData.Success("That note had already been deleted.");
        return Redirect(Paths.Consultation(programmeId, consultationId));
    }

    private async Task<IActionResult?> LoadAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(noteId)
            || await ConsultationScope.LoadAsync(this, programmes, consultations, programmeId, consultationId, cancellationToken) is not { } scope)
        {
            return NotFound();
        }

        Scope = scope;
        if (!scope.CanWriteNotes)
        {
            return this.ForbidBecause(NoteRefusals.Delete);
        }

        if (await notes.GetAsync(consultationId, noteId, cancellationToken) is not { } note || scope.Consultation.FindSession(note.SessionId) is not { } session)
        {
            return NotFound();
        }

        Note = note;
        Session = session;
        return null;
    }
}
