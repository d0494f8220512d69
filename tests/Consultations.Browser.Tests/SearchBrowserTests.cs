using Microsoft.Playwright;

namespace Consultations.Browser.Tests;

/// <summary>
/// Search in real Chromium, by keyboard only: Tab to the header's search box, type, Enter; Tab to a facet, Enter; the
/// results page (and the facilitator's, with its badges) is axe-clean; a screenshot for the docs. SQLite only: the
/// markup does not depend on the store.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class SearchBrowserTests(SqliteBrowserFixture browser)
{
    [Fact]
    public async Task A_researcher_searches_and_narrows_by_keyboard_alone_and_the_results_page_is_accessible()
    {
        var (context, page, errors) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-researcher");
            await page.GotoAsync("/programmes/demo");

            // Tab from the top of the page to the header's search box.
            await TabUntilAsync(page, "header-q");
            await page.Keyboard.TypeAsync("ISO 27001 -NIST");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(url => url.Contains("/search?", StringComparison.Ordinal) && url.Contains("programme=demo", StringComparison.Ordinal));
            var count = page.Locator("[data-testid=result-count]");
            await Assertions.Expect(count).ToContainTextAsync("for “ISO 27001 -NIST”");
            await Assertions.Expect(page.Locator("[data-testid=hit] [data-testid=snippet] mark").First).ToBeVisibleAsync();

            // Tab on to the first facet value and choose it.
            var facet = await TabUntilAsync(page, "facet-value");
            var (key, value) = (await facet.GetAttributeAsync("data-facet"), await facet.GetAttributeAsync("data-value"));
            var expected = await facet.Locator("[data-testid=facet-count]").InnerTextAsync();
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(url => url.Contains($"{key}={Uri.EscapeDataString(value!)}", StringComparison.Ordinal));
            await Assertions.Expect(page.Locator($"[data-testid=facet-value][data-facet='{key}'][data-value='{value}']")).ToHaveAttributeAsync("aria-current", "true");
            await Assertions.Expect(count).ToContainTextAsync($"{expected.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0]} result");

            // Back returns to the unnarrowed search: the state is all in the URL.
            await page.GoBackAsync();
            await Assertions.Expect(page.Locator($"[data-testid=facet-value][data-facet='{key}'][data-value='{value}']")).Not.ToHaveAttributeAsync("aria-current", "true");

            await CheckAsync(page, "search-results");
            await page.GotoAsync("/search?programme=demo&q=%22points+of+contact%22");
            await Assertions.Expect(page.Locator("[data-testid=hit]").First).ToBeVisibleAsync();
            await browser.ScreenshotAsync(page, "search", forDocs: true);
            await page.GotoAsync("/search?programme=demo&q=%22unclosed+AND+AND");
            await Assertions.Expect(page.Locator("[data-testid=search-notice]").First).ToBeVisibleAsync();
            await CheckAsync(page, "search-notice");
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task A_facilitators_results_with_status_badges_and_saved_searches_are_accessible()
    {
        var (context, page, errors) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-facilitator");
            await page.GotoAsync("/search?programme=demo&country=PH");
            await Assertions.Expect(page.Locator("[data-testid=facet-status]")).ToBeVisibleAsync();
            await page.GetByLabel("Save this search as").FillAsync("Philippines, every note");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save search" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=status-message]")).ToContainTextAsync("Saved this search as");
            await Assertions.Expect(page.Locator("[data-testid=saved-search]")).ToContainTextAsync("Philippines, every note");
            await CheckAsync(page, "search-facilitator");

            await page.GotoAsync("/search?programme=demo&q=zzzzqqqq");
            await Assertions.Expect(page.Locator("[data-testid=no-results]")).ToBeVisibleAsync();
            await CheckAsync(page, "search-no-results");
            Assert.Empty(errors);
        }
    }

    /// <summary>Presses Tab until the focused element has <paramref name="testId"/> (or that id), and returns it.</summary>
    private static async Task<ILocator> TabUntilAsync(IPage page, string testId)
    {
        for (var i = 0; i < 80; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.id ?? null");
            if (focused == testId)
            {
                return page.Locator("*:focus");
            }
        }

        Assert.Fail($"{testId} was never reached with Tab on {page.Url}");
        return null!;
    }

    private async Task CheckAsync(IPage page, string name)
    {
        var violations = await Axe.RunAsync(page);
        await browser.ScreenshotAsync(page, "a11y-" + name);
        var serious = violations.Where(v => v.IsSeriousOrWorse).ToList();
        foreach (var violation in violations)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(violation.Describe(targets: 10));
        }

        Assert.True(serious.Count == 0, $"{serious.Count} serious or critical accessibility violation(s) on {name}:\n" + string.Join("\n", serious.Select(v => "  - " + v.Describe())));
    }
}
