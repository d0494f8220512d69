using System.Net;
using Consultations.Testing.Web;

namespace Consultations.Web.Tests.Web;

/// <summary>Administrators build programmes: programme, consultation with its agenda, sessions and themes.</summary>
public abstract class AdminFormTests(AppFactory app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_administrator_builds_a_programme_with_a_consultation_and_its_standard_agenda()
    {
        using var admin = await app.SignedInClientAsync("demo-admin");

        var created = await admin.SubmitAsync(await admin.GetOkAsync("/programmes/new"), "main form",
        [
            new("Input.Name", "Pacific cyber dialogue"),
            new("Input.Funder", "A development partnership"),
            new("Input.Description", "Consultations in three Pacific states."),
        ]);
        var dashboard = await admin.FollowAsync(created);
        Assert.Contains("Programme \"Pacific cyber dialogue\" created.", dashboard.MainText, StringComparison.Ordinal);
        var programmeId = created.Location!.Split('/')[^1];

        var form = await admin.GetOkAsync($"/programmes/{programmeId}/consultations/new");
        var consultationPosted = await admin.SubmitAsync(form, "main form",
        [
            new("Input.CountryCode", "FJ"),
            new("Input.City", "Suva"),
            new("Input.StartDate", "2024-02-06"),
            new("Input.CoChairs", "Mere Tuilagi, Permanent Secretary\nJohn Smith"),
            new("Input.LeadFacilitatorId", "demo-lead"),
            new("Input.FacilitatorIds", "demo-facilitator"),
        ]);
        var consultationPage = await admin.FollowAsync(consultationPosted);
        Assert.Contains("Fiji — Suva", consultationPage.MainText, StringComparison.Ordinal);

        var consultationId = consultationPosted.Location!.Split('/')[^1];
        var consultation = (await app.Consultations.GetAsync(programmeId, consultationId, Ct))!;
        Assert.Equal(["Opening and welcome", "Plenary 1: International collaboration", "Plenary 2: International technical standards", "Plenary 3: Information sharing and incident response", "Plenary 4: Inclusion"], consultation.Sessions.Select(s => s.Title));
        Assert.Equal(new DateOnly(2024, 2, 6), consultation.EndDate);
        Assert.Equal(2, consultation.CoChairs.Count);
        Assert.True(consultation.IsLeadFacilitator("demo-lead"));
        Assert.True(consultation.IsFacilitator("demo-facilitator"));
    }

    [Fact]
    public async Task Consultation_form_errors_are_explained()
    {
        using var admin = await app.SignedInClientAsync("demo-admin");
        var form = await admin.GetOkAsync("/programmes/demo/consultations/new");

        var page = await admin.SubmitAsync(form, "main form",
        [
            new("Input.CountryCode", "ZZ"),
            new("Input.City", ""),
            new("Input.StartDate", "2024-02-06"),
            new("Input.EndDate", "2024-02-01"),
        ]);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Choose a country from the list.", page.MainText, StringComparison.Ordinal);
        Assert.Contains("Enter the city.", page.MainText, StringComparison.Ordinal);
        Assert.Contains("The last day cannot be before the first day.", page.MainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_consultation_edit_is_refused_without_losing_the_other_change()
    {
        using var admin = await app.SignedInClientAsync("demo-admin");
        var mine = await admin.GetOkAsync("/programmes/demo/consultations/demo-id/edit");
        var theirs = await admin.GetOkAsync("/programmes/demo/consultations/demo-id/edit");
        await admin.SubmitAsync(theirs, "main form", [new("Input.Venue", "Their venue")]);

        var page = await admin.SubmitAsync(mine, "main form", [new("Input.Venue", "My venue")]);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Someone else changed this consultation", page.MainText, StringComparison.Ordinal);
        Assert.Equal("Their venue", (await app.Consultations.GetAsync("demo", "demo-id", Ct))!.Venue);
    }

    [Fact]
    public async Task A_lead_facilitator_adds_and_edits_a_session_and_removes_it_while_empty()
    {
        using var lead = await app.SignedInClientAsync("demo-lead");
        var added = await lead.SubmitAsync(await lead.GetOkAsync("/programmes/demo/consultations/demo-vn/sessions/new"), "main form",
        [
            new("Input.Title", "Breakout: SME clinics"),
            new("Input.DisclosureRule", "ChathamHouse"),
            new("Input.Themes", "technical-standards"),
        ]);
        var sessionUrl = added.Location!;
        Assert.Contains("Breakout: SME clinics", (await lead.FollowAsync(added)).MainText, StringComparison.Ordinal);

        var edit = await lead.GetOkAsync($"{sessionUrl}/edit");
        var saved = await lead.SubmitAsync(edit, "main form", [new("Input.Title", "Breakout: SME clinics (afternoon)"), new("Input.DisclosureRule", "OffTheRecord")]);
        Assert.Contains("Session saved.", (await lead.FollowAsync(saved)).MainText, StringComparison.Ordinal);

        var removePage = await lead.GetOkAsync($"{sessionUrl}/edit");
        var removed = await lead.SubmitAsync(removePage, "form[action*='handler=Remove']");
        Assert.Contains("removed", (await lead.FollowAsync(removed)).MainText, StringComparison.Ordinal);
        var sessionId = sessionUrl.Split('/')[^1];
        Assert.Null((await app.Consultations.GetAsync("demo", "demo-vn", Ct))!.FindSession(sessionId));
    }

    [Fact]
    public async Task A_session_with_published_notes_cannot_be_loosened_or_taken_off_the_record()
    {
        using var lead = await app.SignedInClientAsync("demo-lead");
        var edit = await lead.GetOkAsync("/programmes/demo/consultations/demo-vn/sessions/plenary-1/edit");
        Assert.Null(edit.Document.QuerySelector("form[action*='handler=Remove']"));

        var page = await lead.SubmitAsync(edit, "main form", [new("Input.DisclosureRule", "OnTheRecord")]);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("cannot be loosened", page.MainText, StringComparison.Ordinal);
        Assert.Equal(Core.Domain.DisclosureRule.ChathamHouse, (await app.Consultations.GetAsync("demo", "demo-vn", Ct))!.FindSession("plenary-1")!.DisclosureRule);
    }

    [Fact]
    public async Task Administrators_extend_the_theme_taxonomy_and_others_only_read_it()
    {
        using var admin = await app.SignedInClientAsync("demo-admin");
        var themes = await admin.GetOkAsync("/programmes/demo/themes");

        var added = await admin.SubmitAsync(themes, "form[action*='handler=AddTheme']", [new("Label", "Critical infrastructure"), new("Description", "Sectors and their regulators.")]);
        Assert.Contains("Theme \"Critical infrastructure\" added.", (await admin.FollowAsync(added)).MainText, StringComparison.Ordinal);

        var again = await admin.GetOkAsync("/programmes/demo/themes");
        var sub = await admin.SubmitAsync(again, "form[action*='handler=AddSubTheme']:has(input[value=critical-infrastructure])", [new("Label", "Energy")]);
        Assert.Equal(HttpStatusCode.Redirect, sub.Status);
        var duplicate = await admin.SubmitAsync(await admin.GetOkAsync("/programmes/demo/themes"), "form[action*='handler=AddTheme']", [new("Label", "inclusion")]);
        Assert.Contains("There is already a theme called", duplicate.MainText, StringComparison.Ordinal);

        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        Assert.True(programme.Taxonomy.ContainsSubTheme("critical-infrastructure/energy"));

        using var researcher = await app.SignedInClientAsync("demo-researcher");
        var readOnly = await researcher.GetOkAsync("/programmes/demo/themes");
        Assert.Contains("Critical infrastructure", readOnly.MainText, StringComparison.Ordinal);
        Assert.DoesNotContain(readOnly.Document.QuerySelectorAll("form[method=post]"), f => f.GetAttribute("action")?.Contains("handler=", StringComparison.Ordinal) == true);
        var forced = await researcher.PostAsync("/programmes/demo/themes?handler=AddTheme", [new("Label", "Sneaky"), new("__RequestVerificationToken", readOnly.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!)]);
        Assert.Equal(HttpStatusCode.Forbidden, forced.Status);
    }

    [Fact]
    public async Task Sign_in_refuses_unknown_personas_and_never_redirects_off_site()
    {
        using var client = app.CreateHtmlClient();
        var page = await client.GetOkAsync("/account/sign-in?ReturnUrl=https://evil.example/");

        var unknown = await client.SubmitAsync(page, "form", [new("PersonaId", "nobody")]);
        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Contains("Choose one of the personas below.", unknown.MainText, StringComparison.Ordinal);

        var signedIn = await client.SubmitAsync(page, "form", [new("PersonaId", "demo-researcher")]);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        Assert.Equal("/", signedIn.Location);

        var home = await client.GetOkAsync("/");
        Assert.Contains("Noor Haddad", home.Document.QuerySelector("[data-testid=signed-in-as]")!.TextContent, StringComparison.Ordinal);
        var signOut = await client.SubmitAsync(home, "form[action='/account/sign-out']");
        Assert.Equal("/account/sign-in", signOut.Location);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/programmes")).Status);
    }

    [Fact]
    public async Task A_funder_lands_on_briefs_and_is_refused_the_repository()
    {
        using var funder = await app.SignedInClientAsync("demo-funder");

        var home = await funder.GetOkAsync("/");

        Assert.Contains("Published briefs", home.MainText, StringComparison.Ordinal);
        Assert.DoesNotContain("/programmes", home.Document.QuerySelector("header")!.InnerHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await funder.GetAsync("/programmes/demo")).Status);
    }
}

public sealed class AdminFormTestsOnSqlite(AppFactory app) : AdminFormTests(app), IClassFixture<AppFactory>;

[Trait("Store", "Cosmos")]
public sealed class AdminFormTestsOnCosmos(CosmosAppFactory app) : AdminFormTests(app), IClassFixture<CosmosAppFactory>;
