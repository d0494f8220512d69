using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Storage;
using Consultations.Web.Audit;
using Consultations.Web.Guard;
using Consultations.Web.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Notes;

/// <summary>
/// One note: edit it, move it through review, and never lose a facilitator's text to someone else's save.
/// A stale save shows both versions and keeps the typed text in the form.
/// </summary>
public sealed partial class EditModel(
    IProgrammeStore programmes,
    IConsultationStore consultations,
    INoteStore notes,
    ConsultationGuards guards,
    AuditTrail audit,
    TimeProvider time,
    ILogger<EditModel> logger) : PageModel
{
    public ConsultationScope Scope { get; private set; } = null!;

    public Session Session { get; private set; } = null!;

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

        if (!TryValidate(out var content))
        {
            Deleted = Current is null;
            return Page();
        }

        var note = Note.Create(Scope.Programme, Scope.Consultation, Session, content, User.ToActor().Ref, time.GetUtcNow());
        await notes.CreateAsync(note, cancellationToken);
        TempData.Success("Your text was saved as a new note.");
        return Redirect($"{Paths.Session(programmeId, consultationId, Session.Id)}#note-{note.Id}");
    }

    public Task<IActionResult> OnPostSubmitAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        ChangeStatusAsync(programmeId, consultationId, noteId, (n, by, at) => n.Submit(by, at), "Note submitted for review.", review: false, cancellationToken);

    public Task<IActionResult> OnPostReturnToDraftAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        ChangeStatusAsync(programmeId, consultationId, noteId, (n, by, at) => n.ReturnToDraft(by, at), "Note moved back to draft.", review: false, cancellationToken);

    public Task<IActionResult> OnPostPublishAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        ChangeStatusAsync(programmeId, consultationId, noteId, (n, by, at) => n.Publish(Session, Findings, by, at), "Note published.", review: true, cancellationToken, n => RecordAsync(AuditAction.NotePublished, n, $"Published (version {n.Version})"));

    /// <summary>Publish despite blocking findings: the lead facilitator's reason is kept on the note and logged (without the text).</summary>
    public Task<IActionResult> OnPostOverrideAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        ChangeStatusAsync(
            programmeId,
            consultationId,
            noteId,
            (n, by, at) =>
            {
                n.OverrideGuard(Findings, OverrideReason ?? string.Empty, by, at);
                n.Publish(Session, Findings, by, at);
                LogOverride(n.Id, n.ConsultationId, by.Id, n.GuardOverride!.Keys.Count);
            },
            "Note published with an override; your reason is recorded with it.",
            review: true,
            cancellationToken,
            async n =>
            {
                var reason = await audit.QuoteAsync(Scope.Programme, [n.ConsultationId], n.GuardOverride!.Reason, 200);
                await RecordAsync(AuditAction.GuardOverridden, n, $"{n.GuardOverride.Keys.Count} blocking finding(s) overridden; reason: “{reason}”");
                await RecordAsync(AuditAction.NotePublished, n, $"Published with a guard override (version {n.Version})");
            });

    public Task<IActionResult> OnPostReturnToReviewAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken) =>
        ChangeStatusAsync(programmeId, consultationId, noteId, (n, by, at) => n.ReturnToReview(by, at), "Note returned to review; it can be edited again.", review: true, cancellationToken, n => RecordAsync(AuditAction.NoteReturnedToReview, n, "Returned to review"));

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

        var note = Current;
        if (note.ETag != expectedETag)
        {
            return ShowConflict(note);
        }

        try
        {
            note.Revise(Scope.Programme, content, User.ToActor().Ref, time.GetUtcNow());
            await notes.UpdateAsync(note, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return await notes.GetAsync(consultationId, noteId, cancellationToken) is { } theirs ? ShowConflict(theirs) : ShowDeleted();
        }
        catch (DocumentNotFoundException)
        {
            return ShowDeleted();
        }
        catch (Exception ex) when (ex is DomainRuleException or StoreUnavailableException or DocumentRejectedException)
        {
            // The edited text is still in the form; nothing stored was changed.
            ModelState.AddModelError(string.Empty, ex.Message);
            return Page();
        }

        var findings = (_guard ?? await guards.ForAsync(Scope.Programme, consultationId, cancellationToken)).Check(note.Text);
        if (findings.Count > 0)
        {
            TempData.Warning($"Note saved (version {note.Version}). {ConsultationGuard.Summary(findings)}");
        }
        else
        {
            TempData.Success($"Note saved (version {note.Version}).");
        }

        return Redirect($"{Paths.Session(programmeId, consultationId, note.SessionId)}#note-{note.Id}");
    }

    private async Task<IActionResult> ChangeStatusAsync(
        string programmeId,
        string consultationId,
        string noteId,
        Action<Note, UserRef, DateTimeOffset> change,
        string done,
        bool review,
        CancellationToken cancellationToken,
        Func<Note, Task>? audited = null)
    {
        if (await LoadAsync(programmeId, consultationId, noteId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (Current is null)
        {
            return NotFound();
        }

        if (review && !Scope.CanReviewNotes)
        {
            return this.ForbidBecause("Only the consultation's lead facilitator publishes notes or returns them to review.");
        }

        if (review && await this.RequireRecentSignInAsync() is { } stepUp)
        {
            return stepUp;
        }

        var next = this.SafeReturnUrl(ReturnUrl, $"{Paths.Session(programmeId, consultationId, Current.SessionId)}#note-{Current.Id}");
        try
        {
            Current.ETag = ETag;
            change(Current, User.ToActor().Ref, time.GetUtcNow());
            await notes.UpdateAsync(Current, cancellationToken);
            TempData.Success(done);
            if (audited is not null)
            {
                await audited(Current);
            }
        }
        catch (DomainRuleException ex)
        {
            TempData.Warning(ex.Message);
        }
        catch (Exception ex) when (ex is ConcurrencyConflictException or DocumentNotFoundException)
        {
            TempData.Warning("Someone else changed this note meanwhile, so nothing was done. Check the latest version and try again.");
        }

        return Redirect(next);
    }

    private Task RecordAsync(AuditAction action, Note note, string detail) =>
        audit.RecordAsync(User, action, AuditSubject.Note(note.ProgrammeId, note.ConsultationId, note.Id), detail);

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
            return this.ForbidBecause("Only the facilitators assigned to this consultation edit its notes.");
        }

        Current = await notes.GetAsync(consultationId, noteId, cancellationToken);
        if (Current is not null)
        {
            _guard = await guards.ForAsync(scope.Programme, consultationId, cancellationToken);
            Findings = _guard.Check(Current.Text);
        }

        var sessionId = Current?.SessionId ?? SessionId;
        if (sessionId is null || scope.Consultation.FindSession(sessionId) is not { } session)
        {
            return NotFound();
        }

        Session = session;
        SessionId = session.Id;
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guard override: note {NoteId} of consultation {ConsultationId} published by {UserId} despite {Findings} blocking finding(s)")]
    private partial void LogOverride(string noteId, string consultationId, string userId, int findings);
}
