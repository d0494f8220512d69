using System.Diagnostics;
using Consultations.Infrastructure.Embeddings;
using Consultations.Testing;

namespace Consultations.Infrastructure.Tests.Embeddings;

[CollectionDefinition(nameof(EmbeddingStoreScaleTests), DisableParallelization = true)]
public sealed class EmbeddingStoreScaleGroup;

/// <summary>
/// The store at the size issue 18 names, 100,000 notes × 384 dimensions, on random vectors. Alone in its collection so
/// the heap measured is the store's, not a neighbour's; the times are printed (Debug builds are several times slower),
/// only sizes are asserted.
/// </summary>
[Collection(nameof(EmbeddingStoreScaleTests))]
public sealed class EmbeddingStoreScaleTests : IDisposable
{
    private const int Count = 100_000;
    private const int Dims = 384;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_hundred_thousand_vectors_fit_in_tens_of_megabytes_and_load_from_a_file_of_forty()
    {
        var random = new Random(100);
        var vector = new float[Dims];
        var clock = Stopwatch.StartNew();
        using (var store = EmbeddingStore.Open(_directory.Path, "all-MiniLM-L6-v2", Dims))
        {
            for (var i = 0; i < Count; i++)
            {
                FillRandom(random, vector);
                store.Upsert(Guid.NewGuid().ToString(), (ulong)i, vector);
            }

            var fill = clock.Elapsed;
            clock.Restart();
            store.Save();
            TestContext.Current.SendDiagnosticMessage($"fill {fill.TotalMilliseconds:F0} ms, save {clock.Elapsed.TotalMilliseconds:F0} ms");
        }

        var fileBytes = new FileInfo(Path.Combine(_directory.Path, EmbeddingStore.FileName)).Length;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        clock.Restart();
        using var reopened = EmbeddingStore.Open(_directory.Path, "all-MiniLM-L6-v2", Dims);
        var load = clock.Elapsed;
        var held = GC.GetTotalMemory(forceFullCollection: true) - before;

        FillRandom(random, vector);
        var allowedHalf = new Func<string, bool>(id => id[0] < '8');
        var everything = new Func<string, bool>(_ => true);
        var half = Median(() => reopened.Search(vector, 10, allowedHalf));
        var all = Median(() => reopened.Search(vector, 10, everything));

        TestContext.Current.SendDiagnosticMessage(
            $"{Count:N0} × {Dims}: heap +{held / 1e6:F1} MB (estimate {reopened.EstimatedBytes() / 1e6:F1} MB), file {fileBytes / 1e6:F1} MB, load {load.TotalMilliseconds:F0} ms; " +
            $"top-10 search median of 15 after 5 warm-ups: all {all:F1} ms, half allowed by a rule {half:F1} ms");
        Assert.Equal(Count, reopened.Count);
        // The heap difference is only reported: other test classes allocate and free in this process meanwhile.
        Assert.InRange(reopened.EstimatedBytes(), 40_000_000, 70_000_000);
        Assert.InRange(fileBytes, 40_000_000, 46_000_000);
    }

    private static double Median(Action search)
    {
        // A few unmeasured runs first, so tiered compilation has optimised the scan before it is timed.
        for (var i = 0; i < 5; i++)
        {
            search();
        }

        var times = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            var clock = Stopwatch.StartNew();
            search();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static void FillRandom(Random random, float[] vector)
    {
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] = (random.NextSingle() * 2) - 1;
        }
    }
}
