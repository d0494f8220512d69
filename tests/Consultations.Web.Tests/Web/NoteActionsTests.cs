using Consultations.Core.Access;
using Consultations.Core.Audit;
using Consultations.Core.Demo;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Testing.Web;
using Consultations.Web.Audit;
using Consultations.Web.Notes;
using Microsoft.Extensions.DependencyInjection;
using Consultations.Infrastructure.Guard;

namespace Consultations.Web.Tests.Web;

/// <summary>The note use cases on their own, against the real app and its SQLite store: every outcome a page maps at least once.</summary>
public sealed class NoteActionsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly Actor Facilitator = DemoPersonas.Facilitator.ToActor();
    private static readonly Actor Lead = DemoPersonas.LeadFacilitator.ToActor();
    private static readonly Actor Administrator = DemoPersonas.Administrator.ToActor();
    private static readonly Actor Researcher = DemoPersonas.Researcher.ToActor();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private NoteActions Actions => app.Services.GetRequiredService<NoteActions>();

    private CaptureDraftActions Drafts => app.Services.GetRequiredService<CaptureDraftActions>();

    [Fact]
    public async Task Adding_stores_a_draft_with_the_guards_findings_and_readers_are_forbidden()
    {
        var at = await ContextAsync("plenary-1");
        var name = await ParticipantNameAsync();

        var added = Assert.IsType<NoteResult.Saved>(await Actions.AddAsync(Facilitator, at, Content($"{name} asked for a shared checklist."), Ct));
        var refused = Assert.IsType<NoteResult.Forbidden>(await Actions.AddAsync(Researcher, at, Content("A researcher's note."), Ct));

        var stored = (await app.Notes.GetAsync("demo-ph", added.Note.Id, Ct))!;
        Assert.Equal(NoteStatus.Draft, stored.Status);
        Assert.Equal("demo-facilitator", stored.CreatedBy.Id);
        Assert.Contains(added.Findings, f => f.Text == name);
        Assert.Equal(NoteRefusals.Write, refused.Reason);
        Assert.DoesNotContain(await app.Notes.ListBySessionAsync("demo-ph", "plenary-1", Ct), n => n.Text == "A researcher's note.");
    }

    [Fact]
    public async Task A_revision_that_lost_the_race_returns_their_version_and_one_of_a_deleted_note_is_gone()
    {
        var at = await ContextAsync("plenary-1");
        var note = await NoteAsync("plenary-1", "Shared starting text.");
        var mine = (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!;
        var theirs = (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!;

        Assert.IsType<NoteResult.Saved>(await Actions.ReviseAsync(Lead, at, theirs, Content("The lead's rewrite."), theirs.ETag, Ct));
        var conflict = Assert.IsType<NoteResult.Conflict>(await Actions.ReviseAsync(Facilitator, at, mine, Content("My rewrite."), mine.ETag, Ct));

        Assert.Equal("The lead's rewrite.", conflict.Theirs.Text);
        Assert.Equal("The lead's rewrite.", (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!.Text);

        var stale = (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!;
        await app.Notes.DeleteAsync((await app.Notes.GetAsync("demo-ph", note.Id, Ct))!, Ct);
        Assert.IsType<NoteResult.Gone>(await Actions.ReviseAsync(Facilitator, at, stale, Content("Words for a vanished note."), stale.ETag, Ct));
    }

    [Fact]
    public async Task A_step_the_domain_refuses_says_why_and_a_lead_step_is_forbidden_to_a_facilitator()
    {
        var at = await ContextAsync("plenary-1");
        var note = await NoteAsync("plenary-1", "Already on its way to review.", submitted: true);

        var refused = Assert.IsType<NoteResult.Refused>(await Actions.SubmitAsync(Facilitator, at, note, note.ETag, Ct));
        var forbidden = Assert.IsType<NoteResult.Forbidden>(await Actions.PublishAsync(Facilitator, at, note, note.ETag, Ct));

        Assert.StartsWith("Only a draft can be submitted for review", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(NoteRefusals.Review, forbidden.Reason);
        Assert.Equal(NoteStatus.Submitted, (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!.Status);
    }

    [Fact]
    public async Task Publishing_all_holds_back_what_may_identify_a_speaker_skips_what_changed_and_audits_each_publication()
    {
        var at = await ContextAsync("plenary-2");
        var name = await ParticipantNameAsync();
        var clean = await NoteAsync("plenary-2", "Smaller suppliers asked for a shared checklist.", submitted: true);
        var named = await NoteAsync("plenary-2", $"{name} warned that the checklist must stay short.", submitted: true);
        var changed = await NoteAsync("plenary-2", "A note someone edits meanwhile.", submitted: true);
        var current = (await app.Notes.GetAsync("demo-ph", changed.Id, Ct))!;
        current.Revise(at.Programme, Content("Edited meanwhile."), Lead.Ref, DateTimeOffset.UtcNow);
        await app.Notes.UpdateAsync(current, Ct);

        var batch = Assert.IsType<NoteResult.Batch>(await Actions.PublishAllAsync(Lead, at, [clean, named, changed], Ct));

        Assert.Equal(1, batch.Changed);
        Assert.Equal([named.Id], batch.HeldBack);
        Assert.Equal(1, batch.Skipped);
        Assert.Null(batch.StoppedBecause);
        Assert.Equal(NoteStatus.Published, (await app.Notes.GetAsync("demo-ph", clean.Id, Ct))!.Status);
        Assert.Equal(NoteStatus.Submitted, (await app.Notes.GetAsync("demo-ph", named.Id, Ct))!.Status);
        var entry = Assert.Single(await AuditAsync(AuditAction.NotePublished, clean.Id));
        Assert.Equal("Published with the session's “publish all” (version 1)", entry.Detail);
        Assert.Equal(NoteRefusals.PublishAll, Assert.IsType<NoteResult.Forbidden>(await Actions.PublishAllAsync(Facilitator, at, [named], Ct)).Reason);
    }

    [Fact]
    public async Task Submitting_all_flags_the_notes_that_may_identify_a_speaker()
    {
        var at = await ContextAsync("plenary-3");
        var name = await ParticipantNameAsync();
        var clean = await NoteAsync("plenary-3", "Regional drills should include smaller providers.");
        var named = await NoteAsync("plenary-3", $"{name} proposed a regional drill.");

        var batch = Assert.IsType<NoteResult.Batch>(await Actions.SubmitAllAsync(Facilitator, at, [clean, named], Ct));

        Assert.Equal(2, batch.Changed);
        Assert.Equal([named.Id], batch.Flagged);
        Assert.Empty(batch.HeldBack);
        Assert.Equal(NoteStatus.Submitted, (await app.Notes.GetAsync("demo-ph", clean.Id, Ct))!.Status);
    }

    [Fact]
    public async Task An_override_publishes_and_its_reason_reaches_the_audit_trail_without_the_name()
    {
        var at = await ContextAsync("plenary-2");
        var name = await ParticipantNameAsync();
        var note = await NoteAsync("plenary-2", $"{name} chaired the breakout.", submitted: true);

        var published = Assert.IsType<NoteResult.Saved>(await Actions.PublishWithOverrideAsync(Lead, at, note, $"A namesake of {name}, checked with the co-chair.", note.ETag, Ct));

        Assert.Equal(NoteStatus.Published, published.Note.Status);
        var entry = Assert.Single(await AuditAsync(AuditAction.GuardOverridden, note.Id));
        Assert.Contains(AuditTrail.Withheld, entry.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(name, entry.Detail, StringComparison.Ordinal);
        Assert.Equal("Published with a guard override (version 1)", Assert.Single(await AuditAsync(AuditAction.NotePublished, note.Id)).Detail);
    }

    [Fact]
    public async Task Delete_removes_a_draft_refuses_a_published_note_and_a_second_delete_finds_it_gone()
    {
        var draft = await NoteAsync("plenary-1", "Delete me.");
        var published = await NoteAsync("plenary-1", "Part of the record.", submitted: true);
        var at = await ContextAsync("plenary-1");
        published.Publish(at.Session, Lead.Ref, DateTimeOffset.UtcNow);
        await app.Notes.UpdateAsync(published, Ct);
        var stale = (await app.Notes.GetAsync("demo-ph", draft.Id, Ct))!;

        Assert.IsType<NoteResult.Removed>(await Actions.DeleteAsync(Facilitator, at.Consultation, draft, draft.ETag, Ct));
        Assert.IsType<NoteResult.Gone>(await Actions.DeleteAsync(Facilitator, at.Consultation, stale, stale.ETag, Ct));
        var refused = Assert.IsType<NoteResult.Refused>(await Actions.DeleteAsync(Facilitator, at.Consultation, published, published.ETag, Ct));

        Assert.StartsWith("A published note cannot be deleted", refused.Reason, StringComparison.Ordinal);
        Assert.Null(await app.Notes.GetAsync("demo-ph", draft.Id, Ct));
        Assert.NotNull(await app.Notes.GetAsync("demo-ph", published.Id, Ct));
    }

    [Fact]
    public async Task Unmasking_takes_two_people_and_is_not_for_researchers()
    {
        var at = await ContextAsync("plenary-3");
        var name = await ParticipantNameAsync();
        var note = await NoteAsync("plenary-3", $"{name} is quoted from a public speech.", submitted: true);

        var asked = Assert.IsType<NoteResult.Saved>(await Actions.RequestUnmaskAsync(Lead, at, note, "A public figure of the same name, not a participant.", note.ETag, Ct));
        var self = Assert.IsType<NoteResult.Refused>(await Actions.ConfirmUnmaskAsync(Lead, at, asked.Note, asked.Note.ETag, Ct));
        var confirmed = Assert.IsType<NoteResult.Saved>(await Actions.ConfirmUnmaskAsync(Administrator, at, await StoredAsync(note.Id), asked.Note.ETag, Ct));
        var forbidden = Assert.IsType<NoteResult.Forbidden>(await Actions.WithdrawUnmaskAsync(Researcher, at, confirmed.Note, confirmed.Note.ETag, Ct));

        Assert.Equal("A second person must confirm: you asked for this yourself.", self.Reason);
        Assert.NotEmpty((await StoredAsync(note.Id)).UnmaskedKeys);
        Assert.Equal(NoteRefusals.Unmask, forbidden.Reason);
        Assert.Single(await AuditAsync(AuditAction.GuardUnmaskConfirmed, note.Id));
    }

    [Fact]
    public async Task A_busy_store_fails_with_its_message_and_nothing_is_written()
    {
        var faults = new NoteStoreFaults();
        await using var busy = faults.On(app);
        var actions = busy.Services.GetRequiredService<NoteActions>();
        var at = await ContextAsync("plenary-4");
        var note = await NoteAsync("plenary-4", "Waiting for review.", submitted: true);
        faults.FailWrites = true;

        var added = Assert.IsType<NoteResult.StoreFailed>(await actions.AddAsync(Facilitator, at, Content("Typed while the store was busy."), Ct));
        var batch = Assert.IsType<NoteResult.Batch>(await actions.PublishAllAsync(Lead, at, [note], Ct));

        Assert.Equal(NoteStoreFaults.Message, added.Message);
        Assert.Equal((0, NoteStoreFaults.Message), (batch.Changed, batch.StoppedBecause));
        Assert.DoesNotContain(await app.Notes.ListBySessionAsync("demo-ph", "plenary-4", Ct), n => n.Text == "Typed while the store was busy.");
        Assert.Equal(NoteStatus.Submitted, (await StoredAsync(note.Id)).Status);
    }

    [Fact]
    public async Task Live_capture_adds_once_under_the_drafts_id_retires_the_draft_and_never_takes_someone_elses_id()
    {
        var at = await ContextAsync("plenary-4");
        var text = $"Added from the box ({Guid.NewGuid():N}).";
        var saved = Assert.IsType<NoteResult.DraftSaved>(await Drafts.SaveAsync(Facilitator, at.Consultation, at.Session, Content(text), Ids.New(), null, Ct));
        var noteId = saved.Draft.NoteId;

        var first = Assert.IsType<NoteResult.Saved>(await Actions.AddFromCaptureAsync(Facilitator, at, Content(text), noteId, saved.Draft.ETag, Ct));
        var retried = Assert.IsType<NoteResult.Saved>(await Actions.AddFromCaptureAsync(Facilitator, at, Content(text), noteId, saved.Draft.ETag, Ct));
        var taken = Assert.IsType<NoteResult.Conflict>(await Actions.AddFromCaptureAsync(Lead, at, Content("The lead's words."), noteId, null, Ct));

        Assert.Equal(noteId, first.Note.Id);
        Assert.Equal(noteId, retried.Note.Id);
        Assert.NotEqual(noteId, first.NextNoteId);
        Assert.Single(await app.Notes.ListBySessionAsync("demo-ph", "plenary-4", Ct), n => n.Text == text);
        Assert.Equal(text, taken.Theirs.Text);
        Assert.Null(await app.Services.GetRequiredService<ICaptureDraftStore>().GetAsync("demo-ph", CaptureDraft.IdFor("demo-ph", "plenary-4", Facilitator.UserId), Ct));
    }

    [Fact]
    public async Task A_capture_draft_saved_from_an_old_version_conflicts_unless_it_holds_the_same_words_and_retiring_it_gives_the_next_id()
    {
        var at = await ContextAsync("plenary-3");
        var first = Assert.IsType<NoteResult.DraftSaved>(await Drafts.SaveAsync(Lead, at.Consultation, at.Session, Content("First words"), Ids.New(), null, Ct));
        var oldETag = first.Draft.ETag;
        var second = Assert.IsType<NoteResult.DraftSaved>(await Drafts.SaveAsync(Lead, at.Consultation, at.Session, Content("Second words"), first.Draft.NoteId, oldETag, Ct));

        var conflict = Assert.IsType<NoteResult.DraftConflict>(await Drafts.SaveAsync(Lead, at.Consultation, at.Session, Content("Another window"), first.Draft.NoteId, oldETag, Ct));
        var retry = Assert.IsType<NoteResult.DraftSaved>(await Drafts.SaveAsync(Lead, at.Consultation, at.Session, Content("Second words"), first.Draft.NoteId, oldETag, Ct));
        var note = await NoteAsync("plenary-3", "Some other note.");
        var retired = Assert.IsType<NoteResult.DraftRetired>(await Drafts.RetireAsync(Lead, at.Consultation, at.Session, note, note.Text, second.Draft.ETag, Ct));

        Assert.Equal("Second words", conflict.Theirs.Text);
        Assert.Equal(second.Draft.ETag, retry.Draft.ETag);
        Assert.Equal(first.Draft.NoteId, retired.NextNoteId);
        Assert.IsType<NoteResult.Forbidden>(await Drafts.SaveAsync(Researcher, at.Consultation, at.Session, Content("Not mine to write"), null, null, Ct));
    }

    [Fact]
    public async Task Editing_in_place_with_the_words_already_stored_is_saved_not_a_conflict()
    {
        var at = await ContextAsync("plenary-4");
        var note = await NoteAsync("plenary-4", "Typed in place.");
        var stale = (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!;
        var alsoStale = (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!;
        Assert.IsType<NoteResult.Saved>(await Actions.ReviseTextAsync(Facilitator, at, note, "Typed in place, corrected.", note.ETag, Ct));

        var retried = Assert.IsType<NoteResult.Saved>(await Actions.ReviseTextAsync(Facilitator, at, stale, "Typed in place, corrected.", stale.ETag, Ct));
        var other = Assert.IsType<NoteResult.Conflict>(await Actions.ReviseTextAsync(Lead, at, alsoStale, "The lead's words.", alsoStale.ETag, Ct));

        Assert.Equal(2, retried.Note.Version);
        Assert.Equal("Typed in place, corrected.", other.Theirs.Text);
    }

    private static NoteContent Content(string text) => new(text, NoteKind.Finding, null, ["technical-standards"], []);

    private async Task<NoteContext> ContextAsync(string sessionId)
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var consultation = (await app.Consultations.GetAsync("demo", "demo-ph", Ct))!;
        var guard = await app.Services.GetRequiredService<ConsultationGuards>().ForAsync(programme, consultation.Id, Ct);
        return new NoteContext(programme, consultation, consultation.FindSession(sessionId)!, guard);
    }

    private async Task<Note> NoteAsync(string sessionId, string text, bool submitted = false)
    {
        var at = await ContextAsync(sessionId);
        var note = Note.Create(at.Programme, at.Consultation, at.Session, Content(text), Facilitator.Ref, DateTimeOffset.UtcNow);
        if (submitted)
        {
            note.Submit(Facilitator.Ref, DateTimeOffset.UtcNow);
        }

        return await app.Notes.CreateAsync(note, Ct);
    }

    private async Task<Note> StoredAsync(string noteId) => (await app.Notes.GetAsync("demo-ph", noteId, Ct))!;

    private async Task<string> ParticipantNameAsync() =>
        (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.First(p => p.Name.Split(' ').Length >= 2).Name;

    private async Task<List<AuditEntry>> AuditAsync(AuditAction action, string noteId)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in app.Services.GetRequiredService<IAuditStore>().ReadAllAsync(new AuditQuery { Action = action, PageSize = AuditQuery.MaxPageSize }, Ct))
        {
            if (entry.TargetId == noteId)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }
}
