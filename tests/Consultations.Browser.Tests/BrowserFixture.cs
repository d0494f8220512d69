using Consultations.Testing;
using Consultations.Testing.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Consultations.Browser.Tests;

/// <summary>The app on a real Kestrel port on loopback plus a headless Chromium driven by Playwright.</summary>
public abstract class BrowserFixture(AppFactory app) : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public AppFactory App { get; } = app;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Screenshots land here (git-ignored); set SCREENSHOTS_DIR to move them.</summary>
    public static string ArtifactsDirectory { get; } =
        Environment.GetEnvironmentVariable("SCREENSHOTS_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(TestPaths.RepositoryRoot, "tests", "Consultations.Browser.Tests", "TestResults", "screenshots");

    public async ValueTask InitializeAsync()
    {
        await Chromium.EnsureInstalledAsync();

        // CI has two cores shared with the Cosmos DB server and model training: give expectations room to retry.
        Assertions.SetDefaultExpectTimeout(15_000);
        App.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            // Without the networking flags Chromium floods the closed network with refused connections.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        Directory.CreateDirectory(ArtifactsDirectory);
    }

    /// <summary>A fresh browser context (its own cookies; in <paramref name="timezoneId"/> when given) with a console-error recorder.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> ConsoleErrors)> NewPageAsync(int width = 1280, int height = 900, string? timezoneId = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = timezoneId,
        });
        // A 2-core CI machine running the Cosmos DB emulator, the app and Chromium at once can take longer than Playwright's 30 s default.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return (context, page, errors);
    }

    public static async Task SignInAsync(IPage page, string personaId)
    {
        ArgumentNullException.ThrowIfNull(page);
        for (var attempt = 1; ; attempt++)
        {
            await page.GotoAsync("/account/sign-in");
            string problem;
            try
            {
                var answer = await page.RunAndWaitForResponseAsync(
                    () => page.ClickAsync($"[data-testid=sign-in-{personaId}]"),
                    r => r.Request.Method == "POST" && r.Url.Contains("/account/sign-in", StringComparison.Ordinal),
                    new PageRunAndWaitForResponseOptions { Timeout = 30_000 });
                if (answer.Status == 302)
                {
                    await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
                    return;
                }

                problem = $"the sign-in POST answered {answer.Status}: {await page.Locator("main").InnerTextAsync()}";
            }
            catch (TimeoutException)
            {
                problem = "clicking the persona sent no sign-in POST within 30 s";
            }

            // Once in a full CI run on a busy 2-core box a sign-in did not complete; say exactly how, and try once more.
            TestContext.Current.SendDiagnosticMessage($"Sign-in as {personaId}, attempt {attempt}: {problem}");
            if (attempt == 2)
            {
                throw new InvalidOperationException($"Could not sign in as {personaId}: {problem}");
            }
        }
    }

    /// <summary>Saves a full-page artifact; with UPDATE_DOCS_SCREENSHOTS=1, pages marked for the docs also refresh docs/images.</summary>
    public async Task ScreenshotAsync(IPage page, string name, bool forDocs = false)
    {
        ArgumentNullException.ThrowIfNull(page);
        var folder = Path.Combine(ArtifactsDirectory, App.Store.ToLowerInvariant());
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
        if (forDocs && App.Store == "Sqlite" && Environment.GetEnvironmentVariable("UPDATE_DOCS_SCREENSHOTS") == "1")
        {
            var docs = Path.Combine(TestPaths.RepositoryRoot, "docs", "images");
            Directory.CreateDirectory(docs);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(docs, $"{name}.png"), FullPage = false });
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
