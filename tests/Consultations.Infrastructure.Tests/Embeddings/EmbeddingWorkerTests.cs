using Consultations.Core.Analysis;
using Consultations.Infrastructure.Embeddings;
using Consultations.Testing;

namespace Consultations.Infrastructure.Tests.Embeddings;

/// <summary>The background loop over a stand-in embedder (fast, countable), and once end to end over the real model.</summary>
[Collection(RealModelGroup.Name)]
public sealed class EmbeddingWorkerTests(MiniLmFixture fixture) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Queued_texts_are_embedded_in_batches_stored_and_saved_and_the_status_becomes_ready()
    {
        var embedder = new StandInEmbedder();
        using var store = EmbeddingStore.Open(_directory.Path, embedder.Model, embedder.Dimensions);
        var worker = new EmbeddingWorker(embedder, store, new EmbeddingWorkerOptions { BatchSize = 4 });

        Assert.False(worker.Status.Ready);
        for (var i = 0; i < 10; i++)
        {
            await worker.EnqueueAsync($"n{i}", $"note {i}", Ct);
        }

        Assert.Equal(10, worker.Status.Pending);
        worker.Complete();
        await worker.RunAsync(Ct).WaitAsync(Bound, Ct);

        Assert.Equal(10, store.Count);
        Assert.All(embedder.Batches, b => Assert.InRange(b, 1, 4));
        Assert.Equal(10, embedder.Batches.Sum());
        Assert.True(store.IsCurrent("n3", EmbeddingStore.HashText("note 3")));
        Assert.False(store.IsDirty);
        using var reopened = EmbeddingStore.Open(_directory.Path, embedder.Model, embedder.Dimensions);
        Assert.Equal(10, reopened.Count);
        Assert.Equal(0, worker.Status.Pending);
        Assert.False(worker.Status.Running);
    }

    [Fact]
    public async Task While_running_and_idle_the_status_is_ready()
    {
        var embedder = new StandInEmbedder();
        using var store = EmbeddingStore.Open(_directory.Path, embedder.Model, embedder.Dimensions);
        var worker = new EmbeddingWorker(embedder, store);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var loop = worker.RunAsync(stop.Token);

        await worker.EnqueueAsync("n1", "first note", Ct);
        await WaitUntil(() => worker.Status.Ready);

        Assert.Equal(1, worker.Status.Stored);
        Assert.Throws<InvalidOperationException>(() => worker.RunAsync(Ct).GetAwaiter().GetResult());

        await stop.CancelAsync();
        await loop.WaitAsync(Bound, Ct);
        Assert.False(worker.Status.Ready);
        Assert.True(File.Exists(store.FilePath));
    }

    [Fact]
    public async Task Unchanged_texts_are_not_embedded_again_and_the_last_request_for_an_id_wins()
    {
        var embedder = new StandInEmbedder();
        using var store = EmbeddingStore.Open(_directory.Path, embedder.Model, embedder.Dimensions);
        store.Upsert("kept", EmbeddingStore.HashText("unchanged"), embedder.Vector("unchanged"));
        store.Upsert("deleted", EmbeddingStore.HashText("old"), embedder.Vector("old"));
        var worker = new EmbeddingWorker(embedder, store, new EmbeddingWorkerOptions { BatchSize = 3 });

        await worker.EnqueueAsync("kept", "unchanged", Ct);
        await worker.EnqueueAsync("edited", "draft", Ct);
        await worker.EnqueueAsync("edited", "published", Ct);
        await worker.EnqueueAsync("deleted", "old but edited", Ct);
        await worker.EnqueueRemovalAsync("deleted", Ct);
        await worker.EnqueueRemovalAsync("restored", Ct);
        await worker.EnqueueAsync("restored", "back again", Ct);
        worker.Complete();
        await worker.RunAsync(Ct).WaitAsync(Bound, Ct);

        Assert.DoesNotContain("unchanged", embedder.Texts);
        Assert.True(store.IsCurrent("edited", EmbeddingStore.HashText("published")));
        Assert.False(store.Contains("deleted"));
        Assert.True(store.IsCurrent("restored", EmbeddingStore.HashText("back again")));
        Assert.Equal(3, store.Count);
    }

    [Fact]
    public async Task A_failing_batch_is_counted_and_reported_and_the_loop_goes_on()
    {
        var embedder = new StandInEmbedder { FailOn = "poison" };
        using var store = EmbeddingStore.Open(_directory.Path, embedder.Model, embedder.Dimensions);
        var worker = new EmbeddingWorker(embedder, store, new EmbeddingWorkerOptions { BatchSize = 2 });

        await worker.EnqueueAsync("a", "poison", Ct);
        await worker.EnqueueAsync("b", "unlucky neighbour", Ct);
        await worker.EnqueueAsync("c", "fine", Ct);
        worker.Complete();
        await worker.RunAsync(Ct).WaitAsync(Bound, Ct);

        Assert.Equal(2, worker.Status.Failed);
        Assert.Contains("poison", worker.Status.LastError, StringComparison.Ordinal);
        Assert.True(store.Contains("c"));
        Assert.Equal(0, worker.Status.Pending);
    }

    [Fact]
    public async Task The_same_text_under_two_ids_is_embedded_once_and_a_text_no_longer_wanted_is_not_stored()
    {
        var embedder = new StandInEmbedder();
        using var store = EmbeddingStore.Open(_directory.Path, embedder.Model, embedder.Dimensions);
        var replaced = EmbeddingStore.HashText("old text");
        var worker = new EmbeddingWorker(embedder, store, wanted: (id, hash) => !(id == "c" && hash == replaced));
        await worker.EnqueueAsync("a#reader", "same text", Ct);
        await worker.EnqueueAsync("a#full", "same text", Ct);
        await worker.EnqueueAsync("c", "old text", Ct);
        worker.Complete();

        await worker.RunAsync(Ct).WaitAsync(Bound, Ct);

        Assert.Equal(1, embedder.Batches.Sum());
        Assert.True(store.IsCurrent("a#reader", EmbeddingStore.HashText("same text")));
        Assert.True(store.IsCurrent("a#full", EmbeddingStore.HashText("same text")));
        Assert.False(store.Contains("c"));
    }

    [Fact]
    public async Task A_model_that_cannot_load_leaves_search_on_words_with_the_reason_and_no_crash()
    {
        var embedder = new StandInEmbedder { WarmUpFails = true };
        using var store = EmbeddingStore.Open(_directory.Path, embedder.Model, embedder.Dimensions);
        var worker = new EmbeddingWorker(embedder, store);
        await worker.EnqueueAsync("a", "text", Ct);

        await worker.RunAsync(Ct).WaitAsync(Bound, Ct);

        Assert.False(worker.Status.Ready);
        Assert.Equal(1, worker.Status.Pending);
        Assert.Equal("the model is missing", worker.Status.LastError);
    }

    [Fact]
    public async Task The_queue_is_bounded_and_cancellable()
    {
        var embedder = new StandInEmbedder();
        using var store = EmbeddingStore.Open(_directory.Path, embedder.Model, embedder.Dimensions);
        var worker = new EmbeddingWorker(embedder, store, new EmbeddingWorkerOptions { Capacity = 2 });

        Assert.True(worker.TryEnqueue("a", "1"));
        Assert.True(worker.TryEnqueue("b", "2"));
        Assert.False(worker.TryEnqueue("c", "3"));
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var blocked = worker.EnqueueAsync("c", "3", wait.Token).AsTask();
        Assert.False(blocked.IsCompleted);
        await wait.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked);
        Assert.Equal(2, worker.Status.Pending);

        worker.Complete();
        Assert.False(worker.TryEnqueue("d", "4"));
        await worker.RunAsync(Ct).WaitAsync(Bound, Ct);
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void A_store_for_another_model_is_refused()
    {
        var embedder = new StandInEmbedder();
        using var store = EmbeddingStore.Open(_directory.Path, "another-model", embedder.Dimensions);

        Assert.Throws<ArgumentException>(() => new EmbeddingWorker(embedder, store));
    }

    [Fact]
    public async Task End_to_end_on_the_real_model_a_paraphrase_finds_its_note()
    {
        var embedder = fixture.Embedder;
        using var store = EmbeddingStore.Open(_directory.Path, embedder.Model, embedder.Dimensions);
        var worker = new EmbeddingWorker(embedder, store);
        string[] notes =
        [
            "Agencies want a common platform for sharing threat indicators with partners.",
            "The ministry's budget for security shrinks every year.",
            "There are not enough skilled analysts to staff the operations centre.",
        ];
        for (var i = 0; i < notes.Length; i++)
        {
            await worker.EnqueueAsync($"n{i}", notes[i], Ct);
        }

        worker.Complete();
        await worker.RunAsync(Ct).WaitAsync(Bound, Ct);
        var queries = await embedder.EmbedAsync(["information exchange", "workforce shortage"], Ct);

        Assert.Equal("n0", store.Search(queries[0], 1, _ => true)[0].Id);
        Assert.Equal("n2", store.Search(queries[1], 1, _ => true)[0].Id);
        Assert.Equal("n1", store.Search(queries[1], 1, new HashSet<string> { "n1" })[0].Id);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold in time");
            await Task.Delay(10, Ct);
        }
    }

    /// <summary>Vectors from a hash of the text: the same text always gives the same unit vector. Records what it was asked.</summary>
    private sealed class StandInEmbedder : ITextEmbedder
    {
        private bool _loaded;

        public string Model => "stand-in";

        public int Dimensions => 8;

        public bool IsLoaded => _loaded;

        public string? FailOn { get; init; }

        public bool WarmUpFails { get; init; }

        public List<int> Batches { get; } = [];

        public List<string> Texts { get; } = [];

        public Task WarmUpAsync(CancellationToken cancellationToken = default)
        {
            if (WarmUpFails)
            {
                throw new InvalidOperationException("the model is missing");
            }

            _loaded = true;
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            lock (Batches)
            {
                Batches.Add(texts.Count);
                Texts.AddRange(texts);
            }

            if (FailOn is not null && texts.Contains(FailOn))
            {
                throw new InvalidOperationException($"cannot embed '{FailOn}'");
            }

            return Task.FromResult<IReadOnlyList<float[]>>([.. texts.Select(Vector)]);
        }

        public float[] Vector(string text)
        {
            var random = new Random((int)(EmbeddingStore.HashText(text) & int.MaxValue));
            return [.. Enumerable.Range(0, Dimensions).Select(_ => (random.NextSingle() * 2) - 1)];
        }
    }
}
