using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Playwright;

namespace Consultations.Browser.Tests;

/// <summary>
/// A brief's whole life in real Chromium: compare four countries, generate a cited draft, follow a citation to its
/// note, edit and submit, a second researcher approves, and the funder reads, prints (PDF) and downloads it (DOCX)
/// without citations. SQLite only: the HTTP flow tests already cover both stores.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed partial class BriefBrowserTests(SqliteBrowserFixture browser)
{
    private const string Compare = "/programmes/demo/compare?c=demo-ph&c=demo-vn&c=demo-id&c=demo-my";

    private const string AddedSentence = "Across the four consultations, participants asked for plain-language guidance on how regional incident reporting should work";

    [Fact]
    public async Task A_researcher_generates_a_cited_brief_a_reviewer_publishes_it_and_the_funder_reads_prints_and_downloads_it()
    {
        // Each run has its own database and the only other brief in it (AccessibilityTests') has another title, so a fixed title is unique (and reads well in the docs).
        const string title = "Cyber cooperation in four countries: what the consultations said";
        string briefUrl;

        // 1. The researcher compares the four countries and generates a draft from the comparison.
        var (researcherContext, researcher, researcherErrors) = await browser.NewPageAsync();
        await using (researcherContext)
        {
            await BrowserFixture.SignInAsync(researcher, "demo-researcher");
            await researcher.GotoAsync(Compare);
            await Assertions.Expect(researcher.Locator("[data-testid=heatmap]")).ToBeVisibleAsync();
            await Assertions.Expect(researcher.Locator("[data-testid=findings]")).ToBeVisibleAsync();
            await Assertions.Expect(researcher.Locator("[data-testid=findings] article").First).ToBeVisibleAsync();

            // The docs copy is the viewport only: start it at the findings' heading.
            await researcher.Locator("#findings-heading").EvaluateAsync("heading => heading.scrollIntoView({ block: 'start' })");
            await browser.ScreenshotAsync(researcher, "compare-findings", forDocs: true);

            var form = researcher.Locator("[data-testid=generate-brief]");
            await form.Locator("#brief-title").FillAsync(title);
            await form.GetByRole(AriaRole.Button, new() { Name = "Generate draft brief" }).ClickAsync();

            // Quick generations redirect straight to the draft; slow ones pass through the self-refreshing progress page.
            await researcher.WaitForURLAsync(DraftUrl(), new() { Timeout = 90_000 });
            briefUrl = new Uri(researcher.Url).AbsolutePath;
            await Assertions.Expect(researcher.Locator("h1#brief-title")).ToHaveTextAsync(title);

            var citations = researcher.Locator("[data-testid=brief] a[href^='#source-']");
            await Assertions.Expect(citations.First).ToBeVisibleAsync();
            var sources = researcher.Locator("[data-testid=brief-sources] [id^=source-]");
            Assert.True(await sources.CountAsync() > 0, "The draft lists no sources.");

            // A numbered citation jumps to its entry in the sources list, which links to the note on its session page.
            var target = (await citations.First.GetAttributeAsync("href"))!;
            await citations.First.ClickAsync();
            await Assertions.Expect(researcher).ToHaveURLAsync(new Regex(Regex.Escape(target) + "$"));
            Assert.Equal(target[1..], await researcher.EvaluateAsync<string>("() => document.querySelector(':target')?.id ?? ''"));
            var entry = researcher.Locator(target);
            await Assertions.Expect(entry).ToBeInViewportAsync();
            await Assertions.Expect(entry.Locator("a.brief-source-link")).ToHaveAttributeAsync("href", new Regex("/sessions/[^/#]+#note-[^/#]+$"));

            // Back to the top for the docs copy (the viewport): the draft's opening with its numbered citations.
            await researcher.EvaluateAsync("() => window.scrollTo(0, 0)");
            await browser.ScreenshotAsync(researcher, "brief-draft", forDocs: true);

            // Edit: append a sentence that reuses a citation already in the draft.
            await researcher.Locator("[data-testid=edit-brief]").ClickAsync();
            await researcher.WaitForURLAsync(url => url.EndsWith("/edit", StringComparison.Ordinal));
            var editor = researcher.Locator("[data-testid=brief-form] textarea[name='Input.Markdown']");
            var markdown = await editor.InputValueAsync();
            var noteId = FirstCitedNote().Match(markdown);
            Assert.True(noteId.Success, "The generated Markdown has no [@note] citation to reuse.");
            await editor.FillAsync($"{markdown.TrimEnd()}\n\n{AddedSentence} [@{noteId.Groups["id"].Value}].\n");
            await researcher.Locator("[data-testid=brief-form]").GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
            await researcher.WaitForURLAsync(url => new Uri(url).AbsolutePath == briefUrl);
            await Assertions.Expect(researcher.Locator("[data-testid=status-message]")).ToContainTextAsync("Brief saved.");
            await Assertions.Expect(researcher.Locator("[data-testid=brief]")).ToContainTextAsync(AddedSentence);

            await researcher.Locator("[data-testid=submit-brief]").ClickAsync();
            await Assertions.Expect(researcher.Locator("[data-testid=status-message]")).ToContainTextAsync("Submitted for review");
            await Assertions.Expect(researcher.Locator("[data-testid=approve-brief]")).ToHaveCountAsync(0);
            Assert.True(researcherErrors.Count == 0, $"Console errors for the researcher: {string.Join(" | ", researcherErrors)}");
        }

        // 2. A second researcher approves and publishes it.
        var (reviewerContext, reviewer, reviewerErrors) = await browser.NewPageAsync();
        await using (reviewerContext)
        {
            await BrowserFixture.SignInAsync(reviewer, "demo-reviewer");
            await reviewer.GotoAsync(briefUrl);
            await reviewer.Locator("[data-testid=approve-brief]").ClickAsync();
            await reviewer.WaitForURLAsync($"**{briefUrl}/v/1");
            await Assertions.Expect(reviewer.Locator("[data-testid=status-message]")).ToContainTextAsync("Published as version 1");
            await Assertions.Expect(reviewer.Locator("[data-testid=brief] a[href^='#source-']").First).ToBeVisibleAsync();
            await browser.ScreenshotAsync(reviewer, "brief-published-researcher");
            Assert.True(reviewerErrors.Count == 0, $"Console errors for the reviewer: {string.Join(" | ", reviewerErrors)}");
        }

        // 3. The funder finds it on the home page and reads it without citations, prints it and downloads it.
        var (funderContext, funder, funderErrors) = await browser.NewPageAsync();
        await using (funderContext)
        {
            await BrowserFixture.SignInAsync(funder, "demo-funder");
            await funder.GotoAsync("/");
            var listed = funder.Locator("[data-testid=funder-briefs] a").Filter(new() { HasText = title });
            await Assertions.Expect(listed).ToHaveCountAsync(1);
            await listed.ClickAsync();
            await funder.WaitForURLAsync($"**{briefUrl}/v/1");

            var brief = funder.Locator("[data-testid=brief]");
            await Assertions.Expect(brief.Locator("h1#brief-title")).ToHaveTextAsync(title);
            await Assertions.Expect(brief.GetByText(AddedSentence)).ToBeVisibleAsync();
            await Assertions.Expect(funder.Locator("a[href^='#source-']")).ToHaveCountAsync(0);
            await Assertions.Expect(funder.Locator("[id^=source-]")).ToHaveCountAsync(0);
            await Assertions.Expect(funder.Locator("[data-testid=brief-sources]")).ToHaveCountAsync(0);
            await browser.ScreenshotAsync(funder, "brief-funder", forDocs: true);

            // The print view opens in a new tab: the brief alone, which Chromium turns into a PDF.
            var print = await funderContext.RunAndWaitForPageAsync(() => funder.Locator("[data-testid=print-brief]").ClickAsync());
            await print.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Contains("handler=print", print.Url, StringComparison.Ordinal);
            await Assertions.Expect(print.Locator("[data-testid=brief] h1#brief-title")).ToHaveTextAsync(title);
            await Assertions.Expect(print.Locator("nav, .btn, [data-testid=brief-exports], .breadcrumb")).ToHaveCountAsync(0);
            await Assertions.Expect(print.Locator("a[href^='#source-']")).ToHaveCountAsync(0);
            await browser.ScreenshotAsync(print, "brief-print", forDocs: true);

            var folder = Path.Combine(BrowserFixture.ArtifactsDirectory, browser.App.Store.ToLowerInvariant());
            var pdf = Path.Combine(folder, "brief-print.pdf");
            await print.PdfAsync(new PagePdfOptions { Path = pdf, PreferCSSPageSize = true, PrintBackground = true });
            Assert.True(new FileInfo(pdf).Length > 10_000, $"The PDF has only {new FileInfo(pdf).Length} bytes.");
            await print.CloseAsync();

            var download = await funder.RunAndWaitForDownloadAsync(() => funder.Locator("[data-testid=docx-brief]").ClickAsync());
            Assert.EndsWith(".docx", download.SuggestedFilename, StringComparison.Ordinal);
            var docx = Path.Combine(folder, "brief-funder.docx");
            await download.SaveAsAsync(docx);
            using (var document = WordprocessingDocument.Open(docx, false))
            {
                var body = document.MainDocumentPart!.Document!.Body!;
                Assert.Contains(body.Elements<Paragraph>(), p => p.InnerText == title);
                Assert.Contains(
                    body.Elements<Paragraph>(),
                    p => p.InnerText == "Coverage" && p.ParagraphProperties?.ParagraphStyleId?.Val?.Value?.StartsWith("Heading", StringComparison.Ordinal) == true);
                Assert.Contains(AddedSentence, body.InnerText, StringComparison.Ordinal);
                Assert.DoesNotContain("[@", body.InnerText, StringComparison.Ordinal);
            }

            Assert.True(funderErrors.Count == 0, $"Console errors for the funder: {string.Join(" | ", funderErrors)}");
        }
    }

    /// <summary>The draft's own page: /briefs/{id}, not the progress page (/briefs/jobs/{id}) nor the form's /briefs/new.</summary>
    [GeneratedRegex(@"/programmes/demo/briefs/(?!new$|jobs$)[^/?#]+$")]
    private static partial Regex DraftUrl();

    [GeneratedRegex(@"\[@(?<id>[^\];\s]+)")]
    private static partial Regex FirstCitedNote();
}
