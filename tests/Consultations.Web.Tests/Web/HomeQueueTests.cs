using System.Net;
using AngleSharp.Dom;
using Consultations.Core.Access;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Testing.Web;
using Consultations.Web.Pages.Home;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Web.Tests.Web;

/// <summary>
/// "Awaiting you" on the home page, per role, and the filtered lists its counts open: every count is followed and the
/// list it opens must hold exactly that many notes (or that brief, that register).
/// </summary>
public abstract class HomeQueueTests(AppFactory app)
{
    private const string Ph = "/programmes/demo/consultations/demo-ph";

    private static readonly UserRef Sam = new("demo-facilitator", "Sam Okafor");

    private static readonly UserRef Lead = new("demo-lead", "Rin Castillo-Webb");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_lead_sees_submitted_notes_per_session_and_each_count_opens_exactly_those_notes()
    {
        using var lead = await app.SignedInClientAsync("demo-lead");
        var home = await lead.GetOkAsync("/");
        var queue = Queue(home, "review");
        var parts = queue.QuerySelectorAll("[data-testid=queue-part]").ToList();
        Assert.NotEmpty(parts);
        foreach (var part in parts)
        {
            var expected = Count(part);
            var list = await lead.GetOkAsync(Href(part));
            Assert.Contains("status=Submitted", list.Url, StringComparison.Ordinal);
            var notes = Listed(list);
            Assert.Equal(expected, notes.Count);
            Assert.All(notes, n => Assert.Equal("Submitted for review", n.QuerySelector(".status-badge")!.TextContent.Trim()));
        }

        // A consultation's total is the sum of its sessions, and its link lists them all.
        var first = queue.QuerySelector("[data-testid=queue-item]")!;
        var all = await lead.GetOkAsync(Href(first));
        Assert.Equal(Count(first.ParentElement!.QuerySelector("[data-testid=queue-count]")!), Listed(all).Count);
    }

    [Fact]
    public async Task A_note_returned_with_a_reason_waits_for_its_author_until_they_submit_it_again()
    {
        var note = await NewNoteAsync("Workshop attendees wanted a regional certification body.", submit: true);
        using var lead = await app.SignedInClientAsync("demo-lead");
        var edit = await lead.GetOkAsync($"{Ph}/notes/{note.Id}/edit");
        var returned = await lead.SubmitAsync(edit, "[data-testid=return-form]", [new("ReturnReason", "Say which sector raised it.")]);
        Assert.Equal(HttpStatusCode.Redirect, returned.Status);
        Assert.Contains("Note returned to Sam Okafor as a draft.", (await lead.FollowAsync(returned)).MainText, StringComparison.Ordinal);
        var stored = (await app.Notes.GetAsync("demo-ph", note.Id, Ct))!;
        Assert.Equal(NoteStatus.Draft, stored.Status);
        Assert.Equal("Say which sector raised it.", stored.Returned?.Reason);

        // The lead sees it out with its author; the author sees it returned to them, with the reason.
        var leadList = await lead.GetOkAsync(Href(Item(await lead.GetOkAsync("/"), "returned-out", "Philippines")));
        Assert.Contains(Listed(leadList), li => li.GetAttribute("data-note-id") == note.Id);
        foreach (var li in Listed(leadList))
        {
            Assert.NotNull((await app.Notes.GetAsync("demo-ph", li.GetAttribute("data-note-id")!, Ct))!.Returned);
        }

        using var sam = await app.SignedInClientAsync("demo-facilitator");
        var samHome = await sam.GetOkAsync("/");
        var drafts = Item(samHome, "drafts", "Philippines");
        var draftList = await sam.GetOkAsync(Href(drafts));
        Assert.Equal(Count(drafts.ParentElement!.QuerySelector("[data-testid=queue-count]")!), Listed(draftList).Count);
        Assert.All(Listed(draftList), li => Assert.Equal("Draft", li.QuerySelector(".status-badge")!.TextContent.Trim()));
        var item = Item(samHome, "returned-to-you", "Philippines");
        var mine = await sam.GetOkAsync(Href(item));
        Assert.Equal(Count(item.ParentElement!.QuerySelector("[data-testid=queue-count]")!), Listed(mine).Count);
        Assert.Contains(Listed(mine), li => li.GetAttribute("data-note-id") == note.Id);
        Assert.Contains("Say which sector raised it.", Listed(mine).Single(li => li.GetAttribute("data-note-id") == note.Id).QuerySelector("[data-testid=note-returned]")!.TextContent, StringComparison.Ordinal);
        var session = await sam.GetOkAsync($"{Ph}/sessions/plenary-2");
        Assert.Contains(session.Document.QuerySelectorAll("[data-testid=note-returned]"), p => p.TextContent.Contains("Say which sector raised it.", StringComparison.Ordinal));
        var samEdit = await sam.GetOkAsync($"{Ph}/notes/{note.Id}/edit");
        Assert.Contains("Say which sector raised it.", samEdit.Document.QuerySelector("[data-testid=returned-panel]")!.TextContent, StringComparison.Ordinal);

        var resubmitted = await sam.SubmitAsync(samEdit, "form[action*='handler=Submit']");
        Assert.Equal(HttpStatusCode.Redirect, resubmitted.Status);
        Assert.Null((await app.Notes.GetAsync("demo-ph", note.Id, Ct))!.Returned);
        var samMineAfter = await sam.GetOkAsync($"{Ph}?mine=true&returned=true");
        Assert.DoesNotContain(Listed(samMineAfter), li => li.GetAttribute("data-note-id") == note.Id);
    }

    [Fact]
    public async Task Submitted_notes_with_guard_findings_are_counted_for_the_lead_and_their_link_lists_only_flagged_notes()
    {
        var register = (await app.Registers.GetAsync("demo-ph", Ct))!;
        var named = register.Participants[0].Name;
        var note = await NewNoteAsync($"{named} said the regional directory should be updated quarterly.", submit: true);

        using var lead = await app.SignedInClientAsync("demo-lead");
        var item = Item(await lead.GetOkAsync("/"), "findings", "Philippines");
        var list = await lead.GetOkAsync(Href(item));
        var notes = Listed(list);
        Assert.Equal(Count(item.ParentElement!.QuerySelector("[data-testid=queue-count]")!), notes.Count);
        Assert.Contains(notes, li => li.GetAttribute("data-note-id") == note.Id);
        Assert.All(notes, li => Assert.NotNull(li.QuerySelector("[data-testid=finding-badge]")));

        // Researchers never get the workflow filters: the flag is ignored and only published notes are listed.
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        var readerList = await researcher.GetOkAsync($"{Ph}?flagged=true&status=Submitted");
        Assert.DoesNotContain(named, readerList.Text, StringComparison.Ordinal);
        Assert.Null(readerList.Document.QuerySelector("[data-testid=finding-badge]"));
        Assert.DoesNotContain(readerList.Document.QuerySelectorAll("[data-note-id]"), li => li.GetAttribute("data-note-id") == note.Id);
        Assert.NotEmpty(readerList.Document.QuerySelectorAll("[data-note-id]"));
    }

    [Fact]
    public async Task Reviewers_see_briefs_in_review_by_someone_else_and_published_briefs_whose_evidence_changed()
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var cited = (await app.Notes.QueryAsync("demo-vn", new NoteQuery { Statuses = new HashSet<NoteStatus> { NoteStatus.Published }, PageSize = 2 }, Ct)).Notes;
        var noor = new UserRef("demo-researcher", "Noor Haddad");
        var scope = new BriefScope(["demo-vn"], ["technical-standards"], null, null);
        var markdown = $"Standards came up often [@{cited[0].Id}] and [@{cited[1].Id}].";

        var inReview = Brief.Create(programme, "Standards in Viet Nam, for review", scope, BriefCoverage.Empty, markdown, noor, DateTimeOffset.UtcNow);
        inReview.SubmitForReview(noor, DateTimeOffset.UtcNow);
        inReview = await app.Briefs.CreateAsync(inReview, Ct);

        var published = Brief.Create(programme, "Standards in Viet Nam, published", scope, BriefCoverage.Empty, markdown, noor, DateTimeOffset.UtcNow);
        published.SubmitForReview(noor, DateTimeOffset.UtcNow);
        var reviewer = new UserRef("demo-reviewer", "Tomás Reyes");
        var version = published.Publish([.. cited.Select(n => new CitedNote(n.Id, "demo-vn", "Viet Nam", n.SessionId, n.Kind, n.Text, n.Version))], reviewer, DateTimeOffset.UtcNow);
        published = await app.Briefs.CreateAsync(published, Ct);
        await app.Briefs.CreateVersionAsync(version, Ct);

        using var tomas = await app.SignedInClientAsync("demo-reviewer");
        var home = await tomas.GetOkAsync("/");
        var toReview = Item(home, "briefs-review", "Standards in Viet Nam, for review");
        Assert.Equal($"/programmes/demo/briefs/{inReview.Id}", Href(toReview));
        var details = await tomas.GetOkAsync(Href(toReview));
        Assert.Contains("Standards in Viet Nam, for review", details.MainText, StringComparison.Ordinal);
        Assert.DoesNotContain(home.Document.QuerySelectorAll("[data-testid=queue-briefs-evidence] [data-testid=queue-item]"), a => a.TextContent.Contains("Standards in Viet Nam, published", StringComparison.Ordinal));

        // Its submitter does not review their own brief.
        using var noorClient = await app.SignedInClientAsync("demo-researcher");
        Assert.DoesNotContain((await noorClient.GetOkAsync("/")).Document.QuerySelectorAll("[data-testid=queue-briefs-review] [data-testid=queue-item]"), a => a.TextContent.Contains("for review", StringComparison.Ordinal));

        // A cited note returned to review: the published brief's evidence changed.
        var note = (await app.Notes.GetAsync("demo-vn", cited[0].Id, Ct))!;
        note.ReturnToReview(Lead, DateTimeOffset.UtcNow);
        await app.Notes.UpdateAsync(note, Ct);
        var changed = Item(await tomas.GetOkAsync("/"), "briefs-evidence", "Standards in Viet Nam, published");
        Assert.Equal($"/programmes/demo/briefs/{published.Id}/v/1", Href(changed));
        Assert.Contains("1 cited note has changed", changed.ParentElement!.TextContent, StringComparison.Ordinal);
        await tomas.GetOkAsync(Href(changed));

        var again = (await app.Notes.GetAsync("demo-vn", cited[0].Id, Ct))!;
        again.Publish((await app.Consultations.GetAsync("demo", "demo-vn", Ct))!.FindSession(again.SessionId)!, Lead, DateTimeOffset.UtcNow);
        await app.Notes.UpdateAsync(again, Ct);
    }

    [Fact]
    public async Task A_researcher_sees_what_was_published_since_their_previous_sign_in_by_country_and_theme()
    {
        using (await app.SignedInClientAsync("demo-researcher"))
        {
        }

        await Task.Delay(20, Ct);
        var submitted = await NewNoteAsync("Agencies described a shared calendar of regional exercises.", submit: true, consultationId: "demo-vn");
        var consultation = (await app.Consultations.GetAsync("demo", "demo-vn", Ct))!;
        submitted.Publish(consultation.FindSession(submitted.SessionId)!, [], Lead, DateTimeOffset.UtcNow);
        await app.Notes.UpdateAsync(submitted, Ct);

        using var researcher = await app.SignedInClientAsync("demo-researcher");
        var home = await researcher.GetOkAsync("/");
        Assert.Contains("Published since your last visit", home.MainText, StringComparison.Ordinal);
        var country = Item(home, "published-since", "Viet Nam");
        var countryList = await researcher.GetOkAsync(Href(country));
        Assert.Contains("since=", countryList.Url, StringComparison.Ordinal);
        Assert.Equal(Count(country.ParentElement!.QuerySelector("[data-testid=queue-count]")!), Listed(countryList).Count + Withheld(countryList));
        Assert.Contains(Listed(countryList), li => li.GetAttribute("data-note-id") == submitted.Id);

        var theme = (await app.Programmes.GetAsync("demo", Ct))!.Taxonomy.LabelOf(submitted.Themes[0]);
        var part = country.ParentElement!.QuerySelectorAll("[data-testid=queue-part]").Single(a => a.TextContent.Contains(theme, StringComparison.Ordinal));
        var themeList = await researcher.GetOkAsync(Href(part));
        Assert.Equal(Count(part), Listed(themeList).Count + Withheld(themeList));
        Assert.All(Listed(themeList), li => Assert.Contains(li.QuerySelectorAll(".chip"), chip => chip.TextContent == theme));
    }

    [Fact]
    public async Task The_previous_visit_is_the_sign_in_before_the_current_one_and_a_first_visit_sees_everything()
    {
        var awaiting = app.Services.CreateScope().ServiceProvider.GetRequiredService<AwaitingYou>();
        var audit = app.Services.GetRequiredService<IAuditStore>();
        var newcomer = new Actor("newcomer-" + Ids.New(), "New Comer", new HashSet<Role> { Role.Researcher });
        Assert.Equal(new SinceWindow(null, true), await awaiting.PreviousVisitAsync(newcomer, Ct));

        var first = DateTimeOffset.UtcNow.AddDays(-3);
        await audit.AppendAsync(AuditEntry.Create(newcomer, AuditAction.SignedIn, AuditSubject.User(newcomer.UserId), "test", AuditOutcome.Succeeded, first), Ct);
        Assert.True((await awaiting.PreviousVisitAsync(newcomer, Ct)).FirstVisit);
        await audit.AppendAsync(AuditEntry.Create(newcomer, AuditAction.SignedIn, AuditSubject.User(newcomer.UserId), "refused", AuditOutcome.Refused, first.AddDays(1)), Ct);
        await audit.AppendAsync(AuditEntry.Create(newcomer, AuditAction.SignedIn, AuditSubject.User(newcomer.UserId), "test", AuditOutcome.Succeeded, first.AddDays(2)), Ct);
        var window = await awaiting.PreviousVisitAsync(newcomer, Ct);
        Assert.False(window.FirstVisit);
        Assert.Equal(first.ToUnixTimeMilliseconds(), window.Since!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task On_a_first_visit_everything_published_is_listed_by_country_and_theme_and_each_count_opens_that_many()
    {
        var awaiting = app.Services.CreateScope().ServiceProvider.GetRequiredService<AwaitingYou>();
        var newcomer = new Actor("newcomer-" + Ids.New(), "New Comer", new HashSet<Role> { Role.Researcher });
        var lists = await awaiting.ForAsync(newcomer, await app.Programmes.ListAsync(Ct), new SinceWindow(null, true), Ct);
        var published = Assert.Single(lists, l => l.Key == "published-since");
        Assert.Equal("Published so far", published.Title);
        Assert.Equal(4, published.Items.Count);

        using var researcher = await app.SignedInClientAsync("demo-researcher");
        foreach (var country in published.Items)
        {
            Assert.DoesNotContain("since=", country.Url, StringComparison.Ordinal);
            Assert.True(country.Count > 0);
            Assert.NotEmpty(country.Parts!);
            foreach (var part in country.Parts!)
            {
                var list = await researcher.GetOkAsync(part.Url.Split('#')[0]);
                Assert.Equal(part.Count, Listed(list).Count + Withheld(list));
            }
        }
    }

    [Fact]
    public async Task Administrators_see_consultations_without_a_lead_and_registers_due_for_purge()
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var admin = new UserRef("demo-admin", "Morgan Avery");
        var leaderless = Consultation.Create(
            "leaderless-" + Ids.New()[..6],
            "demo",
            new ConsultationDetails("TH", "Bangkok", null, new DateOnly(2031, 1, 10), new DateOnly(2031, 1, 11), ConsultationFormat.InPerson, DisclosureRule.ChathamHouse, []),
            admin,
            DateTimeOffset.UtcNow);
        leaderless.AssignFacilitator(Sam, isLead: false, admin, DateTimeOffset.UtcNow);
        leaderless = await app.Consultations.CreateAsync(leaderless, Ct);

        using var client = await app.SignedInClientAsync("demo-admin");
        var home = await client.GetOkAsync("/");
        var noLead = Item(home, "no-lead", leaderless.Title);
        Assert.Equal($"/programmes/demo/consultations/{leaderless.Id}/edit", Href(noLead));
        await client.GetOkAsync(Href(noLead));

        // The demo consultations ended in 2023 and their registers still hold names.
        var due = home.Document.QuerySelectorAll("[data-testid=queue-purge-due] [data-testid=queue-item]").ToList();
        Assert.Contains(due, a => a.TextContent.Contains("Viet Nam", StringComparison.Ordinal));
        Assert.DoesNotContain(due, a => a.TextContent.Contains("Bangkok", StringComparison.Ordinal));
        foreach (var link in due)
        {
            Assert.EndsWith("/register/purge", Href(link), StringComparison.Ordinal);
            await client.GetOkAsync(Href(link));
        }

        // Other roles never see the housekeeping queues.
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        Assert.Null((await researcher.GetOkAsync("/")).Document.QuerySelector("[data-testid=queue-purge-due]"));
    }

    private async Task<Note> NewNoteAsync(string text, bool submit, string consultationId = "demo-ph")
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var consultation = (await app.Consultations.GetAsync("demo", consultationId, Ct))!;
        var note = Note.Create(programme, consultation, consultation.FindSession("plenary-2")!, new NoteContent(text, NoteKind.Finding, null, ["technical-standards"], []), Sam, DateTimeOffset.UtcNow);
        if (submit)
        {
            note.Submit(Sam, DateTimeOffset.UtcNow);
        }

        return await app.Notes.CreateAsync(note, Ct);
    }

    private static IElement Queue(Page page, string key) =>
        page.Document.QuerySelector($"[data-testid=queue-{key}]") ?? throw new Xunit.Sdk.XunitException($"No \"{key}\" queue on the home page:\n{page.MainText}");

    private static IElement Item(Page page, string key, string label) =>
        Queue(page, key).QuerySelectorAll("[data-testid=queue-item]").FirstOrDefault(a => a.TextContent.Contains(label, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"No \"{label}\" in the \"{key}\" queue:\n{Queue(page, key).TextContent}");

    private static string Href(IElement link) => WebUtility.HtmlDecode(link.GetAttribute("href")!).Split('#')[0];

    /// <summary>The number in a count badge, or in a part link's badge.</summary>
    private static int Count(IElement element) =>
        int.Parse((element.QuerySelector(".badge") ?? element).TextContent.Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static List<IElement> Listed(Page page)
    {
        Assert.Null(page.Document.QuerySelector("[data-testid=next-page]"));
        return [.. page.Document.QuerySelectorAll("[data-testid=browse-notes] > li")];
    }

    private static int Withheld(Page page) =>
        page.Document.QuerySelector("[data-testid=withheld]") is { } withheld ? int.Parse(withheld.TextContent.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) : 0;
}

public sealed class HomeQueueTestsOnSqlite(AppFactory app) : HomeQueueTests(app), IClassFixture<AppFactory>;

[Trait("Store", "Cosmos")]
public sealed class HomeQueueTestsOnCosmos(CosmosAppFactory app) : HomeQueueTests(app), IClassFixture<CosmosAppFactory>;
