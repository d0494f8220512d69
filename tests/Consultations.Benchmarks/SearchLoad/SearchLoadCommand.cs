using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime;
using System.Text.Json;
using Consultations.Benchmarks.CaptureLoad;
using Consultations.Benchmarks.Search;
using Consultations.Core.Demo;
using Consultations.Core.Domain;
using Consultations.Core.Search;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Search;
using Consultations.Web.Search;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Benchmarks.SearchLoad;

/// <summary>
/// Search at scale (issue 18, item 7): a generated programme in a temporary SQLite folder, its index built, then the
/// query mix under concurrent clients — in this process against what the search page calls (words only, then with
/// search by meaning), and over HTTP against the app in Release as its own process, beside /health — and how soon a
/// saved note is found. Prints Markdown for docs/performance.md.
/// </summary>
internal static class SearchLoadCommand
{
    public const string Name = "search-load";

    public static async Task<int> RunAsync(string[] args)
    {
        SearchLoadOptions options;
        try
        {
            options = SearchLoadOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var root = AppUnderTest.RepositoryRoot();
        var data = Directory.CreateTempSubdirectory("consultations-search-load-").FullName;
        Log($"load average {LoadAverage()}; data in {data}; server GC {GCSettings.IsServerGC}; {Environment.ProcessorCount} cores");
        try
        {
            var (report, generated) = await SearchData.GenerateAsync(data, options.Notes, options.Countries, cancel.Token);
            Log($"generated {report.Notes:N0} notes ({report.Consultations} consultations) in {generated.TotalSeconds:F1} s; load average {LoadAverage()}");

            var indexPath = Path.Combine(data, "index");
            var (documents, capture) = await WordsPhaseAsync(options, data, indexPath, cancel.Token);
            await ReopenedPhaseAsync(options, data, indexPath, cancel.Token);
            if (!options.NoHybrid)
            {
                await HybridPhaseAsync(options, data, indexPath, documents, cancel.Token);
            }

            documents = null;
            if (!options.NoHttp)
            {
                await HttpPhaseAsync(options, root, data, capture, cancel.Token);
            }

            Log($"done; load average {LoadAverage()}");
            return 0;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Log("interrupted");
            return 130;
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                Log($"could not delete {data}");
            }
        }
    }

    /// <summary>In process, words only: the app's wiring builds the index at start; memory; the mix under concurrency; freshness.</summary>
    private static async Task<(List<SearchDocument> Documents, string CapturePath)> WordsPhaseAsync(SearchLoadOptions options, string data, string indexPath, CancellationToken cancellationToken)
    {
        var heapBefore = ManagedHeap();
        var clock = Stopwatch.StartNew();
        using var host = await SearchData.StartAsync(data, indexPath, SearchWiring.App, cancellationToken, embeddings: false);
        await host.Services.GetRequiredService<SearchIndexMaintainer>().Ready.WaitAsync(cancellationToken);
        var built = clock.Elapsed;
        var heapAfter = ManagedHeap();
        Log($"words index built at start in {built.TotalSeconds:F1} s; on disk {Mib(SearchData.SizeOf(indexPath))}; managed heap {Mib(heapBefore)} before, {Mib(heapAfter)} after; working set {Mib(WorkingSet())}; load average {LoadAverage()}");

        var programme = await host.Services.GetRequiredService<IProgrammeStore>().GetAsync(SearchWorkload.ProgrammeId, cancellationToken)
            ?? throw new InvalidOperationException("The generated programme is missing.");
        await MixAsync("In process, words only (BM25)", options, host.Services, programme);

        var fresh = await InProcessSearch.FreshnessAsync(host.Services, programme, options.Freshness);
        var found = new Stats(fresh.Select(f => f.Found));
        Console.WriteLine();
        Console.WriteLine($"Saved note → found by its facilitator's search (in process, {fresh.Count} notes one after the other): p50 {Stats.Ms(found.Percentile(50))}, max {Stats.Ms(found.Max)}, not found within 10 s: {fresh.Count(f => double.IsNaN(f.Found))}; the save itself p50 {Stats.Ms(new Stats(fresh.Select(f => f.Save)).Percentile(50))}");

        // What the hybrid phase needs vectors for: every document as the indexer makes it.
        var indexer = host.Services.GetRequiredService<SearchIndexer>();
        clock.Restart();
        var documents = await indexer.ReadAllAsync(cancellationToken).ToListAsync(cancellationToken);
        Log($"{documents.Count:N0} documents read from the store through the reader gate in {clock.Elapsed.TotalSeconds:F1} s");
        // Where the facilitator adds notes over HTTP: the session the in-process freshness notes went to.
        var consultation = (await host.Services.GetRequiredService<IConsultationStore>().ListByProgrammeAsync(programme.Id, cancellationToken))
            .First(c => c.Facilitators.Any(f => f.UserId == DemoPersonas.Facilitator.Id));
        var session = consultation.Sessions.First(s => s.DisclosureRule == DisclosureRule.ChathamHouse);
        return (documents, $"/programmes/{programme.Id}/consultations/{consultation.Id}/sessions/{session.Id}/capture");
    }

    /// <summary>The same, words only, after a restart: the index opened from disk as written and merged, not fresh from the build.</summary>
    private static async Task ReopenedPhaseAsync(SearchLoadOptions options, string data, string indexPath, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var host = await SearchData.StartAsync(data, indexPath, SearchWiring.App, cancellationToken, embeddings: false);
        await host.Services.GetRequiredService<SearchIndexMaintainer>().Ready.WaitAsync(cancellationToken);
        Log($"words index reopened in {clock.Elapsed.TotalSeconds:F1} s; managed heap {Mib(ManagedHeap())}; working set {Mib(WorkingSet())}");
        var programme = await host.Services.GetRequiredService<IProgrammeStore>().GetAsync(SearchWorkload.ProgrammeId, cancellationToken)
            ?? throw new InvalidOperationException("The generated programme is missing.");
        await MixAsync("In process, words only (BM25), after a restart", options, host.Services, programme);
    }

    /// <summary>In process with search by meaning: a vector stored for every text (random), the real model for each query.</summary>
    private static async Task HybridPhaseAsync(SearchLoadOptions options, string data, string indexPath, List<SearchDocument> documents, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var vectors = InProcessSearch.FillVectors(indexPath, documents);
        Log($"{vectors:N0} vectors stored in {clock.Elapsed.TotalSeconds:F1} s; the store file is {Mib(SearchData.SizeOf(HybridSearchIndex.VectorsPathOf(indexPath)))}");

        var sample = documents.OfType<NoteSearchDocument>().Where(d => d.ReaderText is not null).Take(160).Select(d => d.ReaderText!).ToList();
        var perText = await InProcessSearch.EmbeddingCostAsync(sample);
        Log($"the model: {perText:F1} ms a note (160 reader texts in batches of 16, one thread) → {vectors:N0} texts ≈ {vectors * perText / 60_000:F0} min to embed (estimate); load average {LoadAverage()}");

        var heapBefore = ManagedHeap();
        clock.Restart();
        using var host = await SearchData.StartAsync(data, indexPath, SearchWiring.App, cancellationToken, embeddings: true);
        await host.Services.GetRequiredService<SearchIndexMaintainer>().Ready.WaitAsync(cancellationToken);
        var hybrid = (HybridSearchIndex)host.Services.GetRequiredService<ISearchIndex>();
        await hybrid.WaitForMeaningAsync(TimeSpan.FromMinutes(10), cancellationToken);
        var ready = clock.Elapsed;
        var programme = await host.Services.GetRequiredService<IProgrammeStore>().GetAsync(SearchWorkload.ProgrammeId, cancellationToken)
            ?? throw new InvalidOperationException("The generated programme is missing.");

        // The model loads on the first query that uses meaning.
        var search = host.Services.GetRequiredService<ProgrammeSearch>();
        var warm = await search.SearchAsync(DemoPersonas.Researcher.ToActor(), programme, SearchWorkload.Rare.Request(), cancellationToken);
        Log($"hybrid index ready (words current, vectors current) {ready.TotalSeconds:F1} s after start; first query {warm.Total} hits, notices {warm.Notices}; managed heap {Mib(heapBefore)} before, {Mib(ManagedHeap())} after, working set {Mib(WorkingSet())} (model loaded)");
        await MixAsync("In process, hybrid (BM25 + meaning, fused; the phrase stays words only)", options, host.Services, programme);
    }

    /// <summary>The app in Release as its own process on the generated data: index built at its start, then the mix and /health over HTTP.</summary>
    private static async Task HttpPhaseAsync(SearchLoadOptions options, string root, string data, string capture, CancellationToken cancellationToken)
    {
        if (!options.NoBuild)
        {
            Log("building the web app (Release)");
            await AppUnderTest.BuildAsync(root, cancellationToken);
        }

        // Words only: with the model on, the app would spend a core for an hour embedding 100,000 notes during the run.
        var settings = new Dictionary<string, string>
        {
            ["Search__IndexPath"] = Path.Combine(data, "index-app"),
            ["Search__Embeddings__Enabled"] = "false",
        };
        Log($"starting the app; load average {LoadAverage()}");
        var clock = Stopwatch.StartNew();
        await using var app = await AppUnderTest.StartAsync(root, cancellationToken, data, settings);
        var listening = clock.Elapsed;
        var first = new HttpSearchClient(app.BaseAddress, DemoPersonas.Facilitator.Id);
        await first.SignInAsync(cancellationToken);
        SearchForm? form = null;
        foreach (var page in new[] { $"/programmes/{SearchWorkload.ProgrammeId}", "/" })
        {
            form ??= SearchForm.Find(await first.GetStringAsync(page, cancellationToken));
        }

        var rareHit = $"/{SearchWorkload.ProgrammeId}-";
        if (form is not null)
        {
            // The index is swapped in whole when the build ends: the first answer with a generated note is the full index.
            var deadline = Stopwatch.GetTimestamp() + (600 * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var (sample, body) = await first.TimeAsync("probe", form.Url(SearchWorkload.Rare), cancellationToken);
                if (sample.Status == 200 && body.Contains(rareHit, StringComparison.Ordinal))
                {
                    break;
                }

                await Task.Delay(200, cancellationToken);
            }
        }

        var answering = clock.Elapsed;
        Log(form is null
            ? $"the app listened after {listening.TotalSeconds:F1} s; no search form in its header yet, so only /health is measured over HTTP"
            : $"the app listened after {listening.TotalSeconds:F1} s and its search found the generated notes after {answering.TotalSeconds:F1} s (index built at start); search form {form.Action}?{form.QueryField}=…");

        var clients = new List<HttpSearchClient> { first };
        for (var i = 1; i < options.Clients; i++)
        {
            var client = new HttpSearchClient(app.BaseAddress, SearchWorkload.Personas[i % SearchWorkload.Personas.Count].Id);
            await client.SignInAsync(cancellationToken);
            clients.Add(client);
        }

        try
        {
            // Untimed warm-up: each kind once per persona.
            foreach (var client in clients.Take(SearchWorkload.Personas.Count))
            {
                foreach (var kind in form is null ? [] : SearchWorkload.Kinds)
                {
                    await client.TimeAsync(kind.Name, form!.Url(kind), cancellationToken);
                }

                await client.TimeAsync("/health", "/health", cancellationToken);
            }

            var load = LoadAverage();
            var cpu = app.CpuTime;
            clock.Restart();
            var end = Stopwatch.GetTimestamp() + (options.Seconds * Stopwatch.Frequency);
            var runs = clients.Select((client, c) => Task.Run(async () =>
            {
                var samples = new List<HttpSample>();
                var started = Stopwatch.StartNew();
                var firstAt = TimeSpan.FromSeconds(Random.Shared.NextDouble() * options.IntervalSeconds);
                for (var i = 0; i < options.MaxRequests && Stopwatch.GetTimestamp() < end && !cancellationToken.IsCancellationRequested; i++)
                {
                    if (options.Due(firstAt, i) - started.Elapsed is { Ticks: > 0 } wait)
                    {
                        await Task.Delay(wait, cancellationToken);
                    }

                    if (form is not null)
                    {
                        var kind = SearchWorkload.Kinds[(c + i) % SearchWorkload.Kinds.Count];
                        samples.Add((await client.TimeAsync(kind.Name, form.Url(kind), cancellationToken)).Sample);
                    }

                    samples.Add((await client.TimeAsync("/health", "/health", cancellationToken)).Sample);
                }

                return samples;
            }, cancellationToken)).ToList();
            var all = (await Task.WhenAll(runs)).SelectMany(s => s).ToList();
            var window = clock.Elapsed;
            var cpuShare = (app.CpuTime - cpu) / window;
            Console.WriteLine();
            Console.WriteLine($"### Over HTTP: {options.Clients} clients ({string.Join(", ", SearchWorkload.Personas.Select(p => p.Id))} alternately), each a search then /health in turn, {Schedule(options)}, {window.TotalSeconds:F0} s");
            Console.WriteLine();
            Console.WriteLine($"Load average {load} before, {LoadAverage()} after; app CPU {cpuShare:P0} of one core; requests {all.Count:N0}, errors {all.Count(s => s.Status != 200):N0}.");
            Console.WriteLine();
            var health = new Stats(all.Where(s => s.Kind == "/health" && s.Status == 200).Select(s => s.Milliseconds));
            Console.WriteLine("| Request | n | client p50 / p95 / p99 (ms) | ÷ /health p50 / p95 / p99 | server (Server-Timing) p50 / p95 / p99 |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var group in all.Where(s => s.Status == 200).GroupBy(s => s.Kind).OrderBy(g => g.Key == "/health" ? 1 : 0))
            {
                var client = new Stats(group.Select(s => s.Milliseconds));
                var server = new Stats(group.Select(s => s.ServerMilliseconds).Where(d => !double.IsNaN(d)));
                Console.WriteLine($"| {group.Key} | {client.Count:N0} | {Triple(client)} | {Ratio(client, health, 50)} / {Ratio(client, health, 95)} / {Ratio(client, health, 99)} | {(server.Count == 0 ? "–" : Triple(server))} |");
            }

            if (form is not null)
            {
                await HttpFreshnessAsync(first, form, capture, options.Freshness, cancellationToken);
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>The facilitator adds a note through the capture form (as Ctrl+Enter does) and searches for it until its link is on the results page.</summary>
    private static async Task HttpFreshnessAsync(HttpSearchClient client, SearchForm form, string capture, int count, CancellationToken cancellationToken)
    {
        var results = new List<double>();
        string? problem = null;
        var run = Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < count && problem is null; i++)
        {
            var fields = await client.FormAsync(capture, "#capture-form", cancellationToken);
            var token = fields.Single(f => f.Key == "__RequestVerificationToken").Value;
            var word = $"probe{run}x{i}";
            fields.RemoveAll(f => f.Key == "Input.Text");
            fields.Add(new("Input.Text", $"Participants asked for a freshness check ({word}) of the search index."));
            var started = Stopwatch.GetTimestamp();
            var (status, body) = await client.PostScriptFormAsync(capture + "?handler=Add", fields, token, cancellationToken);
            if (status != HttpStatusCode.OK)
            {
                problem = $"adding a note answered {(int)status}: {body[..Math.Min(body.Length, 300)]}";
                break;
            }

            var noteId = JsonDocument.Parse(body).RootElement.GetProperty("noteId").GetString()!;
            var query = new QueryKind("freshness", word);
            var found = double.NaN;
            while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10))
            {
                var (sample, page) = await client.TimeAsync("freshness", form.Url(query), cancellationToken);
                if (sample.Status == 200 && page.Contains(noteId, StringComparison.Ordinal))
                {
                    found = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    break;
                }

                await Task.Delay(10, cancellationToken);
            }

            results.Add(found);
        }

        var stats = new Stats(results.Where(r => !double.IsNaN(r)));
        Console.WriteLine();
        Console.WriteLine(problem is not null
            ? $"Freshness over HTTP not measured: {problem}"
            : $"Saved note (capture form, Add) → found by its facilitator's search page ({results.Count} notes): p50 {Stats.Ms(stats.Percentile(50))}, max {Stats.Ms(stats.Max)}, not found within 10 s: {results.Count(double.IsNaN)}");
    }

    /// <summary>Warm-up (each kind once per persona, with its hit count), then the mix from <see cref="SearchLoadOptions.Clients"/> concurrent tasks.</summary>
    private static async Task MixAsync(string title, SearchLoadOptions options, IServiceProvider services, Programme programme)
    {
        var search = services.GetRequiredService<ProgrammeSearch>();
        var totals = new Dictionary<(string, string), int>();
        foreach (var persona in SearchWorkload.Personas)
        {
            foreach (var kind in SearchWorkload.Kinds)
            {
                totals[(kind.Name, persona.Id)] = (await search.SearchAsync(persona.ToActor(), programme, kind.Request(), CancellationToken.None)).Total;
            }
        }

        var load = LoadAverage();
        var clock = Stopwatch.StartNew();
        var samples = await InProcessSearch.RunConcurrentAsync(services, programme, options);
        var window = clock.Elapsed;
        Console.WriteLine();
        Console.WriteLine($"### {title}: {options.Clients} concurrent tasks calling ProgrammeSearch.SearchAsync, {Schedule(options)}, {window.TotalSeconds:F0} s, {samples.Count:N0} searches ({samples.Count / window.TotalSeconds:F0}/s)");
        Console.WriteLine();
        Console.WriteLine($"Load average {load} before, {LoadAverage()} after.");
        Console.WriteLine();
        Console.WriteLine("| Query | persona | hits | n | p50 / p95 / p99 / max (ms) |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (var group in samples.GroupBy(s => (s.Kind, s.Persona)).OrderBy(g => SearchWorkload.Kinds.ToList().FindIndex(k => k.Name == g.Key.Kind)).ThenBy(g => g.Key.Persona, StringComparer.Ordinal))
        {
            var stats = new Stats(group.Select(s => s.Milliseconds));
            Console.WriteLine($"| {group.Key.Kind} | {group.Key.Persona} | {totals[group.Key]:N0} | {stats.Count:N0} | {Triple(stats)} / {Stats.Ms(stats.Max)} |");
        }

        var every = new Stats(samples.Select(s => s.Milliseconds));
        Console.WriteLine($"| **all** | | | {every.Count:N0} | {Triple(every)} / {Stats.Ms(every.Max)} |");
    }

    private static string Schedule(SearchLoadOptions options) =>
        options.IntervalSeconds == 0 ? "back to back" : string.Create(CultureInfo.InvariantCulture, $"each every {options.IntervalSeconds} s");

    private static string Triple(Stats stats) => $"{Stats.Ms(stats.Percentile(50))} / {Stats.Ms(stats.Percentile(95))} / {Stats.Ms(stats.Percentile(99))}";

    private static string Ratio(Stats stats, Stats health, double p) =>
        health.Count == 0 ? "–" : (stats.Percentile(p) / health.Percentile(p)).ToString("N1", CultureInfo.InvariantCulture) + "×";

    private static long ManagedHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " MiB";

    private static string LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) ? string.Join(" / ", File.ReadAllText(path).Split(' ').Take(3)) : "n/a";
    }

    private static void Log(string message) => Console.WriteLine($"// {DateTime.Now:HH:mm:ss} {message}");
}
