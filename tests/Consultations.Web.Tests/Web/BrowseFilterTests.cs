using System.Net;
using AngleSharp.Dom;
using Consultations.Core.Domain;
using Consultations.Testing.Web;

namespace Consultations.Web.Tests.Web;

/// <summary>
/// Every count is a link: the programme dashboard's cells open that country's notes on that theme, chips open their
/// sub-theme, and the consultation page filters by theme, sub-theme, kind, group, session and status, all in its URL.
/// </summary>
public abstract class BrowseFilterTests(AppFactory app)
{
    private const string Vn = "/programmes/demo/consultations/demo-vn";

    private const string Ph = "/programmes/demo/consultations/demo-ph";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_dashboard_cell_opens_that_countrys_notes_on_that_theme_and_holds_as_many()
    {
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        var dashboard = await researcher.GetOkAsync("/programmes/demo");
        var cells = dashboard.Document.QuerySelectorAll("[data-testid=coverage-cell]").ToList();
        Assert.Equal(16, cells.Count(c => int.Parse(c.TextContent.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) > 0));
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        foreach (var cell in cells)
        {
            var expected = int.Parse(cell.ChildNodes[0].TextContent.Trim(), System.Globalization.CultureInfo.InvariantCulture);
            var href = Href(cell);
            var theme = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + href).Query)["theme"]!;
            var list = await AllPagesAsync(researcher, href);
            Assert.Equal(expected, list.Notes.Count + list.Withheld);
            Assert.All(list.Notes, li => Assert.Contains(li.QuerySelectorAll(".chip"), chip => chip.TextContent == programme.Taxonomy.LabelOf(theme)));
        }
    }

    [Fact]
    public async Task The_consultation_pages_session_and_theme_counts_open_lists_holding_as_many()
    {
        using var lead = await app.SignedInClientAsync("demo-lead");
        var page = await lead.GetOkAsync(Ph);
        var links = page.Document.QuerySelectorAll("[data-testid=session-count]").ToList();
        Assert.Equal(3 * 5, links.Count);
        foreach (var link in links)
        {
            var list = await AllPagesAsync(lead, Href(link));
            Assert.Equal(int.Parse(link.ChildNodes[0].TextContent, System.Globalization.CultureInfo.InvariantCulture), list.Notes.Count);
        }

        using var researcher = await app.SignedInClientAsync("demo-researcher");
        var reader = await researcher.GetOkAsync(Vn);
        Assert.Equal(5, reader.Document.QuerySelectorAll("[data-testid=session-count]").Length);
        foreach (var digest in reader.Document.QuerySelectorAll("[data-testid=digest-count]"))
        {
            var list = await AllPagesAsync(researcher, Href(digest));
            Assert.Equal(int.Parse(digest.ChildNodes[0].TextContent, System.Globalization.CultureInfo.InvariantCulture), list.Notes.Count);
        }
    }

    [Fact]
    public async Task Viet_Nam_on_ISO_27001_is_two_clicks_from_the_dashboard()
    {
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        var dashboard = await researcher.GetOkAsync("/programmes/demo");
        var cell = dashboard.Document.QuerySelectorAll("[data-testid=coverage-cell]")
            .Single(c => c.TextContent.Contains("International technical standards in Viet Nam", StringComparison.Ordinal));
        var theme = await researcher.GetOkAsync(Href(cell));
        var chip = theme.Document.QuerySelectorAll("[data-testid=sub-theme-links] a").Single(a => a.TextContent == "ISO/IEC 27001");
        var iso = await researcher.GetOkAsync(Href(chip));

        Assert.Contains("sub=technical-standards%2Fiso-27001", iso.Url, StringComparison.Ordinal);
        var notes = iso.Document.QuerySelectorAll("[data-testid=browse-notes] > li").ToList();
        Assert.NotEmpty(notes);
        Assert.All(notes, li => Assert.Contains(li.QuerySelectorAll(".chip-sub"), c => c.TextContent == "ISO/IEC 27001"));
        Assert.Equal("true", iso.Document.QuerySelectorAll("[data-testid=sub-theme-links] a").Single(a => a.TextContent == "ISO/IEC 27001").GetAttribute("aria-current"));

        // The chip on a note opens the same list.
        var onNote = notes[0].QuerySelectorAll("a.chip-sub").Single(a => a.TextContent == "ISO/IEC 27001");
        var again = await researcher.GetOkAsync(Href(onNote));
        Assert.Equal(notes.Select(n => n.GetAttribute("data-note-id")), again.Document.QuerySelectorAll("[data-testid=browse-notes] > li").Select(n => n.GetAttribute("data-note-id")));
    }

    [Fact]
    public async Task Filters_by_kind_group_and_session_combine_and_each_listed_note_matches_them_all()
    {
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        var unfiltered = await AllPagesAsync(researcher, Vn);
        var kinds = new[] { NoteKind.Finding, NoteKind.Recommendation };
        foreach (var kind in kinds)
        {
            var page = await AllPagesAsync(researcher, $"{Vn}?kind={kind}&group=government");
            Assert.All(page.Notes, li =>
            {
                Assert.Equal(kind.Label(), li.QuerySelector(".kind-badge")!.TextContent.Trim());
                Assert.Contains("Government", li.QuerySelector(".card-body > div")!.TextContent, StringComparison.Ordinal);
            });
        }

        var session = await AllPagesAsync(researcher, $"{Vn}?session=plenary-2");
        Assert.NotEmpty(session.Notes);
        Assert.True(session.Notes.Count < unfiltered.Notes.Count);
        Assert.All(session.Notes, li => Assert.EndsWith("/sessions/plenary-2", li.QuerySelector(".card-body > div a[href*='/sessions/']")!.GetAttribute("href"), StringComparison.Ordinal));

        var form = await researcher.GetOkAsync($"{Vn}?kind=Recommendation&group=government&session=plenary-2");
        Assert.Equal("Recommendation", form.Document.QuerySelector("#kind-filter option[selected]")!.GetAttribute("value"));
        Assert.Equal("government", form.Document.QuerySelector("#group-filter option[selected]")!.GetAttribute("value"));
        Assert.Equal("plenary-2", form.Document.QuerySelector("#session-filter option[selected]")!.GetAttribute("value"));
        var cleared = await researcher.GetOkAsync(Href(form.Document.QuerySelector("[data-testid=clear-filters]")!));
        Assert.Null(cleared.Document.QuerySelector("[data-testid=clear-filters]"));

        // Submitting the filter form itself (as a browser would) keeps every filter in the URL.
        var submission = Assert.Single(HtmlClient.BrowserSubmissions(form, form.Document.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("[data-testid=note-filters]")!));
        Assert.Equal("GET", submission.Method);
        var submitted = await researcher.SubmitAsync(submission with { Fields = [.. submission.Fields.Where(f => f.Key != "sub"), new("sub", "technical-standards/iso-27001")] });
        Assert.Equal(HttpStatusCode.OK, submitted.Status);
        foreach (var part in new[] { "kind=Recommendation", "group=government", "session=plenary-2", "sub=technical-standards%2Fiso-27001" })
        {
            Assert.Contains(part, submitted.Url, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_since_filter_keeps_its_instant_to_the_millisecond()
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var consultation = (await app.Consultations.GetAsync("demo", "demo-vn", Ct))!;
        var session = consultation.FindSession("plenary-3")!;
        var by = new UserRef("demo-facilitator-2", "Kai Lindqvist");
        var at = new DateTimeOffset(2031, 5, 6, 7, 8, 9, 250, TimeSpan.Zero);
        var note = Note.Create(programme, consultation, session, new NoteContent("A shared exercise calendar was proposed.", NoteKind.Finding, null, ["information-sharing"], []), by, at);
        note.Submit(by, at);
        note.Publish(session, new UserRef("demo-lead", "Rin Castillo-Webb"), at);
        await app.Notes.CreateAsync(note, Ct);

        using var researcher = await app.SignedInClientAsync("demo-researcher");
        async Task<List<string?>> Since(DateTimeOffset since) =>
            Ids(await researcher.GetOkAsync($"{Vn}?since={Uri.EscapeDataString(Pages.CountryConsultations.NoteFilter.FormatSince(since))}"));

        Assert.Equal([note.Id], await Since(at));
        Assert.Empty(await Since(at.AddMilliseconds(1)));
        Assert.Equal([note.Id], await Since(at.AddMilliseconds(-1)));
        Assert.Contains(note.Id, await Since(at.AddSeconds(-1)));
    }

    [Fact]
    public async Task A_reader_cannot_filter_by_a_group_too_small_to_name()
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var threshold = programme.SmallGroupThreshold;
        var register = (await app.Registers.GetAsync("demo-vn", Ct))!;
        Assert.True(register.GroupCounts().GetValueOrDefault("government") < 20, "The demo's Viet Nam register should hold fewer than 20 government participants.");
        programme.SetSmallGroupThreshold(20, UserRef.System, DateTimeOffset.UtcNow);
        programme = await app.Programmes.UpdateAsync(programme, Ct);
        try
        {
            using var researcher = await app.SignedInClientAsync("demo-researcher");
            var all = await researcher.GetOkAsync(Vn);
            var government = await researcher.GetOkAsync($"{Vn}?group=government");
            Assert.Empty(government.Document.QuerySelectorAll("#group-filter option[value=government]"));
            Assert.Equal(Ids(all), Ids(government));
            Assert.DoesNotContain("Government", government.Document.QuerySelector("[data-testid=browse-notes]")!.TextContent, StringComparison.Ordinal);

            // The consultation's own facilitators still filter by any group.
            using var kai = await app.SignedInClientAsync("demo-facilitator-2");
            var theirs = await kai.GetOkAsync($"{Vn}?group=government");
            Assert.NotEmpty(theirs.Document.QuerySelectorAll("#group-filter option[value=government]"));
            Assert.All(theirs.Document.QuerySelectorAll("[data-testid=browse-notes] > li"), li => Assert.Contains("Government", li.TextContent, StringComparison.Ordinal));
        }
        finally
        {
            programme.SetSmallGroupThreshold(threshold, UserRef.System, DateTimeOffset.UtcNow);
            await app.Programmes.UpdateAsync(programme, Ct);
        }
    }

    [Fact]
    public async Task A_facilitator_lists_their_own_drafts_and_readers_never_get_workflow_filters()
    {
        using var sam = await app.SignedInClientAsync("demo-facilitator");
        var drafts = await AllPagesAsync(sam, $"{Ph}?status=Draft&mine=true");
        Assert.NotEmpty(drafts.Notes);
        foreach (var li in drafts.Notes)
        {
            var note = (await app.Notes.GetAsync("demo-ph", li.GetAttribute("data-note-id")!, Ct))!;
            Assert.Equal((NoteStatus.Draft, "demo-facilitator"), (note.Status, note.CreatedBy.Id));
        }

        using var researcher = await app.SignedInClientAsync("demo-researcher");
        var reader = await researcher.GetOkAsync($"{Ph}?status=Draft&mine=true");
        Assert.Null(reader.Document.QuerySelector("#mine-filter"));
        Assert.Null(reader.Document.QuerySelector("#status-filter"));
        Assert.All(reader.Document.QuerySelectorAll("[data-testid=browse-notes] > li"), li => Assert.Null(li.QuerySelector(".status-badge")));
    }

    [Fact]
    public async Task The_header_names_a_lead_facilitator_as_such_in_the_consultations_they_lead()
    {
        using var lead = await app.SignedInClientAsync("demo-lead");
        Assert.Equal(["Lead facilitator"], Roles(await lead.GetOkAsync(Ph)));
        Assert.Equal(["Lead facilitator"], Roles(await lead.GetOkAsync($"{Ph}/sessions/plenary-2")));
        Assert.Equal(["Facilitator"], Roles(await lead.GetOkAsync("/")));

        using var sam = await app.SignedInClientAsync("demo-facilitator");
        Assert.Equal(["Facilitator"], Roles(await sam.GetOkAsync(Ph)));
    }

    private static List<string> Roles(Page page) => [.. page.Document.QuerySelectorAll("[data-testid=role-badge]").Select(b => b.TextContent.Trim())];

    private static string Href(IElement link) => WebUtility.HtmlDecode(link.GetAttribute("href")!).Split('#')[0];

    private static List<string?> Ids(Page page) => [.. page.Document.QuerySelectorAll("[data-testid=browse-notes] > li").Select(li => li.GetAttribute("data-note-id"))];

    /// <summary>Every note a filtered list shows, following its "next" links, and how many it said were withheld.</summary>
    private static async Task<(List<IElement> Notes, int Withheld)> AllPagesAsync(HtmlClient client, string url)
    {
        var notes = new List<IElement>();
        var withheld = 0;
        for (var i = 0; i < 50 && url is not null; i++)
        {
            var page = await client.GetOkAsync(url);
            notes.AddRange(page.Document.QuerySelectorAll("[data-testid=browse-notes] > li"));
            withheld += page.Document.QuerySelector("[data-testid=withheld]") is { } w ? int.Parse(w.TextContent.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) : 0;
            url = page.Document.QuerySelector("[data-testid=next-page]") is { } next ? Href(next) : null!;
        }

        return (notes, withheld);
    }
}

public sealed class BrowseFilterTestsOnSqlite(AppFactory app) : BrowseFilterTests(app), IClassFixture<AppFactory>;

[Trait("Store", "Cosmos")]
public sealed class BrowseFilterTestsOnCosmos(CosmosAppFactory app) : BrowseFilterTests(app), IClassFixture<CosmosAppFactory>;
