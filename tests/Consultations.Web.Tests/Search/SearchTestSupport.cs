using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Core.Text;
using Consultations.Infrastructure.Guard;
using Consultations.Testing.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Consultations.Web.Tests.Search;

/// <summary>What a note says to a searcher, and where.</summary>
internal sealed record Visible(Note Note, Consultation Consultation, string Text, bool Full);

/// <summary>
/// Helpers for the search page tests: reading the page (hits, totals, facet counts, notices), pressing GET forms the
/// way a browser does, and an oracle that says, from the stores and the reader gate alone, which notes a persona may
/// find and what text of each they search.
/// </summary>
internal static partial class SearchTestSupport
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string Url(string query, string extra = "") => $"/search?programme=demo&q={Uri.EscapeDataString(query)}{extra}";

    /// <summary>The results page once the index is complete (the app builds it at start).</summary>
    public static async Task<Page> SearchAsync(HtmlClient client, string query, string extra = "")
    {
        for (var attempt = 0; ; attempt++)
        {
            var page = await client.GetOkAsync(Url(query, extra));
            if (!Notices(page).Any(n => n.Contains("being built", StringComparison.Ordinal)) || attempt >= 240)
            {
                return page;
            }

            await Task.Delay(250, Ct);
        }
    }

    /// <summary>A GET form submitted as a browser would: its fields (overridden by <paramref name="values"/>) in the query string of its action.</summary>
    public static async Task<Page> SubmitGetAsync(HtmlClient client, Page page, string formSelector, IEnumerable<KeyValuePair<string, string>> values)
    {
        var form = page.Document.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No form '{formSelector}' on {page.Url}.");
        var submission = HtmlClient.BrowserSubmissions(page, form)[0];
        Assert.Equal("GET", submission.Method);
        var fields = submission.Fields.ToList();
        foreach (var group in values.GroupBy(v => v.Key))
        {
            fields.RemoveAll(f => f.Key == group.Key);
            fields.AddRange(group);
        }

        return await client.SubmitAsync(submission with { Fields = fields });
    }

    public static List<string> HitIds(Page page) =>
        [.. page.Document.QuerySelectorAll("[data-testid=hit]").Select(h => h.GetAttribute("data-id")!)];

    public static int Total(Page page)
    {
        var heading = page.Document.QuerySelector("[data-testid=result-count]")?.TextContent ?? throw new InvalidOperationException($"No result count on {page.Url}: {page.MainText[..Math.Min(400, page.MainText.Length)]}");
        return int.Parse(Leading().Match(heading).Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }

    public static Dictionary<string, int> FacetCounts(Page page, string key) =>
        page.Document.QuerySelectorAll($"[data-testid=facet-{key}] [data-testid=facet-value]").ToDictionary(
            a => a.GetAttribute("data-value")!,
            a => int.Parse(Leading().Match(a.QuerySelector("[data-testid=facet-count]")!.TextContent).Value, CultureInfo.InvariantCulture),
            StringComparer.Ordinal);

    public static List<string> Notices(Page page) => [.. page.Document.QuerySelectorAll("[data-testid=search-notice]").Select(n => n.TextContent.Trim())];

    /// <summary>Every hit over every page, following the Next links.</summary>
    public static async Task<List<IElement>> AllHitsAsync(HtmlClient client, Page first)
    {
        var hits = first.Document.QuerySelectorAll("[data-testid=hit]").ToList();
        var page = first;
        while (page.Document.QuerySelector("[data-testid=next-page]")?.GetAttribute("href") is { } next)
        {
            page = await client.GetOkAsync(next);
            hits.AddRange(page.Document.QuerySelectorAll("[data-testid=hit]"));
        }

        return hits;
    }

    /// <summary>
    /// Every note <paramref name="persona"/> may find, from the stores: in consultations they facilitate every note as
    /// written; elsewhere (for those who browse the repository) published notes outside off-the-record sessions that the
    /// reader gate hands out, as their masked reader text. Funders find no note.
    /// </summary>
    public static async Task<List<Visible>> VisibleAsync(AppFactory app, string persona, bool browses)
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var guards = app.Services.GetRequiredService<ConsultationGuards>();
        var visible = new List<Visible>();
        foreach (var consultation in await app.Consultations.ListByProgrammeAsync("demo", Ct))
        {
            var all = await app.Notes.ReadAllAsync(consultation.Id, new NoteQuery(), Ct).ToListAsync(Ct);
            if (consultation.IsFacilitator(persona))
            {
                visible.AddRange(all.Select(n => new Visible(n, consultation, n.Text, true)));
                continue;
            }

            if (!browses)
            {
                continue;
            }

            var readable = all.Where(n => n.Status == NoteStatus.Published && consultation.FindSession(n.SessionId)?.DisclosureRule is DisclosureRule.OnTheRecord or DisclosureRule.ChathamHouse);
            var guard = await guards.ForAsync(programme, consultation.Id, Ct);
            visible.AddRange(ReaderGate.Filter(readable, guard, NullLogger.Instance).Shown.Select(n => new Visible(n, consultation, n.Text, false)));
        }

        return visible;
    }

    /// <summary>The words of a text as search compares them: case, accents and đ folded, split at anything not a letter or digit.</summary>
    public static List<string> Words(string text) =>
        [.. NonWord().Split(TextFolding.FoldDiacritics(text.Replace('đ', 'd').Replace('Đ', 'D')).ToLowerInvariant()).Where(w => w.Length > 0)];

    /// <summary>A word as the English stemmer also finds it: "ha" in "has".</summary>
    public static bool Has(IReadOnlyCollection<string> words, string word) => words.Contains(word) || words.Contains(word + "s");

    public static bool HasPhrase(IReadOnlyList<string> words, params string[] phrase) =>
        Enumerable.Range(0, Math.Max(0, words.Count - phrase.Length + 1)).Any(i => phrase.Select((w, j) => words[i + j] == w).All(x => x));

    public static async Task<HttpResponseMessage> DownloadAsync(HtmlClient client, string url) => await client.Http.GetAsync(url, Ct);

    /// <summary>A response text without what the person typed (a refusal page may repeat the address).</summary>
    public static string Without(string text, string typed) =>
        typed.Length == 0 ? text : text.Replace(typed, string.Empty, StringComparison.Ordinal).Replace(Uri.EscapeDataString(typed), string.Empty, StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*[\d,]+")]
    private static partial Regex Leading();

    [GeneratedRegex(@"[^\p{L}\p{Nd}]+")]
    private static partial Regex NonWord();
}
