using Consultations.Core.Domain;
using Consultations.Testing;
using Microsoft.Playwright;

namespace Consultations.Browser.Tests;

/// <summary>
/// Script-like naughty strings stored as published notes, opened in real Chromium by a facilitator and a researcher:
/// no dialog ever opens and nothing they contain runs (window.__xss stays undefined). Own app, so other browser tests keep their data.
/// </summary>
public sealed class NaughtyStringBrowserTests(SqliteBrowserFixture browser) : IClassFixture<SqliteBrowserFixture>
{
    private const string Ph = "/programmes/demo/consultations/demo-ph";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Script_like_notes_never_run_for_facilitators_or_researchers()
    {
        var app = browser.App;
        var strings = await NaughtyStrings.ScriptLikeAsync();
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var consultation = (await app.Consultations.GetAsync("demo", "demo-ph", Ct))!;
        var session = consultation.FindSession("plenary-1")!;
        var by = new UserRef("demo-lead", "Lead");
        foreach (var s in strings)
        {
            var note = await app.Notes.CreateAsync(Note.Create(programme, consultation, session, new NoteContent(s, NoteKind.Finding, null, ["inclusion"], []).Normalised(), new UserRef("demo-facilitator", "Sam Okafor"), DateTimeOffset.UtcNow), Ct);
            note.Submit(by, DateTimeOffset.UtcNow);
            note.Publish(session, by, DateTimeOffset.UtcNow);
            await app.Notes.UpdateAsync(note, Ct);
        }

        foreach (var persona in new[] { "demo-facilitator", "demo-researcher" })
        {
            var (context, page, _) = await browser.NewPageAsync();
            await using (context)
            {
                var dialogs = new List<string>();
                page.Dialog += async (_, dialog) =>
                {
                    dialogs.Add($"{dialog.Type}: {dialog.Message}");
                    await dialog.DismissAsync();
                };
                await BrowserFixture.SignInAsync(page, persona);
                foreach (var url in new[] { $"{Ph}/sessions/plenary-1", Ph, $"{Ph}?kind=Finding" })
                {
                    await page.GotoAsync(url);
                    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                    Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__xss === 'undefined'"), $"window.__xss was set on {url} as {persona}");
                    Assert.True(dialogs.Count == 0, $"dialogs on {url} as {persona}: {string.Join(" | ", dialogs)}");
                }

                // The strings are on the page as text, so the absence of effects above means they were inert, not missing.
                await page.GotoAsync($"{Ph}/sessions/plenary-1");
                await Assertions.Expect(page.Locator(".note-text").Filter(new() { HasText = "onerror=\"window.__xss=1\"" }).First).ToBeVisibleAsync();
            }
        }
    }
}
