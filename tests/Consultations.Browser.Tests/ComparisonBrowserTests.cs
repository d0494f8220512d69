using System.Diagnostics;
using Microsoft.Playwright;

namespace Consultations.Browser.Tests;

/// <summary>
/// The four-country comparison fits: at 1280 px every country column is in view without scrolling the page; on a
/// narrower screen the matrix scrolls inside its own box with the theme column and the header row in place; printed on
/// A4 (portrait and landscape) every country column is on the paper. The programme dashboard's table the same way.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class ComparisonBrowserTests(SqliteBrowserFixture browser)
{
    private const string Compare = "/programmes/demo/compare?c=demo-ph&c=demo-vn&c=demo-id&c=demo-my";

    private static readonly string[] Countries = ["Philippines", "Viet Nam", "Indonesia", "Malaysia"];

    /// <summary>A4's printable width in CSS px at 96 dpi: 210 mm (portrait) or 297 mm (landscape) less the 16 mm side margins of site.css.</summary>
    private const int A4PortraitContent = 673;

    private const int A4LandscapeContent = 1002;

    [Fact]
    public async Task At_1280_px_all_four_countries_are_in_view_and_the_heatmap_fits_its_column()
    {
        var (context, page, errors) = await browser.NewPageAsync(width: 1280, height: 800);
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-researcher");
            await page.GotoAsync(Compare);
            await Assertions.Expect(page.Locator("[data-testid=matrix] thead th")).ToHaveCountAsync(5);
            await AssertCountriesNamedAsync(page);

            Assert.True(await PageFitsAsync(page), "the comparison page scrolls sideways at 1280 px");
            var frame = await BoxOfAsync(page.Locator("[data-testid=matrix-scroll]"));
            foreach (var header in await page.Locator("[data-testid=matrix] thead th").AllAsync())
            {
                var box = await BoxOfAsync(header);
                Assert.True(box.X >= frame.X - 0.5 && box.X + box.Width <= frame.X + frame.Width + 0.5 && box.X + box.Width <= 1280,
                    $"“{await header.InnerTextAsync()}” spans {box.X:0}–{box.X + box.Width:0} px, outside the visible {frame.X:0}–{frame.X + frame.Width:0} px");
            }

            Assert.True(await page.Locator("[data-testid=matrix-scroll]").EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth"),
                "at 1280 px the four countries need the matrix to scroll");

            // The heatmap is drawn to its column's width, not a fixed pixel size, and its labels stay readable.
            var heatmap = await BoxOfAsync(page.Locator("[data-testid=heatmap]"));
            var section = await BoxOfAsync(page.Locator("[data-testid=heatmap-frame]"));
            Assert.True(heatmap.Width <= section.Width + 0.5, $"the heatmap is {heatmap.Width:0} px wide in a {section.Width:0} px column");
            foreach (var label in await page.Locator("[data-testid=heatmap] text").AllAsync())
            {
                var box = await BoxOfAsync(label);
                Assert.True(box.X >= section.X - 0.5 && box.X + box.Width <= section.X + section.Width + 0.5, $"heatmap label “{await label.TextContentAsync()}” is cut off");
                Assert.True(box.Height >= 12, $"heatmap label “{await label.TextContentAsync()}” is {box.Height:0.0} px tall");
            }

            await browser.ScreenshotAsync(page, "compare-1280");
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task On_a_narrow_screen_the_matrix_scrolls_in_its_own_box_by_keyboard_with_the_theme_column_in_place()
    {
        var (context, page, errors) = await browser.NewPageAsync(width: 900, height: 800);
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-researcher");
            await page.GotoAsync(Compare);
            var scroller = page.Locator("[data-testid=matrix-scroll]");
            Assert.True(await scroller.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth"), "at 900 px the matrix was expected to be wider than its box");
            Assert.True(await PageFitsAsync(page), "the wide matrix pushes the whole page sideways instead of scrolling in its box");
            await Assertions.Expect(scroller).ToHaveAttributeAsync("tabindex", "0");
            await Assertions.Expect(scroller).ToHaveAccessibleNameAsync("Theme by country");

            var firstHeader = page.Locator("[data-testid=matrix] thead th").First;
            var firstRow = page.Locator("[data-testid=matrix] tbody th").First;
            var (headerBefore, rowBefore) = (await BoxOfAsync(firstHeader), await BoxOfAsync(firstRow));
            var lastCountry = page.Locator("[data-testid=matrix] thead th").Last;

            // A keyboard user scrolls the box itself: focus it, then arrow keys.
            await scroller.FocusAsync();
            for (var i = 0; i < 40 && !await scroller.EvaluateAsync<bool>("e => e.scrollLeft + e.clientWidth >= e.scrollWidth - 1"); i++)
            {
                await page.Keyboard.PressAsync("ArrowRight");
                await SettledAsync(scroller);
            }

            Assert.True(await scroller.EvaluateAsync<double>("e => e.scrollLeft") > 0, "arrow keys did not scroll the matrix");
            Assert.Equal(0, await page.EvaluateAsync<double>("() => window.scrollX"));
            var (headerAfter, rowAfter) = (await BoxOfAsync(firstHeader), await BoxOfAsync(firstRow));
            Assert.Equal(headerBefore.X, headerAfter.X, 0.5);
            Assert.Equal(rowBefore.X, rowAfter.X, 0.5);
            var frame = await BoxOfAsync(scroller);
            var last = await BoxOfAsync(lastCountry);
            Assert.True(last.X + last.Width <= frame.X + frame.Width + 0.5, "scrolled to the end, the last country is still cut off");
            Assert.True(last.X >= headerAfter.X + headerAfter.Width - 0.5, "the last country slid under the sticky theme column");

            // Scrolling down inside the box keeps the country names at its top.
            await scroller.EvaluateAsync("e => { e.scrollTop = 400; }");
            await SettledAsync(scroller);
            var top = await BoxOfAsync(lastCountry);
            Assert.Equal(frame.Y, top.Y, 1.0);

            await browser.ScreenshotAsync(page, "compare-900-scrolled");
            Assert.Empty(errors);
        }
    }

    [Theory]
    [InlineData(A4PortraitContent, "portrait")]
    [InlineData(A4LandscapeContent, "landscape")]
    public async Task Printed_on_A4_every_country_column_is_on_the_paper(int width, string orientation)
    {
        var (context, page, errors) = await browser.NewPageAsync(width: width, height: 1100);
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-researcher");
            await page.GotoAsync(Compare);
            await page.EmulateMediaAsync(new() { Media = Media.Print });

            var table = page.Locator("[data-testid=matrix]");
            Assert.True(await PageFitsAsync(page), $"in print ({orientation}) the page is wider than the paper");
            Assert.Equal("visible", await page.Locator("[data-testid=matrix-scroll]").EvaluateAsync<string>("e => getComputedStyle(e).overflowX"));
            Assert.Equal("table-header-group", await table.Locator("thead").EvaluateAsync<string>("e => getComputedStyle(e).display"));
            foreach (var header in await table.Locator("thead th").AllAsync())
            {
                var box = await BoxOfAsync(header);
                Assert.True(box.X >= 0 && box.X + box.Width <= width + 0.5, $"in print ({orientation}) “{await header.InnerTextAsync()}” spans {box.X:0}–{box.X + box.Width:0} px of {width}");
            }

            var heatmap = await BoxOfAsync(page.Locator("[data-testid=heatmap]"));
            Assert.True(heatmap.X + heatmap.Width <= width + 0.5, $"in print ({orientation}) the heatmap is cut off");
            await browser.ScreenshotAsync(page, $"compare-print-{orientation}");
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task The_comparison_as_a_PDF_has_every_country_on_the_page_of_the_table()
    {
        var (context, page, errors) = await browser.NewPageAsync();
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-researcher");
            await page.GotoAsync(Compare);
            var folder = Path.Combine(BrowserFixture.ArtifactsDirectory, browser.App.Store.ToLowerInvariant());
            Directory.CreateDirectory(folder);
            var pdf = Path.Combine(folder, "compare.pdf");
            await page.PdfAsync(new() { Path = pdf, Format = "A4", PrintBackground = true, PreferCSSPageSize = true });

            // Word boxes: the matrix's header row (the line of its first word below the heading) names every
            // country in full on the paper (a clipped column leaves "Mala"), and no word runs past the paper's edge.
            var words = await PdfWordsAsync(pdf);
            var heading = words.FindIndex(w => w.Text == "Theme" && words[w.Index + 1].Text == "by" && words[w.Index + 2].Text == "country");
            Assert.True(heading >= 0, "the PDF has no “Theme by country” heading");
            var corner = words[heading + 3];
            Assert.Equal("Theme", corner.Text);
            var headerRow = words.Where(w => w.Page == corner.Page && Math.Abs(w.Top - corner.Top) < 2).Select(w => w.Text).ToList();
            var expected = Countries.SelectMany(c => c.Split(' ')).Append("Theme").Order(StringComparer.Ordinal);
            Assert.Equal(expected, headerRow.Order(StringComparer.Ordinal));
            var outside = words.Where(w => w.Right > w.PageWidth + 0.5).ToList();
            Assert.True(outside.Count == 0, $"{outside.Count} words run past the paper's edge, e.g. {string.Join(", ", outside.Take(5).Select(w => w.Text))}");
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task The_dashboard_coverage_table_scrolls_in_its_own_box_with_the_theme_column_in_place()
    {
        var (context, page, errors) = await browser.NewPageAsync(width: 560, height: 800);
        await using (context)
        {
            await BrowserFixture.SignInAsync(page, "demo-researcher");
            await page.GotoAsync("/programmes/demo");
            var scroller = page.Locator("[data-testid=coverage-scroll]");
            await Assertions.Expect(scroller).ToHaveAttributeAsync("tabindex", "0");
            await Assertions.Expect(scroller).ToHaveAccessibleNameAsync("Notes per theme and country");
            Assert.True(await PageFitsAsync(page), "the coverage table pushes the dashboard sideways at 560 px");
            var theme = page.Locator("[data-testid=coverage-table] tbody th").First;
            var before = await BoxOfAsync(theme);
            await scroller.EvaluateAsync("e => { e.scrollLeft = e.scrollWidth; }");
            Assert.True(await scroller.EvaluateAsync<double>("e => e.scrollLeft") > 0, "at 560 px the coverage table was expected to scroll");
            Assert.Equal(before.X, (await BoxOfAsync(theme)).X, 0.5);

            await page.SetViewportSizeAsync(1280, 800);
            foreach (var header in await page.Locator("[data-testid=coverage-table] thead th").AllAsync())
            {
                var box = await BoxOfAsync(header);
                Assert.True(box.X + box.Width <= 1280, $"“{await header.InnerTextAsync()}” is cut off at 1280 px");
            }

            await page.EmulateMediaAsync(new() { Media = Media.Print });
            await page.SetViewportSizeAsync(A4PortraitContent, 1100);
            Assert.True(await PageFitsAsync(page), "the printed dashboard is wider than A4");
            foreach (var header in await page.Locator("[data-testid=coverage-table] thead th").AllAsync())
            {
                var box = await BoxOfAsync(header);
                Assert.True(box.X + box.Width <= A4PortraitContent + 0.5, $"in print “{await header.InnerTextAsync()}” is cut off");
            }

            Assert.Empty(errors);
        }
    }

    private static async Task AssertCountriesNamedAsync(IPage page)
    {
        var headers = await page.Locator("[data-testid=matrix] thead th").AllInnerTextsAsync();
        Assert.Equal(Countries.Order(StringComparer.Ordinal), headers.Skip(1).Select(h => h.Trim()).Order(StringComparer.Ordinal));
    }

    /// <summary>True when the page does not scroll sideways; otherwise fails naming the elements that stick out.</summary>
    private static async Task<bool> PageFitsAsync(IPage page)
    {
        var wider = await page.EvaluateAsync<string?>(
            """
            () => {
              const root = document.documentElement, edge = root.clientWidth;
              if (root.scrollWidth <= edge) return null;
                            return `the page is ${root.scrollWidth} px wide in a ${edge} px window; sticking out: ` + [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > edge + 0.5 && ![...e.children].some(c => c.getBoundingClientRect().right > edge + 0.5))
                .slice(0, 5)
                .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} → ${Math.round(e.getBoundingClientRect().right)} px`).join('; ');
            }
            """);
        Assert.True(wider is null, wider);
        return true;
    }

    private static async Task<LocatorBoundingBoxResult> BoxOfAsync(ILocator locator) =>
        await locator.BoundingBoxAsync() ?? throw new InvalidOperationException($"{locator} is not rendered");

    private sealed record PdfWord(int Index, int Page, double PageWidth, double Right, double Top, double Bottom, string Text);

    /// <summary>Every word of the PDF with its box, by poppler's pdftotext -bbox (Debian's poppler-utils, installed when missing).</summary>
    private static async Task<List<PdfWord>> PdfWordsAsync(string pdf)
    {
        const string tool = "/usr/bin/pdftotext";
        if (!File.Exists(tool))
        {
            Assert.True(File.Exists("/usr/bin/apt-get") && Environment.UserName == "root", $"Reading the PDF needs {tool}: apt-get install poppler-utils");
            await RunAsync("apt-get", "update -qq");
            await RunAsync("apt-get", "install -y -qq --no-install-recommends poppler-utils");
        }

        var xhtml = System.Xml.Linq.XDocument.Parse(await RunAsync(tool, $"-bbox \"{pdf}\" -"));
        var words = new List<PdfWord>();
        var pageNumber = 0;
        foreach (var page in xhtml.Descendants().Where(e => e.Name.LocalName == "page"))
        {
            pageNumber++;
            var width = Number(page, "width");
            foreach (var word in page.Elements().Where(e => e.Name.LocalName == "word"))
            {
                words.Add(new PdfWord(words.Count, pageNumber, width, Number(word, "xMax"), Number(word, "yMin"), Number(word, "yMax"), word.Value));
            }
        }

        return words;

        static double Number(System.Xml.Linq.XElement e, string name) =>
            double.Parse(e.Attribute(name)!.Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" } };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {arguments} failed ({process.ExitCode}): {await error}");
        return await output;
    }

    /// <summary>Waits until a smooth (animated) scroll of the box has ended: a busy machine can still be animating when the next line measures.</summary>
    private static async Task SettledAsync(ILocator scroller)
    {
        var last = (-1.0, -1.0);
        for (var i = 0; i < 50; i++)
        {
            var now = await scroller.EvaluateAsync<double[]>("e => [e.scrollLeft, e.scrollTop]");
            if ((now[0], now[1]) == last)
            {
                return;
            }

            last = (now[0], now[1]);
            await Task.Delay(60);
        }
    }
}
