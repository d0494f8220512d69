using System.Diagnostics;
using System.Globalization;
using System.Text;
using Consultations.Core.Demo;

namespace Consultations.Benchmarks.CaptureLoad;

/// <summary>
/// Live capture under a modest load (docs/performance.md): the real app in its own process, N background capture
/// sessions saving a growing draft every couple of seconds over HTTP, and one real Chromium that types and reloads,
/// timed from the last keystroke to "saved" and from navigation start to interactive. Everything stays on loopback
/// and every loop is bounded by a count and by --seconds.
/// </summary>
internal static class CaptureLoadCommand
{
    public const string Name = "capture-load";

    // Untimed rounds first: the app's JIT, Razor views and SQLite caches warm up, as on a server that has been up a while.
    private const int WarmUpTyping = 3;
    private const int WarmUpNavigations = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        CaptureLoadOptions options;
        try
        {
            options = CaptureLoadOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        using var cap = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cap.Cancel();
        };

        var root = AppUnderTest.RepositoryRoot();
        if (!options.NoBuild)
        {
            Log("building the web app (Release)…");
            await AppUnderTest.BuildAsync(root, cap.Token);
        }

        var words = Words();
        var startup = Stopwatch.StartNew();
        await using var app = await AppUnderTest.StartAsync(root, cap.Token);
        Log($"app listening at {app.BaseAddress} after {startup.Elapsed.TotalSeconds:F1} s (demo programme seeded)");

        var sessions = SessionPlan.Background.Take(options.Sessions)
            .Select((pair, i) => new DraftSession(app.BaseAddress, pair, words, i * 97))
            .ToList();
        try
        {
            Log($"signing in {sessions.Count} background sessions…");
            foreach (var session in sessions)
            {
                await session.OpenAsync(cap.Token);
            }

            await using var browser = await BrowserProbe.StartAsync(app.BaseAddress, SessionPlan.Browser, words);
            Log($"Chromium {browser.BrowserVersion} signed in as {SessionPlan.Browser.PersonaId}");

            // The measured part is capped as a whole; the background runs until the browser has finished.
            cap.CancelAfter(TimeSpan.FromSeconds(options.Seconds));
            using var background = CancellationTokenSource.CreateLinkedTokenSource(cap.Token);
            var interval = TimeSpan.FromSeconds(options.IntervalSeconds);
            var maxSaves = (int)Math.Ceiling(options.Seconds / options.IntervalSeconds) + 1;
            // Each session starts at its own point of the interval, so the saves spread out instead of arriving together.
            var random = new Random(20_261_124);
            var loops = sessions.Select(s => (Session: s, FirstAt: interval * random.NextDouble()))
                .ToList()
                .Select(s => Task.Run(() => s.Session.RunAsync(interval, s.FirstAt, maxSaves, options.WithGuard, background.Token)))
                .ToList();

            Log("warming up…");
            await browser.NavigateAsync();
            for (var i = 0; i < WarmUpTyping; i++)
            {
                await browser.TypeAsync();
            }

            for (var i = 1; i < WarmUpNavigations; i++)
            {
                await browser.NavigateAsync();
            }

            var windowStart = Stopwatch.GetTimestamp();
            var cpuStart = app.CpuTime;
            var load = LoadAverage();
            Log($"measuring: {options.Typing} typed phrases, then {options.Navigations} page loads, under {sessions.Count} sessions saving every {options.IntervalSeconds:0.##} s…");
            var typing = new List<TypingSample>();
            var navigations = new List<NavigationSample>();
            try
            {
                for (var i = 0; i < options.Typing && !cap.IsCancellationRequested; i++)
                {
                    typing.Add(await browser.TypeAsync());
                }

                for (var i = 0; i < options.Navigations && !cap.IsCancellationRequested; i++)
                {
                    navigations.Add(await browser.NavigateAsync());
                }
            }
            catch (TimeoutException ex)
            {
                Log($"the browser stopped early: {ex.Message}");
            }

            var windowEnd = Stopwatch.GetTimestamp();
            var cpu = app.CpuTime - cpuStart;
            var loadAfter = LoadAverage();
            await background.CancelAsync();
            await Task.WhenAll(loops);

            var window = Stopwatch.GetElapsedTime(windowStart, windowEnd);
            var saves = sessions.SelectMany(s => s.Samples).Where(s => s.StartedAt >= windowStart && s.StartedAt <= windowEnd).ToList();
            Console.WriteLine();
            Console.WriteLine(Report(options, sessions.Count, typing, navigations, saves, window, cpu, load, loadAfter, browser.BrowserVersion,
                sessions.Sum(s => s.GuardErrors), browser.PageErrors));
            return 0;
        }
        finally
        {
            foreach (var session in sessions)
            {
                session.Dispose();
            }
        }
    }

    private static string Report(
        CaptureLoadOptions options,
        int sessionCount,
        List<TypingSample> typing,
        List<NavigationSample> navigations,
        List<SaveSample> saves,
        TimeSpan window,
        TimeSpan cpu,
        string loadBefore,
        string loadAfter,
        string browserVersion,
        int guardErrors,
        List<string> pageErrors)
    {
        var text = new StringBuilder();
        var label = sessionCount == 0 ? "no background sessions (baseline)" : $"{sessionCount} background sessions saving every {options.IntervalSeconds:0.##} s{(options.WithGuard ? " with a guard check each" : string.Empty)}";
        text.AppendLine(CultureInfo.InvariantCulture, $"### Live capture: {label}");
        text.AppendLine();
        text.AppendLine("| Measure | n | p50 | p95 | p99 | max |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        void Row(string name, IEnumerable<double> values)
        {
            var stats = new Stats(values.Where(v => !double.IsNaN(v)));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {stats.Count} | {Stats.Ms(stats.Percentile(50))} | {Stats.Ms(stats.Percentile(95))} | {Stats.Ms(stats.Percentile(99))} | {Stats.Ms(stats.Max)} |");
        }

        Row("Keystroke pause → saved (total, incl. 1.2 s debounce)", typing.Select(t => t.Total));
        Row("  last keystroke → Draft POST sent (debounce)", typing.Select(t => t.Debounce));
        Row("  Draft POST round trip in the browser", typing.Select(t => t.RoundTrip));
        Row("  answer → status shows saved", typing.Select(t => t.Shown));
        Row("Navigation start → interactive (data-ready)", navigations.Select(n => n.Interactive));
        Row("  navigation start → first byte of the HTML", navigations.Select(n => n.FirstByte));
        Row("  navigation start → DOMContentLoaded end", navigations.Select(n => n.DomContentLoaded));
        Row($"Draft POST, {sessionCount} background sessions (client-side)", saves.Where(s => s.Ok).Select(s => s.Milliseconds));
        text.AppendLine();

        var errors = saves.Count(s => !s.Ok);
        var extraPosts = typing.Count(t => t.DraftPosts != 1);
        text.AppendLine(CultureInfo.InvariantCulture, $"- Measured window {window.TotalSeconds:F1} s; background Draft POSTs in it: {saves.Count} ({saves.Count / Math.Max(window.TotalSeconds, 1):F1}/s; schedule {sessionCount / options.IntervalSeconds:F1}/s), errors: {errors}{(options.WithGuard ? $"; guard check errors: {guardErrors}" : string.Empty)}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- App process CPU in the window: {cpu.TotalSeconds:F1} s = {cpu.TotalSeconds / Math.Max(window.TotalSeconds, 0.001) * 100:F0} % of one core (of {Environment.ProcessorCount}).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Load average (1/5/15 min) before: {loadBefore}; after: {loadAfter}. Chromium {browserVersion}; {RuntimeDescription()}.");
        if (extraPosts > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {extraPosts} typed phrase(s) needed other than one Draft POST after the last keystroke (the round trip is the last one's).");
        }

        if (pageErrors.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- Page errors in Chromium: {string.Join(" | ", pageErrors.Distinct().Take(5))}");
        }

        if (typing.Count < options.Typing || navigations.Count < options.Navigations)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- Stopped early (--seconds {options.Seconds}): {typing.Count} of {options.Typing} phrases, {navigations.Count} of {options.Navigations} page loads.");
        }

        return text.ToString();
    }

    /// <summary>The demo programme's note words, in order: what the facilitators type.</summary>
    private static List<string> Words() =>
    [
        .. DemoSeeder.LoadData().Consultations
            .SelectMany(c => c.Sessions)
            .SelectMany(s => s.Notes)
            .SelectMany(n => n.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
    ];

    private static string LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) ? string.Join(" / ", File.ReadAllText(path).Split(' ').Take(3)) : "n/a";
    }

    private static string RuntimeDescription() =>
        $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

    private static void Log(string message) => Console.WriteLine($"// {DateTime.Now:HH:mm:ss} {message}");
}
