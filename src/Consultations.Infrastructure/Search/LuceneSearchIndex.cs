using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Consultations.Core.Search;
using Lucene.Net.Documents;
using Lucene.Net.Facet.SortedSet;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Directory = System.IO.Directory;
using S = Consultations.Infrastructure.Search.SearchSchema;

namespace Consultations.Infrastructure.Search;

/// <summary>A document as the index stores it: identity, scope and text fields (normalised), for the embeddings kept beside it.</summary>
internal sealed record IndexedDocument(string Key, string ProgrammeId, string? ConsultationId, string? Text, string? ReaderText, string? BriefText);

/// <summary>
/// The search index in process, on Lucene.Net, in a folder of its own (ADR 0017). The folder holds one generation of the
/// index at a time (<c>gen-…</c>) and a <c>current</c> file naming it; a rebuild writes a new generation beside it and
/// swaps. Each commit records the schema version, and a completed build says so, so opening an index of another
/// version, or one never completely built, reports <see cref="NeedsRebuild"/> and starts from an empty generation
/// instead of reading it. Changes become searchable on the next refresh (<see cref="SearchOptions.RefreshInterval"/>,
/// near-real-time readers) and durable on the next commit. Safe for concurrent use; one instance per folder (Lucene's
/// write lock refuses a second).
/// </summary>
public sealed partial class LuceneSearchIndex : ISearchIndex
{
    private const string PointerFile = "current";
    private const string LockFile = "in-use.lock";
    private const string GenerationPrefix = "gen-";

    private readonly string _root;
    private readonly SearchOptions _options;
    private readonly ILogger _logger;
    private readonly SearchDocumentMapper _mapper = new();

    // Searches and writes share the current generation (read lock); a rebuild's swap and disposal take it alone.
    private readonly ReaderWriterLockSlim _swap = new(LockRecursionPolicy.NoRecursion);
    private readonly SemaphoreSlim _rebuilding = new(1, 1);
    private readonly System.Threading.Lock _journalGate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConditionalWeakTable<IndexReader, FacetState> _facetStates = [];
    private readonly Task _maintenance;

    // Held while open: a second instance on the same folder would swap and delete generations under the first.
    private readonly FileStream _folderLock;

    private Generation _current;

    /// <summary>Changes made while a rebuild reads the store, replayed onto the new generation before it is swapped in.</summary>
    private List<(Term Key, Document? Document)>? _journal;

    private volatile bool _needsRebuild;
    private int _changed;
    private int _uncommitted;
    private int _disposed;

    public LuceneSearchIndex(string indexPath, SearchOptions options, ILogger<LuceneSearchIndex>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(indexPath);
        ArgumentNullException.ThrowIfNull(options);
        _root = Path.GetFullPath(indexPath);
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Directory.CreateDirectory(_root);
        _folderLock = LockFolder(_root);
        try
        {
            _current = OpenCurrent();
        }
        catch
        {
            _folderLock.Dispose();
            throw;
        }

        RemoveOtherGenerations();
        _maintenance = Task.Run(() => MaintainAsync(_stop.Token));
    }

    public int SchemaVersion => S.Version;

    public bool NeedsRebuild => _needsRebuild;

    /// <summary>The folder the index lives in.</summary>
    public string IndexPath => _root;

    /// <summary>
    /// Why the index in <paramref name="generationPath"/> cannot be used — missing, of another schema version, never
    /// completely built, unreadable — or null when it can.
    /// </summary>
    public static string? Inspect(string generationPath)
    {
        ArgumentNullException.ThrowIfNull(generationPath);
        if (!Directory.Exists(generationPath))
        {
            return "its folder is missing";
        }

        try
        {
            using var directory = FSDirectory.Open(generationPath);
            if (!DirectoryReader.IndexExists(directory))
            {
                return "the folder holds no index";
            }

            var data = DirectoryReader.ListCommits(directory)[^1].UserData;
            if (!data.TryGetValue(S.SchemaKey, out var version))
            {
                return "it records no schema version";
            }

            if (version != S.Version.ToString(CultureInfo.InvariantCulture))
            {
                return $"it was written with schema version {version}; this version of the app reads {S.Version}";
            }

            return data.ContainsKey(S.BuiltKey) ? null : "it was never completely built";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CorruptIndexException)
        {
            return $"it cannot be read ({ex.GetType().Name})";
        }
    }

    public Task UpsertAsync(IEnumerable<SearchDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);

        // Every document is checked and mapped before any is written, so a bad one leaves the index as it was.
        var changes = documents.Select(d => (Key: KeyTerm(d.Key), Document: (Document?)_mapper.Map(d))).ToList();
        cancellationToken.ThrowIfCancellationRequested();
        Write(changes);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var changes = keys.Select(k => (Key: KeyTerm(k), Document: (Document?)null)).ToList();
        cancellationToken.ThrowIfCancellationRequested();
        Write(changes);
        return Task.CompletedTask;
    }

    // Lucene is synchronous and the work is short and CPU-bound; the Task keeps the interface open to a remote index.
    public Task<SearchResults> SearchAsync(SearchRequest request, SearchScope scope, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Search(request, scope, SearchNotices.None, semantic: null));
    }

    /// <summary>This index has words only: nothing is similar by meaning (see <see cref="HybridSearchIndex"/>).</summary>
    public Task<IReadOnlyList<SearchHit>> SimilarAsync(string noteId, SearchScope scope, int count, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(noteId);
        ArgumentNullException.ThrowIfNull(scope);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Task.FromResult<IReadOnlyList<SearchHit>>([]);
    }

    /// <summary>A search, with <paramref name="semantic"/> matches by meaning blended in when given (relevance order only).</summary>
    internal SearchResults Search(SearchRequest request, SearchScope scope, SearchNotices notices, SemanticMatches? semantic)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scope);
        notices |= request.Query.Notices | (_needsRebuild ? SearchNotices.IndexIncomplete : SearchNotices.None);
        if (scope.IsEmpty || request.Query.MatchesNothing)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return SearchResults.None(request, notices);
        }

        return WithSearcher(searcher => SearchRunner.Run(searcher, FacetStateOf(searcher.IndexReader).State, request, scope, notices, semantic));
    }

    /// <summary>The notes among <paramref name="keys"/> readers may see in the scope's programme, as readers see them, in the keys' order.</summary>
    internal IReadOnlyList<SearchHit> ReaderHits(IReadOnlyList<string> keys, SearchScope scope) =>
        WithSearcher(searcher => SearchRunner.ReaderHits(searcher, scope.ProgrammeId, keys, scope));

    /// <summary>Whether a search in <paramref name="scope"/> with nothing typed would find the document <paramref name="key"/>.</summary>
    internal bool InScope(string key, SearchScope scope)
    {
        var branches = SearchQueries.Branches(new SearchRequest(), scope);
        return branches.Count > 0 && WithSearcher(searcher => searcher.Search(SearchQueries.Combine(branches), SearchQueries.Keys([key]), 1).TotalHits > 0);
    }

    /// <summary>Every document now searchable, as stored: its key, type, programme, consultation and text fields.</summary>
    internal void VisitAll(Action<IndexedDocument> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var fields = new HashSet<string> { S.Key, S.Type, S.Programme, S.Consultation, S.Text, S.ReaderText, S.BriefText };
        WithSearcher(searcher =>
        {
            var reader = searcher.IndexReader;
            var live = MultiFields.GetLiveDocs(reader);
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                if (live is not null && !live.Get(doc))
                {
                    continue;
                }

                var stored = reader.Document(doc, fields);
                var key = stored.Get(S.Key, CultureInfo.InvariantCulture);
                if (key is null)
                {
                    continue;
                }

                var isBrief = stored.Get(S.Type, CultureInfo.InvariantCulture) == S.BriefType;
                visit(new IndexedDocument(
                    key,
                    stored.Get(S.Programme, CultureInfo.InvariantCulture) ?? string.Empty,
                    isBrief ? null : stored.Get(S.Consultation, CultureInfo.InvariantCulture),
                    isBrief ? null : stored.Get(S.Text, CultureInfo.InvariantCulture),
                    isBrief ? null : stored.Get(S.ReaderText, CultureInfo.InvariantCulture),
                    isBrief ? stored.Get(S.BriefText, CultureInfo.InvariantCulture) : null));
            }

            return 0;
        });
    }

    public async Task RebuildAsync(IAsyncEnumerable<SearchDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var token = linked.Token;
        await _rebuilding.WaitAsync(token);
        Generation? fresh = null;
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var started = Stopwatch.GetTimestamp();
            lock (_journalGate)
            {
                _journal = [];
            }

            fresh = Generation.Open(_root, NewGenerationName(), create: true);
            var count = 0;
            await foreach (var document in documents.WithCancellation(token))
            {
                fresh.Writer.UpdateDocument(KeyTerm(document.Key), _mapper.Map(document));
                count++;
            }

            Generation old;
            _swap.EnterWriteLock();
            try
            {
                token.ThrowIfCancellationRequested();
                List<(Term Key, Document? Document)> journal;
                lock (_journalGate)
                {
                    journal = _journal ?? [];
                    _journal = null;
                }

                Apply(fresh.Writer, journal);
                fresh.MarkBuilt();
                fresh.Searchers.MaybeRefreshBlocking();
                WritePointer(fresh.Name);
                (old, _current, fresh) = (_current, fresh, null);
                _needsRebuild = false;
            }
            finally
            {
                _swap.ExitWriteLock();
            }

            old.Dispose();
            DeleteGeneration(old.Name);
            LogRebuilt(_logger, count, Stopwatch.GetElapsedTime(started).TotalSeconds, _root);
        }
        finally
        {
            lock (_journalGate)
            {
                _journal = null;
            }

            if (fresh is not null)
            {
                fresh.Dispose();
                DeleteGeneration(fresh.Name);
            }

            _rebuilding.Release();
        }
    }

    /// <summary>Makes every change so far searchable now, without waiting for the next refresh.</summary>
    public void Refresh()
    {
        _swap.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            Interlocked.Exchange(ref _changed, 0);
            _current.Searchers.MaybeRefreshBlocking();
        }
        finally
        {
            _swap.ExitReadLock();
        }
    }

    /// <summary>Makes every change so far durable now, without waiting for the next commit.</summary>
    public void Commit()
    {
        _swap.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            Interlocked.Exchange(ref _uncommitted, 0);
            _current.Commit();
        }
        finally
        {
            _swap.ExitReadLock();
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
            _maintenance.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // The loop logs its own failures; disposal goes on.
        }

        // A rebuild in progress sees the cancellation and removes its generation.
        _rebuilding.Wait();
        _swap.EnterWriteLock();
        try
        {
            _current.Commit();
            _current.Dispose();
        }
        finally
        {
            _swap.ExitWriteLock();
        }

        _swap.Dispose();
        _rebuilding.Dispose();
        _stop.Dispose();
        _folderLock.Dispose();
    }

    private T WithSearcher<T>(Func<IndexSearcher, T> search)
    {
        _swap.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var searchers = _current.Searchers;
            var searcher = searchers.Acquire();
            try
            {
                return search(searcher);
            }
            finally
            {
                searchers.Release(searcher);
            }
        }
        finally
        {
            _swap.ExitReadLock();
        }
    }

    private static Term KeyTerm(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return new Term(S.Key, key);
    }

    private static void Apply(IndexWriter writer, IEnumerable<(Term Key, Document? Document)> changes)
    {
        foreach (var (key, document) in changes)
        {
            if (document is null)
            {
                writer.DeleteDocuments(key);
            }
            else
            {
                writer.UpdateDocument(key, document);
            }
        }
    }

    private static FileStream LockFolder(string root)
    {
        try
        {
            return new FileStream(Path.Combine(root, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"The search index folder {root} is in use by another index: give each app instance its own Search:IndexPath.", ex);
        }
    }

    private static string NewGenerationName() =>
        GenerationPrefix + DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];

    private Generation OpenCurrent()
    {
        var name = ReadPointer();
        var problem = name is null ? "there is no index yet" : Inspect(Path.Combine(_root, name));
        if (problem is null)
        {
            return Generation.Open(_root, name!, create: false);
        }

        LogNeedsRebuild(_logger, _root, problem);
        _needsRebuild = true;
        var fresh = Generation.Open(_root, NewGenerationName(), create: true);
        WritePointer(fresh.Name);
        return fresh;
    }

    private void Write(List<(Term Key, Document? Document)> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        _swap.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            Apply(_current.Writer, changes);
            lock (_journalGate)
            {
                _journal?.AddRange(changes);
            }
        }
        finally
        {
            _swap.ExitReadLock();
        }

        Volatile.Write(ref _changed, 1);
        Volatile.Write(ref _uncommitted, 1);
    }

    private async Task MaintainAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.RefreshInterval);
        var sinceCommit = Stopwatch.StartNew();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    if (Volatile.Read(ref _changed) != 0)
                    {
                        Refresh();
                    }

                    if (sinceCommit.Elapsed >= _options.CommitInterval && Volatile.Read(ref _uncommitted) != 0)
                    {
                        Commit();
                        sinceCommit.Restart();
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    // ObjectDisposedException (an InvalidOperationException) while disposing is the loop's signal to stop.
                    if (Volatile.Read(ref _disposed) != 0)
                    {
                        return;
                    }

                    LogMaintenanceFailed(_logger, ex, _root);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private FacetState FacetStateOf(IndexReader reader) => _facetStates.GetValue(reader, FacetState.For);

    private string? ReadPointer()
    {
        var pointer = Path.Combine(_root, PointerFile);
        if (!File.Exists(pointer))
        {
            return null;
        }

        var name = File.ReadAllText(pointer).Trim();
        return name.StartsWith(GenerationPrefix, StringComparison.Ordinal) && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 ? name : null;
    }

    /// <summary>Names the current generation: written beside the pointer, then renamed over it, so a crash leaves the old or the new name.</summary>
    private void WritePointer(string name)
    {
        var pointer = Path.Combine(_root, PointerFile);
        var temporary = pointer + ".tmp";
        File.WriteAllText(temporary, name);
        File.Move(temporary, pointer, overwrite: true);
    }

    private void RemoveOtherGenerations()
    {
        foreach (var folder in Directory.EnumerateDirectories(_root, GenerationPrefix + "*"))
        {
            var name = Path.GetFileName(folder);
            if (name != _current.Name)
            {
                DeleteGeneration(name);
            }
        }
    }

    private void DeleteGeneration(string name)
    {
        try
        {
            Directory.Delete(Path.Combine(_root, name), recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A generation left behind is removed when the index is next opened.
            LogCleanupFailed(_logger, name, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The search index at {Path} needs a rebuild: {Reason}. Searches find nothing until it is rebuilt.")]
    private static partial void LogNeedsRebuild(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index rebuilt: {Count} documents in {Seconds:0.0} s at {Path}")]
    private static partial void LogRebuilt(ILogger logger, int count, double seconds, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Search index maintenance (refresh or commit) failed at {Path}")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove old search index generation {Name}: {Reason}")]
    private static partial void LogCleanupFailed(ILogger logger, string name, string reason);

    /// <summary>The facet ordinals of one reader (null when nothing with facets was indexed yet), made once per reader.</summary>
    private sealed class FacetState
    {
        private FacetState(SortedSetDocValuesReaderState? state) => State = state;

        public SortedSetDocValuesReaderState? State { get; }

        public static FacetState For(IndexReader reader)
        {
            try
            {
                return new FacetState(new DefaultSortedSetDocValuesReaderState(reader, Lucene.Net.Facet.FacetsConfig.DEFAULT_INDEX_FIELD_NAME));
            }
            catch (ArgumentException)
            {
                // No document with facets yet: nothing to count.
                return new FacetState(null);
            }
        }
    }

    /// <summary>One index folder: its directory, writer and near-real-time searchers.</summary>
    private sealed class Generation : IDisposable
    {
        private Generation(string name, FSDirectory directory, IndexWriter writer)
        {
            Name = name;
            Directory = directory;
            Writer = writer;
            Searchers = new SearcherManager(writer, applyAllDeletes: true, new Bm25SearcherFactory());
        }

        public string Name { get; }

        public FSDirectory Directory { get; }

        public IndexWriter Writer { get; }

        public SearcherManager Searchers { get; }

        /// <summary>When a complete build of this generation was committed, as recorded in its commits; null until then.</summary>
        public string? BuiltAt { get; private set; }

        public static Generation Open(string root, string name, bool create)
        {
            var directory = FSDirectory.Open(Path.Combine(root, name));
            try
            {
                var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, SearchAnalyzers.Index)
                {
                    OpenMode = create ? OpenMode.CREATE : OpenMode.APPEND,
                    Similarity = Bm25SearcherFactory.Similarity,
                };
                var writer = new IndexWriter(directory, config);
                var generation = new Generation(name, directory, writer)
                {
                    BuiltAt = !create && writer.CommitData.TryGetValue(S.BuiltKey, out var built) ? built : null,
                };
                if (create)
                {
                    generation.Commit();
                }

                return generation;
            }
            catch
            {
                directory.Dispose();
                throw;
            }
        }

        /// <summary>Records that every document is in, then commits.</summary>
        public void MarkBuilt()
        {
            BuiltAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            Commit();
        }

        /// <summary>Commits with the schema version, and the mark of a complete build once there has been one.</summary>
        public void Commit()
        {
            var data = new Dictionary<string, string>(StringComparer.Ordinal) { [S.SchemaKey] = S.Version.ToString(CultureInfo.InvariantCulture) };
            if (BuiltAt is { } built)
            {
                data[S.BuiltKey] = built;
            }

            Writer.SetCommitData(data);
            Writer.Commit();
        }

        public void Dispose()
        {
            Searchers.Dispose();
            Writer.Dispose();
            Directory.Dispose();
        }
    }

    /// <summary>BM25 at search time, as at index time (norms are written for the similarity the writer uses).</summary>
    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public static readonly Similarity Similarity = new BM25Similarity();

        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = Similarity };
    }
}
