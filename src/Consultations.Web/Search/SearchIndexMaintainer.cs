using System.Diagnostics;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Hosting;
using Consultations.Infrastructure.Search;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Search;

/// <summary>
/// Keeps this instance's search index in line with the store: builds it at start when it is missing, of another schema
/// version, or cannot say which changes it has seen; then applies this instance's writes as they happen
/// (<see cref="SearchChanges"/>) and reads the store's change feed every <see cref="SearchOptions.FollowInterval"/> for
/// the writes of other instances and command-line tools. The feed's checkpoint is kept beside the index and saved only
/// after the index has committed what came before it, so a restart catches up on whatever happened while it was down.
/// A failure is logged and retried; it never stops the app, and search keeps answering from what it has.
/// </summary>
public sealed partial class SearchIndexMaintainer(
    SearchIndexer indexer,
    SearchChanges local,
    SearchIndexLocation location,
    IOptions<SearchOptions> options,
    ILogger<SearchIndexMaintainer> logger,
    IChangeFeed? feed = null) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _checkpoint;
    private long _lastSaved;

    /// <summary>Completes when the index has been built or found current at start (tests and the health page wait on it).</summary>
    public Task Ready => _ready.Task;

    private string CheckpointPath => location.CheckpointPath;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting: a rebuild of a large store takes a while and searches answer meanwhile.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await InitializeAsync(stoppingToken);
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
                await Delay(RetryDelay, stoppingToken);
            }
        }

        _ready.TrySetResult();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FollowAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (ChangeFeedCheckpointExpiredException)
            {
                LogCheckpointExpired(logger);
                await RebuildAsync(stoppingToken);
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
                await Delay(RetryDelay, stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            SaveCheckpoint(force: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            LogFailed(logger, ex);
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        _checkpoint = feed is null ? null : ReadCheckpoint();
        if (indexer.Index.NeedsRebuild || _checkpoint is null)
        {
            await RebuildAsync(cancellationToken);
        }
    }

    private async Task RebuildAsync(CancellationToken cancellationToken)
    {
        // The feed's end is taken first: whatever is written during the build is read again after it.
        var start = feed is null ? null : (await feed.ReadAsync(null, 1, cancellationToken)).Checkpoint;
        var watch = Stopwatch.StartNew();
        var count = await indexer.RebuildAsync(cancellationToken);
        LogRebuilt(logger, count, watch.Elapsed.TotalSeconds);
        _checkpoint = start;
        SaveCheckpoint(force: true);
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        var changes = new List<StoreChange>();
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            wait.CancelAfter(options.Value.FollowInterval);
            try
            {
                // A local write wakes us at once; otherwise the interval elapses and the feed is read.
                if (await local.Reader.WaitToReadAsync(wait.Token))
                {
                    Drain(changes);
                    if (changes.Count > 0)
                    {
                        await indexer.ApplyAsync(changes, cancellationToken);
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }

        if (feed is null)
        {
            return;
        }

        bool more;
        do
        {
            var page = await feed.ReadAsync(_checkpoint, 500, cancellationToken);
            Drain(changes);
            changes.AddRange(page.Changes);
            if (changes.Count > 0)
            {
                await indexer.ApplyAsync(changes, cancellationToken);
                changes.Clear();
            }

            _checkpoint = page.Checkpoint;
            more = page.More;
        }
        while (more && !cancellationToken.IsCancellationRequested);

        SaveCheckpoint(force: false);
    }

    private void Drain(List<StoreChange> changes)
    {
        while (local.Reader.TryRead(out var change))
        {
            changes.Add(change);
        }
    }

    private string? ReadCheckpoint()
    {
        try
        {
            return File.Exists(CheckpointPath) && File.ReadAllText(CheckpointPath).Trim() is { Length: > 0 } text ? text : null;
        }
        catch (IOException ex)
        {
            LogFailed(logger, ex);
            return null;
        }
    }

    private void SaveCheckpoint(bool force)
    {
        if (_checkpoint is null || (!force && Stopwatch.GetElapsedTime(_lastSaved) < options.Value.CommitInterval))
        {
            return;
        }

        // The index first: a checkpoint must never be ahead of what the index has durably applied.
        indexer.Index.Commit();
        Directory.CreateDirectory(location.Path);
        var temporary = CheckpointPath + ".tmp";
        File.WriteAllText(temporary, _checkpoint);
        File.Move(temporary, CheckpointPath, overwrite: true);
        _lastSaved = Stopwatch.GetTimestamp();
    }

    private static async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index built from the store: {Documents} document(s) in {Seconds:0.0} s")]
    private static partial void LogRebuilt(ILogger logger, int documents, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search index maintenance failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change feed no longer holds every change since the search index's checkpoint: rebuilding the index")]
    private static partial void LogCheckpointExpired(ILogger logger);
}
