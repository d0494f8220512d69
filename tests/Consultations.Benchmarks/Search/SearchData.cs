using System.Diagnostics;
using Consultations.Core.Storage;
using Consultations.Core.Synthetic;
using Consultations.Infrastructure.Hosting;
using Consultations.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Consultations.Benchmarks.Search;

internal enum SearchWiring
{
    StoreOnly,
    Indexer,
    App,
}

/// <summary>
/// A generated programme in a SQLite data folder, and hosts over it wired as the web app wires them (Development, so the
/// guard key is the development key kept in the folder, which the app started on the same folder then shares).
/// </summary>
internal static class SearchData
{
    /// <summary>The folder the benchmarks keep between runs (generating 100,000 notes takes half a minute or more): delete it to start over.</summary>
    public static string CacheFolder(int notes) => Path.Combine(Path.GetTempPath(), $"consultations-search-bench-{notes}");

    /// <summary>Writes the programme (generate's defaults: 10 countries, seed 1) into <paramref name="dataDirectory"/>; returns the time it took.</summary>
    public static async Task<(GenerationReport Report, TimeSpan Elapsed)> GenerateAsync(string dataDirectory, int notes, int countries, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var host = await StartAsync(dataDirectory, Path.Combine(dataDirectory, "unused-index"), SearchWiring.StoreOnly, cancellationToken);
        var services = host.Services;
        var writer = new SyntheticProgrammeWriter(
            services.GetRequiredService<IProgrammeStore>(),
            services.GetRequiredService<IConsultationStore>(),
            services.GetRequiredService<IParticipantRegisterStore>(),
            services.GetRequiredService<IBulkStore>());
        var options = new GeneratorOptions(SearchWorkload.ProgrammeId, notes, countries, GeneratorOptions.DefaultSeed);
        var report = await writer.WriteAsync(new ProgrammeGenerator(options), replace: false, progress: null, cancellationToken);
        return (report, clock.Elapsed);
    }

    /// <summary>The cached folder for <paramref name="notes"/>, generated on first use.</summary>
    public static async Task<string> EnsureCachedAsync(int notes)
    {
        var folder = CacheFolder(notes);
        var done = Path.Combine(folder, "generated.ok");
        if (!File.Exists(done))
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.CreateDirectory(folder);
            var (report, elapsed) = await GenerateAsync(folder, notes, GeneratorOptions.DefaultCountries, CancellationToken.None);
            Console.WriteLine($"// Generated {report.Notes:N0} notes into {folder} in {elapsed.TotalSeconds:F1} s.");
            await File.WriteAllTextAsync(done, DateTime.UtcNow.ToString("O"));
        }

        return folder;
    }

    /// <summary>
    /// A started host on the SQLite store in <paramref name="dataDirectory"/> with its index in <paramref name="indexPath"/>:
    /// the store alone, with the index and <c>SearchIndexer</c> (as the CLI has them), or with the web app's search wiring
    /// (signalling stores, the maintainer that builds the index at start and follows writes, <c>ProgrammeSearch</c>).
    /// </summary>
    public static async Task<IHost> StartAsync(string dataDirectory, string indexPath, SearchWiring wiring, CancellationToken cancellationToken, bool embeddings = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = dataDirectory,
            EnvironmentName = Environments.Development,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:DataDirectory"] = dataDirectory,
            ["Search:IndexPath"] = indexPath,

            // Off unless asked: with it on, the index would start embedding every note with the model in the background.
            ["Search:Embeddings:Enabled"] = embeddings ? "true" : "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddConsultationsStorage();
        switch (wiring)
        {
            case SearchWiring.Indexer:
                builder.AddConsultationsGuardKey();
                builder.AddConsultationsSearch();
                break;
            case SearchWiring.App:
                builder.AddConsultationsProgrammeSearch();
                break;
        }

        var host = builder.Build();
        try
        {
            await host.InitializeConsultationsStorageAsync(cancellationToken);
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

    /// <summary>Bytes of every file under <paramref name="folder"/>.</summary>
    public static long SizeOf(string folder) =>
        Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    public static async IAsyncEnumerable<T> Async<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }

        await Task.CompletedTask;
    }
}
