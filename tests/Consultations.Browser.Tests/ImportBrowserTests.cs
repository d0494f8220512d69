using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Consultations.Testing;
using Consultations.Testing.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

namespace Consultations.Browser.Tests;

/// <summary>
/// Importing notes from a file in real Chromium, as Sam (a facilitator of the Philippines consultation): the Word
/// example previewed from the consultation page with the guard's mark, two rows fixed and saved, imported as drafts,
/// and the same file again adding nothing; every button and link of the import pages pressed; a 10,000-row file
/// followed through the progress page to its preview; each page axe-clean. An app of its own: the imports add drafts
/// that the shared browser app's pages (and their docs screenshots) should not depend on.
/// </summary>
[Collection(ImportBrowserTestsOnTheirOwnApp.Name)]
public sealed class ImportBrowserTests(ImportBrowserFixture browser) : IDisposable
{
    private const string Ph = "/programmes/demo/consultations/demo-ph";

    private readonly TempDirectory _files = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Example(string name) => Path.Combine(TestPaths.RepositoryRoot, "docs", "examples", name);

    [Fact]
    public async Task Sam_previews_the_word_example_fixes_two_rows_imports_drafts_and_the_same_file_again_adds_nothing()
    {
        var before = await NoteCountAsync();
        var (context, page, errors) = await browser.NewPageAsync(height: 1600);
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-facilitator");
            await page.GotoAsync(Ph);
            await PreviewFromConsultationPageAsync(page, Example("plenary-notes.docx"));

            // Every paragraph is a row, and the guard marks the organisation in the one that names it.
            await Assertions.Expect(Rows(page)).ToHaveCountAsync(14);
            await Assertions.Expect(page.GetByTestId("import-summary")).ToContainTextAsync("has 14 proposed notes");
            var mark = page.Locator("[data-testid=import-preview] mark.guard-mark");
            await Assertions.Expect(mark).ToHaveCountAsync(1);
            await Assertions.Expect(mark).ToHaveTextAsync("Luzon Digital Telecom Corporation");
            await Assertions.Expect(Row(page, 8).Locator("mark.guard-mark")).ToHaveCountAsync(1);
            await Assertions.Expect(Row(page, 8).GetByTestId("row-findings")).ToContainTextAsync("Luzon Digital Telecom Corporation");
            await Assertions.Expect(Row(page, 4).Locator("select[name$='.Kind']")).ToHaveValueAsync("Finding");
            await Assertions.Expect(Row(page, 8).Locator("select[name$='.SessionId']")).ToHaveValueAsync("plenary-2");

            // Two fixes: overlapping checklists are a challenge; the telecoms reporting belongs to the information-sharing plenary.
            await Row(page, 4).Locator("select[name$='.Kind']").SelectOptionAsync("Challenge");
            await Row(page, 8).Locator("select[name$='.SessionId']").SelectOptionAsync("plenary-3");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save changes on this page" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("status-message")).ToContainTextAsync("Your changes to the rows are saved");
            await Assertions.Expect(Row(page, 4).Locator("select[name$='.Kind']")).ToHaveValueAsync("Challenge");
            await Assertions.Expect(Row(page, 8).Locator("select[name$='.SessionId']")).ToHaveValueAsync("plenary-3");
            await Assertions.Expect(Row(page, 5).Locator("select[name$='.Kind']")).ToHaveValueAsync("Finding");
            Assert.Equal(before, await NoteCountAsync());
            await CheckAsync(page, "import-preview", forDocs: true);

            await page.GetByRole(AriaRole.Button, new() { Name = "Import 14 notes as drafts" }).ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == Ph);
            await Assertions.Expect(page.GetByTestId("status-message")).ToHaveTextAsync("Imported 14 notes from plenary-notes.docx as drafts.");
            var imported = await NoteCountAsync();
            Assert.Equal(before + 14, imported);

            // The same file again: every row is already here, the button says 0, and pressing it adds nothing.
            await PreviewFromConsultationPageAsync(page, Example("plenary-notes.docx"));
            await Assertions.Expect(Rows(page)).ToHaveCountAsync(14);
            await Assertions.Expect(page.Locator("[data-testid=import-preview] [data-testid=already-there]")).ToHaveCountAsync(14);
            await Assertions.Expect(page.GetByTestId("will-import")).ToHaveTextAsync("0 will be imported as drafts");
            await page.GetByRole(AriaRole.Button, new() { Name = "Import 0 notes as drafts" }).ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == Ph);
            await Assertions.Expect(page.GetByTestId("status-message")).ToContainTextAsync("Imported 0 notes from plenary-notes.docx as drafts. 14 were already in this consultation");
            Assert.Equal(imported, await NoteCountAsync());
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task Every_button_and_link_of_the_import_pages_works_in_the_browser_and_the_pages_are_accessible()
    {
        var before = await NoteCountAsync();
        var (context, page, errors) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-facilitator");
            await page.GotoAsync($"{Ph}/import");
            await CheckAsync(page, "import-new");

            // The spreadsheet example: one row names a participant, one names a group the programme does not have.
            await PreviewAsync(page, "[data-testid=import-form]", Example("findings.csv"));
            await Assertions.Expect(Rows(page)).ToHaveCountAsync(12);
            await Assertions.Expect(Row(page, 7).Locator("mark.guard-mark")).ToHaveTextAsync("Jerome Lacson");
            await Assertions.Expect(Row(page, 12).GetByTestId("row-problems")).ToContainTextAsync("“Youth groups” is not a stakeholder group");
            await Assertions.Expect(page.GetByTestId("import-summary")).ToContainTextAsync("1 need a fix or must be unticked first");
            await CheckAsync(page, "import-findings-and-problems");

            // The row with the problem on its own, with the form that fixes many rows open.
            await ShowAsync(page, "With problems", 1);
            await page.GetByTestId("bulk-fix").Locator("summary").ClickAsync();
            await Assertions.Expect(page.GetByTestId("bulk-form")).ToBeVisibleAsync();
            await CheckAsync(page, "import-problems", forDocs: true);

            // Apply in the bulk form: untick the rows with problems.
            await page.GetByTestId("bulk-form").GetByLabel("Rows", new() { Exact = true }).SelectOptionAsync("problems");
            await page.GetByTestId("bulk-form").GetByLabel("Import", new() { Exact = true }).SelectOptionAsync("untick");
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("status-message")).ToHaveTextAsync("Changed 1 row. Nothing is imported until you press Import.");
            await ShowAsync(page, "Unticked", 1);
            await Assertions.Expect(Row(page, 12).GetByRole(AriaRole.Checkbox)).Not.ToBeCheckedAsync();
            await ShowAsync(page, "All rows", 12);
            await Assertions.Expect(Row(page, 11).GetByRole(AriaRole.Checkbox)).ToBeCheckedAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Import 11 notes as drafts" })).ToBeVisibleAsync();

            // Choose another file: back to the import page, with a file long enough for three pages of rows.
            await page.GetByRole(AriaRole.Link, new() { Name = "Choose another file" }).ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"{Ph}/import");
            var existing = (await browser.App.Notes.ListBySessionAsync("demo-ph", "plenary-1", Ct)).First(n => n.Status == Core.Domain.NoteStatus.Published).Text;
            await PreviewAsync(page, "[data-testid=import-form]", await GeneratedCsvAsync("three-pages.csv", 250, existing));
            await Assertions.Expect(page.Locator("[data-testid=import-preview] caption")).ToContainTextAsync("Proposed notes 1–100 of 250 here (page 1 of 3)");

            // The pager: each page link shows its hundred rows.
            foreach (var (number, first, last) in new[] { (2, 101, 200), (3, 201, 250), (1, 1, 100) })
            {
                await page.GetByTestId("import-pages").GetByRole(AriaRole.Link, new() { Name = number.ToString(CultureInfo.InvariantCulture), Exact = true }).ClickAsync();
                await Assertions.Expect(page.Locator("[data-testid=import-preview] caption")).ToContainTextAsync($"Proposed notes {first:N0}–{last:N0} of 250 here (page {number} of 3)");
                await Assertions.Expect(Rows(page)).ToHaveCountAsync(last - first + 1);
                await Assertions.Expect(Rows(page).First).ToHaveAttributeAsync("data-row", first.ToString(CultureInfo.InvariantCulture));
            }

            // The view pills: each shows as many rows as it says, and only those rows.
            var expected = new Dictionary<string, int> { ["All rows"] = 250, ["With problems"] = 2, ["With possible identifiers"] = 3, ["Already here"] = 1, ["Unticked"] = 0 };
            foreach (var (label, count) in expected)
            {
                await ShowAsync(page, label, count);
            }

            await ShowAsync(page, "With problems", 2);
            await Assertions.Expect(page.Locator("[data-testid=import-preview] [data-testid=row-problems]")).ToHaveCountAsync(2);
            await ShowAsync(page, "With possible identifiers", 3);
            await Assertions.Expect(page.Locator("[data-testid=import-preview] tr[data-row]:not(:has(mark.guard-mark))")).ToHaveCountAsync(0);
            await ShowAsync(page, "Already here", 1);
            await Assertions.Expect(Rows(page).GetByTestId("already-there")).ToHaveCountAsync(1);

            // Apply for all rows from another view: one group for every row, and the problem rows have none left.
            await ShowAsync(page, "All rows", 250);
            await page.GetByTestId("bulk-fix").Locator("summary").ClickAsync();
            await page.GetByTestId("bulk-form").GetByLabel("Stakeholder group").SelectOptionAsync("cert");
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("status-message")).ToHaveTextAsync("Changed 249 rows. Nothing is imported until you press Import.");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "With problems (0)" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Import 249 notes as drafts" })).ToBeVisibleAsync();
            await Assertions.Expect(Row(page, 50).Locator("select[name$='.Group']")).ToHaveValueAsync("cert");

            // Cancel: back to the consultation, and nothing of either file was saved.
            await page.GetByRole(AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == Ph);
            await Assertions.Expect(page.GetByTestId("import-notes")).ToBeVisibleAsync();
            Assert.Equal(before, await NoteCountAsync());
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task A_ten_thousand_row_file_is_followed_through_the_progress_page_to_its_preview()
    {
        var file = await GeneratedCsvAsync("ten-thousand.csv", 10_000);
        var (context, page, errors) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-facilitator");
            await page.GotoAsync($"{Ph}/import");
            await page.GetByTestId("import-form").Locator("input[type=file]").SetInputFilesAsync(file);
            var loads = CountLoadsOfThePreview(page);
            var clock = Stopwatch.StartNew();
            await page.GetByTestId("import-form").GetByRole(AriaRole.Button, new() { Name = "Preview the notes" }).ClickAsync();
            await page.WaitForURLAsync(PreviewAddress());

            // This app hands over at once, so the progress page comes unless the reading beat the redirect.
            var progress = page.GetByTestId("import-progress");
            var caught = await progress.IsVisibleAsync();
            if (caught)
            {
                await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Reading and checking the file");
                await Assertions.Expect(progress.Locator("progress")).ToBeVisibleAsync();
                caught = await WhileHeldAsync(page, () => CheckAsync(page, "import-progress", forDocs: true));
            }

            await Assertions.Expect(page.GetByTestId("import-preview")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            var took = clock.Elapsed;
            Assert.True(took < TimeSpan.FromSeconds(60), $"the preview took {took.TotalSeconds:N1} s");
            await Assertions.Expect(page.GetByTestId("import-summary")).ToContainTextAsync("has 10,000 proposed notes");

            // The script followed the work in place: the page was loaded at most twice, as the progress page and as the preview.
            Assert.True(loads.Count <= 2, $"the page was loaded {loads.Count} times: it reloaded itself instead of following the work in place");
            await Assertions.Expect(page.GetByTestId("will-import")).ToHaveTextAsync("10,000 will be imported as drafts");
            await Assertions.Expect(Rows(page)).ToHaveCountAsync(100);
            await Assertions.Expect(page.Locator("[data-testid=import-preview] caption")).ToContainTextAsync("of 10,000 here (page 1 of 100)");
            TestContext.Current.SendDiagnosticMessage($"10,000 rows: preview after {took.TotalSeconds:N1} s, progress page {(caught ? "shown and checked" : "not shown")}");
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task Without_script_the_progress_page_refreshes_itself_until_the_preview()
    {
        var file = await GeneratedCsvAsync("no-script.csv", 10_000);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseUrl,
            JavaScriptEnabled = false,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(90_000);
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "demo-facilitator");
        await page.GotoAsync($"{Ph}/import");
        await page.GetByTestId("import-form").Locator("input[type=file]").SetInputFilesAsync(file);
        var loads = CountLoadsOfThePreview(page);
        await page.GetByTestId("import-form").GetByRole(AriaRole.Button, new() { Name = "Preview the notes" }).ClickAsync();
        await page.WaitForURLAsync(PreviewAddress());
        var caught = await page.GetByTestId("import-progress").IsVisibleAsync();

        // Nothing on the page runs, so only its own refresh can bring the preview.
        await Assertions.Expect(page.GetByTestId("import-preview")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("import-summary")).ToContainTextAsync("has 10,000 proposed notes");
        Assert.True(!caught || loads.Count >= 2, "the preview came without the progress page loading again");
        TestContext.Current.SendDiagnosticMessage($"Without script: progress page {(caught ? "shown" : "not shown")}, the page loaded {loads.Count} time(s)");
    }

    public void Dispose() => _files.Dispose();

    private static ILocator Rows(IPage page) => page.Locator("[data-testid=import-preview] tr[data-row]");

    private static ILocator Row(IPage page, int row) => page.Locator($"[data-testid=import-preview] tr[data-row='{row}']");

    /// <summary>Counts the documents loaded at the preview's address from now on (the progress page, its reloads, the preview).</summary>
    private static List<string> CountLoadsOfThePreview(IPage page)
    {
        var loads = new List<string>();
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame && PreviewAddress().IsMatch(frame.Url))
            {
                lock (loads)
                {
                    loads.Add(frame.Url);
                }
            }
        };
        return loads;
    }

    private static Regex PreviewAddress() => new($"{Regex.Escape(Ph)}/import/[A-Za-z0-9_-]+(\\?|$)");

    private static async Task PreviewFromConsultationPageAsync(IPage page, string file)
    {
        await page.GetByTestId("import-notes").Locator("summary").ClickAsync();
        await Assertions.Expect(page.GetByTestId("inline-import-form")).ToBeVisibleAsync();
        await PreviewAsync(page, "[data-testid=inline-import-form]", file);
    }

    /// <summary>Chooses the file in the form, presses "Preview the notes", and waits for the preview (through the progress page if it comes).</summary>
    private static async Task PreviewAsync(IPage page, string form, string file)
    {
        await page.Locator(form).Locator("input[type=file]").SetInputFilesAsync(file);
        await page.Locator(form).GetByRole(AriaRole.Button, new() { Name = "Preview the notes" }).ClickAsync();
        await page.WaitForURLAsync(PreviewAddress());
        await Assertions.Expect(page.GetByTestId("import-preview")).ToBeVisibleAsync(new() { Timeout = 60_000 });
    }

    /// <summary>Presses a view pill and checks it is the current one and shows as many rows as its label says.</summary>
    private static async Task ShowAsync(IPage page, string label, int count)
    {
        var pill = page.GetByTestId("import-views").GetByRole(AriaRole.Link, new() { Name = $"{label} ({count:N0})", Exact = true });
        await pill.ClickAsync();
        await Assertions.Expect(pill).ToHaveAttributeAsync("aria-current", "page");
        if (count == 0)
        {
            await Assertions.Expect(page.GetByTestId("no-rows")).ToBeVisibleAsync();
        }
        else
        {
            await Assertions.Expect(Rows(page)).ToHaveCountAsync(Math.Min(count, 100));
        }
    }

    /// <summary>
    /// Runs <paramref name="check"/> with the page's follow-up requests held, so the progress page cannot turn into the
    /// preview under axe; false when it had already gone (the work finished before the check began).
    /// </summary>
    private static async Task<bool> WhileHeldAsync(IPage page, Func<Task> check)
    {
        var address = page.Url;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(url => url == address, async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        try
        {
            if (!await page.GetByTestId("import-progress").IsVisibleAsync())
            {
                return false;
            }

            await check();
            return true;
        }
        finally
        {
            release.SetResult();
            await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.Wait });
        }
    }

    private async Task CheckAsync(IPage page, string name, bool forDocs = false)
    {
        var violations = await Axe.RunAsync(page);
        await browser.ScreenshotAsync(page, name, forDocs);
        foreach (var violation in violations)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(violation.Describe(targets: 10));
        }

        var serious = violations.Where(v => v.IsSeriousOrWorse).ToList();
        Assert.True(serious.Count == 0, $"{serious.Count} serious or critical accessibility violation(s) on {name}:\n" + string.Join("\n", serious.Select(v => "  - " + v.Describe())));
    }

    private async Task<int> NoteCountAsync() => (await browser.App.Notes.TallyAsync("demo-ph", Ct)).Sum(t => t.Notes);

    private static readonly string[] Who = ["Regulators", "Small firms", "Bank security teams", "Hospital IT staff", "Telecoms operators", "University researchers", "Provincial officials", "The national CERT", "Civil society groups", "Cloud providers", "Insurers", "Youth organisations"];

    private static readonly string[] Said = ["asked for", "warned against", "described the cost of", "called for", "questioned the value of", "welcomed"];

    private static readonly string[] What =
    [
        "a shared template for incident reports", "one national crosswalk between ISO/IEC 27001 and the NIST framework",
        "a tested directory of regional points of contact", "lighter certification paths for small firms",
        "monthly anonymised summaries of reported incidents", "training held outside the capital",
        "mentoring schemes that keep women in technical roles", "a legal safe harbour for information shared in good faith",
    ];

    private static readonly string[] Why =
    [
        "because contact lists go stale whenever officials rotate", "since each regulator asks for the same facts in its own format",
        "as audits are booked months ahead outside Manila", "because reporting rarely brings anything back to the sector",
        "since provincial staff carry most of the day-to-day security work",
    ];

    private static readonly string[] Sessions = ["Plenary 1", "Plenary 2", "plenary-3", "Plenary 4: Inclusion"];

    private static readonly string[] Kinds = ["finding", "challenge", "recommendation", "Finding", "quote"];

    private static readonly string[] Groups = ["government", "cert", "Private sector", "telecoms", "civil-society", "academia", ""];

    /// <summary>
    /// A CSV of <paramref name="rows"/> notes of about 200 characters. With fewer than 1,000 rows, three rows name a
    /// participant (rows 7, 77, 177), two name a group the programme does not have (50, 150), and the last is
    /// <paramref name="existing"/>, a note already in the consultation.
    /// </summary>
    private async Task<string> GeneratedCsvAsync(string name, int rows, string? existing = null)
    {
        var csv = new StringBuilder("text,session,kind,stakeholder_group\n");
        var marked = rows < 1_000 ? new Dictionary<int, string> { [7] = "Ramon Delos Santos", [77] = "Josefina Macaraeg", [177] = "Eduardo Panganiban" } : [];
        for (var row = 1; row <= rows; row++)
        {
            var text = row == rows && existing is not null
                ? existing
                : $"{Who[row % Who.Length]} {Said[row / Who.Length % Said.Length]} {What[row % What.Length]}, {Why[row % Why.Length]}."
                  + $" Point {row:N0} of the day: several sectors gave examples and asked for a follow-up before the next round."
                  + (marked.TryGetValue(row, out var person) ? $" {person} agreed." : string.Empty);
            var group = rows < 1_000 && row is 50 or 150 ? "Astronauts" : Groups[row % Groups.Length];
            csv.Append(Field(text)).Append(',').Append(Field(Sessions[row % Sessions.Length])).Append(',')
                .Append(Kinds[row % Kinds.Length]).Append(',').Append(Field(group)).Append('\n');
        }

        var path = Path.Combine(_files.Path, name);
        await File.WriteAllTextAsync(path, csv.ToString(), Ct);
        return path;
    }

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}

[CollectionDefinition(Name)]
public sealed class ImportBrowserTestsOnTheirOwnApp : ICollectionFixture<ImportBrowserFixture>
{
    public const string Name = "Browser imports";
}

/// <summary>
/// The browser on an app of its own (SQLite), so that the drafts imported here change no other browser test's pages.
/// Its uploads and imports hand over to the progress page at once (Import:RequestWait 0): the page is there to check
/// however fast the work is, and every import here is followed through it.
/// </summary>
public sealed class ImportBrowserFixture() : BrowserFixture(new ProgressFirstApp())
{
    private sealed class ProgressFirstApp : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Import:RequestWait", "00:00:00");
        }
    }
}
