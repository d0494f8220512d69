using System.Net;
using Consultations.Core.Domain;
using Consultations.Testing.Web;

namespace Consultations.Web.Tests.Web;

/// <summary>Notes through the real forms: add, edit, conflict, delete, review, validation, antiforgery.</summary>
public abstract class NoteFormTests(AppFactory app)
{
    private const string Ph = "/programmes/demo/consultations/demo-ph";
    private const string Plenary = $"{Ph}/sessions/plenary-2";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_facilitator_adds_a_note_and_sees_it_listed()
    {
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var session = await client.GetOkAsync(Plenary);

        var posted = await client.SubmitAsync(session, "[data-testid=add-note-form]",
        [
            new("Input.Text", "Smaller suppliers asked for a short, shared self-assessment checklist."),
            new("Input.Kind", "Recommendation"),
            new("Input.StakeholderGroup", "private-sector"),
            new("Input.SubThemes", "technical-standards/sme-constraints"),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, posted.Status);
        Assert.Contains("#note-", posted.Location, StringComparison.Ordinal);
        var listed = await client.FollowAsync(posted);
        Assert.Contains("Note added.", listed.MainText, StringComparison.Ordinal);
        Assert.Contains("Smaller suppliers asked for a short, shared self-assessment checklist.", listed.MainText, StringComparison.Ordinal);

        var id = posted.Location!.Split("#note-")[1];
        var stored = await app.Notes.GetAsync("demo-ph", id, Ct);
        Assert.NotNull(stored);
        Assert.Equal(NoteStatus.Draft, stored.Status);
        Assert.Equal(NoteKind.Recommendation, stored.Kind);
        Assert.Equal("private-sector", stored.StakeholderGroup);
        Assert.Equal(["technical-standards"], stored.Themes);
        Assert.Equal(["technical-standards/sme-constraints"], stored.SubThemes);
        Assert.Equal("demo-facilitator", stored.CreatedBy.Id);
    }

    [Fact]
    public async Task Empty_or_oversized_notes_are_refused_with_a_reason_and_nothing_is_saved()
    {
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var before = (await app.Notes.ListBySessionAsync("demo-ph", "plenary-2", Ct)).Count;
        var session = await client.GetOkAsync(Plenary);

        var empty = await client.SubmitAsync(session, "[data-testid=add-note-form]", [new("Input.Text", "   ")]);
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Contains("Write the note before saving it.", empty.MainText, StringComparison.Ordinal);

        var huge = await client.SubmitAsync(session, "[data-testid=add-note-form]", [new("Input.Text", new string('x', Note.MaxTextLength + 1))]);
        Assert.Equal(HttpStatusCode.OK, huge.Status);
        Assert.Contains("at most 20000 characters", huge.MainText, StringComparison.Ordinal);
        Assert.Equal(new string('x', Note.MaxTextLength + 1), huge.Document.QuerySelector("textarea")!.TextContent.Trim());

        var badTheme = await client.SubmitAsync(session, "[data-testid=add-note-form]", [new("Input.Text", "Fine text"), new("Input.Themes", "astrology")]);
        Assert.Equal(HttpStatusCode.OK, badTheme.Status);
        Assert.Contains("\"astrology\" is not a theme of this programme.", badTheme.MainText, StringComparison.Ordinal);

        var badKind = await client.SubmitAsync(session, "[data-testid=add-note-form]", [new("Input.Text", "Fine text"), new("Input.Kind", "Gossip")]);
        Assert.Equal(HttpStatusCode.OK, badKind.Status);
        Assert.Contains("Please fix the following", badKind.MainText, StringComparison.Ordinal);

        Assert.Equal(before, (await app.Notes.ListBySessionAsync("demo-ph", "plenary-2", Ct)).Count);
    }

    [Fact]
    public async Task Editing_saves_a_new_version()
    {
        var note = await NewDraftAsync("Original wording.");
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var edit = await client.GetOkAsync(EditUrl(note.Id));

        var saved = await client.SubmitAsync(edit, "[data-testid=edit-note-form]", [new("Input.Text", "Corrected wording.")]);

        var listed = await client.FollowAsync(saved);
        Assert.Contains("Note saved (version 2).", listed.MainText, StringComparison.Ordinal);
        var stored = await app.Notes.GetAsync("demo-ph", note.Id, Ct);
        Assert.Equal("Corrected wording.", stored!.Text);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task A_stale_edit_shows_the_conflict_keeps_my_text_and_lets_me_choose()
    {
        var note = await NewDraftAsync("Shared starting text.");
        using var me = await app.SignedInClientAsync("demo-facilitator");
        using var colleague = await app.SignedInClientAsync("demo-lead");
        var myForm = await me.GetOkAsync(EditUrl(note.Id));
        var theirForm = await colleague.GetOkAsync(EditUrl(note.Id));

        await colleague.SubmitAsync(theirForm, "[data-testid=edit-note-form]", [new("Input.Text", "The lead's rewrite.")]);
        var conflict = await me.SubmitAsync(myForm, "[data-testid=edit-note-form]", [new("Input.Text", "My careful rewrite.")]);

        Assert.Equal(HttpStatusCode.OK, conflict.Status);
        Assert.Contains("Someone else saved this note first", conflict.MainText, StringComparison.Ordinal);
        Assert.Equal("The lead's rewrite.", conflict.Document.QuerySelector("[data-testid=their-text]")!.TextContent);
        Assert.Equal("My careful rewrite.", conflict.Document.QuerySelector("[data-testid=your-text]")!.TextContent);
        Assert.Equal("My careful rewrite.", conflict.Document.QuerySelector("textarea")!.TextContent.Trim());
        Assert.Equal("The lead's rewrite.", (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!.Text);

        var resolved = await me.SubmitAsync(conflict, "[data-testid=edit-note-form]", [new("Input.Text", "My careful rewrite, merged with the lead's.")]);
        Assert.Equal(HttpStatusCode.Redirect, resolved.Status);
        var stored = await app.Notes.GetAsync("demo-ph", note.Id, Ct);
        Assert.Equal("My careful rewrite, merged with the lead's.", stored!.Text);
        Assert.Equal(3, stored.Version);
    }

    [Fact]
    public async Task A_note_deleted_while_I_edit_keeps_my_text_and_can_be_saved_anew()
    {
        var note = await NewDraftAsync("About to vanish.");
        using var me = await app.SignedInClientAsync("demo-facilitator");
        var form = await me.GetOkAsync(EditUrl(note.Id));
        await app.Notes.DeleteAsync((await app.Notes.GetAsync("demo-ph", note.Id, Ct))!, Ct);

        var page = await me.SubmitAsync(form, "[data-testid=edit-note-form]", [new("Input.Text", "Words I must not lose.")]);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("deleted by someone else", page.MainText, StringComparison.Ordinal);
        Assert.Equal("Words I must not lose.", page.Document.QuerySelector("textarea")!.TextContent.Trim());
        var saved = await me.SubmitAsync(page, "form[action*='SaveAsNew']");
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        var newId = saved.Location!.Split("#note-")[1];
        Assert.Equal("Words I must not lose.", (await app.Notes.GetAsync("demo-ph", newId, Ct))!.Text);
    }

    [Fact]
    public async Task Saving_anew_while_the_store_is_busy_keeps_my_text_and_says_why()
    {
        var faults = new NoteStoreFaults();
        await using var busy = faults.On(app);
        using var me = new HtmlClient(busy.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        await me.SignInAsync("demo-facilitator");
        var note = await NewDraftAsync("About to vanish while the store is busy.");
        var form = await me.GetOkAsync(EditUrl(note.Id));
        await app.Notes.DeleteAsync((await app.Notes.GetAsync("demo-ph", note.Id, Ct))!, Ct);
        var deleted = await me.SubmitAsync(form, "[data-testid=edit-note-form]", [new("Input.Text", "Words the busy store must not lose.")]);

        faults.FailWrites = true;
        var refused = await me.SubmitAsync(deleted, "form[action*='SaveAsNew']");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains(NoteStoreFaults.Message, refused.MainText, StringComparison.Ordinal);
        Assert.Equal("Words the busy store must not lose.", refused.Document.QuerySelector("form[action*='SaveAsNew'] textarea")!.TextContent.Trim());
        Assert.DoesNotContain(await app.Notes.ListBySessionAsync("demo-ph", "plenary-2", Ct), n => n.Text == "Words the busy store must not lose.");

        faults.FailWrites = false;
        var saved = await me.SubmitAsync(refused, "form[action*='SaveAsNew']");
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal("Words the busy store must not lose.", (await app.Notes.GetAsync("demo-ph", saved.Location!.Split("#note-")[1], Ct))!.Text);
    }

    [Fact]
    public async Task Deleting_through_the_confirmation_page_removes_the_note()
    {
        var note = await NewDraftAsync("Delete me.");
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var confirm = await client.GetOkAsync(DeleteUrl(note.Id));
        Assert.Contains("Delete me.", confirm.MainText, StringComparison.Ordinal);

        var deleted = await client.SubmitAsync(confirm, "main form");

        Assert.Contains("Note deleted.", (await client.FollowAsync(deleted)).MainText, StringComparison.Ordinal);
        Assert.Null(await app.Notes.GetAsync("demo-ph", note.Id, Ct));
    }

    [Fact]
    public async Task Deleting_a_note_someone_changed_meanwhile_shows_the_new_text_first()
    {
        var note = await NewDraftAsync("Version one.");
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var confirm = await client.GetOkAsync(DeleteUrl(note.Id));
        var current = (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!;
        current.Revise((await app.Programmes.GetAsync("demo", Ct))!, current.Content with { Text = "Version two, with more." }, new UserRef("demo-lead", "Lead"), DateTimeOffset.UtcNow);
        await app.Notes.UpdateAsync(current, Ct);

        var refused = await client.SubmitAsync(confirm, "main form");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("changed after you opened it", refused.MainText, StringComparison.Ordinal);
        Assert.Contains("Version two, with more.", refused.MainText, StringComparison.Ordinal);
        Assert.NotNull(await app.Notes.GetAsync("demo-ph", note.Id, Ct));
    }

    [Fact]
    public async Task Review_runs_through_the_lead_and_researchers_see_only_the_published_result()
    {
        var note = await NewDraftAsync("A finding ready for the repository.");
        using var facilitator = await app.SignedInClientAsync("demo-facilitator");
        using var lead = await app.SignedInClientAsync("demo-lead");
        using var researcher = await app.SignedInClientAsync("demo-researcher");

        Assert.DoesNotContain("A finding ready for the repository.", (await researcher.GetOkAsync(Plenary)).MainText, StringComparison.Ordinal);

        var edit = await facilitator.GetOkAsync(EditUrl(note.Id));
        await facilitator.SubmitAsync(edit, "form[action*='handler=Submit']");
        Assert.Equal(NoteStatus.Submitted, (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!.Status);

        var refused = await facilitator.PostAsync($"{EditUrl(note.Id)}?handler=Publish", [new("ETag", "x"), new("__RequestVerificationToken", Token(edit))]);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);

        var leadEdit = await lead.GetOkAsync(EditUrl(note.Id));
        var published = await lead.SubmitAsync(leadEdit, "form[action*='handler=Publish']");
        Assert.Contains("Note published.", (await lead.FollowAsync(published)).MainText, StringComparison.Ordinal);
        Assert.Equal(NoteStatus.Published, (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!.Status);

        Assert.Contains("A finding ready for the repository.", (await researcher.GetOkAsync(Plenary)).MainText, StringComparison.Ordinal);
        var frozen = await facilitator.GetOkAsync(EditUrl(note.Id));
        Assert.Contains("cannot be edited", frozen.MainText, StringComparison.Ordinal);
        Assert.Null(frozen.Document.QuerySelector("[data-testid=edit-note-form]"));
    }

    [Fact]
    public async Task Off_the_record_notes_never_reach_researchers_and_cannot_be_published()
    {
        const string closed = "/programmes/demo/consultations/demo-my/sessions/closed-5";
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        using var lead = await app.SignedInClientAsync("demo-lead");
        var hidden = (await app.Notes.ListBySessionAsync("demo-my", "closed-5", Ct)).ToList();
        Assert.NotEmpty(hidden);

        var page = await researcher.GetOkAsync(closed);
        Assert.Contains("off the record", page.MainText, StringComparison.Ordinal);
        Assert.All(hidden, n => Assert.DoesNotContain(n.Text[..40], page.Text, StringComparison.Ordinal));

        var submitted = hidden.First(n => n.Status == NoteStatus.Submitted);
        var edit = await lead.GetOkAsync($"/programmes/demo/consultations/demo-my/notes/{submitted.Id}/edit");
        Assert.Null(edit.Document.QuerySelector("form[action*='handler=Publish']"));
        var forced = await lead.PostAsync($"/programmes/demo/consultations/demo-my/notes/{submitted.Id}/edit?handler=Publish", [new("ETag", submitted.ETag!), new("__RequestVerificationToken", Token(edit))]);
        Assert.Contains("never published", (await lead.FollowAsync(forced)).MainText, StringComparison.Ordinal);
        Assert.Equal(NoteStatus.Submitted, (await app.Notes.GetAsync("demo-my", submitted.Id, Ct))!.Status);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_rejected()
    {
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var before = (await app.Notes.ListBySessionAsync("demo-ph", "plenary-2", Ct)).Count;

        var page = await client.PostAsync($"{Plenary}?handler=Add", [new("Input.Text", "Forged note")]);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("could not be handled", page.MainText, StringComparison.Ordinal);
        Assert.Equal(before, (await app.Notes.ListBySessionAsync("demo-ph", "plenary-2", Ct)).Count);
    }

    [Fact]
    public async Task Facilitators_of_other_consultations_cannot_post_notes_here()
    {
        using var outsider = await app.SignedInClientAsync("demo-facilitator-2");
        var page = await outsider.GetOkAsync(Plenary);
        Assert.Null(page.Document.QuerySelector("[data-testid=add-note-form]"));

        var forced = await outsider.PostAsync($"{Plenary}?handler=Add", [new("Input.Text", "Not my consultation"), new("__RequestVerificationToken", Token(page))]);

        Assert.Equal(HttpStatusCode.Forbidden, forced.Status);
    }

    [Fact]
    public async Task Researchers_see_published_notes_only_and_no_names_of_participants_or_co_chairs()
    {
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        var consultation = await researcher.GetOkAsync(Ph);
        var session = await researcher.GetOkAsync($"{Ph}/sessions/plenary-1");
        var register = (await app.Registers.GetAsync("demo-ph", Ct))!;
        var notes = await app.Notes.ListBySessionAsync("demo-ph", "plenary-1", Ct);

        Assert.Null(consultation.Document.QuerySelector("[data-testid=co-chairs]"));
        Assert.DoesNotContain("/register", consultation.Text, StringComparison.Ordinal);
        Assert.Equal(notes.Count(n => n.Status == NoteStatus.Published), session.Document.QuerySelectorAll("[data-testid=notes] > li").Length);
        Assert.All(notes.Where(n => n.Status != NoteStatus.Published), n => Assert.DoesNotContain(n.Text, session.Text, StringComparison.Ordinal));
        foreach (var text in new[] { consultation.Text, session.Text })
        {
            Assert.All(register.Participants, p => Assert.DoesNotContain(p.Name, text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Browse_pages_through_a_consultation_with_filters()
    {
        using var researcher = await app.SignedInClientAsync("demo-researcher");

        var first = await researcher.GetOkAsync($"{Ph}?kind=Finding");
        var next = first.Document.QuerySelector("[data-testid=next-page]")?.GetAttribute("href");
        var firstItems = first.Document.QuerySelectorAll("[data-testid=browse-notes] > li").Select(li => li.TextContent).ToList();

        Assert.Equal(20, firstItems.Count);
        Assert.NotNull(next);
        var second = await researcher.GetOkAsync(next);
        var secondItems = second.Document.QuerySelectorAll("[data-testid=browse-notes] > li").Select(li => li.TextContent).ToList();
        Assert.NotEmpty(secondItems);
        Assert.Empty(firstItems.Intersect(secondItems));
        Assert.All(firstItems.Concat(secondItems), item => Assert.Contains("Finding", item, StringComparison.Ordinal));

        var inclusion = await researcher.GetOkAsync($"{Ph}?theme=inclusion");
        var inclusionItems = inclusion.Document.QuerySelectorAll("[data-testid=browse-notes] > li").ToList();
        Assert.NotEmpty(inclusionItems);
        Assert.All(inclusionItems, li => Assert.Contains(li.QuerySelectorAll(".chip"), chip => chip.TextContent == "Inclusion"));

        var tampered = await researcher.GetAsync($"{Ph}?after=garbage!!");
        Assert.Equal(HttpStatusCode.Redirect, tampered.Status);
    }

    private static string EditUrl(string noteId) => $"{Ph}/notes/{noteId}/edit";

    private static string DeleteUrl(string noteId) => $"{Ph}/notes/{noteId}/delete";

    private static string Token(Page page) =>
        page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    private async Task<Note> NewDraftAsync(string text)
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var consultation = (await app.Consultations.GetAsync("demo", "demo-ph", Ct))!;
        var note = Note.Create(programme, consultation, consultation.FindSession("plenary-2")!, new NoteContent(text, NoteKind.Finding, null, ["technical-standards"], []), new UserRef("demo-facilitator", "Sam Okafor"), DateTimeOffset.UtcNow);
        return await app.Notes.CreateAsync(note, Ct);
    }
}

public sealed class NoteFormTestsOnSqlite(AppFactory app) : NoteFormTests(app), IClassFixture<AppFactory>;

[Trait("Store", "Cosmos")]
public sealed class NoteFormTestsOnCosmos(CosmosAppFactory app) : NoteFormTests(app), IClassFixture<CosmosAppFactory>;
