using Consultations.Infrastructure.Embeddings;
using Consultations.Testing;

namespace Consultations.Infrastructure.Tests.Embeddings;

/// <summary>The vector store on synthetic vectors (no model): quantised search, access-restricted ranking, stale detection, the file.</summary>
public sealed class EmbeddingStoreTests : IDisposable
{
    private const string Model = "test-model";
    private const int Dims = 48;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Quantised_scores_are_within_a_hundredth_of_the_exact_cosine_and_rank_the_same_way()
    {
        using var store = EmbeddingStore.Open(_directory.Path, Model, Dims);
        var random = new Random(7);
        var vectors = Enumerable.Range(0, 500).Select(_ => RandomVector(random, Dims)).ToArray();
        for (var i = 0; i < vectors.Length; i++)
        {
            store.Upsert(Id(i), (ulong)i, vectors[i]);
        }

        var query = RandomVector(random, Dims);
        var exact = vectors.Select((v, i) => (Id: Id(i), Score: MiniLmEmbedderTests.Cosine(v, query))).OrderByDescending(m => m.Score).ToList();

        var found = store.Search(query, 10, _ => true);

        Assert.Equal(10, found.Count);
        Assert.All(found, m => Assert.Equal(exact.Single(e => e.Id == m.Id).Score, m.Score, 0.01));
        Assert.True(found.Zip(found.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.True(found.Select(m => m.Id).Intersect(exact.Take(12).Select(e => e.Id)).Count() >= 9, "the quantised top 10 should be the exact top 10, give or take near-ties");
    }

    [Fact]
    public void Only_allowed_ids_are_ranked_and_the_set_and_the_predicate_agree()
    {
        using var store = EmbeddingStore.Open(_directory.Path, Model, Dims);
        var random = new Random(11);
        for (var i = 0; i < 300; i++)
        {
            store.Upsert(Id(i), 0, RandomVector(random, Dims));
        }

        var query = RandomVector(random, Dims);
        var small = Enumerable.Range(0, 300).Where(i => i % 37 == 0).Select(Id).Append("not-stored").ToHashSet();
        var large = Enumerable.Range(0, 300).Where(i => i % 3 != 0).Select(Id).ToHashSet();

        foreach (var allowed in new[] { small, large })
        {
            var bySet = store.Search(query, 20, allowed);
            var byRule = store.Search(query, 20, allowed.Contains);

            Assert.All(bySet, m => Assert.Contains(m.Id, allowed));
            Assert.Equal(bySet, byRule);
            Assert.Equal(Math.Min(20, allowed.Count(store.Contains)), bySet.Count);
        }

        Assert.Empty(store.Search(query, 20, new HashSet<string>()));
        Assert.Empty(store.Search(query, 0, _ => true));
        Assert.All(store.Search(query, 300, _ => true, minimumScore: 0.2f), m => Assert.True(m.Score >= 0.2f));
    }

    [Fact]
    public void Asking_the_rule_about_the_best_scored_first_gives_what_asking_about_every_note_gives()
    {
        using var store = EmbeddingStore.Open(_directory.Path, Model, Dims);
        var random = new Random(13);
        var vectors = Enumerable.Range(0, 3_000).Select(_ => RandomVector(random, Dims)).ToArray();
        for (var i = 0; i < vectors.Length; i++)
        {
            store.Upsert(Id(i), 0, vectors[i]);
        }

        // From a rule that allows almost everything (answered among the best-scored) to one that allows a handful (every note asked).
        foreach (var modulus in new[] { 1, 2, 7, 100, 997 })
        {
            var query = RandomVector(random, Dims);
            var asked = 0;
            bool Rule(string id)
            {
                asked++;
                return int.Parse(id.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture) % modulus == 0;
            }

            var found = store.Search(query, 10, Rule);
            var expected = vectors.Select((v, i) => (Id: Id(i), Score: MiniLmEmbedderTests.Cosine(v, query)))
                .Where(m => Rule(m.Id))
                .OrderByDescending(m => m.Score)
                .Take(10)
                .Select(m => m.Id)
                .ToList();

            Assert.Equal(expected.Count, found.Count);
            Assert.All(found, m => Assert.True(Rule(m.Id)));
            Assert.True(found.Select(m => m.Id).Intersect(expected).Count() >= expected.Count - 2, $"1 in {modulus}: quantised and exact top 10 should mostly agree");
            Assert.Equal(found, store.Search(query, 10, vectors.Select((_, i) => Id(i)).Where(Rule).ToHashSet()));
        }
    }

    [Fact]
    public void A_vector_is_current_only_for_the_text_it_was_made_from()
    {
        using var store = EmbeddingStore.Open(_directory.Path, Model, Dims);
        var before = EmbeddingStore.HashText("Participants asked for incentives for sharing.");
        var after = EmbeddingStore.HashText("Participants asked for incentives for sharing!");

        store.Upsert("n1", before, RandomVector(new Random(1), Dims));

        Assert.True(store.IsCurrent("n1", before));
        Assert.False(store.IsCurrent("n1", after));
        Assert.False(store.IsCurrent("n2", before));
        Assert.NotEqual(before, after);
        Assert.Equal(before, EmbeddingStore.HashText("Participants asked for incentives for sharing."));
    }

    [Fact]
    public void Removing_keeps_the_others_findable_and_replacing_keeps_one_vector_per_id()
    {
        using var store = EmbeddingStore.Open(_directory.Path, Model, Dims);
        var random = new Random(3);
        var vectors = Enumerable.Range(0, 5).Select(_ => RandomVector(random, Dims)).ToArray();
        for (var i = 0; i < vectors.Length; i++)
        {
            store.Upsert(Id(i), 0, vectors[i]);
        }

        Assert.True(store.Remove(Id(1)));
        Assert.False(store.Remove(Id(1)));
        store.Upsert(Id(2), 9, vectors[2]);
        Assert.Equal(1, store.RemoveAllExcept(id => id != Id(4)));

        Assert.Equal(3, store.Count);
        foreach (var i in new[] { 0, 2, 3 })
        {
            Assert.Equal(Id(i), store.Search(vectors[i], 1, _ => true)[0].Id);
            Assert.True(MiniLmEmbedderTests.Cosine(store.GetVector(Id(i))!, vectors[i]) > 0.999);
        }

        Assert.Null(store.GetVector(Id(1)));
        Assert.True(store.IsCurrent(Id(2), 9));
    }

    [Fact]
    public void The_file_round_trips_and_is_replaced_whole()
    {
        var random = new Random(5);
        var query = RandomVector(random, Dims);
        IReadOnlyList<EmbeddingMatch> expected;
        using (var store = EmbeddingStore.Open(_directory.Path, Model, Dims))
        {
            Assert.Equal(EmbeddingStoreLoad.Missing, store.LoadOutcome);
            for (var i = 0; i < 200; i++)
            {
                store.Upsert(Id(i) + "-Việt", (ulong)i * 31, RandomVector(random, Dims));
            }

            store.Remove(Id(17) + "-Việt");
            expected = store.Search(query, 15, _ => true);
            Assert.True(store.IsDirty);
            store.Save();
            Assert.False(store.IsDirty);
        }

        using var reopened = EmbeddingStore.Open(_directory.Path, Model, Dims);

        Assert.Equal(EmbeddingStoreLoad.Loaded, reopened.LoadOutcome);
        Assert.Equal(199, reopened.Count);
        Assert.Equal(expected, reopened.Search(query, 15, _ => true));
        Assert.True(reopened.IsCurrent(Id(20) + "-Việt", 20 * 31));
        Assert.Equal([EmbeddingStore.FileName], Directory.GetFiles(_directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Vectors_of_another_model_or_a_damaged_file_are_ignored_not_trusted()
    {
        using (var store = EmbeddingStore.Open(_directory.Path, Model, Dims))
        {
            store.Upsert("n1", 1, RandomVector(new Random(1), Dims));
            store.Save();
        }

        var path = Path.Combine(_directory.Path, EmbeddingStore.FileName);
        var bytes = File.ReadAllBytes(path);

        using (var otherModel = EmbeddingStore.Open(_directory.Path, "another-model", Dims))
        {
            Assert.Equal(EmbeddingStoreLoad.ModelChanged, otherModel.LoadOutcome);
            Assert.Equal(0, otherModel.Count);
        }

        using (var otherLength = EmbeddingStore.Open(_directory.Path, Model, Dims * 2))
        {
            Assert.Equal(EmbeddingStoreLoad.ModelChanged, otherLength.LoadOutcome);
        }

        foreach (var damaged in new[] { bytes[..^5], bytes[..20], [.. bytes, 0], [.. "not an embedding file"u8] })
        {
            File.WriteAllBytes(path, damaged);
            using var store = EmbeddingStore.Open(_directory.Path, Model, Dims);
            Assert.Equal(EmbeddingStoreLoad.Unreadable, store.LoadOutcome);
            Assert.Equal(0, store.Count);
            Assert.Empty(store.Search(RandomVector(new Random(2), Dims), 5, _ => true));
        }
    }

    [Fact]
    public async Task Searches_run_safely_while_vectors_are_written()
    {
        using var store = EmbeddingStore.Open(_directory.Path, Model, Dims);
        var random = new Random(9);
        var vectors = Enumerable.Range(0, 400).Select(_ => RandomVector(random, Dims)).ToArray();
        var query = vectors[0];

        var writer = Task.Run(() =>
        {
            for (var round = 0; round < 5; round++)
            {
                for (var i = 0; i < vectors.Length; i++)
                {
                    store.Upsert(Id(i), (ulong)round, vectors[i]);
                    if (i % 7 == 0)
                    {
                        store.Remove(Id(i));
                    }
                }
            }
        }, TestContext.Current.CancellationToken);
        var reader = Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                Assert.All(store.Search(query, 5, id => id.EndsWith('1')), m => Assert.EndsWith("1", m.Id, StringComparison.Ordinal));
            }
        }, TestContext.Current.CancellationToken);

        await Task.WhenAll(writer, reader);
        Assert.Equal(vectors.Length - ((vectors.Length + 6) / 7), store.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(384)]
    [InlineData(1000)]
    public void The_vectorised_dot_product_equals_the_plain_one(int length)
    {
        var random = new Random(length);
        var a = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
        var b = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();

        Assert.Equal(a.Zip(b).Sum(p => p.First * p.Second), EmbeddingStore.Dot(a, b));
    }

    private static string Id(int i) => $"note-{i:D4}";

    private static float[] RandomVector(Random random, int dims)
    {
        var vector = new float[dims];
        FillRandom(random, vector);
        return vector;
    }

    private static void FillRandom(Random random, float[] vector)
    {
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] = (random.NextSingle() * 2) - 1;
        }
    }
}
