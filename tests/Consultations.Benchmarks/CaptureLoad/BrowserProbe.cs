using System.Text.Json;
using Microsoft.Playwright;

namespace Consultations.Benchmarks.CaptureLoad;

/// <summary>One typed sentence: from the last keystroke to data-state="saved", split into its parts (milliseconds).</summary>
internal readonly record struct TypingSample(double Total, double Debounce, double RoundTrip, double Shown, int DraftPosts);

/// <summary>One load of the capture page: from navigation start to the HTML's first byte and to data-ready (milliseconds).</summary>
internal readonly record struct NavigationSample(double Interactive, double FirstByte, double DomContentLoaded);

/// <summary>
/// A facilitator in a real headless Chromium, timed inside the page with performance.now() (origin: the navigation
/// start), so Playwright's own messaging is not part of any figure.
/// </summary>
internal sealed class BrowserProbe : IAsyncDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";

    // A phrase between two pauses, as the background sessions add at each save.
    private const int WordsPerPhrase = 10;

    // Before any page script: notes when capture.js marks the page ready (it sets data-ready once its handlers are bound).
    private const string ReadyObserver = """
        (() => {
          const mark = () => {
            if (window.__captureReadyAt === undefined && document.querySelector('[data-capture][data-ready="true"]')) {
              window.__captureReadyAt = performance.now();
            }
          };
          new MutationObserver(mark).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });
        })();
        """;

    // Notes the last keystroke in the box and the first "saved" after it, from the page's own events.
    private const string TypingObserver = """
        () => {
          const box = document.querySelector('textarea[name="Input.Text"]');
          const status = document.querySelector('[data-testid=capture-status]');
          box.addEventListener('input', () => { window.__lastKeyAt = performance.now(); window.__savedAt = undefined; });
          new MutationObserver(() => {
            if (status.dataset.state === 'saved' && window.__lastKeyAt !== undefined && window.__savedAt === undefined) {
              window.__savedAt = performance.now();
            }
          }).observe(status, { attributes: true, attributeFilter: ['data-state'] });
        }
        """;

    private const string PrepareTyping = """
        () => {
          window.__lastKeyAt = undefined;
          window.__savedAt = undefined;
          performance.clearResourceTimings();
          const box = document.querySelector('textarea[name="Input.Text"]');
          box.focus();
          box.setSelectionRange(box.value.length, box.value.length);
        }
        """;

    // The Draft POSTs sent after the last keystroke (normally one): when it left and when its answer was in.
    private const string ReadTyping = """
        () => {
          const posts = performance.getEntriesByType('resource')
            .filter(e => e.name.includes('handler=Draft') && e.startTime >= window.__lastKeyAt);
          const last = posts[posts.length - 1];
          return JSON.stringify({ lastKey: window.__lastKeyAt, saved: window.__savedAt, posts: posts.length,
            sent: last ? last.startTime : -1, answered: last ? last.responseEnd : -1 });
        }
        """;

    private const string ReadNavigation = """
        () => {
          const nav = performance.getEntriesByType('navigation')[0];
          return JSON.stringify({ ready: window.__captureReadyAt, firstByte: nav.responseStart, dcl: nav.domContentLoadedEventEnd });
        }
        """;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IBrowserContext _context;
    private readonly IPage _page;
    private readonly CapturePair _pair;
    private readonly IReadOnlyList<string> _words;
    private int _nextWord;

    private BrowserProbe(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page, CapturePair pair, IReadOnlyList<string> words)
    {
        _playwright = playwright;
        _browser = browser;
        _context = context;
        _page = page;
        _pair = pair;
        _words = words;
    }

    public string BrowserVersion => _browser.Version;

    public List<string> PageErrors { get; } = [];

    public static async Task<BrowserProbe> StartAsync(Uri baseAddress, CapturePair pair, IReadOnlyList<string> words)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is needed at {ChromiumPath}: apt-get install -y chromium");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // As the browser tests: without the networking flags Chromium floods the closed network with refused connections.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(60_000);
        await context.AddInitScriptAsync(ReadyObserver);
        var page = await context.NewPageAsync();
        var probe = new BrowserProbe(playwright, browser, context, page, pair, words);
        page.PageError += (_, error) => probe.PageErrors.Add(error);

        // The box is saved before every navigation, so a leave warning would mean something went wrong: never wait on it.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        await page.GotoAsync("/account/sign-in");
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync($"[data-testid=sign-in-{pair.PersonaId}]"),
            r => r.Request.Method == "POST" && r.Url.Contains("/account/sign-in", StringComparison.Ordinal));
        if (answer.Status != 302)
        {
            throw new InvalidOperationException($"Chromium sign-in as {pair.PersonaId} answered {answer.Status}.");
        }

        return probe;
    }

    /// <summary>Loads the capture page and waits until it is interactive; the times come from the page itself.</summary>
    public async Task<NavigationSample> NavigateAsync()
    {
        await _page.GotoAsync(_pair.CapturePath, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await _page.WaitForFunctionAsync("() => window.__captureReadyAt !== undefined");
        using var json = JsonDocument.Parse(await _page.EvaluateAsync<string>(ReadNavigation));
        var root = json.RootElement;
        var sample = new NavigationSample(root.GetProperty("ready").GetDouble(), root.GetProperty("firstByte").GetDouble(), root.GetProperty("dcl").GetDouble());
        await _page.EvaluateAsync(TypingObserver);
        return sample;
    }

    /// <summary>Types the next ten words at the end of the box, a key every 20 ms, and waits for "saved".</summary>
    /// <remarks>Faster than a person types, to keep the run short; the gaps stay far below both debounces (guard 400 ms, save 1.2 s), so nothing timed changes.</remarks>
    public async Task<TypingSample> TypeAsync()
    {
        var phrase = string.Empty;
        for (var i = 0; i < WordsPerPhrase; i++)
        {
            phrase += " " + _words[_nextWord];
            _nextWord = (_nextWord + 1) % _words.Count;
        }

        await _page.EvaluateAsync(PrepareTyping);
        await _page.Keyboard.TypeAsync(phrase, new KeyboardTypeOptions { Delay = 20 });
        await _page.WaitForFunctionAsync("() => window.__savedAt !== undefined");
        using var json = JsonDocument.Parse(await _page.EvaluateAsync<string>(ReadTyping));
        var root = json.RootElement;
        double At(string name) => root.GetProperty(name).GetDouble();
        var posts = root.GetProperty("posts").GetInt32();
        var lastKey = At("lastKey");
        var saved = At("saved");
        return posts == 0
            ? new TypingSample(saved - lastKey, double.NaN, double.NaN, double.NaN, 0)
            : new TypingSample(saved - lastKey, At("sent") - lastKey, At("answered") - At("sent"), saved - At("answered"), posts);
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
