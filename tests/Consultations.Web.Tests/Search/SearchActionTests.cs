using System.Globalization;
using System.Net;
using Consultations.Core.Audit;
using Consultations.Core.Demo;
using Consultations.Core.Storage;
using Consultations.Testing.Web;
using Consultations.Web.Briefs.Exports;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static Consultations.Web.Tests.Search.SearchTestSupport;

namespace Consultations.Web.Tests.Search;

/// <summary>
/// What people do from the search page: download the results (CSV and XLSX, formula-neutralised, the masked reader text,
/// audited, rate-limited) and keep searches (save, rename, delete, "new since last visit", private to each user).
/// Notes are added and published through the app, as a facilitator would, so the index follows the app's own writes.
/// </summary>
public abstract class SearchActionTests(AppFactory app)
{
    private const string Ph = "/programmes/demo/consultations/demo-ph";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_csv_and_xlsx_downloads_hold_every_page_of_reader_results_as_readers_see_them()
    {
        var visible = await VisibleAsync(app, DemoPersonas.Researcher.Id, browses: true);
        using var client = await app.SignedInClientAsync(DemoPersonas.Researcher.Id);
        var page = await SearchAsync(client, string.Empty);
        Assert.True(Total(page) > 20, "the export should span several pages");

        var csv = await CsvRowsAsync(client, Url(string.Empty, "&handler=csv"));

        Assert.Equal(SearchExport.Columns, csv[0]);
        Assert.Equal(Math.Min(visible.Count, Pages.Search.IndexModel.MaxExportRows), csv.Count - 1);
        var byText = visible.ToDictionary(v => v.Note.Id, v => v.Text, StringComparer.Ordinal);
        foreach (var row in csv.Skip(1))
        {
            var id = row[^1][(row[^1].IndexOf("#note-", StringComparison.Ordinal) + "#note-".Length)..];
            Assert.Equal(byText[id], row[6]);
        }

        using var xlsx = await DownloadAsync(client, Url("ISO 27001 -NIST", "&handler=xlsx"));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct)), false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet!;
        Assert.Empty(sheet.Descendants<CellFormula>());
        var expected = visible.Count(v => { var w = Words(v.Text); return Has(w, "iso") && Has(w, "27001") && !Has(w, "nist"); });
        Assert.Equal(expected + 1, sheet.Descendants<Row>().Count());

        var audit = await app.Services.GetRequiredService<IAuditStore>().ReadAllAsync(new AuditQuery { Action = AuditAction.SearchExported }, Ct).ToListAsync(Ct);
        Assert.Contains(audit, e => e.ActorId == DemoPersonas.Researcher.Id && e.Detail.StartsWith("CSV export:", StringComparison.Ordinal));
        Assert.All(audit, e => Assert.DoesNotContain("27001", e.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_note_that_starts_like_a_formula_is_neutralised_in_both_downloads()
    {
        using var lead = await app.SignedInClientAsync(DemoPersonas.LeadFacilitator.Id);
        await PublishAsync(lead, "=HYPERLINK(\"http://example.org\",\"quokkaformula\") was typed into the chat by a delegate.");
        using var client = await app.SignedInClientAsync(DemoPersonas.Researcher.Id);
        await UntilAsync(async () => Total(await SearchAsync(client, "quokkaformula")) == 1);

        var csv = await CsvRowsAsync(client, Url("quokkaformula", "&handler=csv"));
        using var xlsx = await DownloadAsync(client, Url("quokkaformula", "&handler=xlsx"));
        using var document = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct)), false);
        var cells = document.WorkbookPart!.WorksheetParts.Single().Worksheet!.Descendants<Cell>().Select(c => c.InnerText).ToList();

        Assert.StartsWith("'=HYPERLINK(", csv[1][6], StringComparison.Ordinal);
        Assert.Contains(cells, c => c.StartsWith("'=HYPERLINK(", StringComparison.Ordinal));
        Assert.DoesNotContain(cells, c => c.StartsWith("=HYPERLINK(", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_saved_search_counts_what_is_new_since_its_last_visit_and_can_be_renamed_and_deleted()
    {
        using var client = await app.SignedInClientAsync(DemoPersonas.Researcher.Id);
        var empty = await SearchAsync(client, "quokkasaved", "&country=PH");
        Assert.Equal(0, Total(empty));
        Assert.NotNull(empty.Document.QuerySelector("[data-testid=no-results]"));

        // A blank name is refused with a message; a name keeps the search.
        var refused = await client.SubmitAsync(empty, "form[data-testid=save-search-form]", [new("Input.Name", "  ")]);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("Give the search a name.", refused.Document.QuerySelector("[data-testid=validation-summary]")!.TextContent, StringComparison.Ordinal);
        var saved = await client.FollowAsync(await client.SubmitAsync(empty, "form[data-testid=save-search-form]", [new("Input.Name", "Quokka watch")]));
        Assert.Contains("Saved this search as “Quokka watch”", saved.Document.QuerySelector("[data-testid=status-message]")!.TextContent, StringComparison.Ordinal);
        var item = saved.Document.QuerySelectorAll("[data-testid=saved-search]").Single(i => i.TextContent.Contains("Quokka watch", StringComparison.Ordinal));
        Assert.NotNull(item.QuerySelector("[data-testid=saved-new-none]"));
        var open = item.QuerySelector("[data-testid=saved-link]")!.GetAttribute("href")!;
        Assert.Contains("country=PH", open, StringComparison.Ordinal);

        // A facilitator publishes a matching note: the saved search says so on the next visit to any search.
        using var lead = await app.SignedInClientAsync(DemoPersonas.LeadFacilitator.Id);
        await PublishAsync(lead, "Delegates compared the quokkasaved directory with their national contact lists.");
        await UntilAsync(async () => (await SavedItemAsync(client, "Quokka watch")).QuerySelector("[data-testid=saved-new]")?.TextContent.Trim() == "1 new");

        // Opening it shows the note and starts a new visit.
        var opened = await client.GetOkAsync(open);
        Assert.Equal(1, Total(opened));
        Assert.Equal("true", opened.Document.QuerySelector("[data-testid=saved-search] [aria-current=true]")?.GetAttribute("aria-current"));
        Assert.NotNull((await SavedItemAsync(client, "Quokka watch")).QuerySelector("[data-testid=saved-new-none]"));

        // Renaming; a second window still holding the old version is told, not obeyed.
        var before = await SearchAsync(client, string.Empty);
        var renamed = await client.FollowAsync(await client.SubmitAsync(before, $"form[data-testid=rename-form]:has(input[value='{item.GetAttribute("data-id")}'])", [new("Input.Name", "Quokkas in the Philippines")]));
        Assert.Contains("Renamed the saved search to “Quokkas in the Philippines”", renamed.MainText, StringComparison.Ordinal);
        var stale = await client.FollowAsync(await client.SubmitAsync(before, $"form[data-testid=delete-form]:has(input[value='{item.GetAttribute("data-id")}'])"));
        Assert.Contains("changed or deleted in another window", stale.MainText, StringComparison.Ordinal);
        Assert.NotNull(await SavedItemAsync(client, "Quokkas in the Philippines"));

        var deleted = await client.FollowAsync(await client.SubmitAsync(stale, $"form[data-testid=delete-form]:has(input[value='{item.GetAttribute("data-id")}'])"));
        Assert.Contains("Deleted the saved search “Quokkas in the Philippines”", deleted.MainText, StringComparison.Ordinal);
        Assert.DoesNotContain(deleted.Document.QuerySelectorAll("[data-testid=saved-search]"), i => i.GetAttribute("data-id") == item.GetAttribute("data-id"));
    }

    [Fact]
    public async Task Saved_searches_are_private_to_their_owner()
    {
        using var owner = await app.SignedInClientAsync(DemoPersonas.Administrator.Id);
        var page = await SearchAsync(owner, "incident");
        var saved = await owner.FollowAsync(await owner.SubmitAsync(page, "form[data-testid=save-search-form]", [new("Input.Name", "The administrator's own")]));
        var id = saved.Document.QuerySelectorAll("[data-testid=saved-search]").Single(i => i.TextContent.Contains("The administrator's own", StringComparison.Ordinal)).GetAttribute("data-id")!;
        var etag = saved.Document.QuerySelector($"[data-testid=saved-search][data-id='{id}'] input[name='Input.ETag']")!.GetAttribute("value")!;

        using var other = await app.SignedInClientAsync(DemoPersonas.Reviewer.Id);
        var theirs = await SearchAsync(other, "incident");
        Assert.DoesNotContain("The administrator's own", theirs.MainText, StringComparison.Ordinal);
        var token = theirs.AntiforgeryToken;
        foreach (var handler in new[] { "Rename", "Delete" })
        {
            var answer = await other.PostAsync($"/search?programme=demo&handler={handler}", [new("__RequestVerificationToken", token), new("Input.Id", id), new("Input.ETag", etag), new("Input.Name", "Taken over")]);
            Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        }

        Assert.NotNull(await app.Services.GetRequiredService<ISavedSearchStore>().GetAsync(DemoPersonas.Administrator.Id, id, Ct));
        Assert.Equal("The administrator's own", (await app.Services.GetRequiredService<ISavedSearchStore>().GetAsync(DemoPersonas.Administrator.Id, id, Ct))!.Name);
    }

    private static async Task<AngleSharp.Dom.IElement> SavedItemAsync(HtmlClient client, string name)
    {
        var page = await SearchAsync(client, string.Empty);
        return page.Document.QuerySelectorAll("[data-testid=saved-search]").Single(i => i.QuerySelector("[data-testid=saved-link]")!.TextContent.Trim() == name);
    }

    /// <summary>Adds a note to a Chatham House session of the Philippines and publishes it, through the pages.</summary>
    private static async Task PublishAsync(HtmlClient lead, string text)
    {
        var url = $"{Ph}/sessions/plenary-2";
        var added = await lead.SubmitAsync(await lead.GetOkAsync(url), "form[data-testid=add-note-form]", [new("Input.Text", text)]);
        Assert.True(added.Location?.Contains("#note-", StringComparison.Ordinal) == true, $"adding a note answered {(int)added.Status} {added.Location}");
        var id = added.Location![(added.Location.IndexOf("#note-", StringComparison.Ordinal) + "#note-".Length)..];
        foreach (var handler in new[] { "Submit", "Publish" })
        {
            var answer = await lead.SubmitAsync(await lead.GetOkAsync($"{Ph}/notes/{id}/edit"), $"form[action$='handler={handler}']");
            Assert.True(answer.Status == HttpStatusCode.Redirect, $"{handler} answered {(int)answer.Status}");
        }
    }

    /// <summary>Waits for the index to show a change (searchable within a second of the write on this instance).</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail("the change never reached the search results");
    }

    private static async Task<List<string[]>> CsvRowsAsync(HtmlClient client, string url)
    {
        using var response = await DownloadAsync(client, url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        using var reader = CsvReader.Create(bytes, CsvReaderOptions.Default);
        var rows = new List<string[]>();
        rows.Add([.. reader.Headers]);
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }

        return rows;
    }
}

public sealed class SearchActionTestsOnSqlite(AppFactory app) : SearchActionTests(app), IClassFixture<AppFactory>;

[Trait("Store", "Cosmos")]
public sealed class SearchActionTestsOnCosmos(CosmosAppFactory app) : SearchActionTests(app), IClassFixture<CosmosAppFactory>;

/// <summary>Search downloads count against the export limit per user; the page itself does not.</summary>
public sealed class SearchExportLimitTests(SearchExportLimitTests.TightApp app) : IClassFixture<SearchExportLimitTests.TightApp>
{
    [Fact]
    public async Task Downloads_are_limited_per_user_but_searching_is_not()
    {
        using var client = await app.SignedInClientAsync(DemoPersonas.Researcher.Id);
        await SearchAsync(client, "standards");
        for (var i = 0; i < TightApp.Exports; i++)
        {
            using var ok = await DownloadAsync(client, Url("standards", i % 2 == 0 ? "&handler=csv" : "&handler=xlsx"));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await DownloadAsync(client, Url("standards", "&handler=csv"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url("standards"))).Status);
    }

    public sealed class TightApp : AppFactory
    {
        public const int Exports = 2;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Security:ExportsPerMinute", Exports.ToString(CultureInfo.InvariantCulture));
        }
    }
}
