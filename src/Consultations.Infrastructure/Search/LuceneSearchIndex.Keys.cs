using Lucene.Net.Index;
using Lucene.Net.Search;
using S = Consultations.Infrastructure.Search.SearchSchema;

namespace Consultations.Infrastructure.Search;

public sealed partial class LuceneSearchIndex
{
    public Task<IReadOnlySet<string>> KeysAsync(string programmeId, string? consultationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(programmeId);
        cancellationToken.ThrowIfCancellationRequested();
        var query = new BooleanQuery { { new TermQuery(new Term(S.Programme, programmeId)), Occur.MUST } };
        if (consultationId is not null)
        {
            query.Add(new TermQuery(new Term(S.Consultation, consultationId)), Occur.MUST);
        }

        _swap.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var searchers = _current.Searchers;

            // The caller compares with the store right after writing: what it just wrote must be counted.
            searchers.MaybeRefreshBlocking();
            var searcher = searchers.Acquire();
            try
            {
                var keys = new HashSet<string>(StringComparer.Ordinal);
                var collector = new KeyCollector(keys);
                searcher.Search(query, collector);
                return Task.FromResult<IReadOnlySet<string>>(keys);
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

    /// <summary>Reads the stored key of every hit, unscored: listing keys needs no ranking.</summary>
    private sealed class KeyCollector(HashSet<string> keys) : ICollector
    {
        private AtomicReader? _reader;

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context) => _reader = context.AtomicReader;

        public void Collect(int doc)
        {
            if (_reader?.Document(doc).Get(S.Key, System.Globalization.CultureInfo.InvariantCulture) is { } key)
            {
                keys.Add(key);
            }
        }
    }
}
