using Consultations.Core.Domain;
using Consultations.Testing.Cosmos;
using Consultations.Testing.Web;
using Microsoft.Playwright;

namespace Consultations.Browser.Tests;

/// <summary>Real Chromium against the real app: the day-one harness every later browser test builds on.</summary>
public abstract class SmokeTests(BrowserFixture browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_facilitator_signs_in_adds_a_note_with_the_keyboard_and_sees_it_listed()
    {
        var (context, page, errors) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-facilitator");
            await page.GotoAsync("/programmes/demo/consultations/demo-ph/sessions/plenary-3");
            await Assertions.Expect(page.Locator("[data-testid=session-rule]")).ToHaveTextAsync("Chatham House Rule");

            var text = $"Participants favoured a clear reporting deadline over voluntary sharing ({Guid.NewGuid():N}).";
            await page.GetByLabel("Note", new() { Exact = true }).FillAsync(text);
            await page.GetByLabel("Challenge").CheckAsync();
            await page.GetByLabel("Stakeholder group of the speaker").SelectOptionAsync("government");
            await page.GetByLabel("Note", new() { Exact = true }).PressAsync("Control+Enter");

            await page.WaitForURLAsync(url => url.Contains("#note-", StringComparison.Ordinal));
            await Assertions.Expect(page.Locator("[data-testid=status-message]")).ToHaveTextAsync("Note added.");
            var card = page.Locator("[data-testid=notes] > li").Filter(new() { HasText = text });
            await Assertions.Expect(card).ToHaveCountAsync(1);
            await Assertions.Expect(card.Locator(".kind-badge")).ToHaveTextAsync("Challenge");
            await Assertions.Expect(card.Locator(".status-badge")).ToHaveTextAsync("Draft");
            await Assertions.Expect(page.GetByLabel("Note", new() { Exact = true })).ToBeFocusedAsync();
            await browser.ScreenshotAsync(page, "session-after-adding-a-note");

            var stored = (await browser.App.Notes.ListBySessionAsync("demo-ph", "plenary-3", Ct)).Single(n => n.Text == text);
            Assert.Equal(NoteKind.Challenge, stored.Kind);
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task A_name_typed_into_a_chatham_house_note_is_highlighted_live_and_replaced_in_one_click()
    {
        var name = (await browser.App.Registers.GetAsync("demo-ph", Ct))!.Participants.First(p => p.Name.Split(' ').Length >= 2).Name;
        var (context, page, errors) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-facilitator");
            await page.GotoAsync("/programmes/demo/consultations/demo-ph/sessions/plenary-4");
            var box = page.GetByLabel("Note", new() { Exact = true });
            await box.PressSequentiallyAsync($"As {name} said, inclusion needs budget lines.", new() { Delay = 5 });

            var panel = page.Locator("[data-testid=guard-panel]");
            await Assertions.Expect(panel).ToBeVisibleAsync();
            await Assertions.Expect(panel.Locator("mark.guard-block")).ToHaveTextAsync(name);
            await Assertions.Expect(panel).ToContainTextAsync("cannot be published until it is fixed or overridden");
            await browser.ScreenshotAsync(page, "live-guard", forDocs: true);

            await panel.Locator("[data-testid=guard-replace]").First.ClickAsync();

            await Assertions.Expect(box).Not.ToHaveValueAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(name)));
            await Assertions.Expect(box).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^As (a|an) [a-z ]+ said, inclusion needs budget lines\\.$"));
            await Assertions.Expect(panel).ToBeHiddenAsync();
            await Assertions.Expect(box).ToBeFocusedAsync();
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task Suggested_themes_appear_while_typing_and_are_ticked_only_when_accepted()
    {
        var (context, page, errors) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-facilitator");
            await page.GotoAsync("/programmes/demo/consultations/demo-ph/sessions/plenary-4");
            var standards = page.Locator("input[type=checkbox][value=technical-standards]").First;
            await Assertions.Expect(standards).Not.ToBeCheckedAsync();
            var box = page.GetByLabel("Note", new() { Exact = true });

            await box.PressSequentiallyAsync("Smaller suppliers cannot afford ISO/IEC 27001 certification audits or a compliance baseline.", new() { Delay = 5 });

            var chip = page.Locator("[data-testid=accept-theme][data-theme=technical-standards]");
            await Assertions.Expect(chip).ToBeVisibleAsync();
            await Assertions.Expect(standards).Not.ToBeCheckedAsync();
            await browser.ScreenshotAsync(page, "theme-suggestions", forDocs: true);

            var position = await page.Locator("[data-testid=accept-theme]").EvaluateAllAsync<string[]>("chips => chips.map(c => c.dataset.theme)");
            await box.PressAsync($"Alt+{Array.IndexOf(position, "technical-standards") + 1}");

            await Assertions.Expect(standards).ToBeCheckedAsync();
            await Assertions.Expect(chip).ToHaveCountAsync(0);
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task The_main_pages_render_without_script_or_policy_errors()
    {
        string[] forDocs = ["sign-in", "programme-dashboard", "consultation", "session-facilitator", "session-researcher", "participant-register", "consultation-in-brief", "compare"];
        var visits = new (string Persona, string Url, string Name)[]
        {
            ("demo-facilitator", "/account/sign-in", "sign-in"),
            ("demo-facilitator", "/", "home-facilitator"),
            ("demo-researcher", "/programmes", "programmes"),
            ("demo-researcher", "/programmes/demo", "programme-dashboard"),
            ("demo-researcher", "/programmes/demo/compare", "compare"),
            ("demo-lead", "/programmes/demo/consultations/demo-vn", "consultation"),
            ("demo-researcher", "/programmes/demo/consultations/demo-vn#digest-heading", "consultation-in-brief"),
            ("demo-lead", "/programmes/demo/consultations/demo-vn/register", "participant-register"),
            ("demo-facilitator", "/programmes/demo/consultations/demo-ph/sessions/plenary-2", "session-facilitator"),
            ("demo-researcher", "/programmes/demo/consultations/demo-ph/sessions/plenary-2", "session-researcher"),
            ("demo-facilitator", "/programmes/demo/consultations/demo-ph/notes/demo-ph-plenary-2-11/edit", "note-edit"),
            ("demo-admin", "/programmes/demo/themes", "themes"),
            ("demo-admin", "/programmes/demo/consultations/new", "consultation-new"),
            ("demo-funder", "/", "home-funder"),
            ("demo-funder", "/programmes", "forbidden"),
        };

        foreach (var group in visits.GroupBy(v => v.Persona))
        {
            var (context, page, errors) = await browser.NewPageAsync();
            await using (context)
            {
                if (group.Key is { } persona && group.First().Url != "/account/sign-in")
                {
                    await BrowserFixture.SignInAsync(page, persona);
                }

                foreach (var (_, url, name) in group)
                {
                    if (url == "/account/sign-in")
                    {
                        await page.GotoAsync(url);
                        await browser.ScreenshotAsync(page, name, forDocs.Contains(name));
                        await BrowserFixture.SignInAsync(page, group.Key);
                        continue;
                    }

                    var response = await page.GotoAsync(url);
                    Assert.NotNull(response);
                    Assert.True(response.Status is 200 or 403, $"{url} answered {response.Status}");
                    if (response.Status == 403)
                    {
                        // Chromium logs the refused document itself; that one message is the point of the visit.
                        errors.RemoveAll(e => e.Contains("status of 403", StringComparison.Ordinal));
                    }

                    await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
                    await browser.ScreenshotAsync(page, name, forDocs.Contains(name));
                }

                Assert.True(errors.Count == 0, $"Console errors for {group.Key}: {string.Join(" | ", errors)}");
            }
        }
    }

    [Fact]
    public async Task Two_facilitators_editing_one_note_get_a_conflict_not_an_overwrite()
    {
        var (leadContext, lead, leadErrors) = await browser.NewPageAsync();
        var (mineContext, mine, myErrors) = await browser.NewPageAsync();
        await using (leadContext)
        await using (mineContext)
        {
            const string url = "/programmes/demo/consultations/demo-id/notes/demo-id-plenary-2-12/edit";
            await BrowserFixture.SignInAsync(lead, "demo-lead");
            await BrowserFixture.SignInAsync(mine, "demo-facilitator");
            await lead.GotoAsync(url);
            await mine.GotoAsync(url);

            await lead.GetByLabel("Note", new() { Exact = true }).FillAsync("The lead tightened this note.");
            await lead.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
            await Assertions.Expect(lead.Locator("[data-testid=status-message]")).ToContainTextAsync("Note saved");

            await mine.GetByLabel("Note", new() { Exact = true }).FillAsync("My fuller version of this note, typed at the same time.");
            await mine.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

            await Assertions.Expect(mine.Locator("[data-testid=conflict-panel]")).ToBeVisibleAsync();
            await Assertions.Expect(mine.Locator("[data-testid=their-text]")).ToHaveTextAsync("The lead tightened this note.");
            await Assertions.Expect(mine.GetByLabel("Note", new() { Exact = true })).ToHaveValueAsync("My fuller version of this note, typed at the same time.");
            await browser.ScreenshotAsync(mine, "note-conflict", forDocs: true);
            Assert.Equal("The lead tightened this note.", (await browser.App.Notes.GetAsync("demo-id", "demo-id-plenary-2-12", Ct))!.Text);

            await mine.GetByRole(AriaRole.Button, new() { Name = "Save my version" }).ClickAsync();
            await Assertions.Expect(mine.Locator("[data-testid=status-message]")).ToContainTextAsync("Note saved");
            Assert.Equal("My fuller version of this note, typed at the same time.", (await browser.App.Notes.GetAsync("demo-id", "demo-id-plenary-2-12", Ct))!.Text);
            Assert.Empty(leadErrors);
            Assert.Empty(myErrors);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<SqliteBrowserFixture>
{
    public const string Name = "Browser";
}

public sealed class SqliteBrowserFixture() : BrowserFixture(new AppFactory());

/// <summary>The same browser against the app on Cosmos DB.</summary>
public sealed class CosmosBrowserFixture(CosmosServer server) : BrowserFixture(new CosmosAppFactory(server));

[CollectionDefinition(Name)]
public sealed class CosmosBrowserTests : ICollectionFixture<CosmosBrowserFixture>
{
    public const string Name = "Browser on Cosmos";
}

[Collection(BrowserTests.Name)]
public sealed class SmokeTestsOnSqlite(SqliteBrowserFixture browser) : SmokeTests(browser);

[Collection(CosmosBrowserTests.Name)]
[Trait("Store", "Cosmos")]
public sealed class SmokeTestsOnCosmos(CosmosBrowserFixture browser) : SmokeTests(browser);
