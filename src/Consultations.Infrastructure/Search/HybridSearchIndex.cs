using System.Collections.Concurrent;
using Consultations.Core.Analysis;
using Consultations.Core.Search;
using Consultations.Infrastructure.Embeddings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Consultations.Infrastructure.Search;

/// <summary>
/// The search index with search by meaning: a <see cref="LuceneSearchIndex"/> (words, BM25, facets, access) composed
/// with sentence vectors kept beside it in <see cref="VectorsFolder"/> (an <see cref="EmbeddingStore"/>, never in the
/// Lucene documents) and computed in the background by an <see cref="EmbeddingWorker"/> as documents are upserted or
/// rebuilt. Each note has up to two vectors: its reader text's (masked; the only one compared for readers) and its full
/// text's (compared only for the facilitators of its consultation); a brief version has one. Ranked by relevance, a
/// query of plain words is embedded and its closest vectors within the searcher's scope are blended with the word
/// matches (<see cref="SearchRunner"/>); until every queued text is embedded, search uses the words alone and says so
/// (<see cref="SearchNotices.MeaningPending"/>). The Lucene query re-applies the scope and filters to every match by
/// meaning, so a vector can only ever bring back a note the searcher could find by its words. At start and after a
/// rebuild the vectors are brought in line with the index (a catch-up: stale or missing ones queued, orphans dropped).
/// </summary>
public sealed partial class HybridSearchIndex : ISearchIndex
{
    /// <summary>The vectors' folder inside the index folder (the index only manages its <c>gen-…</c> folders).</summary>
    public const string VectorsFolder = "vectors";

    private const string ReaderVector = "#reader";
    private const string FullVector = "#full";
    private const string BriefVector = "#brief";

    /// <summary>Candidates by meaning fetched per similar note wanted: some are dropped by the index's own reader check.</summary>
    private const int SimilarOverfetch = 3;

    private readonly LuceneSearchIndex _words;
    private readonly ITextEmbedder _embedder;
    private readonly SearchEmbeddingOptions _options;
    private readonly HybridWeights _weights;
    private readonly ILogger _logger;
    private readonly EmbeddingStore _store;
    private readonly EmbeddingWorker _worker;

    /// <summary>What the vectors are for, by index key: scope (programme, consultation) and the hash of each text to embed.</summary>
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _catchUpGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentDictionary<Task, byte> _queueing = new();
    private long _version;
    private int _reading;
    private int _catchingUp;
    private int _disposed;

    public HybridSearchIndex(LuceneSearchIndex words, ITextEmbedder embedder, SearchEmbeddingOptions options, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(options);
        _words = words;
        _embedder = embedder;
        _options = options;
        _weights = options.Weights;
        _logger = loggers?.CreateLogger<HybridSearchIndex>() ?? (ILogger)NullLogger.Instance;
        _store = EmbeddingStore.Open(VectorsPathOf(words.IndexPath), embedder.Model, embedder.Dimensions);
        _worker = new EmbeddingWorker(
            embedder,
            _store,
            new EmbeddingWorkerOptions { Capacity = options.QueueCapacity },
            logger: loggers?.CreateLogger<EmbeddingWorker>(),
            wanted: IsWanted);
        _loop = Task.Run(() => _worker.RunAsync(_stop.Token));
        Interlocked.Increment(ref _catchingUp);
        Track(Task.Run(() => CatchUpAsync(_stop.Token)));
    }

    /// <summary>The words' index this one composes.</summary>
    public LuceneSearchIndex Words => _words;

    public int SchemaVersion => _words.SchemaVersion;

    public bool NeedsRebuild => _words.NeedsRebuild;

    /// <summary>Where embedding stands (queued, stored, failures).</summary>
    public EmbeddingStatus EmbeddingStatus => _worker.Status;

    /// <summary>True when every document's vectors are current: searches blend meaning in only then.</summary>
    public bool MeaningReady => Volatile.Read(ref _catchingUp) == 0 && _worker.Status.Ready;

    /// <summary>The folder the vectors of the index in <paramref name="indexPath"/> are kept in.</summary>
    public static string VectorsPathOf(string indexPath) => Path.Combine(indexPath, VectorsFolder);

    public async Task UpsertAsync(IEnumerable<SearchDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var list = documents.ToList();
        await _words.UpsertAsync(list, cancellationToken);
        var queue = new List<(string Id, string Text)>();
        foreach (var document in list)
        {
            var texts = TextsOf(document);
            _entries[document.Key] = Entry.For(Interlocked.Increment(ref _version), document, texts);
            Sync(document.Key, texts, queue);
        }

        foreach (var (id, text) in queue)
        {
            await _worker.EnqueueAsync(id, text, cancellationToken);
        }
    }

    public async Task DeleteAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var list = keys.ToList();
        await _words.DeleteAsync(list, cancellationToken);
        foreach (var key in list)
        {
            var version = Interlocked.Increment(ref _version);

            // While a catch-up reads the index it may still see the document: a tombstone keeps it from coming back.
            if (Volatile.Read(ref _reading) > 0)
            {
                _entries[key] = Entry.Tombstone(version);
            }
            else
            {
                _entries.TryRemove(key, out _);
            }

            foreach (var suffix in (string[])[ReaderVector, FullVector, BriefVector])
            {
                _store.Remove(key + suffix);
            }
        }
    }

    public Task<IReadOnlySet<string>> KeysAsync(string programmeId, string? consultationId = null, CancellationToken cancellationToken = default) =>
        _words.KeysAsync(programmeId, consultationId, cancellationToken);

    /// <summary>Commits the words; the vectors need no checkpoint, since every start brings them in line with the index.</summary>
    public void Commit() => _words.Commit();

    public async Task<SearchResults> SearchAsync(SearchRequest request, SearchScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scope);
        cancellationToken.ThrowIfCancellationRequested();
        if (!UsesMeaning(request, scope))
        {
            return _words.Search(request, scope, SearchNotices.None, semantic: null);
        }

        if (!MeaningReady)
        {
            return _words.Search(request, scope, SearchNotices.MeaningPending, semantic: null);
        }

        float[] vector;
        try
        {
            vector = (await _embedder.EmbedAsync([QueryText(request.Query)], cancellationToken))[0];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The model failed on this query: the words still answer it.
            LogQueryFailed(_logger, e);
            return _words.Search(request, scope, SearchNotices.MeaningPending, semantic: null);
        }

        var matches = _store.Search(vector, _weights.SemanticDepth, id => MayCompare(id, scope), (float)_weights.MinimumSimilarity);
        var keys = matches.Select(m => KeyOf(m.Id)).Distinct(StringComparer.Ordinal).ToList();
        return _words.Search(request, scope, SearchNotices.None, keys.Count == 0 ? null : new SemanticMatches(keys, _weights));
    }

    public Task<IReadOnlyList<SearchHit>> SimilarAsync(string noteId, SearchScope scope, int count, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(noteId);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Similar(noteId, scope, count));
    }

    public async Task RebuildAsync(IAsyncEnumerable<SearchDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        await _words.RebuildAsync(documents, cancellationToken);
        Interlocked.Increment(ref _catchingUp);
        Track(Task.Run(() => CatchUpAsync(_stop.Token), CancellationToken.None));
    }

    /// <summary>Makes every change so far searchable now (words; vectors follow in the background).</summary>
    public void Refresh() => _words.Refresh();

    /// <summary>Waits until <see cref="MeaningReady"/> (polling, for tools and tests), or throws <see cref="TimeoutException"/>.</summary>
    public async Task WaitForMeaningAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!MeaningReady)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Embeddings not ready after {timeout}: {_worker.Status}.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        try
        {
            Task.WaitAll([_loop, .. _queueing.Keys], TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // Each task logs its own failure; disposal goes on (the worker saved what it had).
        }

        _store.Dispose();
        _words.Dispose();
        _catchUpGate.Dispose();
        _stop.Dispose();
    }

    /// <summary>Only plain words ranked by relevance are matched by meaning: phrases, prefixes and exclusions ask for exact text.</summary>
    internal static bool UsesMeaning(SearchRequest request, SearchScope scope) =>
        request.Sort == SearchSort.Relevance
        && !scope.IsEmpty
        && request.Query.Required.Count > 0
        && request.Query.Excluded.Count == 0
        && !request.Query.MatchesNothing
        && request.Query.Required.All(g => g.All(t => t.Kind == SearchTermKind.Word));

    private static string QueryText(SearchQuery query) => string.Join(' ', query.Required.SelectMany(g => g).Select(t => t.Text));

    private static string KeyOf(string vectorId) => vectorId[..vectorId.LastIndexOf('#')];

    /// <summary>The texts a document's vectors are made of, normalised as the index stores them; null: that vector must not exist.</summary>
    private static (string Suffix, string? Text)[] TextsOf(SearchDocument document) => document switch
    {
        NoteSearchDocument note =>
        [
            (FullVector, SearchAnalyzers.Normalise(note.Text)),
            (ReaderVector, note.ReaderText is null ? null : SearchAnalyzers.Normalise(note.ReaderText)),
        ],
        BriefSearchDocument brief => [(BriefVector, SearchAnalyzers.Normalise(brief.Title + "\n\n" + brief.Text))],
        _ => [],
    };

    private static (string Suffix, string? Text)[] TextsOf(IndexedDocument document) =>
        document.BriefText is { } brief ? [(BriefVector, brief)] : [(FullVector, document.Text), (ReaderVector, document.ReaderText)];

    /// <summary>Drops a vector whose text changed or went (so a stale one is never compared) and queues the new text.</summary>
    private void Sync(string key, (string Suffix, string? Text)[] texts, List<(string Id, string Text)> queue)
    {
        foreach (var (suffix, text) in texts)
        {
            var id = key + suffix;
            if (text is null)
            {
                _store.Remove(id);
            }
            else if (!_store.IsCurrent(id, EmbeddingStore.HashText(text)))
            {
                _store.Remove(id);
                queue.Add((id, text));
            }
        }
    }

    /// <summary>Whether the worker should still store a vector of the text with <paramref name="hash"/> as <paramref name="id"/>.</summary>
    private bool IsWanted(string id, ulong hash) =>
        _entries.TryGetValue(KeyOf(id), out var entry) && entry.HashOf(id[id.LastIndexOf('#')..]) == hash;

    /// <summary>
    /// Whether the vector <paramref name="id"/> may be compared for a search in <paramref name="scope"/>: a reader vector
    /// for notes readers see outside the searcher's own consultations, a full-text vector only inside them, a brief's
    /// for those who search briefs. The index applies the same scope again to whatever this lets through.
    /// </summary>
    private bool MayCompare(string id, SearchScope scope)
    {
        if (!_entries.TryGetValue(KeyOf(id), out var entry) || entry.Deleted || entry.ProgrammeId != scope.ProgrammeId)
        {
            return false;
        }

        return id[id.LastIndexOf('#')..] switch
        {
            ReaderVector => scope.ReaderNotes && entry.Reader is not null && entry.ConsultationId is { } c && !scope.FullTextConsultations.Contains(c),
            FullVector => entry.ConsultationId is { } c && scope.FullTextConsultations.Contains(c),
            BriefVector => scope.PublishedBriefs && entry.IsBrief,
            _ => false,
        };
    }

    private IReadOnlyList<SearchHit> Similar(string noteId, SearchScope scope, int count)
    {
        var key = NoteSearchDocument.KeyOf(noteId);
        if (count == 0 || !scope.ReaderNotes || !MeaningReady
            || !_entries.TryGetValue(key, out var source) || source.Deleted || source.IsBrief || source.ProgrammeId != scope.ProgrammeId
            || source.ConsultationId is not { } consultation || !_words.InScope(key, scope))
        {
            return [];
        }

        // The note as this person reads it: its full text for its own facilitators, otherwise the masked reader text.
        var vector = _store.GetVector(key + (scope.FullTextConsultations.Contains(consultation) ? FullVector : ReaderVector));
        if (vector is null)
        {
            return [];
        }

        // Other consultations' notes, compared and shown as readers see them, whoever asks.
        var matches = _store.Search(
            vector,
            (count * SimilarOverfetch) + 8,
            id => id.EndsWith(ReaderVector, StringComparison.Ordinal)
                && _entries.TryGetValue(KeyOf(id), out var other) && !other.Deleted && other.Reader is not null
                && other.ProgrammeId == scope.ProgrammeId && other.ConsultationId is { } c && c != consultation,
            (float)_options.MinimumSimilarityBetweenNotes);
        var cosines = matches.ToDictionary(m => KeyOf(m.Id), m => m.Score, StringComparer.Ordinal);
        return [.. _words.ReaderHits([.. cosines.Keys], scope).Take(count).Select(h => h with { Score = cosines[h.Key] })];
    }

    private void Track(Task task)
    {
        _queueing[task] = 0;
        _ = task.ContinueWith(t => _queueing.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Brings the vectors in line with the index: reads every document the index holds, records what each vector is for,
    /// drops vectors of documents that are gone, and queues every text whose vector is missing or stale.
    /// </summary>
    /// <remarks>The caller counts it in <c>_catchingUp</c> before starting it, so no search sees the vectors as ready before it runs.</remarks>
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            List<(string Id, string Text)> queue;
            await _catchUpGate.WaitAsync(cancellationToken);
            try
            {
                queue = Read();
            }
            finally
            {
                _catchUpGate.Release();
            }

            foreach (var (id, text) in queue)
            {
                await _worker.EnqueueAsync(id, text, cancellationToken);
            }

            LogCaughtUp(_logger, queue.Count, _store.Count);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed: what was not queued is found by the next catch-up.
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            LogCatchUpFailed(_logger, e);
        }
        finally
        {
            Interlocked.Decrement(ref _catchingUp);
        }
    }

    private List<(string Id, string Text)> Read()
    {
        Interlocked.Increment(ref _reading);
        try
        {
            // Changes numbered up to here are searchable after the refresh; later ones win over what the read finds.
            var upTo = Interlocked.Read(ref _version);
            _words.Refresh();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var queue = new List<(string Id, string Text)>();
            _words.VisitAll(document =>
            {
                seen.Add(document.Key);
                var texts = TextsOf(document);
                var fresh = Entry.For(upTo, document, texts);
                var kept = _entries.AddOrUpdate(document.Key, fresh, (_, existing) => existing.Version > upTo ? existing : fresh);
                if (ReferenceEquals(kept, fresh))
                {
                    Sync(document.Key, texts, queue);
                }
            });
            foreach (var (key, entry) in _entries)
            {
                if (entry.Version <= upTo && (entry.Deleted || !seen.Contains(key)))
                {
                    _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
                }
            }

            _store.RemoveAllExcept(id => _entries.TryGetValue(KeyOf(id), out var entry) && entry.HashOf(id[id.LastIndexOf('#')..]) is not null);
            return queue;
        }
        finally
        {
            Interlocked.Decrement(ref _reading);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding a search query failed; it was answered by words only")]
    private static partial void LogQueryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search embeddings caught up with the index: {Queued} texts queued to embed, {Stored} vectors stored")]
    private static partial void LogCaughtUp(ILogger logger, int queued, int stored);

    [LoggerMessage(Level = LogLevel.Error, Message = "Search embeddings could not catch up with the index; search by meaning waits for the next rebuild or restart")]
    private static partial void LogCatchUpFailed(ILogger logger, Exception exception);

    /// <summary>What a document's vectors are for; <see cref="Version"/> orders changes against a catch-up's read.</summary>
    private sealed record Entry(long Version, string? ProgrammeId, string? ConsultationId, bool IsBrief, ulong? Full, ulong? Reader, ulong? Brief, bool Deleted)
    {
        public static Entry Tombstone(long version) => new(version, null, null, false, null, null, null, Deleted: true);

        public static Entry For(long version, SearchDocument document, (string Suffix, string? Text)[] texts) => document switch
        {
            NoteSearchDocument note => Make(version, note.ProgrammeId, note.ConsultationId, isBrief: false, texts),
            _ => Make(version, document.ProgrammeId, null, isBrief: true, texts),
        };

        public static Entry For(long version, IndexedDocument document, (string Suffix, string? Text)[] texts) =>
            Make(version, document.ProgrammeId, document.ConsultationId, document.BriefText is not null, texts);

        public ulong? HashOf(string suffix) => Deleted ? null : suffix switch
        {
            FullVector => Full,
            ReaderVector => Reader,
            BriefVector => Brief,
            _ => null,
        };

        private static Entry Make(long version, string programmeId, string? consultationId, bool isBrief, (string Suffix, string? Text)[] texts)
        {
            ulong? Hash(string suffix) => texts.FirstOrDefault(t => t.Suffix == suffix).Text is { } text ? EmbeddingStore.HashText(text) : null;
            return new Entry(version, programmeId, consultationId, isBrief, Hash(FullVector), Hash(ReaderVector), Hash(BriefVector), Deleted: false);
        }
    }
}
