using System.Net;
using System.Net.Sockets;
using Consultations.Core.Domain;
using Consultations.Testing;
using Consultations.Testing.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Consultations.Browser.Tests;

/// <summary>
/// Live capture in real Chromium: the keyboard-only flow, autosave through reloads, a dropped network and a server
/// restart, two people editing one note, and the live guard. Each test uses its own session, so drafts never mix.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class CaptureBrowserTests(SqliteBrowserFixture browser)
{
    private const string Consultation = "demo-id";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string CaptureUrl(string session) => $"/programmes/demo/consultations/{Consultation}/sessions/{session}/capture";

    private static ILocator Box(IPage page) => page.GetByLabel("Note", new() { Exact = true });

    private static ILocator Status(IPage page) => page.Locator("[data-testid=capture-status]");

    [Fact]
    public async Task A_facilitator_records_notes_with_the_keyboard_alone()
    {
        var (context, page, errors) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-facilitator");
            await page.GotoAsync($"/programmes/demo/consultations/{Consultation}/sessions/plenary-1");
            await page.Locator("[data-testid=open-capture]").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(url => url.EndsWith("/capture", StringComparison.Ordinal));

            // The box has the focus on arrival and the session's rule is in view.
            await Assertions.Expect(Box(page)).ToBeFocusedAsync();
            await Assertions.Expect(page.Locator("[data-testid=capture-rule]")).ToContainTextAsync("Chatham House Rule");

            var first = $"Delegates wanted one regional incident reporting form ({Guid.NewGuid():N}).";
            await page.Keyboard.TypeAsync(first);
            await page.Keyboard.PressAsync("Alt+K"); // Finding → Recommendation
            await page.Keyboard.PressAsync("Alt+G"); // to the stakeholder group list…
            await page.Keyboard.TypeAsync("gov"); // …type-ahead…
            await page.Keyboard.PressAsync("Enter"); // …and back to the note box
            await Assertions.Expect(Box(page)).ToBeFocusedAsync();
            await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-state", "saved");
            await page.Keyboard.PressAsync("Control+Enter");

            await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-state", "added");
            await Assertions.Expect(Box(page)).ToHaveValueAsync(string.Empty);
            await Assertions.Expect(Box(page)).ToBeFocusedAsync();
            await Assertions.Expect(page.Locator("[data-testid=capture-notes] > li").First).ToContainTextAsync(first);

            // The next note straight away, added before any autosave ran.
            var second = $"A participant from industry asked for shared vulnerability timelines ({Guid.NewGuid():N}).";
            await page.Keyboard.TypeAsync(second);
            await page.Keyboard.PressAsync("Control+Enter");
            await Assertions.Expect(page.Locator("[data-testid=capture-notes] > li").First).ToContainTextAsync(second);
            await Assertions.Expect(page.Locator("[data-testid=capture-notes] > li").Nth(1)).ToContainTextAsync(first);
            await browser.ScreenshotAsync(page, "capture", forDocs: true);

            var stored = await browser.App.Notes.ListBySessionAsync(Consultation, "plenary-1", Ct);
            var one = stored.Single(n => n.Text == first);
            Assert.Equal(NoteKind.Recommendation, one.Kind);
            Assert.Equal("government", one.StakeholderGroup);
            Assert.Equal(NoteKind.Finding, stored.Single(n => n.Text == second).Kind);
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task Sub_themes_and_the_stakeholder_group_are_chosen_by_keyboard_type_ahead_and_saved_with_the_note()
    {
        var (context, page, errors) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-facilitator");
            await page.GotoAsync("/programmes/demo/consultations/demo-ph/sessions/plenary-2/capture");
            await Assertions.Expect(page.Locator("[data-capture]")).ToHaveAttributeAsync("data-ready", "true");
            await Assertions.Expect(Box(page)).ToBeFocusedAsync();
            var text = $"Smaller firms asked for a shared self-assessment against NIST CSF ({Guid.NewGuid():N}).";
            await page.Keyboard.TypeAsync(text);
            var announcer = page.Locator("[data-testid=capture-announcer]");

            // Alt+S: to the sub-themes, starting with those of the session's theme (technical standards).
            await page.Keyboard.PressAsync("Alt+S");
            await Assertions.Expect(page.Locator("input[value='technical-standards/iso-27001']")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("nist");
            var nist = page.Locator("input[value='technical-standards/nist-csf']");
            await Assertions.Expect(nist).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Space");
            await Assertions.Expect(nist).ToBeCheckedAsync();
            await Assertions.Expect(announcer).ToHaveTextAsync("Sub-theme NIST Cybersecurity Framework ticked.");

            // After a pause the typing starts afresh; a word inside a label matches too ("trust" → "Transparency and trust").
            await page.WaitForTimeoutAsync(1100);
            await page.Keyboard.TypeAsync("trust");
            var trust = page.Locator("input[value='information-sharing/transparency']");
            await Assertions.Expect(trust).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Space");
            await Assertions.Expect(trust).ToBeCheckedAsync();
            await Assertions.Expect(page.Locator("input[name='Input.Themes'][value='information-sharing']")).ToBeCheckedAsync();
            await Assertions.Expect(announcer).ToContainTextAsync("and its theme Information sharing and incident response");

            // Arrow keys step through the list; Space unticks; Esc returns to the note.
            await page.Keyboard.PressAsync("ArrowUp");
            var before = page.Locator("input[value='information-sharing/legal-mandates']");
            await Assertions.Expect(before).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Space");
            await page.Keyboard.PressAsync("Space");
            await Assertions.Expect(before).Not.ToBeCheckedAsync();
            await Assertions.Expect(announcer).ToHaveTextAsync("Sub-theme Legal mandates and reporting duties unticked.");
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(Box(page)).ToBeFocusedAsync();

            // Alt+G: type-ahead in the group list, by label ("civ"), by a word in it ("cert"), the same letter again cycling.
            await page.Keyboard.PressAsync("Alt+G");
            var group = page.GetByLabel("Stakeholder group of the speaker");
            await Assertions.Expect(group).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("civ");
            await Assertions.Expect(group).ToHaveValueAsync("civil-society");
            await Assertions.Expect(announcer).ToHaveTextAsync("Stakeholder group: Civil society");
            await page.WaitForTimeoutAsync(1100);
            await page.Keyboard.TypeAsync("cert");
            await Assertions.Expect(group).ToHaveValueAsync("cert");
            await page.WaitForTimeoutAsync(1100);
            await page.Keyboard.PressAsync("t");
            await Assertions.Expect(group).ToHaveValueAsync("telecoms");
            await page.Keyboard.PressAsync("t");
            await Assertions.Expect(group).ToHaveValueAsync("technology");
            await page.WaitForTimeoutAsync(1100);
            await page.Keyboard.TypeAsync("aca");
            await Assertions.Expect(group).ToHaveValueAsync("academia");
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(Box(page)).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Control+Enter");
            await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-state", "added");

            // What was stored, not just what the page showed.
            var stored = (await browser.App.Notes.ListBySessionAsync("demo-ph", "plenary-2", Ct)).Single(n => n.Text == text);
            Assert.Equal("academia", stored.StakeholderGroup);
            Assert.Equal(["information-sharing/transparency", "technical-standards/nist-csf"], stored.SubThemes.Order(StringComparer.Ordinal));
            Assert.Contains("information-sharing", stored.Themes);
            Assert.Contains("technical-standards", stored.Themes);

            // The session page shows the sub-themes on the note.
            await page.GotoAsync("/programmes/demo/consultations/demo-ph/sessions/plenary-2");
            var card = page.Locator($"#note-{stored.Id}");
            await Assertions.Expect(card).ToContainTextAsync("NIST Cybersecurity Framework");
            await Assertions.Expect(card).ToContainTextAsync("Transparency and trust");
            await Assertions.Expect(card).ToContainTextAsync("Academia and research");
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task Times_on_the_capture_page_and_in_bylines_are_the_readers_local_time_in_one_format()
    {
        var (context, page, errors) = await browser.NewPageAsync(timezoneId: "Asia/Manila");
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-facilitator");
            await page.GotoAsync("/programmes/demo/consultations/demo-ph/sessions/opening/capture");
            await Assertions.Expect(page.Locator("[data-capture]")).ToHaveAttributeAsync("data-ready", "true");
            await Box(page).FillAsync($"The time of this draft is shown in Manila ({Guid.NewGuid():N}).");
            await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-state", "saved");
            var today = @"\d{2}:\d{2} \(UTC\+8\)";
            await Assertions.Expect(Status(page)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"^Saved {today}\\.$"));
            var fromScript = System.Text.RegularExpressions.Regex.Match(await Status(page).InnerTextAsync(), today).Value;

            // The server renders the same instant the same way once the page is reloaded.
            await page.ReloadAsync();
            var restored = Status(page).Locator("time");
            await Assertions.Expect(restored).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"^{today}$"));
            Assert.Equal(fromScript, await restored.InnerTextAsync());
            await AssertServerAndScriptAgreeAsync(page);

            // A byline of a demo note, published days ago: the date, then the same time format.
            await page.GotoAsync("/programmes/demo/consultations/demo-ph/sessions/plenary-1");
            var byline = page.Locator("[data-testid=note-byline] time").First;
            await Assertions.Expect(byline).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} \(UTC\+8\)$"));
            var instant = DateTimeOffset.Parse((await byline.GetAttributeAsync("datetime"))!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Consultations.Web.Pages.LocalTime.Format(instant, TimeZoneInfo.FindSystemTimeZoneById("Asia/Manila"), DateTimeOffset.UtcNow), await byline.InnerTextAsync());
            await AssertServerAndScriptAgreeAsync(page);

            await page.GotoAsync("/programmes/demo/consultations/demo-ph/sessions/opening/capture");
            await Box(page).FillAsync(string.Empty);
            await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-state", "saved");
            Assert.Empty(errors);
        }
    }

    [Theory]
    [InlineData("Asia/Manila")]
    [InlineData("Asia/Kolkata")]
    [InlineData("America/St_Johns")]
    [InlineData("Europe/London")]
    [InlineData("Asia/Kathmandu")]
    public async Task The_script_formats_a_time_exactly_as_the_server_does(string zone)
    {
        var (context, page, errors) = await browser.NewPageAsync(timezoneId: zone);
        await using (context)
        {
            await page.GotoAsync("/account/sign-in");
            var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
            var now = new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.Zero);
            DateTimeOffset[] instants =
            [
                now, now.AddHours(-9), now.AddHours(14), now.AddDays(-1), new(2026, 7, 1, 23, 59, 0, TimeSpan.Zero),
                new(2026, 3, 8, 6, 59, 0, TimeSpan.Zero), new(2026, 3, 29, 0, 59, 0, TimeSpan.Zero), new(2026, 3, 29, 1, 0, 0, TimeSpan.Zero),
                new(2026, 10, 25, 0, 59, 0, TimeSpan.Zero), new(2026, 10, 25, 1, 0, 0, TimeSpan.Zero), new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
            ];
            foreach (var at in instants)
            {
                var script = await page.EvaluateAsync<string>("([at, now]) => window.consultations.formatTime(at, now)", new[] { Iso(at), Iso(now) });
                Assert.Equal(Consultations.Web.Pages.LocalTime.Format(at, tz, now), script);
            }

            Assert.Empty(errors);
        }

        static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every server-rendered &lt;time&gt; on the page reads as site.js would write its instant.</summary>
    private static async Task AssertServerAndScriptAgreeAsync(IPage page)
    {
        var pairs = await page.EvaluateAsync<string[][]>("() => [...document.querySelectorAll('main time[datetime]')].map(t => [t.textContent, window.consultations.formatTime(t.dateTime)])");
        Assert.NotEmpty(pairs);
        Assert.All(pairs, pair => Assert.Equal(pair[1], pair[0]));
    }

    [Fact]
    public async Task Typed_text_survives_a_reload_and_never_reaches_browser_storage()
    {
        var (context, page, errors) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-facilitator");
            await page.GotoAsync(CaptureUrl("plenary-2"));
            var text = $"Speakers asked for a help desk in Bahasa Indonesia ({Guid.NewGuid():N}).";
            await Box(page).FillAsync(text);
            await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-state", "saved");

            var storage = await page.EvaluateAsync<string>("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage)");
            Assert.DoesNotContain("Bahasa", storage, StringComparison.Ordinal);

            await page.ReloadAsync();
            await Assertions.Expect(Box(page)).ToHaveValueAsync(text);
            await Assertions.Expect(Status(page)).ToContainTextAsync("Draft restored");

            // Cleared so the next run of this test starts from an empty box.
            await Box(page).FillAsync(string.Empty);
            await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-state", "saved");
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task A_dropped_network_mid_sentence_loses_nothing_and_a_note_added_offline_is_added_once()
    {
        var (context, page, errors) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-facilitator");
            await page.GotoAsync(CaptureUrl("plenary-3"));
            var start = $"Rapporteurs noted that CSIRT contacts change often ({Guid.NewGuid():N})";
            await Box(page).PressSequentiallyAsync(start);
            await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-state", "saved");

            // The cable comes out mid-sentence: every request to the app fails.
            await page.RouteAsync("**/capture?handler=*", route => route.AbortAsync("internetdisconnected"));
            var rest = " and asked for a quarterly contact test.";
            await Box(page).PressSequentiallyAsync(rest);
            await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-state", "offline");
            await Assertions.Expect(Status(page)).ToContainTextAsync("your text is kept");
            await browser.ScreenshotAsync(page, "capture-offline", forDocs: true);

            // Back online: the retry saves the whole sentence, and a reload shows it.
            await page.UnrouteAllAsync();
            await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-state", "saved", new() { Timeout = 40_000 });
            await page.ReloadAsync();
            await Assertions.Expect(Box(page)).ToHaveValueAsync(start + rest);

            // Offline again, the facilitator adds the note: it is added when the network returns, exactly once.
            await context.SetOfflineAsync(true);
            await Box(page).PressAsync("Control+Enter");
            await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-state", "offline");
            await context.SetOfflineAsync(false);
            await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-state", "added", new() { Timeout = 40_000 });

            var stored = await browser.App.Notes.ListBySessionAsync(Consultation, "plenary-3", Ct);
            Assert.Single(stored, n => n.Text == start + rest);
            Assert.All(errors, e => Assert.Contains("Failed to load resource", e, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Two_people_editing_the_same_note_get_a_conflict_with_both_texts_not_an_overwrite()
    {
        var session = "plenary-4";
        var (c1, sam, errors1) = await browser.NewPageAsync();
        var (c2, rin, errors2) = await browser.NewPageAsync();
        await using (c1)
        await using (c2)
        {
            await BrowserFixture.SignInAsync(sam, "demo-facilitator");
            await BrowserFixture.SignInAsync(rin, "demo-lead");
            await sam.GotoAsync(CaptureUrl(session));
            var original = $"Participants asked for a shared glossary ({Guid.NewGuid():N}).";
            await Box(sam).FillAsync(original);
            await Box(sam).PressAsync("Control+Enter");
            await Assertions.Expect(Status(sam)).ToHaveAttributeAsync("data-state", "added");

            await rin.GotoAsync(CaptureUrl(session));
            var samNote = sam.Locator("[data-testid=capture-notes] > li").Filter(new() { HasText = original });
            var rinNote = rin.Locator("[data-testid=capture-notes] > li").Filter(new() { HasText = original });
            await samNote.Locator("[data-testid=edit-in-place]").ClickAsync();
            await rinNote.Locator("[data-testid=edit-in-place]").ClickAsync();

            var samText = original + " Sam: in English and Bahasa.";
            await samNote.Locator("[data-testid=edit-in-place-text]").FillAsync(samText);
            await Assertions.Expect(samNote.Locator("[data-testid=edit-in-place-status]")).ToHaveAttributeAsync("data-state", "saved");

            var rinText = original + " Rin: maintained by the secretariat.";
            await rinNote.Locator("[data-testid=edit-in-place-text]").FillAsync(rinText);
            var conflict = rinNote.Locator("[data-testid=conflict]");
            await Assertions.Expect(conflict).ToBeVisibleAsync();
            await Assertions.Expect(conflict.Locator("[data-testid=conflict-mine]")).ToHaveTextAsync(rinText);
            await Assertions.Expect(conflict.Locator("[data-testid=conflict-theirs]")).ToHaveTextAsync(samText);
            await browser.ScreenshotAsync(rin, "capture-conflict", forDocs: true);

            // Nothing was overwritten: the store still has Sam's text.
            var stored = (await browser.App.Notes.ListBySessionAsync(Consultation, session, Ct)).Single(n => n.Text.StartsWith(original, StringComparison.Ordinal));
            Assert.Equal(samText, stored.Text);

            // Rin puts both together, edits, and saves on top of Sam's version.
            await conflict.GetByRole(AriaRole.Button, new() { Name = "Put both together to edit" }).ClickAsync();
            var merged = original + " Sam: in English and Bahasa. Rin: maintained by the secretariat.";
            await rinNote.Locator("[data-testid=edit-in-place-text]").FillAsync(merged);
            await Assertions.Expect(rinNote.Locator("[data-testid=edit-in-place-status]")).ToHaveAttributeAsync("data-state", "saved");
            await rinNote.Locator("[data-testid=edit-in-place-text]").PressAsync("Escape");
            await Assertions.Expect(rinNote.Locator("[data-testid=capture-note-text]")).ToHaveTextAsync(merged);

            stored = (await browser.App.Notes.ListBySessionAsync(Consultation, session, Ct)).Single(n => n.Text.StartsWith(original, StringComparison.Ordinal));
            Assert.Equal(merged, stored.Text);
            Assert.Empty(errors1);
            Assert.All(errors2, e => Assert.Contains("409", e, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Two_windows_of_one_facilitator_share_the_draft_and_a_stale_window_gets_a_conflict()
    {
        var (c1, one, _) = await browser.NewPageAsync();
        await using (c1)
        {
            await BrowserFixture.SignInAsync(one, "demo-facilitator");
            var two = await c1.NewPageAsync();
            await one.GotoAsync(CaptureUrl("opening"));
            await two.GotoAsync(CaptureUrl("opening"));
            var text = $"Window one ({Guid.NewGuid():N})";
            await Box(one).FillAsync(text);
            await Assertions.Expect(Status(one)).ToHaveAttributeAsync("data-state", "saved");

            await Box(two).FillAsync("Window two typed something else");
            var conflict = two.Locator("[data-testid=conflict]");
            await Assertions.Expect(conflict.Locator("[data-testid=conflict-theirs]")).ToHaveTextAsync(text);
            await conflict.GetByRole(AriaRole.Button, new() { Name = "Take theirs" }).ClickAsync();
            await Assertions.Expect(Box(two)).ToHaveValueAsync(text);

            // Tidy: the session's draft emptied for the next run.
            await Box(two).FillAsync(string.Empty);
            await Assertions.Expect(Status(two)).ToHaveAttributeAsync("data-state", "saved");
        }
    }

    [Fact]
    public async Task The_live_guard_highlights_a_planted_name_on_the_capture_page()
    {
        var name = (await browser.App.Registers.GetAsync("demo-ph", Ct))!.Participants.First(p => p.Name.Split(' ').Length >= 2).Name;
        var (context, page, _) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-facilitator");
            await page.GotoAsync($"/programmes/demo/consultations/demo-ph/sessions/plenary-1/capture");
            await Box(page).PressSequentiallyAsync($"As {name} said, contact lists go stale.", new() { Delay = 5 });
            var panel = page.Locator("[data-testid=guard-panel]");
            await Assertions.Expect(panel.Locator("mark.guard-block")).ToHaveTextAsync(name);
            await browser.ScreenshotAsync(page, "capture-guard", forDocs: true);
            await panel.Locator("[data-testid=guard-replace]").First.ClickAsync();
            await Assertions.Expect(Box(page)).Not.ToHaveValueAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(name)));

            await Box(page).FillAsync(string.Empty);
            await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-state", "saved");
        }
    }

    [Fact]
    public async Task Leaving_with_text_the_server_does_not_have_asks_first()
    {
        var (context, page, _) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-lead");
            await page.GotoAsync(CaptureUrl("opening"));
            await page.RouteAsync("**/capture?handler=*", route => route.AbortAsync("internetdisconnected"));
            await Box(page).PressSequentiallyAsync("Not saved yet");
            await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-state", "offline");

            var asked = new TaskCompletionSource<string>();
            page.Dialog += async (_, dialog) =>
            {
                asked.TrySetResult(dialog.Type);
                await dialog.AcceptAsync();
            };
            await page.CloseAsync(new() { RunBeforeUnload = true });
            Assert.Equal("beforeunload", await asked.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        }
    }

    [Fact]
    public async Task On_a_tablet_the_page_fits_the_width_and_keeps_the_rule_in_view_while_scrolling()
    {
        var (context, page, errors) = await browser.NewPageAsync(width: 768, height: 1024);
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-facilitator");
            await page.GotoAsync(CaptureUrl("opening"));
            await Assertions.Expect(page.Locator("[data-capture]")).ToHaveAttributeAsync("data-ready", "true");

            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the capture page scrolls sideways on a 768 px tablet");
            await page.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)");
            await Assertions.Expect(page.Locator("[data-testid=capture-rule]")).ToBeInViewportAsync();
            await browser.ScreenshotAsync(page, "capture-tablet");
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task A_draft_survives_a_server_restart_and_the_page_saves_again_when_the_server_is_back()
    {
        using var data = new TempDirectory();
        var port = FreeLoopbackPort();
        var first = StartApp(data.Path, port);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = $"http://127.0.0.1:{port}" });
        context.SetDefaultTimeout(90_000);
        await using (context)
        {
            var page = await context.NewPageAsync();
            await BrowserFixture.SignInAsync(page, "demo-facilitator");
            await page.GotoAsync(CaptureUrl("plenary-4"));
            var start = $"Before the restart ({Guid.NewGuid():N}).";
            await Box(page).FillAsync(start);
            await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-state", "saved");

            await first.DisposeAsync();
            var more = start + " Typed while the server was down.";
            await Box(page).FillAsync(more);
            await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-state", "offline");

            await using var second = StartApp(data.Path, port);
            await Assertions.Expect(Status(page)).ToHaveAttributeAsync("data-state", "saved", new() { Timeout = 60_000 });
            await page.ReloadAsync();
            await Assertions.Expect(Box(page)).ToHaveValueAsync(more);
        }
    }

    private static RestartableApp StartApp(string dataDirectory, int port)
    {
        var app = new RestartableApp(dataDirectory);
        app.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        app.StartServer();
        Assert.Contains($":{port}", app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single(), StringComparison.Ordinal);
        return app;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The app on a data directory that outlives it, so a second app can start where the first stopped.</summary>
internal sealed class RestartableApp(string dataDirectory) : AppFactory(dataDirectory);
