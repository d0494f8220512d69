using System.Text.Json;
using Consultations.Testing;
using Microsoft.Playwright;

namespace Consultations.Browser.Tests;

/// <summary>One axe-core rule that failed on a page: its id, impact, help text and the elements that failed it.</summary>
public sealed record AxeViolation(string Id, string Impact, string Help, string HelpUrl, IReadOnlyList<string> Targets, string FirstFailure)
{
    public bool IsSeriousOrWorse => Impact is "serious" or "critical";

    /// <summary>One line for a failure message: id, impact, help and the first few failing selectors.</summary>
    public string Describe(int targets = 3) =>
        $"{Id} ({Impact}): {Help} — {Targets.Count} element(s): {string.Join(" | ", Targets.Take(targets))}"
        + (Targets.Count > targets ? " | …" : string.Empty)
        + (FirstFailure.Length > 0 ? $" — first: {FirstFailure.ReplaceLineEndings(" ")}" : string.Empty);
}

/// <summary>
/// Runs axe-core (tests/npm/node_modules/axe-core, pinned in package-lock.json) on a Playwright page against
/// WCAG 2.0 and 2.1, levels A and AA.
/// </summary>
/// <remarks>
/// The app's CSP is <c>script-src 'self'</c>, so a page cannot be handed the script as an inline tag
/// (<c>AddScriptTagAsync(Content = …)</c> is refused by the policy). Playwright's evaluate goes through the DevTools
/// protocol, which the page's CSP does not govern, so axe is evaluated that way; the page's own policy stays in force.
/// </remarks>
public static class Axe
{
    /// <summary>The rule tags checked: WCAG 2.0 and 2.1, levels A and AA.</summary>
    public static IReadOnlyList<string> Tags { get; } = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private static readonly SemaphoreSlim Gate = new(1, 1);

    private static string? _source;

    /// <summary>axe's own advice beyond WCAG (landmarks, heading order, …): reported by the tests, not failed.</summary>
    public static IReadOnlyList<string> BestPractice { get; } = ["best-practice"];

    /// <summary>
    /// The violations on the page as it is now, of the rules with <paramref name="tags"/> (default <see cref="Tags"/>).
    /// <paramref name="exclude"/> lists CSS selectors that axe leaves out entirely; use it only for a genuine false
    /// positive, with a comment saying why.
    /// </summary>
    public static async Task<IReadOnlyList<AxeViolation>> RunAsync(IPage page, IReadOnlyList<string>? tags = null, IReadOnlyList<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            // A plain expression, not a function: it defines window.axe. The trailing value keeps the result serialisable.
            await page.EvaluateAsync(await SourceAsync() + "\n;true");
        }

        var results = await page.EvaluateAsync<JsonElement>(
            """
            async ([tags, exclude]) => {
              const context = exclude.length > 0 ? { include: [document], exclude: exclude.map(s => [s]) } : document;
              const results = await axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
              return results.violations.map(v => ({
                id: v.id,
                impact: v.impact ?? 'unknown',
                help: v.help,
                helpUrl: v.helpUrl,
                targets: v.nodes.map(n => n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : String(t)).join(' ')),
                firstFailure: v.nodes.length > 0 ? (v.nodes[0].failureSummary ?? '') : '',
              }));
            }
            """,
            new object[] { tags ?? Tags, exclude ?? [] });

        return
        [
            .. results.EnumerateArray().Select(v => new AxeViolation(
                v.GetProperty("id").GetString()!,
                v.GetProperty("impact").GetString()!,
                v.GetProperty("help").GetString()!,
                v.GetProperty("helpUrl").GetString()!,
                [.. v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()!)],
                v.GetProperty("firstFailure").GetString()!)),
        ];
    }

    private static async Task<string> SourceAsync()
    {
        if (_source is { } cached)
        {
            return cached;
        }

        await Gate.WaitAsync();
        try
        {
            await TestNpm.EnsureInstalledAsync();
            return _source ??= await File.ReadAllTextAsync(TestNpm.PathOf("axe-core", "axe.min.js"));
        }
        finally
        {
            Gate.Release();
        }
    }
}
