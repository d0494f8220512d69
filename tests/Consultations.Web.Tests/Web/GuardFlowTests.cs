using System.Net;
using System.Text.Json;
using Consultations.Core.Domain;
using Consultations.Testing.Web;

namespace Consultations.Web.Tests.Web;

/// <summary>The Chatham House guard through the real app: live checks, the publication gate, overrides and the reader gate.</summary>
public abstract class GuardFlowTests(AppFactory app)
{
    private const string Ph = "/programmes/demo/consultations/demo-ph";
    private const string Plenary = $"{Ph}/sessions/plenary-2";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_live_guard_returns_the_span_of_a_typed_participant_name()
    {
        var name = await ParticipantNameAsync();
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var session = await client.GetOkAsync(Plenary);
        var text = $"As {name} put it, adopt first and adapt later.";

        using var content = new FormUrlEncodedContent([new("Text", text), new("__RequestVerificationToken", session.AntiforgeryToken)]);
        using var response = await client.Http.PostAsync($"{Plenary}/guard", content, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("chatham-house", json.RootElement.GetProperty("rule").GetString());
        Assert.True(json.RootElement.GetProperty("blocksPublication").GetBoolean());
        var finding = json.RootElement.GetProperty("findings").EnumerateArray().Single();
        Assert.Equal("participant", finding.GetProperty("kind").GetString());
        Assert.Equal("block", finding.GetProperty("severity").GetString());
        Assert.Equal(text.IndexOf(name, StringComparison.Ordinal), finding.GetProperty("start").GetInt32());
        Assert.Equal(name.Length, finding.GetProperty("length").GetInt32());
        Assert.False(string.IsNullOrEmpty(finding.GetProperty("suggestion").GetString()));
    }

    [Fact]
    public async Task Only_the_consultations_note_writers_may_ask_and_only_with_an_antiforgery_token()
    {
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        var page = await researcher.GetOkAsync(Plenary);
        using var asResearcher = new FormUrlEncodedContent([new("Text", "anything"), new("__RequestVerificationToken", page.AntiforgeryToken)]);
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.Http.PostAsync($"{Plenary}/guard", asResearcher, Ct)).StatusCode);

        using var facilitator = await app.SignedInClientAsync("demo-facilitator");
        using var noToken = new FormUrlEncodedContent([new("Text", "anything")]);
        Assert.Equal(HttpStatusCode.BadRequest, (await facilitator.Http.PostAsync($"{Plenary}/guard", noToken, Ct)).StatusCode);
    }

    [Fact]
    public async Task Saving_a_note_that_names_a_participant_warns_without_repeating_the_name()
    {
        var name = await ParticipantNameAsync();
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var session = await client.GetOkAsync(Plenary);

        var posted = await client.SubmitAsync(session, "[data-testid=add-note-form]", [new("Input.Text", $"{name} asked for a shared checklist.")]);
        var listed = await client.FollowAsync(posted);

        var status = listed.Document.QuerySelector("[data-testid=status-message]")!.TextContent;
        Assert.Contains("It may identify a speaker", status, StringComparison.Ordinal);
        Assert.DoesNotContain(name, status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chatham_house_note_naming_a_participant_is_published_only_with_a_lead_facilitators_reason()
    {
        var name = await ParticipantNameAsync();
        var note = await SubmittedNoteAsync("plenary-2", $"{name} warned that the checklist must stay short.");
        using var lead = await app.SignedInClientAsync("demo-lead");
        var edit = await lead.GetOkAsync(EditUrl(note.Id));
        Assert.NotNull(edit.Document.QuerySelector("[data-testid=stored-findings]"));

        var refused = await lead.FollowAsync(await lead.SubmitAsync(edit, "form[action*='handler=Publish']"));
        Assert.Contains("cannot be published", refused.MainText, StringComparison.Ordinal);
        Assert.Equal(NoteStatus.Submitted, (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!.Status);

        var tooShort = await lead.FollowAsync(await lead.SubmitAsync(edit, "[data-testid=override-form]", [new("OverrideReason", "ok")]));
        Assert.Contains("Say why these findings are safe", tooShort.MainText, StringComparison.Ordinal);
        Assert.Equal(NoteStatus.Submitted, (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!.Status);

        using var facilitator = await app.SignedInClientAsync("demo-facilitator");
        var theirs = await facilitator.GetOkAsync(EditUrl(note.Id));
        Assert.Null(theirs.Document.QuerySelector("[data-testid=override-form]"));
        var forced = await facilitator.PostAsync($"{EditUrl(note.Id)}?handler=Override", [new("ETag", note.ETag!), new("OverrideReason", "I think it is fine really."), new("__RequestVerificationToken", theirs.AntiforgeryToken)]);
        Assert.Equal(HttpStatusCode.Forbidden, forced.Status);

        edit = await lead.GetOkAsync(EditUrl(note.Id));
        var published = await lead.FollowAsync(await lead.SubmitAsync(edit, "[data-testid=override-form]", [new("OverrideReason", "A namesake: the speaker was someone else, checked with the co-chair.")]));
        Assert.Contains("published with an override", published.MainText, StringComparison.Ordinal);
        var stored = (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!;
        Assert.Equal(NoteStatus.Published, stored.Status);
        Assert.Equal("demo-lead", stored.GuardOverride!.By.Id);
        Assert.StartsWith("A namesake", stored.GuardOverride.Reason, StringComparison.Ordinal);
        Assert.NotEmpty(stored.GuardOverride.Keys);
    }

    [Fact]
    public async Task On_the_record_findings_inform_but_do_not_block()
    {
        var name = await ParticipantNameAsync();
        var note = await SubmittedNoteAsync("opening", $"{name} opened the consultation on the record.");
        using var lead = await app.SignedInClientAsync("demo-lead");
        var edit = await lead.GetOkAsync(EditUrl(note.Id));

        await lead.FollowAsync(await lead.SubmitAsync(edit, "form[action*='handler=Publish']"));

        Assert.Equal(NoteStatus.Published, (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!.Status);
    }

    [Fact]
    public async Task Readers_never_receive_a_published_note_that_still_names_a_participant()
    {
        var name = await ParticipantNameAsync();

        // A note published before the guard existed (or imported) that slipped through: the reader gate still holds.
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var consultation = (await app.Consultations.GetAsync("demo", "demo-ph", Ct))!;
        var session = consultation.FindSession("plenary-3")!;
        var text = $"Legacy note: {name} described the regional drill.";
        var note = Note.Create(programme, consultation, session, new NoteContent(text, NoteKind.Finding, null, [], []), new UserRef("demo-lead", "Lead"), DateTimeOffset.UtcNow);
        note.Submit(note.CreatedBy, DateTimeOffset.UtcNow);
        note.Publish(session, note.CreatedBy, DateTimeOffset.UtcNow);
        await app.Notes.CreateAsync(note, Ct);

        using var researcher = await app.SignedInClientAsync("demo-researcher");
        foreach (var url in new[] { $"{Ph}/sessions/plenary-3", $"{Ph}?status=Published&pageSize=500", Ph })
        {
            var page = await researcher.GetOkAsync(url);
            Assert.DoesNotContain("Legacy note", page.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(name, page.Text, StringComparison.Ordinal);
        }

        Assert.NotNull((await researcher.GetOkAsync($"{Ph}/sessions/plenary-3")).Document.QuerySelector("[data-testid=withheld]"));
        using var facilitator = await app.SignedInClientAsync("demo-facilitator");
        Assert.Contains("Legacy note", (await facilitator.GetOkAsync($"{Ph}/sessions/plenary-3")).Text, StringComparison.Ordinal);
        note.ReturnToReview(note.CreatedBy, DateTimeOffset.UtcNow);
        await app.Notes.UpdateAsync(note, Ct);
    }

    [Fact]
    public async Task Readers_are_not_told_a_speaker_group_too_small_to_hide_in()
    {
        // Viet Nam's register has one civil-society participant: "Civil society" on a note would point at her.
        var register = (await app.Registers.GetAsync("demo-vn", Ct))!;
        Assert.Equal(1, register.GroupCounts().GetValueOrDefault("civil-society"));
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var consultation = (await app.Consultations.GetAsync("demo", "demo-vn", Ct))!;
        var session = consultation.FindSession("plenary-4")!;
        var text = $"A note about community outreach ({Guid.NewGuid():N}).";
        var note = Note.Create(programme, consultation, session, new NoteContent(text, NoteKind.Finding, "civil-society", ["inclusion"], []), new UserRef("demo-lead", "Lead"), DateTimeOffset.UtcNow);
        note.Submit(note.CreatedBy, DateTimeOffset.UtcNow);
        note.Publish(session, note.CreatedBy, DateTimeOffset.UtcNow);
        await app.Notes.CreateAsync(note, Ct);

        using var researcher = await app.SignedInClientAsync("demo-researcher");
        using var lead = await app.SignedInClientAsync("demo-lead");
        string Card(Page page) => page.Document.QuerySelectorAll("li").Last(li => li.TextContent.Contains(text, StringComparison.Ordinal)).TextContent;

        Assert.DoesNotContain("Civil society", Card(await researcher.GetOkAsync("/programmes/demo/consultations/demo-vn/sessions/plenary-4")), StringComparison.Ordinal);
        Assert.Contains("Civil society", Card(await lead.GetOkAsync("/programmes/demo/consultations/demo-vn/sessions/plenary-4")), StringComparison.Ordinal);
    }

    private static string EditUrl(string noteId) => $"{Ph}/notes/{noteId}/edit";

    private async Task<string> ParticipantNameAsync() =>
        (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.First(p => p.Name.Split(' ').Length >= 2).Name;

    private async Task<Note> SubmittedNoteAsync(string sessionId, string text)
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var consultation = (await app.Consultations.GetAsync("demo", "demo-ph", Ct))!;
        var note = Note.Create(programme, consultation, consultation.FindSession(sessionId)!, new NoteContent(text, NoteKind.Finding, null, [], []), new UserRef("demo-facilitator", "Sam Okafor"), DateTimeOffset.UtcNow);
        note.Submit(note.CreatedBy, DateTimeOffset.UtcNow);
        return await app.Notes.CreateAsync(note, Ct);
    }
}

public sealed class GuardFlowTestsOnSqlite(AppFactory app) : GuardFlowTests(app), IClassFixture<AppFactory>;

[Trait("Store", "Cosmos")]
public sealed class GuardFlowTestsOnCosmos(CosmosAppFactory app) : GuardFlowTests(app), IClassFixture<CosmosAppFactory>;
