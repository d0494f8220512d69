using Consultations.Core.Domain;
using Consultations.Web.Loading;
using Consultations.Web.Notes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Notes;

public sealed class DeleteModel(RepositoryLoader loader, NoteActions actions) : PageModel
{
    public SessionNoteScope Scope { get; private set; } = null!;

    public Session Session => Scope.Session;

    public Note Note => Scope.Note;

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

    public async Task<IActionResult> OnPostAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, noteId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.IsNotFound ? DeletedAlready(programmeId, consultationId) : loaded.Answer(this);
        }

        switch (await actions.DeleteAsync(Scope.Actor, Scope.Consultation, Note, ETag, cancellationToken))
        {
            case NoteResult.Removed:
                TempData.Success("Note deleted.");
                return RedirectToPage("/Sessions/Details", new { programmeId, consultationId, sessionId = Session.Id });
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

    private RedirectToPageResult DeletedAlready(string programmeId, string consultationId)
    {
        TempData.Success("That note had already been deleted.");
        return RedirectToPage("/CountryConsultations/Details", new { programmeId, consultationId });
    }

    private async Task<Loaded<SessionNoteScope>> LoadAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken)
    {
        var loaded = await loader.NoteAsync(programmeId, consultationId, noteId, Requirement.DeleteNotes, cancellationToken);
        if (loaded.Found is { } scope)
        {
            Scope = scope;
        }

        return loaded;
    }
}
