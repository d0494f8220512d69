using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Consultations.Browser.Tests;

/// <summary>
/// axe-core (WCAG 2.0/2.1 A and AA) on every main page in real Chromium, each as the persona who uses it: no
/// serious or critical violation. Plus: the keyboard reaches a visible "skip to main content" link first.
/// SQLite only: the markup does not depend on the store.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed partial class AccessibilityTests(SqliteBrowserFixture browser)
{
    /// <summary>Stands in a URL for the draft brief made once per run (see <see cref="BriefUrlAsync"/>).</summary>
    private const string BriefToken = "{brief}";

    private const string Ph = "/programmes/demo/consultations/demo-ph";

    private static readonly SemaphoreSlim BriefGate = new(1, 1);

    private static (BrowserFixture Fixture, string Url)? _brief;

    /// <summary>A page to check: a short name (also the screenshot's), who opens it (null: nobody signed in), where, and the status it answers.</summary>
    public sealed record A11yPage(string Name, string? Persona, string Url, int Status = 200);

    /// <summary>The pages checked. To add one, add a line; <c>{brief}</c> stands for a generated brief's address.</summary>
    public static IReadOnlyList<A11yPage> Pages { get; } =
    [
        new("sign-in", null, "/account/sign-in"),
        new("home-facilitator", "demo-facilitator", "/"),
        new("home-funder", "demo-funder", "/"),
        new("programmes", "demo-researcher", "/programmes"),
        new("programme", "demo-researcher", "/programmes/demo"),
        new("consultation", "demo-lead", Ph),
        new("session", "demo-facilitator", $"{Ph}/sessions/plenary-2"),
        new("session-lead", "demo-lead", $"{Ph}/sessions/plenary-2"),
        new("capture", "demo-facilitator", $"{Ph}/sessions/plenary-3/capture"),
        new("note-edit", "demo-facilitator", $"{Ph}/notes/demo-ph-plenary-2-11/edit"),
        new("participant-register", "demo-lead", $"{Ph}/register"),
        new("compare-empty", "demo-researcher", "/programmes/demo/compare"),
        new("compare", "demo-researcher", "/programmes/demo/compare?c=demo-ph&c=demo-vn&c=demo-id&c=demo-my"),
        new("briefs", "demo-researcher", "/programmes/demo/briefs"),
        new("brief-researcher", "demo-researcher", BriefToken),
        new("brief-published-funder", "demo-funder", $"{BriefToken}/v/1"),
        new("brief-template", "demo-admin", "/briefs/template"),
        new("themes", "demo-admin", "/programmes/demo/themes"),
        new("audit", "demo-admin", "/admin/audit"),
        new("status-404", "demo-facilitator", "/programmes/demo/consultations/no-such-consultation", 404),
    ];

    public static TheoryData<string, string?, string, int> PageData =>
        new(Pages.Select(p => (p.Name, p.Persona, p.Url, p.Status)));

    [Theory]
    [MemberData(nameof(PageData))]
    public async Task A_page_has_no_serious_or_critical_accessibility_violations(string name, string? persona, string url, int status)
    {
        if (url.Contains(BriefToken, StringComparison.Ordinal))
        {
            url = url.Replace(BriefToken, await BriefUrlAsync(), StringComparison.Ordinal);
        }

        var (context, page, _) = await browser.NewPageAsync();
        await using (context)
        {
            if (persona is not null)
            {
                await BrowserFixture.SignInAsync(page, persona);
            }

            var response = await page.GotoAsync(url);
            Assert.NotNull(response);
            Assert.True(response.Status == status, $"{url} as {persona ?? "nobody"} answered {response.Status}, not {status}");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync();

            await CheckAsync(page, name, $"{url} as {persona ?? "nobody"}");
        }
    }

    [Fact]
    public async Task Live_capture_with_the_guard_open_and_a_conflict_shown_has_no_serious_or_critical_accessibility_violations()
    {
        var name = (await browser.App.Registers.GetAsync("demo-ph", TestContext.Current.CancellationToken))!.Participants.First(p => p.Name.Split(' ').Length >= 2).Name;
        var (context, page, _) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-lead");
            var capture = $"{Ph}/sessions/plenary-4/capture";
            await page.GotoAsync(capture);
            var box = page.GetByLabel("Note", new() { Exact = true });
            await box.FillAsync($"As {name} said, regional cooperation on incident response needs a shared contact list.");
            await Assertions.Expect(page.Locator("[data-testid=guard-panel] mark").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=capture-status]")).ToHaveAttributeAsync("data-state", "saved");
            await CheckAsync(page, "capture-guard", "the capture page with the live guard's findings shown");

            // A second window of the same person types something else: its save meets the first one's.
            var other = await context.NewPageAsync();
            await other.GotoAsync(capture);
            await page.GetByLabel("Note", new() { Exact = true }).FillAsync("Changed in the first window.");
            await Assertions.Expect(page.Locator("[data-testid=capture-status]")).ToHaveAttributeAsync("data-state", "saved");
            await other.GetByLabel("Note", new() { Exact = true }).FillAsync("Typed in the second window.");
            await Assertions.Expect(other.Locator("[data-testid=conflict]")).ToBeVisibleAsync();
            await CheckAsync(other, "capture-conflict", "the capture page showing a draft conflict");

            await other.GetByRole(AriaRole.Button, new() { Name = "Take theirs" }).ClickAsync();
            await other.GetByLabel("Note", new() { Exact = true }).FillAsync(string.Empty);
            await Assertions.Expect(other.Locator("[data-testid=capture-status]")).ToHaveAttributeAsync("data-state", "saved");
        }
    }

    [Fact]
    public async Task Overriding_a_finding_and_asking_to_unmask_it_works_by_mouse_and_every_step_is_accessible()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = (await browser.App.Registers.GetAsync("demo-ph", ct))!.Participants.First(p => p.Name.Split(' ').Length >= 2).Name;
        var programme = (await browser.App.Programmes.GetAsync("demo", ct))!;
        var consultation = (await browser.App.Consultations.GetAsync("demo", "demo-ph", ct))!;
        var author = new Consultations.Core.Domain.UserRef("demo-facilitator", "Sam Okafor");
        var text = $"Ms {name} said the points-of-contact directory should be tested every quarter.";
        var note = Consultations.Core.Domain.Note.Create(programme, consultation, consultation.FindSession("plenary-1")!, new(text, Consultations.Core.Domain.NoteKind.Finding, "government", ["international-collaboration"], []), author, DateTimeOffset.UtcNow);
        note.Submit(author, DateTimeOffset.UtcNow);
        await browser.App.Notes.CreateAsync(note, ct);

        var (context, page, errors) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-lead");
            await page.GotoAsync($"{Ph}/sessions/plenary-1#note-{note.Id}");
            var card = page.Locator($"#note-{note.Id}");
            await Assertions.Expect(card.Locator("[data-testid=finding-badge]")).ToContainTextAsync("1 possible identifier");
            await card.ScrollIntoViewIfNeededAsync();
            await browser.ScreenshotAsync(page, "note-flags", forDocs: true);
            await CheckAsync(page, "session-flags", "a session page whose note carries a finding badge");

            await card.Locator("[data-testid=finding-badge]").ClickAsync();
            await page.GetByLabel("Why is this safe to publish? (kept with the note)").FillAsync("Checked with the co-chairs: publish with the name masked.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Publish with override" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=status-message]")).ToContainTextAsync("published with an override");
            await Assertions.Expect(page.Locator("[data-testid=override-record]")).ToContainTextAsync("Rin Castillo-Webb");
            await Assertions.Expect(page.Locator("[data-testid=reader-text]")).Not.ToContainTextAsync(name);
            await browser.ScreenshotAsync(page, "override-reader-view", forDocs: true);
            await CheckAsync(page, "note-published-with-override", "a published note with its override and what readers see");

            await page.GetByRole(AriaRole.Link, new() { Name = "Decide what readers see of the names" }).ClickAsync();
            await page.GetByLabel("Why are these words not a participant? (kept with the note and in the audit trail)").FillAsync("A public figure who shares the participant's name.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Ask a second person to confirm" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=unmask-state]")).ToContainTextAsync("Waiting for a second person");
            await browser.ScreenshotAsync(page, "unmask-request", forDocs: true);
            await CheckAsync(page, "unmask", "the page that decides what readers see of a note");
            Assert.Empty(errors);
        }

        var (readerContext, reader, _) = await browser.NewPageAsync();
        await using (readerContext)
        {
            await BrowserFixture.SignInAsync(reader, "demo-researcher");
            await reader.GotoAsync($"{Ph}/sessions/plenary-1#note-{note.Id}");
            var shown = reader.Locator($"#note-{note.Id}");
            await Assertions.Expect(shown).ToContainTextAsync("said the points-of-contact directory should be tested every quarter.");
            await Assertions.Expect(shown).Not.ToContainTextAsync(name);
            await shown.ScrollIntoViewIfNeededAsync();
            await browser.ScreenshotAsync(reader, "reader-masked", forDocs: true);
        }
    }

    [Fact]
    public async Task Importing_a_register_shows_how_each_group_was_read_then_imports_and_every_step_is_accessible()
    {
        var (context, page, _) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-lead");
            await page.GotoAsync($"{Ph}/register/import");
            var name = "Imported Kalinawan " + Guid.NewGuid().ToString("N")[..6];
            await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = "spreadsheet.csv",
                MimeType = "text/csv",
                Buffer = System.Text.Encoding.UTF8.GetBytes($"name,organisation,stakeholder_group,role\n{name},Kalinawan Data Labs,Private sector,Analyst\n"),
            });
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview", Exact = true }).ClickAsync();

            // The preview says how "Private sector" was read, and nothing is saved yet.
            await Assertions.Expect(page.Locator("[data-testid=group-matches]")).ToContainTextAsync("“Private sector”");
            await CheckAsync(page, "register-import-preview", "the register import preview");
            await browser.ScreenshotAsync(page, "register-import-preview", forDocs: true);

            await page.GetByRole(AriaRole.Button, new() { Name = "Import 1 participant", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByText("Imported 1 participant from spreadsheet.csv")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("table tr", new() { HasTextString = name })).ToContainTextAsync("Other private sector");
        }
    }

    [Fact]
    public async Task A_form_showing_validation_errors_has_no_serious_or_critical_accessibility_violations()
    {
        var (context, page, _) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-facilitator");
            await page.GotoAsync($"{Ph}/sessions/plenary-2");

            // An empty note is refused by the server: the error summary and the field's message are on the page.
            await page.GetByRole(AriaRole.Button, new() { Name = "Add note", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=validation-summary]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".field-validation-error").First).ToBeVisibleAsync();

            await CheckAsync(page, "session-validation-errors", "the session page after adding an empty note");
        }
    }

    [Fact]
    public async Task The_first_tab_on_a_session_page_reaches_a_visible_skip_link_that_moves_focus_to_the_main_content()
    {
        var (context, page, _) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-facilitator");
            await page.GotoAsync($"{Ph}/sessions/plenary-2");

            await page.Keyboard.PressAsync("Tab");
            var skip = page.Locator(":focus");
            await Assertions.Expect(skip).ToHaveTextAsync("Skip to main content");
            await Assertions.Expect(skip).ToBeInViewportAsync();
            var outline = await skip.EvaluateAsync<string[]>("e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth]; }");
            Assert.NotEqual("none", outline[0]);
            Assert.True(double.Parse(outline[1].Replace("px", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) >= 2, $"outline {outline[1]}");
            await browser.ScreenshotAsync(page, "a11y-skip-link");

            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("main#main")).ToBeFocusedAsync();

            // The next Tab lands inside the main content, not back in the navigation.
            await page.Keyboard.PressAsync("Tab");
            Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('main').contains(document.activeElement)"), "Tab after the skip link left the main content");
        }
    }

    [Fact]
    public async Task The_pages_policy_refuses_an_injected_inline_script_so_axe_runs_through_the_devtools_protocol()
    {
        var (context, page, errors) = await browser.NewPageAsync();
        await using (context)
        {
            await page.GotoAsync("/account/sign-in");

            // What Axe.RunAsync does not do: an inline <script> is refused by script-src 'self' and never runs.
            try
            {
                await page.AddScriptTagAsync(new() { Content = "window.__inline = 1;" });
            }
            catch (PlaywrightException)
            {
                // Some Playwright versions report the refused script as an error; either way it must not have run.
            }

            Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__inline === 'undefined'"), "an inline script ran despite the CSP");
            Assert.Contains(errors, e => e.Contains("Content Security Policy", StringComparison.Ordinal));

            // What it does: evaluate axe's source over the DevTools protocol, which the page's policy does not govern.
            Assert.Empty(await Axe.RunAsync(page));
            Assert.True(await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"));

            // And it really checks: an unlabelled field fails WCAG (critical), text outside any landmark the best practice.
            await page.EvaluateAsync(
                """
                () => {
                  const input = document.createElement('input');
                  input.id = 'a11y-probe';
                  document.querySelector('main').append(input);
                  const stray = document.createElement('p');
                  stray.id = 'a11y-stray';
                  stray.textContent = 'Outside every landmark';
                  document.body.append(stray);
                }
                """);
            var label = Assert.Single(await Axe.RunAsync(page), v => v.Id == "label");
            Assert.True(label.IsSeriousOrWorse);
            Assert.Contains("#a11y-probe", label.Targets);
            Assert.Contains("#a11y-stray", Assert.Single(await Axe.RunAsync(page, Axe.BestPractice), v => v.Id == "region").Targets);
        }
    }

    /// <summary>
    /// Runs axe on the page as it is, saves a screenshot and a text report (a11y-{name}), and fails on any serious or
    /// critical WCAG violation, listing each with its help text and first selectors.
    /// </summary>
    private async Task CheckAsync(IPage page, string name, string description)
    {
        var violations = await Axe.RunAsync(page);
        await browser.ScreenshotAsync(page, "a11y-" + name);

        // Every finding goes to the test's output and a text artifact beside the screenshot. Moderate and minor ones,
        // and axe's best-practice advice, are reported, not failed: worth reading, but often a matter of judgement.
        var advice = await Axe.RunAsync(page, Axe.BestPractice);
        var report = violations.Select(v => v.Describe(targets: 10)).Concat(advice.Select(v => "best practice, not failed: " + v.Describe(targets: 10))).ToList();
        foreach (var line in report)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }

        var folder = Path.Combine(BrowserFixture.ArtifactsDirectory, browser.App.Store.ToLowerInvariant());
        await File.WriteAllLinesAsync(
            Path.Combine(folder, $"a11y-{name}.txt"),
            [$"{description}: {violations.Count} WCAG violation(s), {advice.Count} best-practice finding(s)", .. report],
            TestContext.Current.CancellationToken);

        var serious = violations.Where(v => v.IsSeriousOrWorse).ToList();
        Assert.True(
            serious.Count == 0,
            $"{serious.Count} serious or critical accessibility violation(s) on {name} ({description}):\n"
            + string.Join("\n", serious.Select(v => "  - " + v.Describe())));
    }

    /// <summary>
    /// A brief drafted from the four-country comparison, submitted by the researcher and published by the reviewer,
    /// made once per app through the pages themselves; answers the draft's address (/programmes/demo/briefs/{id}).
    /// </summary>
    private async Task<string> BriefUrlAsync()
    {
        await BriefGate.WaitAsync();
        try
        {
            if (_brief is { } made && made.Fixture == browser)
            {
                return made.Url;
            }

            string url;
            var (researcherContext, researcher, _) = await browser.NewPageAsync();
            await using (researcherContext)
            {
                await BrowserFixture.SignInAsync(researcher, "demo-researcher");
                await researcher.GotoAsync("/programmes/demo/compare?c=demo-ph&c=demo-vn&c=demo-id&c=demo-my");
                var form = researcher.Locator("[data-testid=generate-brief]");
                await form.Locator("#brief-title").FillAsync("Accessibility check: four countries compared");
                await form.GetByRole(AriaRole.Button, new() { Name = "Generate draft brief" }).ClickAsync();
                await researcher.WaitForURLAsync(DraftUrl(), new() { Timeout = 90_000 });
                url = new Uri(researcher.Url).AbsolutePath;
                await researcher.Locator("[data-testid=submit-brief]").ClickAsync();
                await Assertions.Expect(researcher.Locator("[data-testid=status-message]")).ToContainTextAsync("Submitted for review");
            }

            var (reviewerContext, reviewer, _) = await browser.NewPageAsync();
            await using (reviewerContext)
            {
                await BrowserFixture.SignInAsync(reviewer, "demo-reviewer");
                await reviewer.GotoAsync(url);
                await reviewer.Locator("[data-testid=approve-brief]").ClickAsync();
                await reviewer.WaitForURLAsync($"**{url}/v/1");
            }

            _brief = (browser, url);
            return url;
        }
        finally
        {
            BriefGate.Release();
        }
    }

    [GeneratedRegex(@"/programmes/demo/briefs/(?!new$|jobs$)[^/?#]+$")]
    private static partial Regex DraftUrl();
}
