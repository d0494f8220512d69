using System.Threading.Channels;
using Consultations.Core.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Consultations.Infrastructure.Embeddings;

public sealed class EmbeddingWorkerOptions
{
    /// <summary>Requests waiting at most; <see cref="EmbeddingWorker.EnqueueAsync"/> waits (and <see cref="EmbeddingWorker.TryEnqueue"/> refuses) beyond it.</summary>
    public int Capacity { get; set; } = 10_000;

    /// <summary>Requests embedded in one call to the embedder.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>The store is saved when it has changes and this long has passed since the last save, and when the loop ends.</summary>
    public TimeSpan SaveInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Where embedding stands, so search can rank by words alone and say so (<c>SearchNotices.MeaningPending</c>) until it
/// is <see cref="Ready"/>: the worker running, the model loaded and nothing waiting.
/// </summary>
public sealed record EmbeddingStatus(int Pending, int Stored, int Failed, bool Running, bool ModelLoaded, string? LastError)
{
    public bool Ready => Running && ModelLoaded && Pending == 0;
}

/// <summary>
/// Background embedding: texts to embed (or ids to drop) go into a bounded channel; <see cref="RunAsync"/> is an async
/// loop that takes them in batches, skips texts whose vector is already current, embeds the rest and writes them into
/// the <see cref="EmbeddingStore"/>, saving it now and then. Requests for one id are applied in the order they were
/// queued, so the last text saved wins and a removal is not undone by an older request. No host is needed: a
/// hosted service, a CLI command or a test can run the loop, and it ends when cancelled or after <see cref="Complete"/>
/// once the channel is drained.
/// </summary>
public sealed partial class EmbeddingWorker
{
    private readonly ITextEmbedder _embedder;
    private readonly EmbeddingStore _store;
    private readonly EmbeddingWorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Request> _channel;
    private readonly Func<string, ulong, bool> _wanted;
    private int _pending;
    private int _failed;
    private int _running;
    private string? _lastError;

    // wanted: whether a vector of the text with this hash is still wanted for this id, asked before embedding and again
    // before storing, so a text replaced or deleted meanwhile is never stored (null: every request is wanted).
    public EmbeddingWorker(ITextEmbedder embedder, EmbeddingStore store, EmbeddingWorkerOptions? options = null, TimeProvider? time = null, ILogger<EmbeddingWorker>? logger = null, Func<string, ulong, bool>? wanted = null)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(store);
        _options = options ?? new EmbeddingWorkerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Capacity, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchSize, 1, nameof(options));
        if (store.Model != embedder.Model || store.Dimensions != embedder.Dimensions)
        {
            throw new ArgumentException($"The store holds {store.Model} vectors of {store.Dimensions}; the embedder makes {embedder.Model} vectors of {embedder.Dimensions}.", nameof(store));
        }

        _embedder = embedder;
        _store = store;
        _wanted = wanted ?? ((_, _) => true);
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _channel = Channel.CreateBounded<Request>(new BoundedChannelOptions(_options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public EmbeddingStatus Status => new(
        Volatile.Read(ref _pending),
        _store.Count,
        Volatile.Read(ref _failed),
        Volatile.Read(ref _running) == 1,
        _embedder.IsLoaded,
        Volatile.Read(ref _lastError));

    /// <summary>Queues <paramref name="text"/> to be embedded as <paramref name="id"/>'s vector, waiting while the queue is full.</summary>
    public ValueTask EnqueueAsync(string id, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(text);
        return WriteAsync(new Request(id, text), cancellationToken);
    }

    /// <summary>Queues the removal of <paramref name="id"/>'s vector (a deleted note), after anything queued for it before.</summary>
    public ValueTask EnqueueRemovalAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return WriteAsync(new Request(id, null), cancellationToken);
    }

    /// <summary>Queues without waiting; false when the queue is full or completed (the caller may retry or rely on the next rebuild).</summary>
    public bool TryEnqueue(string id, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(text);
        Interlocked.Increment(ref _pending);
        if (_channel.Writer.TryWrite(new Request(id, text)))
        {
            return true;
        }

        Interlocked.Decrement(ref _pending);
        return false;
    }

    /// <summary>No more requests: <see cref="RunAsync"/> returns once it has handled those already queued.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>
    /// The loop; run it once at a time. Returns when cancelled, when completed and drained, or when the model cannot be
    /// loaded (then <see cref="EmbeddingStatus.LastError"/> says why and the status never becomes ready); saves the store if it changed.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("The embedding loop is already running.");
        }

        var lastSave = _time.GetTimestamp();
        try
        {
            await _embedder.WarmUpAsync(cancellationToken);
            var batch = new List<Request>(_options.BatchSize);
            while (await _channel.Reader.WaitToReadAsync(cancellationToken))
            {
                batch.Clear();
                while (batch.Count < _options.BatchSize && _channel.Reader.TryRead(out var request))
                {
                    batch.Add(request);
                }

                try
                {
                    await ProcessAsync(batch, cancellationToken);
                }
                finally
                {
                    Interlocked.Add(ref _pending, -batch.Count);
                }

                if (_store.IsDirty && _time.GetElapsedTime(lastSave) >= _options.SaveInterval)
                {
                    Save();
                    lastSave = _time.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is not a failure: what was stored so far is saved below.
        }
        catch (Exception e)
        {
            // The model could not load (or the loop broke): search stays on word ranking, with the reason in the status, and a host is not brought down.
            Volatile.Write(ref _lastError, e.Message);
            LogStopped(_logger, e);
        }
        finally
        {
            if (_store.IsDirty)
            {
                Save();
            }

            Volatile.Write(ref _running, 0);
        }
    }

    private async ValueTask WriteAsync(Request request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _pending);
        try
        {
            await _channel.Writer.WriteAsync(request, cancellationToken);
        }
        catch
        {
            Interlocked.Decrement(ref _pending);
            throw;
        }
    }

    private async Task ProcessAsync(List<Request> batch, CancellationToken cancellationToken)
    {
        // Only the last request for an id in a batch matters; earlier ones were overtaken before they were embedded.
        var latest = new Dictionary<string, Request>(StringComparer.Ordinal);
        foreach (var request in batch)
        {
            latest[request.Id] = request;
        }

        var toEmbed = new List<(Request Request, ulong Hash)>();
        foreach (var request in latest.Values)
        {
            if (request.Text is null)
            {
                _store.Remove(request.Id);
                continue;
            }

            var hash = EmbeddingStore.HashText(request.Text);
            if (!_store.IsCurrent(request.Id, hash) && _wanted(request.Id, hash))
            {
                toEmbed.Add((request, hash));
            }
        }

        if (toEmbed.Count == 0)
        {
            return;
        }

        // The same text under two ids (a note whose reader copy masks nothing) is embedded once.
        var texts = toEmbed.Select(e => e.Request.Text!).Distinct(StringComparer.Ordinal).ToList();
        IReadOnlyList<float[]> unique;
        try
        {
            unique = await _embedder.EmbedAsync(texts, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One bad batch must not stop the loop: its notes stay without (or with their old) vectors until queued again.
            Interlocked.Add(ref _failed, toEmbed.Count);
            Volatile.Write(ref _lastError, e.Message);
            LogBatchFailed(_logger, toEmbed.Count, e);
            return;
        }

        var vectors = texts.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => unique[p.i], StringComparer.Ordinal);
        foreach (var (request, hash) in toEmbed)
        {
            if (_wanted(request.Id, hash))
            {
                _store.Upsert(request.Id, hash, vectors[request.Text!]);
            }
        }
    }

    private void Save()
    {
        try
        {
            _store.Save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The vectors are still in memory and the file is derived data: the next save tries again.
            Volatile.Write(ref _lastError, e.Message);
            LogSaveFailed(_logger, _store.FilePath, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The embedding loop stopped; search ranks by words only")]
    private static partial void LogStopped(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding a batch of {Count} texts failed")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving the embeddings to {Path} failed")]
    private static partial void LogSaveFailed(ILogger logger, string path, Exception exception);

    private sealed record Request(string Id, string? Text);
}
