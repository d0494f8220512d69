using Consultations.Core.Access;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Analysis;
using Consultations.Web.Audit;
using Consultations.Web.Guard;
using Consultations.Web.Identity;
using Consultations.Web.Pages.Notes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Sessions;

/// <summary>A session's notes; facilitators add notes here and move them through review.</summary>
public sealed class DetailsModel(
    IProgrammeStore programmes,
    IConsultationStore consultations,
    INoteStore notes,
    ConsultationGuards guards,
    ProgrammeAnalysis analysis,
    AuditTrail audit,
    TimeProvider time,
    ILogger<DetailsModel> logger) : PageModel
{
    public ConsultationScope Scope { get; private set; } = null!;

    public Session Session { get; private set; } = null!;

    public bool CanSeeNotes { get; private set; }

    public bool PublishedOnly { get; private set; }

    public IReadOnlyList<Note> Notes { get; private set; } = [];

    /// <summary>Published notes held back from a reader because they still match the register.</summary>
    public int Withheld { get; private set; }

    /// <summary>Speaker groups too small to name to this reader (empty for the consultation's own facilitators).</summary>
    public IReadOnlySet<string> HiddenGroups { get; private set; } = new HashSet<string>();

    /// <summary>The most salient phrases of the notes shown, ranked against the programme's other notes.</summary>
    public IReadOnlyList<string> KeyPhrases { get; private set; } = [];

    /// <summary>Guard flags per note, for those who see notes before the reader gate (the consultation's facilitators, administrators).</summary>
    public IReadOnlyDictionary<string, NoteFlags> Flags { get; private set; } = new Dictionary<string, NoteFlags>();

    /// <summary>Notes the last "publish all" held back, or the last "submit all" sent with findings: listed at the top, each linked.</summary>
    public IReadOnlyList<(Note Note, NoteFlags Flags)> Attention { get; private set; } = [];

    /// <summary>Whether <see cref="Attention"/> lists notes held back from publication (else submitted with findings).</summary>
    public bool AttentionHeldBack { get; private set; }

    public int DraftCount => Notes.Count(n => n.Status == NoteStatus.Draft);

    public int SubmittedCount => Notes.Count(n => n.Status == NoteStatus.Submitted);

    [BindProperty]
    public NoteInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(programmeId, consultationId, sessionId, cancellationToken))
        {
            return NotFound();
        }

        Input = NoteInput.For(Session);
        var held = TempData[HeldBackKey] as string;
        var flagged = TempData[FlaggedKey] as string;
        AttentionHeldBack = held is not null;
        var ids = (held ?? flagged ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        Attention = [.. Notes.Where(n => ids.Contains(n.Id)).Select(n => (n, Flags.GetValueOrDefault(n.Id) ?? NoteFlags.None))];
        return Page();
    }

    private const string HeldBackKey = "Sessions.HeldBack";
    private const string FlaggedKey = "Sessions.Flagged";

    public async Task<IActionResult> OnPostAddAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(programmeId, consultationId, sessionId, cancellationToken))
        {
            return NotFound();
        }

        if (!Scope.CanWriteNotes)
        {
            return this.ForbidBecause("Only the facilitators assigned to this consultation write its notes.");
        }

        var content = Input.ToContent().Normalised();
        foreach (var (field, message) in content.Validate(Scope.Programme))
        {
            ModelState.AddModelError($"{nameof(Input)}.{field}", message);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var note = Note.Create(Scope.Programme, Scope.Consultation, Session, content, User.ToActor().Ref, time.GetUtcNow());
        try
        {
            await notes.CreateAsync(note, cancellationToken);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or DocumentRejectedException)
        {
            // The typed text is still in the form: say why it was not saved and let the facilitator try again.
            ModelState.AddModelError(string.Empty, ex.Message);
            return Page();
        }

        var findings = (await guards.ForAsync(Scope.Programme, consultationId, cancellationToken)).Check(note.Text);
        if (findings.Count > 0)
        {
            TempData.Warning($"Note added. {ConsultationGuard.Summary(findings)}");
        }
        else
        {
            TempData.Success("Note added.");
        }

        return Redirect($"{Paths.Session(programmeId, consultationId, sessionId)}#note-{note.Id}");
    }

    public Task<IActionResult> OnPostSubmitAllAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken) =>
        BulkAsync(programmeId, consultationId, sessionId, NoteStatus.Draft, (note, by, at) => note.Submit(by, at), "submitted for review", review: false, cancellationToken);

    public Task<IActionResult> OnPostPublishAllAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken) =>
        BulkAsync(programmeId, consultationId, sessionId, NoteStatus.Submitted, (note, by, at) => note.Publish(Session, Guard!.Check(note.Text), by, at), "published", review: true, cancellationToken);

    private ConsultationGuard? Guard { get; set; }

    private async Task<IActionResult> BulkAsync(
        string programmeId,
        string consultationId,
        string sessionId,
        NoteStatus from,
        Action<Note, UserRef, DateTimeOffset> change,
        string done,
        bool review,
        CancellationToken cancellationToken)
    {
        if (!await LoadAsync(programmeId, consultationId, sessionId, cancellationToken))
        {
            return NotFound();
        }

        if (review ? !Scope.CanReviewNotes : !Scope.CanWriteNotes)
        {
            return this.ForbidBecause(review
                ? "Only the consultation's lead facilitator publishes notes."
                : "Only the facilitators assigned to this consultation submit its notes.");
        }

        Guard = await guards.ForAsync(Scope.Programme, consultationId, cancellationToken);
        int changed = 0, skipped = 0;
        var refused = new List<string>();
        var flagged = new List<string>();
        var by = User.ToActor().Ref;
        foreach (var note in Notes.Where(n => n.Status == from))
        {
            try
            {
                change(note, by, time.GetUtcNow());
                await notes.UpdateAsync(note, cancellationToken);
                changed++;
                if (!review && Guard.Check(note.Text).Count > 0)
                {
                    flagged.Add(note.Id);
                }

                if (review)
                {
                    await audit.RecordAsync(User, AuditAction.NotePublished, AuditSubject.Note(programmeId, consultationId, note.Id), $"Published with the session's “publish all” (version {note.Version})");
                }
            }
            catch (DomainRuleException)
            {
                refused.Add(note.Id);
            }
            catch (Exception ex) when (ex is ConcurrencyConflictException or DocumentNotFoundException)
            {
                skipped++;
            }
        }

        var message = $"{changed} note{(changed == 1 ? "" : "s")} {done}.";
        if (refused.Count > 0)
        {
            message += review
                ? $" {Were(refused.Count)} held back because {(refused.Count == 1 ? "it" : "they")} may identify a speaker — listed below: open each to fix the text, or override with a reason."
                : $" {Were(refused.Count)} not submitted: {(refused.Count == 1 ? "its" : "their")} status had changed.";
            if (review)
            {
                TempData[HeldBackKey] = string.Join(',', refused);
            }
        }

        if (flagged.Count > 0)
        {
            message += $" Of these, {(flagged.Count == 1 ? "1 note" : $"{flagged.Count} notes")} may identify a speaker — listed below: fix {(flagged.Count == 1 ? "it" : "them")} before the lead facilitator reviews, or {(flagged.Count == 1 ? "it" : "they")} cannot be published without an override.";
            TempData[FlaggedKey] = string.Join(',', flagged);
        }

        if (skipped > 0)
        {
            message += $" {skipped} changed meanwhile and were left as they were; check them and try again.";
        }

        if (refused.Count + skipped + flagged.Count > 0)
        {
            TempData.Warning(message);
        }
        else
        {
            TempData.Success(message);
        }

        return Redirect(Paths.Session(programmeId, consultationId, sessionId));
    }

    private static string Were(int notes) => notes == 1 ? "1 note was" : $"{notes} notes were";

    private async Task<bool> LoadAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken)
    {
        if (await ConsultationScope.LoadAsync(this, programmes, consultations, programmeId, consultationId, cancellationToken) is not { } scope
            || scope.Consultation.FindSession(sessionId) is not { } session)
        {
            return false;
        }

        Scope = scope;
        Session = session;
        CanSeeNotes = AccessRules.CanSeeSessionNotes(scope.Actor, scope.Consultation, session);
        PublishedOnly = AccessRules.NoteScopeFor(scope.Actor, scope.Consultation) == NoteScope.PublishedOnly;
        if (CanSeeNotes)
        {
            Notes = [.. (await notes.ListBySessionAsync(consultationId, sessionId, cancellationToken))
                .Where(n => AccessRules.CanSeeNote(scope.Actor, scope.Consultation, n))];
            var guard = await guards.ForAsync(scope.Programme, consultationId, cancellationToken);
            if (PublishedOnly)
            {
                (Notes, Withheld) = ReaderGate.Filter(Notes, guard, logger);
                HiddenGroups = guard.SmallGroups(scope.Programme.SmallGroupThreshold);
            }
            else
            {
                Flags = NoteFlags.ForAll(Notes, session, guard);
            }

            // Only from notes this reader sees, after the reader gate: a phrase is a piece of a note.
            KeyPhrases = Notes.Count == 0 ? [] : analysis.ModelFor(scope.Programme).Corpus.Extract([.. Notes.Select(n => n.Text)], 8);
        }

        return true;
    }
}
