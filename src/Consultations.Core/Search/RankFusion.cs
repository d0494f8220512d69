namespace Consultations.Core.Search;

/// <summary>One ranked list to fuse: ids best first (a repeated id counts at its first place) and the weight of its votes.</summary>
public sealed record RankedList(IReadOnlyList<string> Ids, double Weight = 1.0);

/// <summary>A fused result: its score and its 1-based place in each input list (null where the list lacks it), in input order.</summary>
public sealed record FusedRank(string Id, double Score, IReadOnlyList<int?> Ranks);

/// <summary>
/// How a word-ranked (BM25) list and a meaning-ranked (cosine) list are blended; the defaults are the ones measured
/// in docs/search-ranking.md. <see cref="SemanticDepth"/> and <see cref="MinimumSimilarity"/> tell the caller how
/// much of the cosine ranking to pass in: a note far from the query in meaning should not gain votes just for being
/// ranked at all.
/// </summary>
public sealed record HybridWeights(int K = HybridWeights.DefaultK, double Lexical = 1.0, double Semantic = 2.0, int SemanticDepth = 50, double MinimumSimilarity = 0.2)
{
    /// <summary>Smaller than the paper's 60: with one query's two lists, the top places should count for more than agreement deep down.</summary>
    public const int DefaultK = 10;

    public static HybridWeights Default { get; } = new();
}

/// <summary>
/// Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): a document scores Σ weight / (k + rank) over the lists
/// it appears in. It needs no score calibration between BM25 and cosine, only their orders, and a large k (60 in the
/// paper) keeps one list's top place from outvoting agreement between lists. Pure and deterministic: equal scores
/// are broken by the place in the first list (present before absent), then the next; no two ids have the same places
/// in every list, so the order is total whatever order the dictionary kept them in.
/// </summary>
public static class RankFusion
{
    /// <summary>The constant of the original paper, also the default of most engines that implement it.</summary>
    public const int DefaultK = 60;

    public static IReadOnlyList<FusedRank> Fuse(IReadOnlyList<RankedList> lists, int k = DefaultK)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        for (var l = 0; l < lists.Count; l++)
        {
            var list = lists[l] ?? throw new ArgumentException("A ranked list is null.", nameof(lists));
            if (!double.IsFinite(list.Weight) || list.Weight < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(lists), list.Weight, "A list's weight must be a finite number of zero or more.");
            }

            for (var i = 0; i < list.Ids.Count; i++)
            {
                var id = list.Ids[i] ?? throw new ArgumentException("A ranked list holds a null id.", nameof(lists));
                if (!entries.TryGetValue(id, out var entry))
                {
                    entry = new Entry(new int?[lists.Count]);
                    entries.Add(id, entry);
                }

                if (entry.Ranks[l] is null)
                {
                    entry.Ranks[l] = i + 1;
                }
            }
        }

        var fused = new List<FusedRank>(entries.Count);
        foreach (var (id, entry) in entries)
        {
            // Summed list by list in input order, so the same inputs always give bit-identical scores.
            var score = 0.0;
            for (var l = 0; l < lists.Count; l++)
            {
                if (entry.Ranks[l] is { } rank)
                {
                    score += lists[l].Weight / (k + rank);
                }
            }

            fused.Add(new FusedRank(id, score, entry.Ranks));
        }

        fused.Sort(Compare);
        return fused;
    }

    /// <summary>Fuses a BM25 ranking with a cosine ranking (already cut to the depth and similarity the weights name).</summary>
    public static IReadOnlyList<FusedRank> Hybrid(IReadOnlyList<string> lexical, IReadOnlyList<string> semantic, HybridWeights? weights = null)
    {
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(semantic);
        var w = weights ?? HybridWeights.Default;
        return Fuse([new RankedList(lexical, w.Lexical), new RankedList(semantic, w.Semantic)], w.K);
    }

    private static int Compare(FusedRank a, FusedRank b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        if (byScore != 0)
        {
            return byScore;
        }

        for (var l = 0; l < a.Ranks.Count; l++)
        {
            var byRank = (a.Ranks[l], b.Ranks[l]) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                ({ } x, { } y) => x.CompareTo(y),
            };
            if (byRank != 0)
            {
                return byRank;
            }
        }

        // Unreachable for distinct ids (a place in a list belongs to one id); kept so the comparer is total on its own.
        return string.CompareOrdinal(a.Id, b.Id);
    }

    private sealed record Entry(int?[] Ranks);
}
