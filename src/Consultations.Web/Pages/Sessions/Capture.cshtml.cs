using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Guard;
using Consultations.Web.Loading;
using Consultations.Web.Notes;
using Consultations.Web.Pages.Notes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Consultations.Infrastructure.Guard;

namespace Consultations.Web.Pages.Sessions;

/// <summary>
/// Live capture during a plenary: one note box, autosaved to a server-held draft a moment after typing stops,
/// Ctrl+Enter adds the note and opens the next, and the session's notes beside it are editable in place.
/// Every save carries the ETag it started from, so two windows or two facilitators never overwrite each other:
/// a conflict answers 409 with the other text to merge. Without JavaScript the form still adds notes (post, redirect, get).
/// </summary>
public sealed class CaptureModel(
    RepositoryLoader loader,
    INoteStore notes,
    ICaptureDraftStore drafts,
    ConsultationGuards guards,
    NoteActions actions,
    CaptureDraftActions draftActions) : PageModel
{
    private ConsultationGuard? _guard;

    public SessionScope Scope { get; private set; } = null!;

    public Session Session => Scope.Session;

    /// <summary>The session's notes, newest first: the one just added is next to the box.</summary>
    public IReadOnlyList<Note> Notes { get; private set; } = [];

    /// <summary>Guard flags of the listed notes: a note that may identify someone shows it where the facilitator looks.</summary>
    public IReadOnlyDictionary<string, NoteFlags> Flags { get; private set; } = new Dictionary<string, NoteFlags>();

    /// <summary>When the draft in the box was last saved (null for a fresh box).</summary>
    public DateTimeOffset? DraftSavedAt { get; private set; }

    [BindProperty]
    public NoteInput Input { get; set; } = new();

    /// <summary>The id the note in the box will get (see <see cref="CaptureDraft.NoteId"/>).</summary>
    [BindProperty]
    public string? NoteId { get; set; }

    /// <summary>The draft version this window last saw; empty before its first save.</summary>
    [BindProperty]
    public string? DraftETag { get; set; }

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, sessionId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        // After a reload, a crash or a server restart the box comes back with what was last saved.
        var draft = await drafts.GetAsync(consultationId, DraftId, cancellationToken);
        if (draft is not null)
        {
            Input = new NoteInput
            {
                Text = draft.Text,
                Kind = draft.Kind,
                StakeholderGroup = draft.StakeholderGroup,
                Themes = [.. draft.Themes],
                SubThemes = [.. draft.SubThemes],
            };
            NoteId = draft.NoteId;
            DraftETag = draft.ETag;
            DraftSavedAt = draft.UpdatedAt;
        }
        else
        {
            Input = NoteInput.For(Session);
            NoteId = Ids.New();
            DraftETag = null;
        }

        return Page();
    }

    /// <summary>The running list, for the page to refresh after an add and now and then for the other facilitators' notes.</summary>
    public async Task<IActionResult> OnGetNotesAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, sessionId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        return Partial("_CaptureNotes", this);
    }

    /// <summary>Autosave of the box: keeps the draft, whatever state it is in, and answers the new ETag.</summary>
    public async Task<IActionResult> OnPostDraftAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, sessionId, cancellationToken, withNotes: false) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        return await draftActions.SaveAsync(Scope.Actor, Scope.Consultation, Session, Input.ToContent(), NoteId, DraftETag, cancellationToken) switch
        {
            NoteResult.DraftSaved saved => Saved(saved.Draft),
            NoteResult.DraftConflict { Theirs: var theirs } => new JsonResult(new ConflictJson(
                "conflict",
                "This note was changed in another window while you typed. Both texts are shown: keep yours, take theirs, or put them together.",
                theirs.ETag!,
                theirs.Text,
                theirs.Owner.Name,
                theirs.UpdatedAt)) { StatusCode = StatusCodes.Status409Conflict },
            NoteResult.Gone => Problem(StatusCodes.Status409Conflict, "This draft was added as a note from another window. Your text is still here: save again to keep it as a new note."),
            NoteResult.Refused refused => Problem(StatusCodes.Status400BadRequest, refused.Reason),
            NoteResult.StoreFailed failed => Problem(StatusCodes.Status503ServiceUnavailable, failed.Message),
            NoteResult.Forbidden forbidden => this.ForbidBecause(forbidden.Reason),
            var unexpected => throw unexpected.Unexpected(),
        };
    }

    /// <summary>Adds the box as a note (Ctrl+Enter). Idempotent: a retry after a lost answer finds the note it made.</summary>
    public async Task<IActionResult> OnPostAddAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken)
    {
        var script = Request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal);
        if (await LoadAsync(programmeId, consultationId, sessionId, cancellationToken, withNotes: !script) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        var content = Input.ToContent().Normalised();
        foreach (var (field, problem) in content.Validate(Scope.Programme))
        {
            ModelState.AddModelError($"{nameof(Input)}.{field}", problem);
        }

        if (!Ids.IsValid(NoteId))
        {
            ModelState.AddModelError(string.Empty, "This form is out of date. Reload the page; your saved draft comes back.");
        }

        if (!ModelState.IsValid)
        {
            return script
                ? Problem(StatusCodes.Status400BadRequest, string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Distinct()))
                : Page();
        }

        switch (await actions.AddFromCaptureAsync(Scope.Actor, await ContextAsync(cancellationToken), content, NoteId!, DraftETag, cancellationToken))
        {
            case NoteResult.Saved added:
                var message = added.StatusLine("Note added.");
                if (script)
                {
                    return new JsonResult(new AddedJson(added.Note.Id, added.NextNoteId!, message, added.NeedsAttention));
                }

                if (added.NeedsAttention)
                {
                    TempData.Warning(message);
                }
                else
                {
                    TempData.Success(message);
                }

                return RedirectToPage("/Sessions/Capture", new { programmeId, consultationId, sessionId });

            // The id belongs to someone else's note, which is never touched.
            case NoteResult.Conflict or NoteResult.Gone:
                return script
                    ? Problem(StatusCodes.Status409Conflict, "This note could not be added under its id. Reload the page; your draft comes back.")
                    : Page();
            case NoteResult.Refused refused:
                return script ? Problem(StatusCodes.Status400BadRequest, refused.Reason) : FormError(refused.Reason);
            case NoteResult.StoreFailed failed:
                return script ? Problem(StatusCodes.Status503ServiceUnavailable, failed.Message) : FormError(failed.Message);
            case NoteResult.Forbidden forbidden:
                return this.ForbidBecause(forbidden.Reason);
            case var unexpected:
                throw unexpected.Unexpected();
        }
    }

    /// <summary>In-place edit of a listed note's text, guarded by the note's ETag like every other edit.</summary>
    public async Task<IActionResult> OnPostNoteAsync(string programmeId, string consultationId, string sessionId, [FromForm] string? editNoteId, [FromForm] string? editETag, [FromForm] string? editText, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, sessionId, cancellationToken, withNotes: false) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        if (!Ids.IsValid(editNoteId) || await notes.GetAsync(consultationId, editNoteId!, cancellationToken) is not { } note
            || note.SessionId != Session.Id || !AccessRules.CanSeeNote(Scope.Actor, Scope.Consultation, note))
        {
            return Problem(StatusCodes.Status410Gone, DeletedMeanwhile);
        }

        var text = NoteContent.NormaliseText(editText);
        if ((note.Content with { Text = text }).Validate(Scope.Programme).FirstOrDefault(e => e.Field == nameof(NoteContent.Text)) is { Message: { } problem })
        {
            return Problem(StatusCodes.Status400BadRequest, problem);
        }

        return await actions.ReviseTextAsync(Scope.Actor, await ContextAsync(cancellationToken), note, text, editETag, cancellationToken) switch
        {
            NoteResult.Saved saved => NoteSaved(saved.Note),
            NoteResult.Conflict conflict => NoteConflict(conflict.Theirs),
            NoteResult.Gone => Problem(StatusCodes.Status410Gone, DeletedMeanwhile),
            NoteResult.Refused refused => Problem(StatusCodes.Status409Conflict, refused.Reason),
            NoteResult.StoreFailed failed => Problem(StatusCodes.Status503ServiceUnavailable, failed.Message),
            NoteResult.Forbidden forbidden => this.ForbidBecause(forbidden.Reason),
            var unexpected => throw unexpected.Unexpected(),
        };
    }

    public string DraftId => CaptureDraft.IdFor(Scope.Consultation.Id, Session.Id, Scope.Actor.UserId);

    private const string DeletedMeanwhile = "This note was deleted meanwhile. Your text is still in the box: copy it into a new note.";

    private async Task<NoteContext> ContextAsync(CancellationToken cancellationToken) =>
        Scope.NoteContext(_guard ?? await guards.ForAsync(Scope.Programme, Scope.Consultation.Id, cancellationToken));

    private PageResult FormError(string message)
    {
        ModelState.AddModelError(string.Empty, message);
        return Page();
    }

    private async Task<Loaded<SessionScope>> LoadAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken, bool withNotes = true)
    {
        var loaded = await loader.SessionAsync(programmeId, consultationId, sessionId, Requirement.CaptureNotes, cancellationToken);
        if (loaded.Found is not { Session: var session } scope)
        {
            return loaded;
        }

        Scope = scope;
        if (withNotes)
        {
            Notes = [.. (await notes.ListBySessionAsync(consultationId, sessionId, cancellationToken))
                .Where(n => AccessRules.CanSeeNote(scope.Actor, scope.Consultation, n))
                .Reverse()];
            _guard = await guards.ForAsync(scope.Programme, consultationId, cancellationToken);
            Flags = NoteFlags.ForAll(Notes, session, _guard);
        }

        return loaded;
    }

    private static JsonResult Saved(CaptureDraft draft) => new(new DraftSavedJson(draft.ETag!, draft.NoteId, draft.Revision, draft.UpdatedAt));

    private static JsonResult NoteSaved(Note note) => new(new NoteSavedJson(note.ETag!, note.Version, note.UpdatedAt));

    private static JsonResult NoteConflict(Note theirs) => new(new ConflictJson(
        "conflict",
        $"{theirs.UpdatedBy.Name} changed this note while you typed. Both texts are shown: keep yours, take theirs, or put them together.",
        theirs.ETag!,
        theirs.Text,
        theirs.UpdatedBy.Name,
        theirs.UpdatedAt)) { StatusCode = StatusCodes.Status409Conflict };

    private static JsonResult Problem(int status, string message) => new(new { error = message }) { StatusCode = status };

    public sealed record DraftSavedJson(string ETag, string NoteId, int Revision, DateTimeOffset SavedAt);

    public sealed record NoteSavedJson(string ETag, int Version, DateTimeOffset SavedAt);

    public sealed record AddedJson(string NoteId, string NextNoteId, string Message, bool Warning);

    public sealed record ConflictJson(string State, string Message, string TheirETag, string TheirText, string TheirAuthor, DateTimeOffset TheirSavedAt);
}
