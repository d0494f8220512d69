using System.Net;
using System.Text.Json;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Testing.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Web.Tests.Web;

/// <summary>The capture page's handlers over HTTP, on both stores: drafts, conflicts, idempotent adds, in-place edits, refusals.</summary>
public abstract class CaptureFlowTests(AppFactory app)
{
    private const string Capture = "/programmes/demo/consultations/demo-ph/sessions/plenary-2/capture";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ICaptureDraftStore Drafts => app.Services.GetRequiredService<ICaptureDraftStore>();

    [Fact]
    public async Task A_draft_is_saved_with_its_etag_a_stale_window_gets_a_conflict_and_a_retried_save_does_not()
    {
        // Each test uses its own person and session, so drafts (one per person and session) never mix.
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var page = await client.GetOkAsync(Capture);
        var token = page.AntiforgeryToken;
        var noteId = page.Document.QuerySelector("input[name=NoteId]")!.GetAttribute("value")!;
        var etag = page.Document.QuerySelector("input[name=DraftETag]")!.GetAttribute("value") ?? string.Empty;
        var text = $"First words ({Guid.NewGuid():N})";

        var (status, saved) = await PostAsync(client, "Draft", token, [new("Input.Text", text), new("Input.Kind", "Challenge"), new("NoteId", noteId), new("DraftETag", etag)]);
        Assert.Equal(HttpStatusCode.OK, status);
        var newETag = saved.GetProperty("eTag").GetString()!;
        Assert.NotEqual(etag, newETag);

        // The same words again from the old version: a retry whose answer was lost, not a conflict.
        (status, var again) = await PostAsync(client, "Draft", token, [new("Input.Text", text), new("Input.Kind", "Challenge"), new("NoteId", noteId), new("DraftETag", etag)]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(newETag, again.GetProperty("eTag").GetString());

        // Different words from the old version: a conflict that hands back the saved text, which stays as it was.
        (status, var conflict) = await PostAsync(client, "Draft", token, [new("Input.Text", "Other window"), new("Input.Kind", "Finding"), new("NoteId", noteId), new("DraftETag", etag)]);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(text, conflict.GetProperty("theirText").GetString());
        Assert.Equal(newETag, conflict.GetProperty("theirETag").GetString());

        var reloaded = await client.GetOkAsync(Capture);
        Assert.Equal(text, reloaded.Document.QuerySelector("textarea[name='Input.Text']")!.TextContent.Trim());
        Assert.Equal("Challenge", reloaded.Document.QuerySelector("input[name='Input.Kind'][checked]")!.GetAttribute("value"));
        Assert.Contains("Draft restored", reloaded.MainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adding_is_idempotent_and_retires_the_draft()
    {
        using var client = await app.SignedInClientAsync("demo-lead");
        var page = await client.GetOkAsync(Capture);
        var token = page.AntiforgeryToken;
        var noteId = page.Document.QuerySelector("input[name=NoteId]")!.GetAttribute("value")!;
        var text = $"Participants asked for a regional tabletop exercise ({Guid.NewGuid():N}).";
        var (_, saved) = await PostAsync(client, "Draft", token, [new("Input.Text", text), new("NoteId", noteId), new("DraftETag", page.Document.QuerySelector("input[name=DraftETag]")!.GetAttribute("value") ?? string.Empty)]);
        var etag = saved.GetProperty("eTag").GetString()!;
        noteId = saved.GetProperty("noteId").GetString()!;
        KeyValuePair<string, string>[] add = [new("Input.Text", text), new("Input.Kind", "Recommendation"), new("Input.Themes", "inclusion"), new("NoteId", noteId), new("DraftETag", etag)];

        var (status, first) = await PostAsync(client, "Add", token, add);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(noteId, first.GetProperty("noteId").GetString());
        Assert.Equal("Note added.", first.GetProperty("message").GetString());
        var next = first.GetProperty("nextNoteId").GetString();
        Assert.NotEqual(noteId, next);

        // The answer was lost and the page tries again: still one note.
        (status, var second) = await PostAsync(client, "Add", token, add);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(noteId, second.GetProperty("noteId").GetString());

        var notes = (await app.Notes.ListBySessionAsync("demo-ph", "plenary-2", Ct)).Where(n => n.Text == text).ToList();
        var note = Assert.Single(notes);
        Assert.Equal(NoteKind.Recommendation, note.Kind);
        Assert.Equal(["inclusion"], note.Themes);
        Assert.Equal(NoteStatus.Draft, note.Status);
        Assert.Null(await Drafts.GetAsync("demo-ph", CaptureDraft.IdFor("demo-ph", "plenary-2", "demo-lead"), Ct));
    }

    [Fact]
    public async Task Without_javascript_the_form_adds_a_note_and_redirects_and_an_empty_note_is_refused_with_a_reason()
    {
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var page = await client.GetOkAsync(Capture.Replace("plenary-2", "plenary-1", StringComparison.Ordinal));
        var refused = await client.SubmitAsync(page, "[data-testid=capture-form]", [new("Input.Text", "   ")]);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("Write the note before saving it.", refused.MainText, StringComparison.Ordinal);

        var text = $"Without scripts ({Guid.NewGuid():N}).";
        var posted = await client.SubmitAsync(refused, "[data-testid=capture-form]", [new("Input.Text", text)]);
        var listed = await client.FollowAsync(posted);
        Assert.EndsWith("/plenary-1/capture", posted.Location, StringComparison.Ordinal);
        Assert.Contains("Note added.", listed.MainText, StringComparison.Ordinal);
        Assert.Contains(text, listed.Document.QuerySelector("[data-testid=capture-notes]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_people_editing_one_note_in_place_get_a_conflict_not_an_overwrite()
    {
        var note = await NewNoteAsync("plenary-3", $"Shared glossary ({Guid.NewGuid():N}).");
        using var facilitator = await app.SignedInClientAsync("demo-facilitator");
        using var lead = await app.SignedInClientAsync("demo-lead");
        var capture = Capture.Replace("plenary-2", "plenary-3", StringComparison.Ordinal);
        var fPage = await facilitator.GetOkAsync(capture);
        var lPage = await lead.GetOkAsync(capture);
        var etag = fPage.Document.QuerySelector($"[data-note-id='{note.Id}']")!.GetAttribute("data-etag")!;
        Assert.Equal(etag, lPage.Document.QuerySelector($"[data-note-id='{note.Id}']")!.GetAttribute("data-etag"));

        var (status, saved) = await PostAsync(facilitator, "Note", fPage.AntiforgeryToken, [new("editNoteId", note.Id), new("editETag", etag), new("editText", note.Text + " In two languages.")], capture);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, saved.GetProperty("version").GetInt32());

        (status, var conflict) = await PostAsync(lead, "Note", lPage.AntiforgeryToken, [new("editNoteId", note.Id), new("editETag", etag), new("editText", note.Text + " Kept by the secretariat.")], capture);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(note.Text + " In two languages.", conflict.GetProperty("theirText").GetString());
        Assert.Equal("Sam Okafor", conflict.GetProperty("theirAuthor").GetString());
        Assert.Equal(note.Text + " In two languages.", (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!.Text);

        // Saving on top of the version the conflict showed is a deliberate merge, and wins.
        (status, _) = await PostAsync(lead, "Note", lPage.AntiforgeryToken, [new("editNoteId", note.Id), new("editETag", conflict.GetProperty("theirETag").GetString()!), new("editText", "merged")], capture);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("merged", (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!.Text);
    }

    [Fact]
    public async Task A_published_note_is_not_edited_in_place_and_readers_and_other_facilitators_are_refused()
    {
        var published = (await app.Notes.ListBySessionAsync("demo-ph", "plenary-1", Ct)).First(n => n.Status == NoteStatus.Published);
        using var lead = await app.SignedInClientAsync("demo-lead");
        var plenary1 = Capture.Replace("plenary-2", "plenary-1", StringComparison.Ordinal);
        var page = await lead.GetOkAsync(plenary1);
        var (status, refused) = await PostAsync(lead, "Note", page.AntiforgeryToken, [new("editNoteId", published.Id), new("editETag", published.ETag!), new("editText", "changed")], plenary1);

        // A note of another session is not this page's to edit.
        (status, _) = await PostAsync(lead, "Note", page.AntiforgeryToken, [new("editNoteId", published.Id), new("editETag", published.ETag!), new("editText", "changed")]);
        Assert.Equal(HttpStatusCode.Gone, status);
        (status, refused) = await PostAsync(lead, "Note", page.AntiforgeryToken, [new("editNoteId", published.Id), new("editETag", published.ETag!), new("editText", "changed")], plenary1);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("published note cannot be edited", refused.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(published.Text, (await app.Notes.GetAsync("demo-ph", published.Id, Ct))!.Text);

        using var researcher = await app.SignedInClientAsync("demo-researcher");
        var session = await researcher.GetOkAsync("/programmes/demo/consultations/demo-ph/sessions/plenary-2");
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.GetAsync(Capture)).Status);
        using var asResearcher = new FormUrlEncodedContent([new("Input.Text", "x"), new("__RequestVerificationToken", session.AntiforgeryToken)]);
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.Http.PostAsync(Capture + "?handler=Draft", asResearcher, Ct)).StatusCode);

        using var otherFacilitator = await app.SignedInClientAsync("demo-facilitator-2");
        Assert.Equal(HttpStatusCode.Forbidden, (await otherFacilitator.GetAsync(Capture)).Status);

        using var noToken = new FormUrlEncodedContent([new("Input.Text", "x")]);
        Assert.Equal(HttpStatusCode.BadRequest, (await lead.Http.PostAsync(Capture + "?handler=Draft", noToken, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_draft_longer_than_a_note_is_refused_with_a_reason_and_the_saved_draft_is_kept()
    {
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var capture = Capture.Replace("plenary-2", "plenary-4", StringComparison.Ordinal);
        var page = await client.GetOkAsync(capture);
        var noteId = page.Document.QuerySelector("input[name=NoteId]")!.GetAttribute("value")!;
        var etag = page.Document.QuerySelector("input[name=DraftETag]")!.GetAttribute("value") ?? string.Empty;
        var (_, saved) = await PostAsync(client, "Draft", page.AntiforgeryToken, [new("Input.Text", "kept"), new("NoteId", noteId), new("DraftETag", etag)], capture);

        var (status, refused) = await PostAsync(client, "Draft", page.AntiforgeryToken, [new("Input.Text", new string('x', Note.MaxTextLength + 1)), new("NoteId", noteId), new("DraftETag", saved.GetProperty("eTag").GetString()!)], capture);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("at most 20,000 characters", refused.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("kept", (await Drafts.GetAsync("demo-ph", CaptureDraft.IdFor("demo-ph", "plenary-4", "demo-facilitator"), Ct))!.Text);
    }

    [Fact]
    public async Task Pages_holding_note_text_are_never_kept_in_the_browser_cache()
    {
        using var client = await app.SignedInClientAsync("demo-lead");
        using var page = await client.Http.GetAsync(Capture, Ct);
        using var notes = await client.Http.GetAsync(Capture + "?handler=Notes", Ct);
        using var stylesheet = await client.Http.GetAsync("/css/site.css", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoStore, "the capture page must be sent with Cache-Control: no-store");
        Assert.True(notes.Headers.CacheControl?.NoStore, "the running list must be sent with Cache-Control: no-store");
        Assert.NotEqual(true, stylesheet.Headers.CacheControl?.NoStore);
    }

    private async Task<Note> NewNoteAsync(string session, string text)
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var consultation = (await app.Consultations.GetAsync("demo", "demo-ph", Ct))!;
        var note = Note.Create(programme, consultation, consultation.FindSession(session)!, new NoteContent(text, NoteKind.Finding, null, [], []), new UserRef("demo-facilitator", "Sam Okafor"), DateTimeOffset.UtcNow);
        return await app.Notes.CreateAsync(note, Ct);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HtmlClient client, string handler, string token, KeyValuePair<string, string>[] fields, string url = Capture)
    {
        using var content = new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}?handler={handler}") { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await client.Http.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType ?? string.Empty, StringComparison.Ordinal);
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }
}

public sealed class CaptureFlowTestsOnSqlite(AppFactory app) : CaptureFlowTests(app), IClassFixture<AppFactory>;

[Trait("Store", "Cosmos")]
public sealed class CaptureFlowTestsOnCosmos(CosmosAppFactory app) : CaptureFlowTests(app), IClassFixture<CosmosAppFactory>;
