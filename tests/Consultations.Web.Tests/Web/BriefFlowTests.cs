using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using Consultations.Core.Domain;
using Consultations.Testing.Web;
using DocumentFormat.OpenXml.Packaging;

namespace Consultations.Web.Tests.Web;

/// <summary>
/// Briefs end to end over HTTP: generate from a four-country comparison, citations that resolve to the right
/// published notes, four-eyes review, publication that freezes text and evidence, "evidence changed" for
/// researchers only, funders' citation-free view and downloads, and the fail-closed gate on what leaves.
/// </summary>
public abstract partial class BriefFlowTests(AppFactory app)
{
    private const string AllFour = "c=demo-ph&c=demo-vn&c=demo-id&c=demo-my";

    private static readonly string[] DemoConsultations = ["demo-ph", "demo-vn", "demo-id", "demo-my"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_generated_draft_has_sections_per_theme_and_every_statement_cites_published_notes_of_its_comparison()
    {
        using var researcher = await app.SignedInClientAsync("demo-researcher");

        var (draft, briefId) = await GenerateAsync(researcher, "Four countries compared");

        var brief = (await app.Briefs.GetAsync("demo", briefId, Ct))!;
        Assert.Equal(DemoConsultations.Order(StringComparer.Ordinal), brief.Scope.ConsultationIds.Order(StringComparer.Ordinal));
        foreach (var theme in ThemeTaxonomy.Default.Themes)
        {
            Assert.Contains($"## {theme.Label}", brief.Markdown, StringComparison.Ordinal);
        }

        Assert.Contains("### Common ground", brief.Markdown, StringComparison.Ordinal);
        foreach (var line in brief.Markdown.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal) || l.StartsWith("> ", StringComparison.Ordinal)))
        {
            Assert.Matches(CitationMarker(), line);
        }

        var cited = BriefCitations.Extract(brief.Markdown);
        Assert.NotEmpty(cited);
        foreach (var noteId in cited)
        {
            var consultationId = brief.CitationIndex[noteId];
            var note = await app.Notes.GetAsync(consultationId, noteId, Ct);
            Assert.NotNull(note);
            Assert.Equal(NoteStatus.Published, note.Status);
            Assert.Contains(note.ConsultationId, brief.Scope.ConsultationIds);
        }

        // The researcher's view numbers each citation and links its source to the note's own page.
        var sources = draft.Document.QuerySelectorAll("[id^=source-]");
        Assert.Equal(cited.Count, sources.Length);
        var first = sources[0].QuerySelector("a[href*='/sessions/']")!.GetAttribute("href")!;
        Assert.EndsWith($"#note-{cited[0]}", first, StringComparison.Ordinal);
        Assert.NotNull(draft.Document.QuerySelector("a[href='#source-1']"));
    }

    [Fact]
    public async Task Review_needs_a_second_person_and_publishing_freezes_text_and_cited_notes()
    {
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        using var reviewer = await app.SignedInClientAsync("demo-reviewer");
        var (draft, briefId) = await GenerateAsync(researcher, "Frozen on publication");
        var submitted = await researcher.FollowAsync(await researcher.SubmitAsync(draft, "form[action*='handler=Submit']"));
        Assert.Contains("Submitted for review", submitted.MainText, StringComparison.Ordinal);
        Assert.Null(submitted.Document.QuerySelector("[data-testid=approve-brief]"));

        // The submitter cannot approve their own brief, even by posting the form by hand.
        var own = await researcher.PostAsync($"/programmes/demo/briefs/{briefId}?handler=Approve", [new("__RequestVerificationToken", submitted.AntiforgeryToken)]);
        Assert.Contains("other than the researcher who submitted it", (await researcher.FollowAsync(own)).MainText, StringComparison.Ordinal);

        var review = await reviewer.GetOkAsync($"/programmes/demo/briefs/{briefId}");
        var published = await reviewer.FollowAsync(await reviewer.SubmitAsync(review, "form[action*='handler=Approve']"));
        Assert.Contains("Published as version 1", published.MainText, StringComparison.Ordinal);
        var store = app.Briefs;
        var version = (await store.GetVersionAsync("demo", briefId, 1, Ct))!;
        var frozenText = version.Markdown;
        Assert.Equal(BriefCitations.Extract(frozenText).Order(StringComparer.Ordinal), version.Citations.Select(c => c.NoteId).Order(StringComparer.Ordinal));

        // Editing the draft afterwards starts the next edition; version 1 stays as published.
        var edit = await researcher.GetOkAsync($"/programmes/demo/briefs/{briefId}/edit");
        await researcher.FollowAsync(await researcher.SubmitAsync(edit, "[data-testid=brief-form]", [new("Input.Markdown", "## Rewritten\n\nA different text.")]));
        Assert.Equal(frozenText, (await store.GetVersionAsync("demo", briefId, 1, Ct))!.Markdown);
        var v1 = await researcher.GetOkAsync($"/programmes/demo/briefs/{briefId}/v/1");
        Assert.DoesNotContain("A different text", v1.MainText, StringComparison.Ordinal);
        Assert.Null(v1.Document.QuerySelector("[data-testid=evidence-changed]"));

        // A cited note edited after publication marks the version "evidence changed" for researchers — never for funders.
        var cited = version.Citations[0];
        var note = (await app.Notes.GetAsync(cited.ConsultationId, cited.NoteId, Ct))!;
        var lead = new UserRef("demo-lead", "Lead");
        note.ReturnToReview(lead, DateTimeOffset.UtcNow);
        note.Revise((await app.Programmes.GetAsync("demo", Ct))!, note.Content with { Text = note.Text + " (clarified)" }, lead, DateTimeOffset.UtcNow);
        await app.Notes.UpdateAsync(note, Ct);
        var changed = await researcher.GetOkAsync($"/programmes/demo/briefs/{briefId}/v/1");
        Assert.NotNull(changed.Document.QuerySelector("[data-testid=evidence-changed]"));
        Assert.Contains(cited.Text[..Math.Min(60, cited.Text.Length)], changed.MainText, StringComparison.Ordinal);
        Assert.NotNull((await researcher.GetOkAsync("/programmes/demo/briefs")).Document.QuerySelector("[data-testid=evidence-changed-badge]"));
        using var funder = await app.SignedInClientAsync("demo-funder");
        var funderView = await funder.GetOkAsync($"/programmes/demo/briefs/{briefId}/v/1");
        Assert.Null(funderView.Document.QuerySelector("[data-testid=evidence-changed]"));
    }

    [Fact]
    public async Task Funders_read_only_published_briefs_without_citations_and_can_print_and_download_them()
    {
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        using var reviewer = await app.SignedInClientAsync("demo-reviewer");
        using var funder = await app.SignedInClientAsync("demo-funder");
        var (draft, briefId) = await GenerateAsync(researcher, "For the funder");
        Assert.Equal(HttpStatusCode.Forbidden, (await funder.GetAsync($"/programmes/demo/briefs/{briefId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await funder.GetAsync($"/programmes/demo/briefs/{briefId}/v/1")).Status);
        Assert.Null((await funder.GetOkAsync("/programmes/demo/briefs")).Document.QuerySelector("[data-testid=draft-briefs]"));

        await researcher.SubmitAsync(draft, "form[action*='handler=Submit']");
        await reviewer.SubmitAsync(await reviewer.GetOkAsync($"/programmes/demo/briefs/{briefId}"), "form[action*='handler=Approve']");
        var version = (await app.Briefs.GetVersionAsync("demo", briefId, 1, Ct))!;

        var home = await funder.GetOkAsync("/");
        Assert.NotNull(home.Document.QuerySelector($"[data-testid=funder-briefs] a[href='/programmes/demo/briefs/{briefId}/v/1']"));
        var page = await funder.GetOkAsync($"/programmes/demo/briefs/{briefId}/v/1");
        Assert.Contains("Common ground", page.MainText, StringComparison.Ordinal);
        Assert.Null(page.Document.QuerySelector("a[href^='#source-']"));
        Assert.Empty(page.Document.QuerySelectorAll("[id^=source-]"));
        Assert.DoesNotContain("[@", page.Text, StringComparison.Ordinal);
        foreach (var cited in version.Citations)
        {
            Assert.DoesNotContain(cited.NoteId, page.Text, StringComparison.Ordinal);
        }

        var print = await funder.GetOkAsync($"/programmes/demo/briefs/{briefId}/v/1?handler=print");
        Assert.Null(print.Document.QuerySelector("nav"));
        Assert.Contains("For the funder", print.MainText, StringComparison.Ordinal);

        using var docx = await funder.Http.GetAsync($"/programmes/demo/briefs/{briefId}/v/1?handler=docx", Ct);
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using var stream = new MemoryStream(await docx.Content.ReadAsByteArrayAsync(Ct));
        using (var document = WordprocessingDocument.Open(stream, false))
        {
            var text = document.MainDocumentPart!.Document.Body!.InnerText;
            Assert.Contains("Common ground", text, StringComparison.Ordinal);
            Assert.DoesNotContain("[@", text, StringComparison.Ordinal);
            Assert.All(version.Citations, c => Assert.DoesNotContain(c.NoteId, text, StringComparison.Ordinal));
        }

        var markdown = await funder.Http.GetStringAsync($"/programmes/demo/briefs/{briefId}/v/1?handler=markdown", Ct);
        Assert.DoesNotContain("[@", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_javascript_link_in_a_brief_is_plain_text_on_every_page_and_in_the_downloads()
    {
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        using var reviewer = await app.SignedInClientAsync("demo-reviewer");
        using var funder = await app.SignedInClientAsync("demo-funder");
        var (_, briefId) = await GenerateAsync(researcher, "A hostile link");
        var edit = await researcher.GetOkAsync($"/programmes/demo/briefs/{briefId}/edit");
        var draft = await researcher.FollowAsync(await researcher.SubmitAsync(edit, "[data-testid=brief-form]", [new("Input.Markdown", edit.Document.QuerySelector("textarea")!.TextContent + "\n\nBefore you go, [click me](javascript:alert(3)).")]));
        AssertPlainClickMe(draft, "draft");

        await researcher.SubmitAsync(draft, "form[action*='handler=Submit']");
        var published = await reviewer.FollowAsync(await reviewer.SubmitAsync(await reviewer.GetOkAsync($"/programmes/demo/briefs/{briefId}"), "form[action*='handler=Approve']"));
        Assert.Contains("Published as version 1", published.MainText, StringComparison.Ordinal);

        AssertPlainClickMe(await researcher.GetOkAsync($"/programmes/demo/briefs/{briefId}/v/1"), "researcher's version");
        AssertPlainClickMe(await funder.GetOkAsync($"/programmes/demo/briefs/{briefId}/v/1"), "funder's version");
        AssertPlainClickMe(await funder.GetOkAsync($"/programmes/demo/briefs/{briefId}/v/1?handler=print"), "print view");

        using var docx = await funder.Http.GetAsync($"/programmes/demo/briefs/{briefId}/v/1?handler=docx", Ct);
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using var stream = new MemoryStream(await docx.Content.ReadAsByteArrayAsync(Ct));
        using (var document = WordprocessingDocument.Open(stream, false))
        {
            var main = document.MainDocumentPart!;
            Assert.Contains("Before you go, click me.", main.Document!.Body!.InnerText, StringComparison.Ordinal);
            Assert.DoesNotContain("javascript", main.Document.Body.InnerText, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(main.HyperlinkRelationships, r => r.Uri.OriginalString.Contains("javascript", StringComparison.OrdinalIgnoreCase));
        }

        var markdown = await funder.Http.GetStringAsync($"/programmes/demo/briefs/{briefId}/v/1?handler=markdown", Ct);
        Assert.Contains("Before you go, click me.", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", markdown, StringComparison.OrdinalIgnoreCase);

        static void AssertPlainClickMe(Page page, string where)
        {
            Assert.True(page.MainText.Contains("Before you go, click me.", StringComparison.Ordinal), $"{where}: the link's text is missing");
            Assert.DoesNotContain(page.Document.QuerySelectorAll("a"), a => a.TextContent.Contains("click me", StringComparison.Ordinal));
            Assert.DoesNotContain(page.Document.All.SelectMany(e => e.Attributes), a => a.Value.Contains("javascript:", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain("javascript:", page.Text.Replace("[click me](javascript:alert(3))", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_published_brief_that_now_matches_a_register_is_withheld_on_screen_and_in_every_download()
    {
        // A name that reached a published text (or was added to a register later) must stop every read of it.
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var brief = Brief.Create(programme, "Leaky", new BriefScope(["demo-ph"], ["inclusion"], null, null), BriefCoverage.Empty, "## Inclusion\n\nRamon Delos Santos argued for more time.", new UserRef("demo-researcher", "R"), DateTimeOffset.UtcNow);
        brief.SubmitForReview(brief.CreatedBy, DateTimeOffset.UtcNow);
        var version = brief.Publish([], new UserRef("demo-reviewer", "T"), DateTimeOffset.UtcNow);
        var store = app.Briefs;
        await store.CreateAsync(brief, Ct);
        await store.CreateVersionAsync(version, Ct);

        foreach (var persona in new[] { "demo-funder", "demo-researcher" })
        {
            using var client = await app.SignedInClientAsync(persona);
            var page = await client.GetOkAsync($"/programmes/demo/briefs/{brief.Id}/v/1");
            Assert.NotNull(page.Document.QuerySelector("[data-testid=brief-withheld]"));
            Assert.DoesNotContain("Delos Santos", page.Text, StringComparison.Ordinal);
            foreach (var handler in new[] { "docx", "markdown", "print" })
            {
                var download = await client.GetAsync($"/programmes/demo/briefs/{brief.Id}/v/1?handler={handler}");
                Assert.DoesNotContain("Delos Santos", download.Text, StringComparison.Ordinal);
                Assert.True(download.Status is HttpStatusCode.Redirect or HttpStatusCode.OK, $"{handler}: {(int)download.Status}");
                Assert.DoesNotContain("officedocument", download.Text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Approval_is_refused_while_the_text_names_a_participant()
    {
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        using var reviewer = await app.SignedInClientAsync("demo-reviewer");
        var (_, briefId) = await GenerateAsync(researcher, "Named by mistake");
        var edit = await researcher.GetOkAsync($"/programmes/demo/briefs/{briefId}/edit");
        var typed = edit.Document.QuerySelector("textarea")!.TextContent + "\n\nMaria Teresa Dela Cruz disagreed.";

        // A name typed into a brief is refused before it is stored; the typed text stays in the form to be fixed.
        var refused = await researcher.SubmitAsync(edit, "[data-testid=brief-form]", [new("Input.Markdown", typed)]);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("possible identifier", refused.MainText, StringComparison.Ordinal);
        Assert.Contains("Maria Teresa Dela Cruz disagreed.", refused.Document.QuerySelector("textarea")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Dela Cruz", (await app.Briefs.GetAsync("demo", briefId, Ct))!.Markdown, StringComparison.Ordinal);

        // A name that reached the stored text another way (the participant registered after the brief was written):
        // other researchers read it masked and the reviewer cannot approve it.
        var stored = (await app.Briefs.GetAsync("demo", briefId, Ct))!;
        stored.Edit(stored.Title, typed, new UserRef("demo-researcher", "Noor Haddad"), DateTimeOffset.UtcNow);
        await app.Briefs.UpdateAsync(stored, Ct);
        var draft = await reviewer.GetOkAsync($"/programmes/demo/briefs/{briefId}");
        Assert.DoesNotContain("Dela Cruz", draft.Text, StringComparison.Ordinal);
        Assert.Contains("disagreed.", draft.MainText, StringComparison.Ordinal);

        await researcher.SubmitAsync(await researcher.GetOkAsync($"/programmes/demo/briefs/{briefId}"), "form[action*='handler=Submit']");
        var result = await reviewer.FollowAsync(await reviewer.SubmitAsync(await reviewer.GetOkAsync($"/programmes/demo/briefs/{briefId}"), "form[action*='handler=Approve']"));

        Assert.Contains("Stopped", result.MainText, StringComparison.Ordinal);
        Assert.Null(await app.Briefs.GetVersionAsync("demo", briefId, 1, Ct));
    }

    [Fact]
    public async Task Citing_a_note_the_author_may_not_see_answers_exactly_like_an_unknown_id()
    {
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        var (_, briefId) = await GenerateAsync(researcher, "Probing citations");
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        // Malaysia's consultation has an off-the-record session.
        var consultation = (await app.Consultations.GetAsync("demo", "demo-my", Ct))!;
        var offTheRecord = consultation.Sessions.First(s => s.DisclosureRule == DisclosureRule.OffTheRecord);
        var author = new UserRef("demo-facilitator-2", "Kai Lindqvist");
        var hidden = await app.Notes.CreateAsync(Note.Create(programme, consultation, offTheRecord, new NoteContent("Said off the record.", NoteKind.Recommendation, null, [], []), author, DateTimeOffset.UtcNow), Ct);
        var draft = await app.Notes.CreateAsync(Note.Create(programme, consultation, consultation.FindSession("plenary-1")!, new NoteContent("A draft nobody published.", NoteKind.Challenge, null, [], []), author, DateTimeOffset.UtcNow), Ct);
        var edit = await researcher.GetOkAsync($"/programmes/demo/briefs/{briefId}/edit");

        var saved = await researcher.FollowAsync(await researcher.SubmitAsync(edit, "[data-testid=brief-form]", [new("Input.Markdown", $"Probe [@{hidden.Id}], probe [@{draft.Id}], probe [@{Ids.New()}].")]));

        var sources = saved.Document.QuerySelectorAll("[data-testid=brief-sources] li");
        Assert.Equal(3, sources.Length);
        var answers = sources.Select(li => Regex.Replace(li.TextContent, @"\s+|\d", string.Empty)).Distinct().ToList();
        Assert.Single(answers);
        Assert.DoesNotContain("Malaysia", saved.Document.QuerySelector("[data-testid=brief-sources]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Recommendation", saved.Document.QuerySelector("[data-testid=brief-sources]")!.TextContent, StringComparison.Ordinal);
        var status = saved.Document.QuerySelector("[data-testid=status-message]")!.TextContent;
        Assert.Equal(3, Regex.Count(status, Regex.Escape(Consultations.Web.Briefs.BriefEvidence.NotCitable)));
        Assert.DoesNotContain("off-the-record", status, StringComparison.Ordinal);
        Assert.DoesNotContain("no longer published", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_edit_shows_the_other_version_and_keeps_the_typed_text()
    {
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        using var admin = await app.SignedInClientAsync("demo-admin");
        var (_, briefId) = await GenerateAsync(researcher, "Two editors");
        var mine = await researcher.GetOkAsync($"/programmes/demo/briefs/{briefId}/edit");
        var theirs = await admin.GetOkAsync($"/programmes/demo/briefs/{briefId}/edit");
        await admin.FollowAsync(await admin.SubmitAsync(theirs, "[data-testid=brief-form]", [new("Input.Markdown", "Their text.")]));

        var conflict = await researcher.SubmitAsync(mine, "[data-testid=brief-form]", [new("Input.Markdown", "My text.")]);

        Assert.Equal(HttpStatusCode.OK, conflict.Status);
        Assert.NotNull(conflict.Document.QuerySelector("[data-testid=brief-conflict]"));
        Assert.Equal("My text.", conflict.Document.QuerySelector("textarea")!.TextContent.Trim());
        Assert.Contains("Their text.", conflict.MainText, StringComparison.Ordinal);
        Assert.Equal("Their text.", (await app.Briefs.GetAsync("demo", briefId, Ct))!.Markdown);
    }

    [Fact]
    public async Task The_comparison_shows_shared_distinctive_and_divergent_findings_with_evidence_and_exports_neutralised_spreadsheets()
    {
        using var researcher = await app.SignedInClientAsync("demo-researcher");

        var page = await researcher.GetOkAsync($"/programmes/demo/compare?{AllFour}");

        Assert.NotNull(page.Document.QuerySelector("[data-testid=findings]"));
        Assert.NotEmpty(page.Document.QuerySelectorAll("[data-testid=shared] li"));
        Assert.All(page.Document.QuerySelectorAll("[data-testid=findings] a.evidence"), a => Assert.Contains("#note-", a.GetAttribute("href"), StringComparison.Ordinal));
        using var csv = await researcher.Http.GetAsync($"/programmes/demo/compare?handler=csv&{AllFour}", Ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + (4 * ThemeTaxonomy.Default.Themes.Count), lines.Length);
        using var xlsx = await researcher.Http.GetAsync($"/programmes/demo/compare?handler=xlsx&{AllFour}", Ct);
        using var zip = new ZipArchive(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct)));
        Assert.NotNull(zip.GetEntry("xl/workbook.xml"));
    }

    /// <summary>Generates a brief from the four-country comparison through the form, following the progress page if shown.</summary>
    private static async Task<(Page Draft, string BriefId)> GenerateAsync(HtmlClient client, string title)
    {
        var compare = await client.GetOkAsync($"/programmes/demo/compare?{AllFour}");
        var answer = await client.SubmitAsync(compare, "[data-testid=generate-brief]", [new("Input.Title", title)]);
        for (var i = 0; i < 60 && answer.Location?.Contains("/jobs/", StringComparison.Ordinal) == true; i++)
        {
            await Task.Delay(500, Ct);
            answer = await client.GetAsync(answer.Location);
            if (answer.Status == HttpStatusCode.OK)
            {
                answer = answer with { Location = answer.Url };
            }
        }

        var draft = await client.FollowAsync(answer);
        var id = Regex.Match(draft.Url, "/briefs/([a-z0-9-]+)$").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(id), $"not a brief page: {draft.Url}");
        return (draft, id);
    }

    [GeneratedRegex(@"\[@[a-z0-9-]+(; @[a-z0-9-]+)*\]")]
    private static partial Regex CitationMarker();
}

public sealed class BriefFlowTestsOnSqlite(AppFactory app) : BriefFlowTests(app), IClassFixture<AppFactory>;

[Trait("Store", "Cosmos")]
public sealed class BriefFlowTestsOnCosmos(CosmosAppFactory app) : BriefFlowTests(app), IClassFixture<CosmosAppFactory>;
