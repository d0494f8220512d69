using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Analysis;
using Consultations.Web.Guard;
using Consultations.Web.Loading;
using Consultations.Web.Notes;
using Consultations.Web.Pages.Notes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Consultations.Infrastructure.Guard;

namespace Consultations.Web.Pages.Sessions;

/// <summary>A session's notes; facilitators add notes here and move them through review.</summary>
public sealed class DetailsModel(
    RepositoryLoader loader,
    INoteStore notes,
    ConsultationGuards guards,
    ProgrammeAnalysis analysis,
    NoteActions actions,
    ILogger<DetailsModel> logger) : PageModel
{
    private ConsultationGuard? _guard;

    public SessionScope Scope { get; private set; } = null!;

    public Session Session => Scope.Session;

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
        if (await LoadAsync(programmeId, consultationId, sessionId, Requirement.None, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
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
        // Before the form is read: someone who may not write here is refused whatever the form holds.
        if (await LoadAsync(programmeId, consultationId, sessionId, Requirement.WriteNotes, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
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

        switch (await actions.AddAsync(Scope.Actor, await ContextAsync(cancellationToken), content, cancellationToken))
        {
            case NoteResult.Saved added:
                if (added.NeedsAttention)
                {
                    TempData.Warning(added.StatusLine("Note added."));
                }
                else
                {
                    TempData.Success("Note added.");
                }

                return RedirectToPage("/Sessions/Details", null, new { programmeId, consultationId, sessionId }, $"note-{added.Note.Id}");
            case NoteResult.Forbidden forbidden:
                return this.ForbidBecause(forbidden.Reason);
            case NoteResult.Refused refused:
                ModelState.AddModelError(string.Empty, refused.Reason);
                return Page();
            case NoteResult.StoreFailed failed:
                // The typed text is still in the form: say why it was not saved and let the facilitator try again.
                ModelState.AddModelError(string.Empty, failed.Message);
                return Page();
            case var unexpected:
                throw unexpected.Unexpected();
        }
    }

    public async Task<IActionResult> OnPostSubmitAllAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, sessionId, Requirement.None, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        return Report(
            await actions.SubmitAllAsync(Scope.Actor, await ContextAsync(cancellationToken), Notes, cancellationToken),
            "submitted for review",
            heldBack => $" {Were(heldBack)} not submitted: {(heldBack == 1 ? "its" : "their")} status had changed.",
            heldBackKey: null);
    }

    public async Task<IActionResult> OnPostPublishAllAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, sessionId, Requirement.None, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        return Report(
            await actions.PublishAllAsync(Scope.Actor, await ContextAsync(cancellationToken), Notes, cancellationToken),
            "published",
            heldBack => $" {Were(heldBack)} held back because {(heldBack == 1 ? "it" : "they")} may identify a speaker — listed below: open each to fix the text, or override with a reason.",
            HeldBackKey);
    }

    /// <summary>One status line for a "submit all" or "publish all"; the notes that need attention are listed on the page it redirects to.</summary>
    private IActionResult Report(NoteResult result, string done, Func<int, string> heldBackSentence, string? heldBackKey)
    {
        if (result is NoteResult.Forbidden forbidden)
        {
            return this.ForbidBecause(forbidden.Reason);
        }

        if (result is not NoteResult.Batch batch)
        {
            throw result.Unexpected();
        }

        var message = $"{batch.Changed} note{(batch.Changed == 1 ? "" : "s")} {done}.";
        if (batch.HeldBack.Count > 0)
        {
            message += heldBackSentence(batch.HeldBack.Count);
            if (heldBackKey is not null)
            {
                TempData[heldBackKey] = string.Join(',', batch.HeldBack);
            }
        }

        var flagged = batch.Flagged.Count;
        if (flagged > 0)
        {
            message += $" Of these, {(flagged == 1 ? "1 note" : $"{flagged} notes")} may identify a speaker — listed below: fix {(flagged == 1 ? "it" : "them")} before the lead facilitator reviews, or {(flagged == 1 ? "it" : "they")} cannot be published without an override.";
            TempData[FlaggedKey] = string.Join(',', batch.Flagged);
        }

        if (batch.Skipped > 0)
        {
            message += $" {batch.Skipped} changed meanwhile and were left as they were; check them and try again.";
        }

        if (batch.StoppedBecause is { } stopped)
        {
            message += $" The rest were left as they were: {stopped}";
        }

        if (batch.HeldBack.Count + batch.Skipped + flagged > 0 || batch.StoppedBecause is not null)
        {
            TempData.Warning(message);
        }
        else
        {
            TempData.Success(message);
        }

        return RedirectToPage("/Sessions/Details", new { programmeId = Scope.Programme.Id, consultationId = Scope.Consultation.Id, sessionId = Session.Id });
    }

    private static string Were(int notes) => notes == 1 ? "1 note was" : $"{notes} notes were";

    private async Task<NoteContext> ContextAsync(CancellationToken cancellationToken) =>
        Scope.NoteContext(_guard ?? await guards.ForAsync(Scope.Programme, Scope.Consultation.Id, cancellationToken));

    private async Task<Loaded<SessionScope>> LoadAsync(string programmeId, string consultationId, string sessionId, Requirement requirement, CancellationToken cancellationToken)
    {
        var loaded = await loader.SessionAsync(programmeId, consultationId, sessionId, requirement, cancellationToken);
        if (loaded.Found is not { Session: var session } scope)
        {
            return loaded;
        }

        Scope = scope;
        CanSeeNotes = scope.CanSeeNotes;
        PublishedOnly = AccessRules.NoteScopeFor(scope.Actor, scope.Consultation) == NoteScope.PublishedOnly;
        if (CanSeeNotes)
        {
            Notes = [.. (await notes.ListBySessionAsync(consultationId, sessionId, cancellationToken))
                .Where(n => AccessRules.CanSeeNote(scope.Actor, scope.Consultation, n))];
            var guard = _guard = await guards.ForAsync(scope.Programme, consultationId, cancellationToken);
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

        return loaded;
    }
}
