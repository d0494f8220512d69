using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Core.Text;
using Consultations.Testing.Web;
using Microsoft.Extensions.DependencyInjection;
using Consultations.Infrastructure.Guard;

namespace Consultations.Web.Tests.Web;

/// <summary>
/// The worst bug this product can ship is a name or affiliation reaching a researcher, a funder or a facilitator of
/// another consultation. This plants every register's names and organisations in notes of every status and session —
/// drafts, submitted notes, notes published past the guard and notes a lead published *with an override* — then
/// walks every page each of those readers can reach by following links (brief sources, print view, DOCX and Markdown
/// downloads included) and fails on any register form in any of them. One note whose name two people confirmed is
/// not a participant must, and does, show that name.
/// </summary>
public abstract partial class LeakTests(AppFactory app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("demo-researcher")]
    [InlineData("demo-funder")]
    [InlineData("demo-facilitator-2")]
    public async Task No_page_a_reader_can_reach_shows_any_register_name_or_organisation(string persona)
    {
        var planted = await PlantAsync();
        var briefVersion = await PublishBriefAsync();
        // A facilitator may see their own consultations' registers; every other consultation's must stay hidden from them.
        var own = (await app.Consultations.ListByProgrammeAsync("demo", Ct)).Where(c => c.IsFacilitator(persona)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var allowed = planted.Forms.Where(f => own.Contains(f.Key)).SelectMany(f => f.Value).ToHashSet();
        var forms = planted.Forms.Where(f => !own.Contains(f.Key)).SelectMany(f => f.Value).Where(f => !allowed.Contains(f) && f != planted.Confirmed).Distinct().ToList();
        Assert.NotEmpty(forms);
        using var client = await app.SignedInClientAsync(persona);
        var (seen, visited) = await WalkAsync(client, persona, forms, "a register form");

        // Downloads are not HTML: read the DOCX's text, the Markdown and the print view and check them the same way.
        foreach (var handler in new[] { "docx", "markdown", "print" })
        {
            using var response = await client.Http.GetAsync($"{briefVersion}?handler={handler}", Ct);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
            string text;
            if (handler == "docx")
            {
                using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
                using var reader = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
                text = Regex.Replace(await reader.ReadToEndAsync(Ct), "<[^>]+>", string.Empty);
            }
            else
            {
                text = System.Text.Encoding.UTF8.GetString(bytes);
            }

            AssertNoForm(forms, text, $"{persona} finds a register form in the {handler} export");
        }

        await SearchLeaksAsync(client, persona, forms, planted);

        Assert.True(seen.Contains(briefVersion), $"the walk never reached the published brief {briefVersion}");
        if (persona != "demo-funder")
        {
            // The walk reached the overridden notes (shown masked) and the one two people unmasked (shown as written).
            var session = await client.GetOkAsync(planted.ConfirmedSession);
            Assert.Contains(planted.Confirmed.Text, Collapse(TextFolding.FoldDiacritics(session.Document.QuerySelector($"#note-{planted.ConfirmedNoteId}")!.TextContent)), StringComparison.Ordinal);
            Assert.True(seen.Contains(planted.ConfirmedSession), "the walk never reached the session of the unmasked note");
            var masked = await client.GetOkAsync(planted.OverriddenSession);
            Assert.NotNull(masked.Document.QuerySelector($"#note-{planted.OverriddenNoteId}"));
        }

        // The walk must really have covered the repository, not stopped at a sign-in page.
        Assert.True(visited >= 60, $"only {visited} pages reached");
        TestContext.Current.SendDiagnosticMessage($"{persona}: {visited} pages checked against {forms.Count} register forms");
    }

    [Fact]
    public async Task An_imported_files_name_reaches_no_reader_and_its_published_note_reads_masked()
    {
        const string Ph = "/programmes/demo/consultations/demo-ph";
        var name = (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.First(p => p.Name.Split(' ').Length >= 3).Name;
        var fileName = $"notes from {name}.md";
        var marker = "imported" + Ids.New()[..8];
        var markdown = $"## Plenary 3\n\n{name} said incident reports should go to one regulator, not three ({marker}).\n\nFirms asked for one reporting form across all regulators ({marker}).\n";

        // A facilitator imports the file through the pages: two drafts, each carrying the file's name as its source.
        using (var sam = await app.SignedInClientAsync("demo-facilitator"))
        {
            var preview = await sam.FollowAsync(await sam.UploadAsync(await sam.GetOkAsync($"{Ph}/import"), "[data-testid=import-form]", "Upload", fileName, System.Text.Encoding.UTF8.GetBytes(markdown)));
            for (var i = 0; i < 120 && preview.Document.QuerySelector("[data-testid=import-progress]") is not null; i++)
            {
                await Task.Delay(250, Ct);
                preview = await sam.GetOkAsync(preview.Url);
            }

            var rows = preview.Document.QuerySelector<IHtmlFormElement>("[data-testid=rows-form]") ?? throw new InvalidOperationException($"No preview:\n{preview.MainText}");
            var done = await sam.FollowAsync(await sam.SubmitAsync(HtmlClient.BrowserSubmissions(preview, rows).Single(s => s.Handler == "Import")));
            Assert.Contains($"Imported 2 notes from {fileName} as drafts.", done.MainText, StringComparison.Ordinal);
        }

        var imported = await app.Notes.ReadAllAsync("demo-ph", new NoteQuery(), Ct).Where(n => n.Text.Contains(marker, StringComparison.Ordinal)).ToListAsync(Ct);
        Assert.Equal(2, imported.Count);
        Assert.All(imported, n => Assert.Equal((fileName, "plenary-3"), (n.Source?.FileName, n.SessionId)));
        var named = Assert.Single(imported, n => n.Text.Contains(name, StringComparison.Ordinal));

        // The lead submits the note that names the participant and publishes it with an override: readers get it masked.
        using (var lead = await app.SignedInClientAsync("demo-lead"))
        {
            var edit = $"{Ph}/notes/{named.Id}/edit";
            Assert.Contains(fileName, (await lead.GetOkAsync(edit)).Document.QuerySelector("[data-testid=note-source]")!.TextContent, StringComparison.Ordinal);
            await lead.FollowAsync(await lead.SubmitAsync(await lead.GetOkAsync(edit), "form[action*='handler=Submit']"));
            var published = await lead.FollowAsync(await lead.SubmitAsync(await lead.GetOkAsync(edit), "[data-testid=override-form]", [new("OverrideReason", "Checked with the co-chairs: the point stands without the speaker.")]));
            Assert.Contains("published with an override", published.MainText, StringComparison.Ordinal);
        }

        Assert.Equal(NoteStatus.Published, (await app.Notes.GetAsync("demo-ph", named.Id, Ct))!.Status);
        using (var researcher = await app.SignedInClientAsync("demo-researcher"))
        {
            // Plain words also match by meaning once vectors exist, so the check is that the note is found, not that it is alone.
            for (var i = 0; i < 200 && !Search.SearchTestSupport.HitIds(await Search.SearchTestSupport.SearchAsync(researcher, marker)).Contains(named.Id); i++)
            {
                await Task.Delay(100, Ct);
            }

            var hits = Search.SearchTestSupport.HitIds(await Search.SearchTestSupport.SearchAsync(researcher, marker));
            Assert.Contains(named.Id, hits);
            Assert.DoesNotContain(imported.Single(n => n.Id != named.Id).Id, hits);
        }

        List<(string Text, bool Acronym)> forms = [(Collapse(TextFolding.FoldDiacritics(fileName)), false), (Collapse(TextFolding.FoldDiacritics(name)), false)];
        var surname = name.Split(' ')[^1];
        foreach (var persona in new[] { "demo-researcher", "demo-reviewer", "demo-funder" })
        {
            using var client = await app.SignedInClientAsync(persona);
            var (seen, visited) = await WalkAsync(client, persona, forms, "the imported file's name or its participant", [.. imported.Select(n => $"{Ph}/notes/{n.Id}/edit")]);
            Assert.True(visited >= 60, $"only {visited} pages reached as {persona}");

            // Search for the note, the file's name and the participant: no result, snippet or facet shows either.
            foreach (var query in new[] { marker, fileName, name })
            {
                var results = await Search.SearchTestSupport.SearchAsync(client, query);
                AssertNoForm(forms, WithoutEcho(results), $"{persona} searching for {(query == marker ? "the note" : $"a {query.Length}-character search")}");
            }

            // Where the persona reads the session, the published note is there, masked; the draft is not.
            var session = await client.GetAsync($"{Ph}/sessions/plenary-3");
            var card = session.Document.QuerySelector($"#note-{named.Id}");
            Assert.True(persona != "demo-researcher" || (card is not null && seen.Contains($"{Ph}/sessions/plenary-3")), $"{persona} cannot read the published note, so its masking proved nothing");
            if (card is not null)
            {
                Assert.Contains($"said incident reports should go to one regulator, not three ({marker})", card.TextContent, StringComparison.Ordinal);
                Assert.DoesNotContain(surname, card.TextContent, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("one reporting form across all regulators", session.Text, StringComparison.Ordinal);
            TestContext.Current.SendDiagnosticMessage($"{persona}: {visited} pages checked for an imported file's name; the published note {(card is null ? "not readable here" : "read masked")}");
        }
    }

    /// <summary>
    /// Every page a persona reaches by following links from the home page, the programmes and the repository's known
    /// addresses (plus <paramref name="extra"/>), up to 600: none may show any of <paramref name="forms"/>.
    /// </summary>
    private async Task<(HashSet<string> Seen, int Visited)> WalkAsync(HtmlClient client, string persona, IReadOnlyList<(string Text, bool Acronym)> forms, string what, IReadOnlyList<string>? extra = null)
    {
        // Links a reader can follow, plus every repository address they might type or be sent (403s must not leak either).
        List<string> start = ["/", "/programmes", .. await KnownAddressesAsync(), .. extra ?? []];
        var queue = new Queue<string>(start.Distinct(StringComparer.Ordinal));
        var seen = new HashSet<string>(queue, StringComparer.Ordinal);
        var visited = 0;
        while (queue.Count > 0 && visited < 600)
        {
            var url = queue.Dequeue();
            var page = await client.GetAsync(url);
            visited++;
            // Antiforgery tokens are random base64: take them out so that "MIC" inside one is not mistaken for a leak.
            foreach (var token in page.Document.QuerySelectorAll("input[name=__RequestVerificationToken]").ToList())
            {
                token.Remove();
            }

            AssertNoForm(forms, page.Document.DocumentElement.OuterHtml, $"{persona} sees {what} on {url} ({(int)page.Status})");
            foreach (var link in page.Document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) && !link.StartsWith("/account/sign-out", StringComparison.Ordinal)
                    && !link.StartsWith("/css/", StringComparison.Ordinal) && !link.StartsWith("/js/", StringComparison.Ordinal) && !link.StartsWith("/lib/", StringComparison.Ordinal)
                    && !IsBinaryDownload(link)
                    && seen.Add(link.Split('#')[0]))
                {
                    queue.Enqueue(link.Split('#')[0]);
                }
            }
        }

        return (seen, visited);
    }

    /// <summary>
    /// Search as the persona: results, snippets, facet values and labels, every page, each facet's narrowed page, the
    /// similar notes of the planted ones, and both downloads — for the planted words and for the register forms
    /// themselves typed as the search (what was typed is echoed back in the box and heading; nothing else may show it).
    /// </summary>
    private async Task SearchLeaksAsync(HtmlClient client, string persona, IReadOnlyList<(string Text, bool Acronym)> forms, Planted planted)
    {
        // The planted notes reach the index through the app's own store writes; wait until readers find all of theirs.
        var readable = (await Search.SearchTestSupport.VisibleAsync(app, "demo-researcher", browses: true)).Count(v => v.Text.StartsWith("Planted", StringComparison.Ordinal));
        Assert.True(readable > 0, "no planted note is readable: the search walk would prove nothing");
        using (var researcher = await app.SignedInClientAsync("demo-researcher"))
        {
            for (var i = 0; i < 200 && Search.SearchTestSupport.Total(await Search.SearchTestSupport.SearchAsync(researcher, "Planted")) != readable; i++)
            {
                await Task.Delay(100, Ct);
            }

            Assert.Equal(readable, Search.SearchTestSupport.Total(await Search.SearchTestSupport.SearchAsync(researcher, "Planted")));
        }

        var queries = new List<string> { string.Empty, "Planted", "\"plan needs more time\"", "Planted public figure", "agreed" };
        queries.AddRange(planted.Forms.Values.SelectMany(f => f.Take(4)).Select(f => f.Text));
        var pages = 0;
        var hits = 0;
        foreach (var query in queries.Distinct(StringComparer.Ordinal))
        {
            var first = await Search.SearchTestSupport.SearchAsync(client, query);
            var facetLinks = first.Document.QuerySelectorAll("[data-testid=facet-value]").Select(a => a.GetAttribute("href")!).ToList();
            foreach (var page in new[] { first }.Concat(await PagesAsync(client, first)).Concat(await Task.WhenAll(facetLinks.Take(12).Select(client.GetOkAsync))))
            {
                pages++;
                hits += page.Document.QuerySelectorAll("[data-testid=hit]").Length;
                AssertNoForm(forms, WithoutEcho(page), $"{persona} sees a register form searching for {(query.Length == 0 ? "nothing" : $"a {query.Length}-character search")} on {page.Url}");
            }

            // Downloads: researchers get them; everyone else is refused, and the refusal shows nothing either.
            foreach (var handler in new[] { "csv", "xlsx" })
            {
                using var response = await client.Http.GetAsync(Search.SearchTestSupport.Url(query, $"&handler={handler}"), Ct);
                var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
                var text = handler == "xlsx" && response.StatusCode == System.Net.HttpStatusCode.OK ? XlsxText(bytes) : System.Text.Encoding.UTF8.GetString(bytes);
                Assert.Equal(persona == "demo-researcher" ? System.Net.HttpStatusCode.OK : System.Net.HttpStatusCode.Forbidden, response.StatusCode);
                AssertNoForm(forms, response.StatusCode == System.Net.HttpStatusCode.OK ? text : Search.SearchTestSupport.Without(text, query), $"{persona} finds a register form in the search {handler} download");
            }
        }

        // Similar notes of every planted note the persona can open (on the real model where the app has it: SQLite).
        var search = app.Services.GetRequiredService<Consultations.Web.Search.ProgrammeSearch>();
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var actor = Core.Demo.DemoPersonas.Find(persona)!.ToActor();
        var hybrid = app.Services.GetRequiredService<Core.Search.ISearchIndex>() as Infrastructure.Search.HybridSearchIndex;
        if (hybrid is not null)
        {
            await hybrid.WaitForMeaningAsync(TimeSpan.FromMinutes(3), Ct);
        }

        var similarSeen = 0;
        foreach (var (consultationId, noteId) in new[] { (planted.ConfirmedSession.Split('/')[4], planted.ConfirmedNoteId), (planted.OverriddenSession.Split('/')[4], planted.OverriddenNoteId) })
        {
            foreach (var similar in await search.SimilarAsync(actor, programme, consultationId, noteId, 10, Ct))
            {
                similarSeen++;
                AssertNoForm(forms, similar.Snippet.PlainText + " " + similar.Title + " " + similar.SessionTitle, $"{persona} sees a register form among the notes similar to {noteId}");
            }
        }

        Assert.True(hybrid is null || persona == "demo-funder" || similarSeen > 0, $"{persona} was shown no similar notes, so the crawl of them proved nothing");

        Assert.True(persona == "demo-funder" || hits > 0, $"{persona}'s search walk found no results at all");
        TestContext.Current.SendDiagnosticMessage($"{persona}: {pages} search pages with {hits} results checked");
    }

    private static async Task<List<Page>> PagesAsync(HtmlClient client, Page first)
    {
        var pages = new List<Page>();
        var page = first;
        while (page.Document.QuerySelector("[data-testid=next-page]")?.GetAttribute("href") is { } next && pages.Count < 20)
        {
            page = await client.GetOkAsync(next);
            pages.Add(page);
        }

        return pages;
    }

    /// <summary>The page without what echoes the typed search (the boxes, the title, the heading, the notice, the saved-search name): those say what the person typed, nothing more.</summary>
    private static string WithoutEcho(Page page)
    {
        foreach (var element in page.Document.QuerySelectorAll("input[name=__RequestVerificationToken], input[name=q], input[name='Input.Name'], title, [data-testid=result-count], [data-testid=search-notice]").ToList())
        {
            element.Remove();
        }

        // Links to other pages of the same search carry it in their address.
        foreach (var link in page.Document.QuerySelectorAll("[href]").ToList())
        {
            link.SetAttribute("href", Regex.Replace(link.GetAttribute("href")!, "([?&])q=[^&#]*", "$1"));
        }

        return page.Document.DocumentElement.OuterHtml;
    }

    // Zipped files read as text are random bytes, where "RDB" turns up by chance: their text is checked below, unzipped.
    private static bool IsBinaryDownload(string link) =>
        Regex.IsMatch(link, @"[?&]handler=(xlsx|docx)(&|$)", RegexOptions.IgnoreCase);

    private static string XlsxText(byte[] bytes)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
        return string.Join("\n", zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)).Select(e =>
        {
            using var reader = new StreamReader(e.Open());
            return Regex.Replace(reader.ReadToEnd(), "<[^>]+>", " ");
        }));
    }

    private static void AssertNoForm(IReadOnlyList<(string Text, bool Acronym)> forms, string content, string where)
    {
        var folded = Collapse(TextFolding.FoldDiacritics(content));
        foreach (var form in forms)
        {
            var leaked = form.Acronym
                ? Regex.IsMatch(content, $@"(?<![A-Za-z0-9_-]){Regex.Escape(form.Text)}(?![A-Za-z0-9_-])")
                : folded.Contains(form.Text, StringComparison.Ordinal);
            Assert.False(leaked, $"{where}: {(form.Acronym ? form.Text : form.Text.Length)}");
        }
    }

    /// <summary>Generates a brief from the whole comparison (after planting) and publishes it; returns its address.</summary>
    private async Task<string> PublishBriefAsync()
    {
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        using var reviewer = await app.SignedInClientAsync("demo-reviewer");
        var compare = await researcher.GetOkAsync("/programmes/demo/compare");
        var answer = await researcher.SubmitAsync(compare, "[data-testid=generate-brief]", [new("Input.Title", "Everything compared")]);
        for (var i = 0; i < 120 && answer.Location?.Contains("/jobs/", StringComparison.Ordinal) == true; i++)
        {
            await Task.Delay(250, Ct);
            var next = await researcher.GetAsync(answer.Location);
            answer = next.Status == System.Net.HttpStatusCode.OK ? answer : next;
        }

        var draft = await researcher.FollowAsync(answer);
        await researcher.SubmitAsync(draft, "form[action*='handler=Submit']");
        var published = await reviewer.SubmitAsync(await reviewer.GetOkAsync(draft.Url), "form[action*='handler=Approve']");
        Assert.Contains("/v/1", published.Location, StringComparison.Ordinal);
        return published.Location!;
    }

    private async Task<List<string>> KnownAddressesAsync()
    {
        var addresses = new List<string> { "/programmes/demo", "/programmes/demo/themes", "/programmes/demo/briefs" };
        foreach (var consultation in await app.Consultations.ListByProgrammeAsync("demo", Ct))
        {
            var root = $"/programmes/demo/consultations/{consultation.Id}";
            addresses.AddRange([root, $"{root}/register", $"{root}/register/history"]);
            foreach (var session in consultation.Sessions)
            {
                addresses.Add($"{root}/sessions/{session.Id}");
                addresses.AddRange((await app.Notes.ListBySessionAsync(consultation.Id, session.Id, Ct)).Take(3).Select(n => $"{root}/notes/{n.Id}/edit"));
            }
        }

        return addresses;
    }

    /// <summary>
    /// Writes notes naming every participant and organisation in every session, cycling through draft, submitted,
    /// published past the guard (legacy or imported: the reader gate withholds them) and published by a lead with an
    /// override (readers see them masked). One more note names a participant that a lead and an administrator both
    /// confirmed is not one (a public figure of the same name): readers see that name.
    /// </summary>
    private async Task<Planted> PlantAsync()
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var guards = app.Services.GetRequiredService<ConsultationGuards>();
        var lead = new UserRef("demo-lead", "Lead");
        var forms = new Dictionary<string, List<(string Text, bool Acronym)>>(StringComparer.Ordinal);
        (string Text, bool Acronym) confirmed = default;
        string? confirmedNote = null, confirmedSession = null, overriddenNote = null, overriddenSession = null;
        foreach (var consultation in await app.Consultations.ListByProgrammeAsync("demo", Ct))
        {
            var register = (await app.Registers.GetAsync(consultation.Id, Ct))!;
            var guard = await guards.ForAsync(programme, consultation.Id, Ct);
            var own = forms[consultation.Id] = [];
            foreach (var participant in register.Participants)
            {
                own.Add((Collapse(TextFolding.FoldDiacritics(participant.Name)), false));
                var organisation = participant.Organisation;
                var open = organisation.LastIndexOf('(');
                if (open > 0)
                {
                    own.Add((organisation[(open + 1)..].TrimEnd(')').Trim(), true));
                    organisation = organisation[..open].Trim();
                }

                if (organisation.Contains(' ', StringComparison.Ordinal))
                {
                    own.Add((Collapse(TextFolding.FoldDiacritics(organisation)), false));
                }

                // A role title of several words ("Deputy Director General") identifies as surely as a name.
                if (RoleTitle(participant.Role) is { } title && title.Contains(' ', StringComparison.Ordinal))
                {
                    own.Add((title, false));
                }
            }

            // The public figure: a participant of the first consultation named in one note only, whose name two people unmasked.
            var figure = confirmedNote is null ? register.Participants.Last(p => p.Name.Contains(' ', StringComparison.Ordinal)) : null;
            var status = 0;
            foreach (var session in consultation.Sessions)
            {
                foreach (var participant in register.Participants.Where(p => p != figure))
                {
                    var text = $"Planted: {participant.Name} of {participant.Organisation} said the plan needs more time."
                        + (RoleTitle(participant.Role) is { } role ? $" Later the {role} agreed." : string.Empty);
                    var note = Note.Create(programme, consultation, session, new NoteContent(text, NoteKind.Quote, participant.StakeholderGroup, [.. session.Themes], []), lead, DateTimeOffset.UtcNow);
                    switch (status++ % 4)
                    {
                        case 1:
                            note.Submit(note.CreatedBy, DateTimeOffset.UtcNow);
                            break;
                        case 2 when session.DisclosureRule != DisclosureRule.OffTheRecord:
                            note.Submit(note.CreatedBy, DateTimeOffset.UtcNow);
                            note.Publish(session, note.CreatedBy, DateTimeOffset.UtcNow);
                            break;
                        case 3 when session.DisclosureRule != DisclosureRule.OffTheRecord:
                            var findings = guard.Check(note.Text);
                            note.Submit(note.CreatedBy, DateTimeOffset.UtcNow);
                            note.OverrideGuard(findings, "Checked with the co-chairs; publish it.", lead, DateTimeOffset.UtcNow);
                            note.Publish(session, findings, lead, DateTimeOffset.UtcNow);
                            (overriddenNote, overriddenSession) = (note.Id, $"/programmes/demo/consultations/{consultation.Id}/sessions/{session.Id}");
                            break;
                    }

                    await app.Notes.CreateAsync(note, Ct);
                }
            }

            if (figure is not null)
            {
                var session = consultation.Sessions.First(s => s.DisclosureRule == DisclosureRule.ChathamHouse);
                var note = Note.Create(programme, consultation, session, new NoteContent($"Planted public figure: {figure.Name} opened the regional drill.", NoteKind.Finding, null, [.. session.Themes], []), lead, DateTimeOffset.UtcNow);
                var findings = guard.Check(note.Text);
                note.Submit(lead, DateTimeOffset.UtcNow);
                note.OverrideGuard(findings, "A public figure who shares the name.", lead, DateTimeOffset.UtcNow);
                note.RequestUnmask(findings, "A public figure who shares the name.", lead, DateTimeOffset.UtcNow);
                note.ConfirmUnmask(new UserRef("demo-admin", "Admin"), DateTimeOffset.UtcNow);
                note.Publish(session, findings, lead, DateTimeOffset.UtcNow);
                await app.Notes.CreateAsync(note, Ct);
                confirmed = (Collapse(TextFolding.FoldDiacritics(figure.Name)), false);
                (confirmedNote, confirmedSession) = (note.Id, $"/programmes/demo/consultations/{consultation.Id}/sessions/{session.Id}");
            }
        }

        return new Planted(forms, confirmed, confirmedNote!, confirmedSession!, overriddenNote!, overriddenSession!);
    }

    private sealed record Planted(
        IReadOnlyDictionary<string, List<(string Text, bool Acronym)>> Forms,
        (string Text, bool Acronym) Confirmed,
        string ConfirmedNoteId,
        string ConfirmedSession,
        string OverriddenNoteId,
        string OverriddenSession);

    private static string Collapse(string text) => Whitespace().Replace(text, " ");

    private static string? RoleTitle(string? role) =>
        string.IsNullOrWhiteSpace(role) ? null : Collapse(role.Split([',', '('], 2)[0].Trim());

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

public sealed class LeakTestsOnSqlite(MeaningSearchFlowTests.MeaningApp app) : LeakTests(app), IClassFixture<MeaningSearchFlowTests.MeaningApp>;

[Trait("Store", "Cosmos")]
public sealed class LeakTestsOnCosmos(CosmosAppFactory app) : LeakTests(app), IClassFixture<CosmosAppFactory>;
