using Microsoft.Playwright;

namespace Consultations.Browser.Tests;

/// <summary>
/// "Awaiting you" in real Chromium: each persona's home page is axe-clean and its counts lead to the work; a lead
/// returns a note to its author with a reason and the author finds it on their home page; a researcher answers "what
/// did Viet Nam say on ISO/IEC 27001" in two clicks from the programme dashboard. SQLite only: the markup does not
/// depend on the store (the web suite checks the queues on both).
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class HomeBrowserTests(SqliteBrowserFixture browser)
{
    [Theory]
    [InlineData("demo-lead", "queue-review")]
    [InlineData("demo-facilitator", "queue-drafts")]
    [InlineData("demo-reviewer", "awaiting-you")]
    [InlineData("demo-admin", "queue-purge-due")]
    public async Task Each_personas_home_lists_what_awaits_them_and_is_accessible(string persona, string section)
    {
        var (context, page, errors) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, persona);
            await page.GotoAsync("/");
            await Assertions.Expect(page.Locator($"[data-testid={section}]")).ToBeVisibleAsync();
            await CheckAsync(page, "home-" + persona, forDocs: persona == "demo-lead");

            // The first link of the first queue opens a page that answers.
            var first = page.Locator("[data-testid=awaiting-you] [data-testid=queue-item]").First;
            if (await first.CountAsync() > 0)
            {
                var response = await page.RunAndWaitForResponseAsync(() => first.ClickAsync(), r => r.Request.IsNavigationRequest && r.Request.Method == "GET");
                Assert.Equal(200, response.Status);
            }

            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task A_lead_returns_a_note_with_a_reason_and_its_author_finds_it_on_their_home_page()
    {
        var (leadContext, lead, leadErrors) = await browser.NewPageAsync();
        string noteText;
        await using (leadContext)
        {
            await BrowserFixture.SignInAsync(lead, "demo-lead");
            await lead.GotoAsync("/");
            var philippines = lead.Locator("[data-testid=queue-review] li").Filter(new() { HasText = "Philippines" }).First;
            await philippines.Locator("[data-testid=queue-part]").First.ClickAsync();
            await lead.WaitForURLAsync(url => url.Contains("status=Submitted", StringComparison.Ordinal) && url.Contains("session=", StringComparison.Ordinal));
            var card = lead.Locator("[data-testid=browse-notes] > li").First;
            noteText = (await card.Locator(".note-text").InnerTextAsync()).Trim();
            var noteId = await card.GetAttributeAsync("data-note-id");

            await lead.GotoAsync($"/programmes/demo/consultations/demo-ph/notes/{noteId}/edit");
            await lead.GetByLabel("What should Sam Okafor change? (optional)").FillAsync("Name the sector, not the agency.");
            await lead.GetByRole(AriaRole.Button, new() { Name = "Return to Sam Okafor" }).ClickAsync();
            await Assertions.Expect(lead.Locator("[data-testid=status-message]")).ToContainTextAsync("Note returned to Sam Okafor as a draft.");
            Assert.Empty(leadErrors);
        }

        var (context, sam, errors) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(sam, "demo-facilitator");
            await sam.GotoAsync("/");
            var queue = sam.Locator("[data-testid=queue-returned-to-you]");
            await Assertions.Expect(queue).ToBeVisibleAsync();
            await queue.Locator("[data-testid=queue-item]").Filter(new() { HasText = "Philippines" }).ClickAsync();
            await sam.WaitForURLAsync(url => url.Contains("returned=true", StringComparison.Ordinal) && url.Contains("mine=true", StringComparison.Ordinal));
            var returned = sam.Locator("[data-testid=browse-notes] > li").Filter(new() { HasText = noteText[..Math.Min(40, noteText.Length)] });
            await Assertions.Expect(returned).ToHaveCountAsync(1);
            await CheckAsync(sam, "returned-to-you");
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task A_researcher_reaches_what_Viet_Nam_said_on_ISO_27001_in_two_clicks_from_the_dashboard()
    {
        var (context, page, errors) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-researcher");
            await page.GotoAsync("/programmes/demo");

            // Click 1: the dashboard cell. Click 2: the sub-theme.
            await page.GetByRole(AriaRole.Link, new() { Name = "notes on International technical standards in Viet Nam" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("demo-vn", StringComparison.Ordinal) && url.Contains("theme=technical-standards", StringComparison.Ordinal));
            await page.Locator("[data-testid=sub-theme-links]").GetByRole(AriaRole.Link, new() { Name = "ISO/IEC 27001", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("sub=technical-standards%2Fiso-27001", StringComparison.Ordinal));

            var notes = page.Locator("[data-testid=browse-notes] > li");
            Assert.True(await notes.CountAsync() > 0);
            foreach (var note in await notes.AllAsync())
            {
                await Assertions.Expect(note.Locator(".chip-sub", new() { HasText = "ISO/IEC 27001" })).ToHaveCountAsync(1);
            }

            // The list itself is in view: the link landed on it, not at the top of a long page.
            await Assertions.Expect(page.Locator("#all-notes-heading")).ToBeInViewportAsync();
            await CheckAsync(page, "consultation-filtered", forDocs: true);
            Assert.Empty(errors);
        }
    }

    private async Task CheckAsync(IPage page, string name, bool forDocs = false)
    {
        var violations = await Axe.RunAsync(page);
        await browser.ScreenshotAsync(page, name, forDocs);
        var serious = violations.Where(v => v.IsSeriousOrWorse).ToList();
        foreach (var violation in violations)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(violation.Describe(targets: 10));
        }

        Assert.True(serious.Count == 0, $"{serious.Count} serious or critical accessibility violation(s) on {name}:\n" + string.Join("\n", serious.Select(v => "  - " + v.Describe())));
    }
}
