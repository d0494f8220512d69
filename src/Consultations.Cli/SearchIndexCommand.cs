using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Hosting;
using Consultations.Infrastructure.Search;
using Consultations.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Consultations.Cli;

/// <summary>`search-index rebuild`: builds the search index from the store, whole or for one programme.</summary>
internal static class SearchIndexCommand
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int Interrupted = 130;

    public static Command Create(StoreHost hosts, TextWriter output, TextWriter error)
    {
        var programme = new Option<string?>("--programme")
        {
            Description = "Rebuild only this programme's documents (the rest of the index is kept). Without it the whole index is built anew beside the old one and swapped in.",
            HelpName = "id",
        };
        var store = StoreOptions.Store("read");
        var dataDirectory = StoreOptions.DataDirectory("Folder of the SQLite database, and of the index unless Search:IndexPath says otherwise");
        var rebuild = new Command(
            "rebuild",
            "Build the search index from the store. The web app does this on its own when the index is missing or of another version, and keeps it current after; "
            + "run this after writing to the store with the app stopped and no change feed (e.g. after 'generate'), or to repair an index. The app must not be running "
            + "on the same index folder. Reader text is masked with the guard key: Guard:HashKey, or the development key (guard.key) in the data folder. "
            + "Exit codes: 0 built, 1 bad arguments, unknown programme, index in use or a store error.")
        {
            programme,
            store,
            dataDirectory,
        };
        rebuild.SetAction((parseResult, cancellationToken) => RunAsync(
            hosts,
            parseResult.GetValue(programme),
            StoreOptions.Provider(parseResult.GetValue(store)),
            parseResult.GetValue(dataDirectory),
            output,
            error,
            cancellationToken));
        return new Command("search-index", "Manage the programme-wide search index.") { rebuild };
    }

    private static async Task<int> RunAsync(
        StoreHost hosts,
        string? programmeId,
        StorageProvider? provider,
        string? dataDirectory,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var (host, location) = await hosts.StartAsync(provider, dataDirectory, source: true, cancellationToken, Register);
            using var started = host;
            var services = host.Services;
            var index = services.GetRequiredService<SearchIndexLocation>();
            var indexer = services.GetRequiredService<SearchIndexer>();
            var feed = services.GetService<IChangeFeed>();
            var start = feed is null ? null : (await feed.ReadAsync(null, 1, cancellationToken)).Checkpoint;
            if (programmeId is not null && !indexer.Index.NeedsRebuild)
            {
                var (found, documents) = await indexer.RefreshProgrammeAsync(programmeId, cancellationToken);
                if (!found)
                {
                    await error.WriteLineAsync($"Could not rebuild: there is no programme '{programmeId}' in {location}. Its documents, if the index held any, were removed.");
                    return Failed;
                }

                indexer.Index.Commit();
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Rebuilt programme '{programmeId}' in the search index at {index.Path} from {location}: {documents:N0} documents in {clock.Elapsed.TotalSeconds:F1} s."));
                return Succeeded;
            }

            if (programmeId is not null)
            {
                await error.WriteLineAsync("The index is missing or of another version, so it is built whole, not only for one programme.");
            }

            var count = await indexer.RebuildAsync(cancellationToken);
            if (start is not null)
            {
                // The app then follows the change feed from where this build began instead of building the index again.
                Directory.CreateDirectory(index.Path);
                await File.WriteAllTextAsync(index.CheckpointPath, start, cancellationToken);
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Rebuilt the search index at {index.Path} from {location}: {count:N0} documents in {clock.Elapsed.TotalSeconds:F1} s."));
            return Succeeded;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("Rebuild interrupted. The index in use is the one from before; run the command again.");
            return Interrupted;
        }
        catch (IOException ex) when (ex.Message.Contains("in use", StringComparison.Ordinal))
        {
            await error.WriteLineAsync($"Could not rebuild: {ex.Message} Stop the app that uses it first (it rebuilds a missing or outdated index itself when it starts).");
            return Failed;
        }
        catch (Exception ex) when (StoreFailures.Describe(ex, "Run the same command again.") is { } message)
        {
            await error.WriteLineAsync($"Could not rebuild: {message}");
            return Failed;
        }
    }

    private static void Register(HostApplicationBuilder builder)
    {
        GuardKeyFile.Register(builder, "Reader text in the index is masked with it.");

        // Vectors are the app's to compute: it brings them in line with the rebuilt index in the background when it starts.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Search:Embeddings:Enabled"] = "false" });
        builder.AddConsultationsSearch();
    }
}
