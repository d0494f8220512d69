using System.Net;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Testing.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Web.Tests.Web;

/// <summary>
/// An override lets a note be published and never lets a name through: every reader sees it masked, the facilitators
/// see it as written with who overrode and why, and only two people together can show a matched name to readers.
/// </summary>
public abstract class ReaderMaskingFlowTests(AppFactory app)
{
    private const string Ph = "/programmes/demo/consultations/demo-ph";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IAuditStore Audit => app.Services.GetRequiredService<IAuditStore>();

    [Fact]
    public async Task A_note_published_with_an_override_reaches_no_reader_with_the_name()
    {
        var name = await ParticipantNameAsync();
        var marker = Marker();
        var note = await SubmittedNoteAsync("plenary-2", $"Ms {name} said incident reports need a common template ({marker}).", ["information-sharing"]);
        await OverrideAndPublishAsync(note.Id);

        using var researcher = await app.SignedInClientAsync("demo-researcher");
        using var otherFacilitator = await app.SignedInClientAsync("demo-facilitator-2");
        foreach (var reader in new[] { researcher, otherFacilitator })
        {
            var session = await reader.GetOkAsync($"{Ph}/sessions/plenary-2");
            var card = session.Document.QuerySelector($"#note-{note.Id}");
            Assert.NotNull(card);
            Assert.Contains($"said incident reports need a common template ({marker})", card.TextContent, StringComparison.Ordinal);
            foreach (var url in new[] { $"{Ph}/sessions/plenary-2", Ph, $"{Ph}?theme=information-sharing", $"{Ph}?status=Published", "/programmes/demo/compare", "/programmes/demo/compare?t=information-sharing" })
            {
                var page = await reader.GetOkAsync(url);
                Assert.DoesNotContain(name, page.Text, StringComparison.Ordinal);
                Assert.DoesNotContain(Surname(name), page.Text, StringComparison.Ordinal);
            }
        }

        // The consultation's own facilitators see what was written, who overrode it and why, and what readers get.
        using var facilitator = await app.SignedInClientAsync("demo-facilitator");
        var own = await facilitator.GetOkAsync($"{Ph}/sessions/plenary-2");
        var ownCard = own.Document.QuerySelector($"#note-{note.Id}")!;
        Assert.Contains(name, ownCard.TextContent, StringComparison.Ordinal);
        Assert.NotNull(ownCard.QuerySelector("[data-testid=override-badge]"));
        Assert.Equal("1", ownCard.QuerySelector("[data-testid=finding-badge]")!.GetAttribute("data-findings"));
        var edit = await facilitator.GetOkAsync($"{Ph}/notes/{note.Id}/edit");
        Assert.Contains("Overridden by Rin Castillo-Webb", edit.Document.QuerySelector("[data-testid=override-record]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Checked with the co-chairs", edit.Document.QuerySelector("[data-testid=override-record]")!.TextContent, StringComparison.Ordinal);
        var readerText = edit.Document.QuerySelector("[data-testid=reader-text]")!.TextContent;
        Assert.DoesNotContain(Surname(name), readerText, StringComparison.Ordinal);
        Assert.Contains($"said incident reports need a common template ({marker})", readerText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Showing_a_matched_name_to_readers_takes_a_second_person_and_is_undone_by_a_new_text()
    {
        var name = await ParticipantNameAsync();
        var marker = Marker();
        var note = await SubmittedNoteAsync("plenary-3", $"{name} (the minister of the same name, a public figure) opened the drill ({marker}).", ["information-sharing"]);
        await OverrideAndPublishAsync(note.Id);
        using var lead = await app.SignedInClientAsync("demo-lead");
        using var admin = await app.SignedInClientAsync("demo-admin");
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        var unmask = $"{Ph}/notes/{note.Id}/unmask";

        // The lead asks; readers still see the name masked, and the lead cannot confirm their own request.
        var page = await lead.GetOkAsync(unmask);
        Assert.DoesNotContain(Surname(name), page.Document.QuerySelector("[data-testid=reader-text]")!.TextContent, StringComparison.Ordinal);
        var asked = await lead.FollowAsync(await lead.SubmitAsync(page, "[data-testid=unmask-request-form]", [new("Reason", "A public figure who shares the participant's name; checked with the co-chairs.")]));
        Assert.Contains("until a second person", asked.MainText, StringComparison.Ordinal);
        Assert.Null(asked.Document.QuerySelector("[data-testid=unmask-confirm-form]"));
        var selfConfirm = (await lead.PostAsync($"{unmask}?handler=Confirm", [new("ETag", (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!.ETag!), new("__RequestVerificationToken", asked.AntiforgeryToken)]));
        Assert.Equal(HttpStatusCode.OK, selfConfirm.Status);
        Assert.Contains("A second person must confirm", selfConfirm.MainText, StringComparison.Ordinal);
        Assert.DoesNotContain(name, (await researcher.GetOkAsync($"{Ph}/sessions/plenary-3")).Text, StringComparison.Ordinal);

        // A facilitator who is not a lead may not decide.
        using var facilitator = await app.SignedInClientAsync("demo-facilitator");
        Assert.Equal(HttpStatusCode.Forbidden, (await facilitator.GetAsync(unmask)).Status);

        // An administrator confirms: now readers see the words as written.
        var confirmed = await admin.FollowAsync(await admin.SubmitAsync(await admin.GetOkAsync(unmask), "[data-testid=unmask-confirm-form]"));
        Assert.Contains("Confirmed by Morgan Avery", confirmed.Document.QuerySelector("[data-testid=unmask-state]")!.TextContent, StringComparison.Ordinal);
        var shown = await researcher.GetOkAsync($"{Ph}/sessions/plenary-3");
        Assert.Contains(name, shown.Document.QuerySelector($"#note-{note.Id}")!.TextContent, StringComparison.Ordinal);
        var stored = (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!;
        Assert.Equal(("demo-lead", "demo-admin"), (stored.GuardUnmask!.RequestedBy.Id, stored.GuardUnmask.ConfirmedBy!.Id));
        Assert.Single(await EntriesAsync(AuditAction.GuardUnmaskRequested), e => e.TargetId == note.Id && e.ActorId == "demo-lead");
        var confirmation = Assert.Single(await EntriesAsync(AuditAction.GuardUnmaskConfirmed), e => e.TargetId == note.Id);
        Assert.Equal("demo-admin", confirmation.ActorId);
        Assert.DoesNotContain(Surname(name), confirmation.Detail, StringComparison.Ordinal);

        // New words need a new decision: returned to review and edited, the note is masked again once republished.
        await lead.FollowAsync(await lead.SubmitAsync(await lead.GetOkAsync($"{Ph}/sessions/plenary-3"), $"#note-{note.Id} form[action*='handler=ReturnToReview']"));
        var edit = await lead.GetOkAsync($"{Ph}/notes/{note.Id}/edit");
        await lead.FollowAsync(await lead.SubmitAsync(edit, "[data-testid=edit-note-form]", [new("Input.Text", $"{name} opened the drill and thanked the hosts ({marker}).")]));
        Assert.Null((await app.Notes.GetAsync("demo-ph", note.Id, Ct))!.GuardUnmask);
        await OverrideAndPublishAsync(note.Id);
        Assert.DoesNotContain(name, (await researcher.GetOkAsync($"{Ph}/sessions/plenary-3")).Text, StringComparison.Ordinal);

        // Withdrawing a confirmed unmasking masks the words again.
        var again = await lead.FollowAsync(await lead.SubmitAsync(await lead.GetOkAsync(unmask), "[data-testid=unmask-request-form]", [new("Reason", "Still a public figure who shares the name.")]));
        await admin.FollowAsync(await admin.SubmitAsync(await admin.GetOkAsync(unmask), "[data-testid=unmask-confirm-form]"));
        Assert.Contains(name, (await researcher.GetOkAsync($"{Ph}/sessions/plenary-3")).Text, StringComparison.Ordinal);
        await lead.FollowAsync(await lead.SubmitAsync(await lead.GetOkAsync(unmask), "[data-testid=unmask-withdraw-form]"));
        Assert.DoesNotContain(name, (await researcher.GetOkAsync($"{Ph}/sessions/plenary-3")).Text, StringComparison.Ordinal);
        Assert.NotNull(again);
        Assert.Single(await EntriesAsync(AuditAction.GuardUnmaskWithdrawn), e => e.TargetId == note.Id);
    }

    [Fact]
    public async Task A_lead_publishes_submits_and_returns_single_notes_from_the_session_page()
    {
        var marker = Marker();
        var draft = await CreateAsync("plenary-1", $"A draft to submit from the list ({marker}).", submit: false);
        var submitted = await CreateAsync("plenary-1", $"A submitted note to publish from the list ({marker}).", submit: true);
        using var lead = await app.SignedInClientAsync("demo-lead");

        var afterSubmit = await lead.FollowAsync(await lead.SubmitAsync(await lead.GetOkAsync($"{Ph}/sessions/plenary-1"), $"#note-{draft.Id} form[action*='handler=Submit']"));
        Assert.Contains("Note submitted for review.", afterSubmit.MainText, StringComparison.Ordinal);
        Assert.Equal(NoteStatus.Submitted, (await app.Notes.GetAsync("demo-ph", draft.Id, Ct))!.Status);

        var afterPublish = await lead.FollowAsync(await lead.SubmitAsync(afterSubmit, $"#note-{submitted.Id} form[action*='handler=Publish']"));
        Assert.Contains("Note published.", afterPublish.MainText, StringComparison.Ordinal);
        Assert.Equal(NoteStatus.Published, (await app.Notes.GetAsync("demo-ph", submitted.Id, Ct))!.Status);

        // A published note keeps its author and says who published it.
        var byline = afterPublish.Document.QuerySelector($"#note-{submitted.Id} [data-testid=note-byline]")!.TextContent;
        Assert.Contains("written by Sam Okafor", byline, StringComparison.Ordinal);
        Assert.Contains("published by Rin Castillo-Webb", byline, StringComparison.Ordinal);

        var afterReturn = await lead.FollowAsync(await lead.SubmitAsync(afterPublish, $"#note-{submitted.Id} form[action*='handler=ReturnToReview']"));
        Assert.Contains("returned to review", afterReturn.MainText, StringComparison.Ordinal);
        Assert.Equal(NoteStatus.Submitted, (await app.Notes.GetAsync("demo-ph", submitted.Id, Ct))!.Status);
        Assert.EndsWith($"#note-{submitted.Id}", (await lead.SubmitAsync(afterReturn, $"#note-{submitted.Id} form[action*='handler=Publish']")).Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notes_that_may_identify_someone_are_flagged_and_bulk_actions_say_which_at_the_top()
    {
        var name = await ParticipantNameAsync();
        var marker = Marker();
        var clean = await CreateAsync("plenary-4", $"A clean draft about mentoring ({marker}).", submit: false);
        var named = await CreateAsync("plenary-4", $"{name} asked for mentoring quotas ({marker}).", submit: false);
        using var facilitator = await app.SignedInClientAsync("demo-facilitator");

        // The badge shows where facilitators look: the session page, live capture and the consultation's list.
        var session = await facilitator.GetOkAsync($"{Ph}/sessions/plenary-4");
        Assert.Null(session.Document.QuerySelector($"#note-{clean.Id} [data-testid=finding-badge]"));
        var badge = session.Document.QuerySelector($"#note-{named.Id} [data-testid=finding-badge]")!;
        Assert.Equal(("1", "1"), (badge.GetAttribute("data-findings"), badge.GetAttribute("data-blocking")));
        Assert.EndsWith($"/notes/{named.Id}/edit#guard-heading", badge.GetAttribute("href"), StringComparison.Ordinal);
        var capture = await facilitator.GetOkAsync($"{Ph}/sessions/plenary-4/capture");
        Assert.NotNull(capture.Document.QuerySelector($"#note-{named.Id} [data-testid=finding-badge]"));
        Assert.Null(capture.Document.QuerySelector($"#note-{clean.Id} [data-testid=finding-badge]"));
        var list = await facilitator.GetOkAsync($"{Ph}?status=Draft");
        Assert.Contains(list.Document.QuerySelectorAll("[data-testid=browse-notes] li"), li => li.TextContent.Contains(marker, StringComparison.Ordinal) && li.QuerySelector("[data-testid=finding-badge]") is not null);

        // Submit all: the notes with findings are named at the top, each linked to its card.
        var submitted = await facilitator.FollowAsync(await facilitator.SubmitAsync(session, "form[action*='handler=SubmitAll']"));
        var attention = submitted.Document.QuerySelector("[data-testid=attention]")!;
        Assert.Contains("Of these, 1 note may identify a speaker", submitted.Document.QuerySelector("[data-testid=status-message]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"#note-{named.Id}", Assert.Single(attention.QuerySelectorAll("a[data-testid=attention-note]")).GetAttribute("href"));
        Assert.Same(attention, submitted.Document.QuerySelector("main")!.QuerySelectorAll("section, div.d-flex")[0]);

        // Publish all: the clean one goes out, the named one is held back and listed at the top.
        using var lead = await app.SignedInClientAsync("demo-lead");
        var published = await lead.FollowAsync(await lead.SubmitAsync(await lead.GetOkAsync($"{Ph}/sessions/plenary-4"), "form[action*='handler=PublishAll']"));
        Assert.Contains("held back", published.Document.QuerySelector("[data-testid=status-message]")!.TextContent, StringComparison.Ordinal);
        var held = published.Document.QuerySelector("[data-testid=attention]")!;
        Assert.Contains("Held back", held.TextContent, StringComparison.Ordinal);
        Assert.Contains(held.QuerySelectorAll("a[data-testid=attention-note]"), a => a.GetAttribute("href") == $"#note-{named.Id}");
        Assert.DoesNotContain(held.QuerySelectorAll("a[data-testid=attention-note]"), a => a.GetAttribute("href") == $"#note-{clean.Id}");
        Assert.Equal(NoteStatus.Published, (await app.Notes.GetAsync("demo-ph", clean.Id, Ct))!.Status);
        Assert.Equal(NoteStatus.Submitted, (await app.Notes.GetAsync("demo-ph", named.Id, Ct))!.Status);

        // Refreshing the page forgets the list: it answered one action.
        Assert.Null((await lead.GetOkAsync($"{Ph}/sessions/plenary-4")).Document.QuerySelector("[data-testid=attention]"));
    }

    private async Task OverrideAndPublishAsync(string noteId)
    {
        using var lead = await app.SignedInClientAsync("demo-lead");
        var edit = await lead.GetOkAsync($"{Ph}/notes/{noteId}/edit");
        var published = await lead.FollowAsync(await lead.SubmitAsync(edit, "[data-testid=override-form]", [new("OverrideReason", "Checked with the co-chairs: safe to publish with the name masked.")]));
        Assert.Contains("published with an override", published.MainText, StringComparison.Ordinal);
        Assert.Equal(NoteStatus.Published, (await app.Notes.GetAsync("demo-ph", noteId, Ct))!.Status);
    }

    private async Task<Note> SubmittedNoteAsync(string sessionId, string text, IReadOnlyList<string> themes) =>
        await CreateAsync(sessionId, text, submit: true, themes);

    private async Task<Note> CreateAsync(string sessionId, string text, bool submit, IReadOnlyList<string>? themes = null)
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var consultation = (await app.Consultations.GetAsync("demo", "demo-ph", Ct))!;
        var author = new UserRef("demo-facilitator", "Sam Okafor");
        var note = Note.Create(programme, consultation, consultation.FindSession(sessionId)!, new NoteContent(text, NoteKind.Finding, null, themes ?? [], []), author, DateTimeOffset.UtcNow);
        if (submit)
        {
            note.Submit(author, DateTimeOffset.UtcNow);
        }

        return await app.Notes.CreateAsync(note, Ct);
    }

    private async Task<List<AuditEntry>> EntriesAsync(AuditAction action) => await Audit.ReadAllAsync(new AuditQuery { Action = action }, Ct).ToListAsync(Ct);

    private async Task<string> ParticipantNameAsync() =>
        (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.First(p => p.Name.Split(' ').Length >= 2).Name;

    private static string Surname(string name) => name.Split(' ')[^1];

    private static string Marker() => "m" + Guid.NewGuid().ToString("N")[..10];
}

public sealed class ReaderMaskingFlowTestsOnSqlite(AppFactory app) : ReaderMaskingFlowTests(app), IClassFixture<AppFactory>;

[Trait("Store", "Cosmos")]
public sealed class ReaderMaskingFlowTestsOnCosmos(CosmosAppFactory app) : ReaderMaskingFlowTests(app), IClassFixture<CosmosAppFactory>;
