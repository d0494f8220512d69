using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Guard;
using Consultations.Web.Identity;
using Consultations.Web.Pages.Notes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Sessions;

/// <summary>
/// Live capture during a plenary: one note box, autosaved to a server-held draft a moment after typing stops,
/// Ctrl+Enter adds the note and opens the next, and the session's notes beside it are editable in place.
/// Every save carries the ETag it started from, so two windows or two facilitators never overwrite each other:
/// a conflict answers 409 with the other text to merge. Without JavaScript the form still adds notes (post, redirect, get).
/// </summary>
public sealed class CaptureModel(
    IProgrammeStore programmes,
    IConsultationStore consultations,
    INoteStore notes,
    ICaptureDraftStore drafts,
    ConsultationGuards guards,
    TimeProvider time) : PageModel
{
    public ConsultationScope Scope { get; private set; } = null!;

    public Session Session { get; private set; } = null!;

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
        if (await LoadAsync(programmeId, consultationId, sessionId, cancellationToken) is { } refusal)
        {
            return refusal;
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
        if (await LoadAsync(programmeId, consultationId, sessionId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return Partial("_CaptureNotes", this);
    }

    /// <summary>Autosave of the box: keeps the draft, whatever state it is in, and answers the new ETag.</summary>
    public async Task<IActionResult> OnPostDraftAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, sessionId, cancellationToken, withNotes: false) is { } refusal)
        {
            return refusal;
        }

        var content = Input.ToContent();
        var at = time.GetUtcNow();
        var draft = string.IsNullOrEmpty(DraftETag) ? null : await drafts.GetAsync(consultationId, DraftId, cancellationToken);
        try
        {
            if (draft is null)
            {
                // First save of this box, or its draft was added as a note from another window meanwhile.
                draft = CaptureDraft.Start(Scope.Consultation, Session, User.ToActor().Ref, at);
                if (Ids.IsValid(NoteId) && await notes.GetAsync(consultationId, NoteId!, cancellationToken) is null)
                {
                    draft.UseNoteId(NoteId!);
                }
            }
            else
            {
                draft.ETag = DraftETag;
            }

            draft.Update(content, at);
            await drafts.SaveAsync(draft, cancellationToken);
        }
        catch (DomainRuleException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, ex.Message);
        }
        catch (Exception ex) when (ex is ConcurrencyConflictException or DocumentNotFoundException)
        {
            var theirs = await drafts.GetAsync(consultationId, DraftId, cancellationToken);
            if (theirs is not null && theirs.Holds(content))
            {
                // The same words were saved already (a retry whose first answer was lost): nothing to merge.
                return Saved(theirs);
            }

            return theirs is null
                ? Problem(StatusCodes.Status409Conflict, "This draft was added as a note from another window. Your text is still here: save again to keep it as a new note.")
                : new JsonResult(new ConflictJson(
                    "conflict",
                    "This note was changed in another window while you typed. Both texts are shown: keep yours, take theirs, or put them together.",
                    theirs.ETag!,
                    theirs.Text,
                    theirs.Owner.Name,
                    theirs.UpdatedAt)) { StatusCode = StatusCodes.Status409Conflict };
        }

        return Saved(draft);
    }

    /// <summary>Adds the box as a note (Ctrl+Enter). Idempotent: a retry after a lost answer finds the note it made.</summary>
    public async Task<IActionResult> OnPostAddAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken)
    {
        var script = Request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal);
        if (await LoadAsync(programmeId, consultationId, sessionId, cancellationToken, withNotes: !script) is { } refusal)
        {
            return refusal;
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

        var by = User.ToActor().Ref;
        var note = Note.Create(Scope.Programme, Scope.Consultation, Session, content, by, time.GetUtcNow(), NoteId);
        try
        {
            await notes.CreateAsync(note, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            var existing = await notes.GetAsync(consultationId, NoteId!, cancellationToken);
            if (existing is null || existing.CreatedBy.Id != by.Id || existing.SessionId != Session.Id)
            {
                // Not this box's earlier add: never touch someone else's note.
                return script
                    ? Problem(StatusCodes.Status409Conflict, "This note could not be added under its id. Reload the page; your draft comes back.")
                    : Page();
            }

            note = existing;
        }
        catch (Exception ex) when (ex is StoreUnavailableException or DocumentRejectedException)
        {
            if (script)
            {
                return Problem(StatusCodes.Status503ServiceUnavailable, ex.Message);
            }

            ModelState.AddModelError(string.Empty, ex.Message);
            return Page();
        }

        var nextNoteId = await RetireDraftAsync(consultationId, note, content, cancellationToken);
        var findings = (await guards.ForAsync(Scope.Programme, consultationId, cancellationToken)).Check(note.Text);
        var message = findings.Count > 0 ? $"Note added. {ConsultationGuard.Summary(findings)}" : "Note added.";
        if (script)
        {
            return new JsonResult(new AddedJson(note.Id, nextNoteId, message, findings.Count > 0));
        }

        if (findings.Count > 0)
        {
            TempData.Warning(message);
        }
        else
        {
            TempData.Success(message);
        }

        return Redirect(Paths.SessionCapture(programmeId, consultationId, sessionId));
    }

    /// <summary>In-place edit of a listed note's text, guarded by the note's ETag like every other edit.</summary>
    public async Task<IActionResult> OnPostNoteAsync(string programmeId, string consultationId, string sessionId, [FromForm] string? editNoteId, [FromForm] string? editETag, [FromForm] string? editText, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, sessionId, cancellationToken, withNotes: false) is { } refusal)
        {
            return refusal;
        }

        if (!Ids.IsValid(editNoteId) || await notes.GetAsync(consultationId, editNoteId!, cancellationToken) is not { } note
            || note.SessionId != Session.Id || !AccessRules.CanSeeNote(Scope.Actor, Scope.Consultation, note))
        {
            return Problem(StatusCodes.Status410Gone, "This note was deleted meanwhile. Your text is still in the box: copy it into a new note.");
        }

        var text = NoteContent.NormaliseText(editText);
        var content = note.Content with { Text = text };
        if (content.Validate(Scope.Programme).FirstOrDefault(e => e.Field == nameof(NoteContent.Text)) is { Message: { } problem })
        {
            return Problem(StatusCodes.Status400BadRequest, problem);
        }

        if (note.ETag != editETag && note.Text != text)
        {
            return NoteConflict(note);
        }

        if (note.Text == text)
        {
            return NoteSaved(note);
        }

        try
        {
            note.Revise(Scope.Programme, content, User.ToActor().Ref, time.GetUtcNow());
            await notes.UpdateAsync(note, cancellationToken);
        }
        catch (DomainRuleException ex)
        {
            return Problem(StatusCodes.Status409Conflict, ex.Message);
        }
        catch (ConcurrencyConflictException)
        {
            return await notes.GetAsync(consultationId, note.Id, cancellationToken) is { } theirs
                ? theirs.Text == text ? NoteSaved(theirs) : NoteConflict(theirs)
                : Problem(StatusCodes.Status410Gone, "This note was deleted meanwhile. Your text is still in the box: copy it into a new note.");
        }
        catch (DocumentNotFoundException)
        {
            return Problem(StatusCodes.Status410Gone, "This note was deleted meanwhile. Your text is still in the box: copy it into a new note.");
        }

        return NoteSaved(note);
    }

    public string DraftId => CaptureDraft.IdFor(Scope.Consultation.Id, Session.Id, User.ToActor().Ref.Id);

    /// <summary>
    /// Deletes the draft that became the note, unless another window of the same facilitator has typed something else
    /// into it meanwhile: then that text stays as the next draft, with a fresh note id.
    /// </summary>
    private async Task<string> RetireDraftAsync(string consultationId, Note note, NoteContent added, CancellationToken cancellationToken)
    {
        var draft = await drafts.GetAsync(consultationId, DraftId, cancellationToken);
        if (draft is null)
        {
            return Ids.New();
        }

        try
        {
            if (draft.NoteId != note.Id)
            {
                return draft.NoteId;
            }

            if (draft.ETag == DraftETag || NoteContent.NormaliseText(draft.Text) == added.Text)
            {
                await drafts.DeleteAsync(draft, cancellationToken);
                return Ids.New();
            }

            draft.UseNoteId(Ids.New());
            await drafts.SaveAsync(draft, cancellationToken);
            return draft.NoteId;
        }
        catch (Exception ex) when (ex is ConcurrencyConflictException or DocumentNotFoundException)
        {
            // Another window saved at this very moment; its draft stays and this window starts a fresh one.
            return Ids.New();
        }
    }

    private async Task<IActionResult?> LoadAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken, bool withNotes = true)
    {
        if (await ConsultationScope.LoadAsync(this, programmes, consultations, programmeId, consultationId, cancellationToken) is not { } scope
            || scope.Consultation.FindSession(sessionId) is not { } session)
        {
            return NotFound();
        }

        Scope = scope;
        Session = session;
        if (!scope.CanWriteNotes)
        {
            return this.ForbidBecause("Live capture is for the facilitators assigned to this consultation.");
        }

        if (withNotes)
        {
            Notes = [.. (await notes.ListBySessionAsync(consultationId, sessionId, cancellationToken))
                .Where(n => AccessRules.CanSeeNote(scope.Actor, scope.Consultation, n))
                .Reverse()];
            Flags = NoteFlags.ForAll(Notes, session, await guards.ForAsync(scope.Programme, consultationId, cancellationToken));
        }

        return null;
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
