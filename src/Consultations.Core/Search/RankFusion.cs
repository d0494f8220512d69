namespace Consultations.Core.Search;

/// <summary>
/// Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): each ranking gives an item 1 / (k + rank), the sums
/// order the result. It needs no score calibration between rankers, which is why it suits words (BM25) and meaning
/// (cosine) together.
/// </summary>
public static class RankFusion
{
    /// <summary>The constant from the paper: large enough that a first place alone does not decide.</summary>
    public const int DefaultK = 60;

    /// <summary>Items of all <paramref name="rankings"/> (best first in each) by fused score, best first; ties keep first appearance.</summary>
    public static IReadOnlyList<(T Item, double Score)> Reciprocal<T>(IEnumerable<IReadOnlyList<T>> rankings, int k = DefaultK)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(rankings);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var scores = new Dictionary<T, double>();
        var order = new List<T>();
        foreach (var ranking in rankings)
        {
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                var item = ranking[rank];
                if (!scores.TryGetValue(item, out var score))
                {
                    order.Add(item);
                }

                scores[item] = score + (1.0 / (k + rank + 1));
            }
        }

        return [.. order.Select((item, i) => (item, i)).OrderByDescending(p => scores[p.item]).ThenBy(p => p.i).Select(p => (p.item, scores[p.item]))];
    }
}
