using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Consultations.Infrastructure.Embeddings;

/// <summary>A stored vector's id and its cosine similarity to the query (−1…1, approximate to about ±0.01 after quantisation).</summary>
public sealed record EmbeddingMatch(string Id, float Score);

/// <summary>What <see cref="EmbeddingStore.Open"/> found on disk.</summary>
public enum EmbeddingStoreLoad
{
    /// <summary>No file yet: every note needs embedding.</summary>
    Missing,

    /// <summary>The file was read.</summary>
    Loaded,

    /// <summary>The file holds vectors of another model (or length): ignored, every note needs embedding again.</summary>
    ModelChanged,

    /// <summary>The file is truncated or not ours: ignored, it is derived data and is rewritten on the next save.</summary>
    Unreadable,
}

/// <summary>
/// Sentence vectors kept beside the search index, not in the documents: one per note id, with a hash of the text that
/// was embedded so a changed note's vector is known to be stale. Held in memory as int8 with one scale per vector
/// (384 + 4 bytes instead of 1,536 for floats) and persisted to <see cref="FileName"/> in one directory, replaced
/// atomically on save. Search is brute force (every allowed vector is scored; SIMD integer dot products), which at
/// 100,000 notes is a few milliseconds and needs no index to keep in step. Searches may run while the background
/// worker writes; both are serialised by a reader-writer lock.
/// </summary>
public sealed class EmbeddingStore : IDisposable
{
    public const string FileName = "embeddings.bin";

    private const int FormatVersion = 1;

    /// <summary>An allowed set smaller than one eighth of the store is walked instead of scanning the store.</summary>
    private const int SmallSetFraction = 8;

    /// <summary>How many best-scored candidates per wanted result are offered to the access rule before it is asked about every note.</summary>
    private const int ScoreFirstDepth = 32;

    private const int MinimumScoreFirstDepth = 512;
    private static readonly byte[] StartMagic = "CEMB"u8.ToArray();
    private static readonly byte[] EndMagic = "CEND"u8.ToArray();

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private string[] _ids = [];
    private ulong[] _hashes = [];
    private float[] _scales = [];
    private sbyte[] _vectors = [];
    private int _count;
    private bool _dirty;

    private EmbeddingStore(string directory, string model, int dimensions)
    {
        Directory = directory;
        Model = model;
        Dimensions = dimensions;
    }

    public string Directory { get; }

    public string FilePath => Path.Combine(Directory, FileName);

    public string Model { get; }

    public int Dimensions { get; }

    public EmbeddingStoreLoad LoadOutcome { get; private set; }

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Whether something changed since the last save or load.</summary>
    public bool IsDirty => Volatile.Read(ref _dirty);

    /// <summary>
    /// Opens the store of <paramref name="directory"/> (created if missing) for vectors of <paramref name="model"/>:
    /// reads its file when there is one of the same model and length, and otherwise starts empty (see <see cref="LoadOutcome"/>).
    /// </summary>
    public static EmbeddingStore Open(string directory, string model, int dimensions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        System.IO.Directory.CreateDirectory(directory);
        var store = new EmbeddingStore(directory, model, dimensions);
        store.LoadOutcome = store.TryLoad();
        return store;
    }

    /// <summary>The 64-bit hash (the start of SHA-256 over UTF-8) that marks which text a stored vector was made from.</summary>
    public static ulong HashText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return BinaryPrimitives.ReadUInt64LittleEndian(digest);
    }

    /// <summary>Whether <paramref name="id"/> has a vector made from the text with <paramref name="textHash"/>.</summary>
    public bool IsCurrent(string id, ulong textHash)
    {
        ArgumentNullException.ThrowIfNull(id);
        _lock.EnterReadLock();
        try
        {
            return _slots.TryGetValue(id, out var slot) && _hashes[slot] == textHash;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public bool Contains(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        _lock.EnterReadLock();
        try
        {
            return _slots.ContainsKey(id);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Adds or replaces the vector of <paramref name="id"/> (normalised here, so any non-zero vector will do).</summary>
    public void Upsert(string id, ulong textHash, ReadOnlySpan<float> vector)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"The vector has {vector.Length} dimensions; this store holds {Dimensions}.", nameof(vector));
        }

        Span<sbyte> quantised = stackalloc sbyte[Dimensions];
        var scale = Quantise(vector, quantised);
        _lock.EnterWriteLock();
        try
        {
            if (!_slots.TryGetValue(id, out var slot))
            {
                slot = _count++;
                EnsureCapacity(_count);
                _slots.Add(id, slot);
                _ids[slot] = id;
            }

            _hashes[slot] = textHash;
            _scales[slot] = scale;
            quantised.CopyTo(_vectors.AsSpan(slot * Dimensions, Dimensions));
            _dirty = true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public bool Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        _lock.EnterWriteLock();
        try
        {
            if (!_slots.Remove(id, out var slot))
            {
                return false;
            }

            // The last vector moves into the hole, so the arrays stay dense and a scan never meets a gap.
            var last = --_count;
            if (slot != last)
            {
                _ids[slot] = _ids[last];
                _hashes[slot] = _hashes[last];
                _scales[slot] = _scales[last];
                _vectors.AsSpan(last * Dimensions, Dimensions).CopyTo(_vectors.AsSpan(slot * Dimensions, Dimensions));
                _slots[_ids[slot]] = slot;
            }

            _ids[last] = null!;
            _dirty = true;
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes every vector whose id <paramref name="keep"/> rejects (notes deleted while the app was down); returns how many.</summary>
    public int RemoveAllExcept(Func<string, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        List<string> doomed;
        _lock.EnterReadLock();
        try
        {
            doomed = [.. _ids.AsSpan(0, _count).ToArray().Where(id => !keep(id))];
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return doomed.Count(Remove);
    }

    /// <summary>The stored (dequantised, unit-length) vector of <paramref name="id"/>, e.g. to find notes similar to it.</summary>
    public float[]? GetVector(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        _lock.EnterReadLock();
        try
        {
            if (!_slots.TryGetValue(id, out var slot))
            {
                return null;
            }

            var vector = new float[Dimensions];
            var stored = _vectors.AsSpan(slot * Dimensions, Dimensions);
            for (var d = 0; d < Dimensions; d++)
            {
                vector[d] = stored[d] * _scales[slot];
            }

            return vector;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// The <paramref name="k"/> stored vectors most similar to <paramref name="query"/> among <paramref name="allowedIds"/>
    /// only, best first (equal scores by id, ordinal), none below <paramref name="minimumScore"/>. Only allowed ids are
    /// ever scored or returned, so neither the results nor their number say anything about notes the caller may not see.
    /// </summary>
    public IReadOnlyList<EmbeddingMatch> Search(ReadOnlySpan<float> query, int k, IReadOnlySet<string> allowedIds, float minimumScore = -1f)
    {
        ArgumentNullException.ThrowIfNull(allowedIds);
        return Search(query, k, id => allowedIds.Contains(id), allowedIds, minimumScore);
    }

    /// <summary>
    /// As the set overload, with the access rule as a predicate on the id. The answer is the same as asking the rule
    /// about every stored vector first; to save time it is asked about the best-scored ones first (see the body).
    /// </summary>
    public IReadOnlyList<EmbeddingMatch> Search(ReadOnlySpan<float> query, int k, Func<string, bool> allowed, float minimumScore = -1f)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        return Search(query, k, allowed, null, minimumScore);
    }

    /// <summary>
    /// Writes the store to <see cref="FilePath"/> through a temporary file and a rename, so a crash leaves the old file or
    /// the new one. Layout (little-endian): "CEMB", format version, model name, dimensions, count; the ids; the text
    /// hashes (u64); the scales (f32); the int8 vectors; "CEND".
    /// </summary>
    public void Save()
    {
        var temporary = FilePath + ".tmp";
        _lock.EnterReadLock();
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
                writer.Write(StartMagic);
                writer.Write(FormatVersion);
                writer.Write(Model);
                writer.Write(Dimensions);
                writer.Write(_count);
                for (var i = 0; i < _count; i++)
                {
                    writer.Write(_ids[i]);
                }

                writer.Write(MemoryMarshal.AsBytes(_hashes.AsSpan(0, _count)));
                writer.Write(MemoryMarshal.AsBytes(_scales.AsSpan(0, _count)));
                writer.Write(MemoryMarshal.AsBytes(_vectors.AsSpan(0, _count * Dimensions)));
                writer.Write(EndMagic);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, FilePath, overwrite: true);
            _dirty = false;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Bytes held for the vectors, hashes, scales and ids (arrays at their capacity, strings and the id map estimated).</summary>
    public long EstimatedBytes()
    {
        _lock.EnterReadLock();
        try
        {
            long bytes = (long)_vectors.Length + (_scales.Length * 4L) + (_hashes.Length * 8L) + (_ids.Length * 8L);
            for (var i = 0; i < _count; i++)
            {
                bytes += 22 + (2L * _ids[i].Length);
            }

            // Dictionary<string, int>: a 24-byte entry and a 4-byte bucket per slot, at most twice the count.
            return bytes + (_count * 2L * 28);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    private EmbeddingMatch[] Search(ReadOnlySpan<float> query, int k, Func<string, bool> allowed, IReadOnlySet<string>? allowedSet, float minimumScore)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"The query has {query.Length} dimensions; this store holds {Dimensions}.", nameof(query));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k == 0)
        {
            return [];
        }

        var quantisedQuery = new sbyte[Dimensions];
        var queryScale = Quantise(query, quantisedQuery);
        _lock.EnterReadLock();
        try
        {
            // A small allowed set is walked directly: its size, not the store's, bounds the work.
            if (allowedSet is not null && allowedSet.Count * SmallSetFraction < _count)
            {
                return Matches(Best(k, minimumScore, quantisedQuery, queryScale, SlotsOf(allowedSet)), k, _ => true);
            }

            // Otherwise score first and ask the rule about the best few only: the rule reads each id's string, which
            // costs a cache miss per note, while the scores come from one dense array. The first k of them the rule
            // allows are exactly the rule's top k, unless fewer than k are among them; then every note is asked.
            var depth = Math.Max(k * ScoreFirstDepth, MinimumScoreFirstDepth);
            if (depth < _count)
            {
                var best = Best(depth, minimumScore, quantisedQuery, queryScale, slots: null);
                var matches = Matches(best, k, allowed);
                if (matches.Length == k || best.Count < depth)
                {
                    return matches;
                }
            }

            return Matches(Best(k, minimumScore, quantisedQuery, queryScale, slots: null, allowed), k, _ => true);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The <paramref name="depth"/> best candidates among <paramref name="slots"/> (null: every slot the rule allows), best first.</summary>
    private List<Candidate> Best(int depth, float minimumScore, sbyte[] query, float queryScale, List<int>? slots, Func<string, bool>? allowed = null)
    {
        var best = new PriorityQueue<Candidate, Candidate>(Math.Min(depth, _count) + 1, WorstFirst.Instance);
        var total = slots?.Count ?? _count;
        for (var i = 0; i < total; i++)
        {
            var slot = slots is null ? i : slots[i];
            if (allowed is not null && !allowed(_ids[slot]))
            {
                continue;
            }

            var score = Dot(_vectors.AsSpan(slot * Dimensions, Dimensions), query) * _scales[slot] * queryScale;
            if (score < minimumScore)
            {
                continue;
            }

            if (best.Count < depth)
            {
                var candidate = new Candidate(score, _ids[slot]);
                best.Enqueue(candidate, candidate);
            }
            else if (score >= best.Peek().Score)
            {
                // Only a score at least the worst kept one can enter; the id is read only then (ties are broken by it).
                var candidate = new Candidate(score, _ids[slot]);
                if (WorstFirst.Instance.Compare(candidate, best.Peek()) > 0)
                {
                    best.DequeueEnqueue(candidate, candidate);
                }
            }
        }

        var ordered = new List<Candidate>(best.Count);
        while (best.Count > 0)
        {
            ordered.Add(best.Dequeue());
        }

        ordered.Reverse();
        return ordered;
    }

    private static EmbeddingMatch[] Matches(List<Candidate> best, int k, Func<string, bool> allowed)
    {
        var matches = new List<EmbeddingMatch>(Math.Min(k, best.Count));
        foreach (var candidate in best)
        {
            if (matches.Count == k)
            {
                break;
            }

            if (allowed(candidate.Id))
            {
                matches.Add(new EmbeddingMatch(candidate.Id, candidate.Score));
            }
        }

        return [.. matches];
    }

    private List<int> SlotsOf(IReadOnlySet<string> ids)
    {
        var slots = new List<int>(ids.Count);
        foreach (var id in ids)
        {
            if (id is not null && _slots.TryGetValue(id, out var slot))
            {
                slots.Add(slot);
            }
        }

        return slots;
    }

    /// <summary>Symmetric int8: the largest component becomes ±127. Returns the scale that turns the ints back into a unit vector.</summary>
    private static float Quantise(ReadOnlySpan<float> vector, Span<sbyte> destination)
    {
        var norm = 0.0;
        var largest = 0f;
        foreach (var x in vector)
        {
            if (!float.IsFinite(x))
            {
                throw new ArgumentException("The vector holds a value that is not a finite number.", nameof(vector));
            }

            norm += x * x;
            largest = Math.Max(largest, Math.Abs(x));
        }

        if (norm == 0)
        {
            destination.Clear();
            return 0f;
        }

        var unit = (float)(1 / Math.Sqrt(norm));
        var step = largest * unit / 127f;
        for (var d = 0; d < vector.Length; d++)
        {
            destination[d] = (sbyte)Math.Clamp(MathF.Round(vector[d] * unit / step), -127f, 127f);
        }

        return step;
    }

    /// <summary>Σ a·b over int8 vectors: widened to 16 bits (|a·b| ≤ 127² and two of them fit), then summed in 32.</summary>
    internal static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var i = 0;
        var sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<sbyte>.Count)
        {
            var accumulator = Vector<int>.Zero;
            for (; i <= a.Length - Vector<sbyte>.Count; i += Vector<sbyte>.Count)
            {
                Vector.Widen(new Vector<sbyte>(a[i..]), out var aLow, out var aHigh);
                Vector.Widen(new Vector<sbyte>(b[i..]), out var bLow, out var bHigh);
                Vector.Widen((aLow * bLow) + (aHigh * bHigh), out var low, out var high);
                accumulator += low + high;
            }

            sum = Vector.Sum(accumulator);
        }

        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private void EnsureCapacity(int count)
    {
        if (count <= _ids.Length)
        {
            return;
        }

        var capacity = Math.Max(count, Math.Max(1024, _ids.Length * 2));
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _hashes, capacity);
        Array.Resize(ref _scales, capacity);
        Array.Resize(ref _vectors, capacity * Dimensions);
    }

    private EmbeddingStoreLoad TryLoad()
    {
        if (!File.Exists(FilePath))
        {
            return EmbeddingStoreLoad.Missing;
        }

        try
        {
            using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (!reader.ReadBytes(StartMagic.Length).AsSpan().SequenceEqual(StartMagic) || reader.ReadInt32() != FormatVersion)
            {
                return EmbeddingStoreLoad.Unreadable;
            }

            var model = reader.ReadString();
            var dimensions = reader.ReadInt32();
            if (model != Model || dimensions != Dimensions)
            {
                return EmbeddingStoreLoad.ModelChanged;
            }

            var count = reader.ReadInt32();
            // Each record takes at least 14 + dimensions bytes, so a count the file cannot hold is refused before allocating.
            if (count < 0 || count > (stream.Length - stream.Position) / (14L + dimensions))
            {
                return EmbeddingStoreLoad.Unreadable;
            }

            EnsureCapacity(count);
            for (var i = 0; i < count; i++)
            {
                var id = reader.ReadString();
                if (id.Length == 0 || !_slots.TryAdd(id, i))
                {
                    return Reset();
                }

                _ids[i] = id;
            }

            stream.ReadExactly(MemoryMarshal.AsBytes(_hashes.AsSpan(0, count)));
            stream.ReadExactly(MemoryMarshal.AsBytes(_scales.AsSpan(0, count)));
            stream.ReadExactly(MemoryMarshal.AsBytes(_vectors.AsSpan(0, count * dimensions)));
            if (!reader.ReadBytes(EndMagic.Length).AsSpan().SequenceEqual(EndMagic) || stream.Position != stream.Length)
            {
                return Reset();
            }

            _count = count;
            return EmbeddingStoreLoad.Loaded;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or InvalidDataException or FormatException)
        {
            return Reset();
        }
    }

    private EmbeddingStoreLoad Reset()
    {
        _slots.Clear();
        _ids = [];
        _hashes = [];
        _scales = [];
        _vectors = [];
        _count = 0;
        return EmbeddingStoreLoad.Unreadable;
    }

    private readonly record struct Candidate(float Score, string Id);

    /// <summary>Orders candidates worst first (lower score, then later id), so the queue's head is the one to drop.</summary>
    private sealed class WorstFirst : IComparer<Candidate>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare(Candidate x, Candidate y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(y.Id, x.Id);
        }
    }
}
