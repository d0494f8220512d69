namespace Consultations.Core.Analysis;

/// <summary>
/// Extractive summary of a set of notes: TextRank over sentences (cosine similarity of stemmed term vectors,
/// damped PageRank), then maximal marginal relevance so near-duplicate sentences are not picked twice. Every
/// sentence keeps its note id and span.
/// </summary>
public static class ExtractiveSummary
{
    private const double Damping = 0.85;
    private const double Lambda = 0.5;

    // Sentences at least this similar to one already chosen say the same thing: never both in a summary.
    private const double DuplicateSimilarity = 0.6;
    private const int MaxCandidates = 2_000;

    // A short summary needs far fewer candidates than a long one: ranking cost grows with the square of the candidates.
    private const int CandidatesPerSentence = 200;

    public static IReadOnlyList<SummarySentence> Summarize(IReadOnlyList<AnalysisDocument> documents, int maxSentences)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (maxSentences <= 0)
        {
            return [];
        }

        // Round-robin over the notes (every note's first sentence, then every second…), identical sentences once,
        // and past the cap an even sample of that order, so that later notes are never simply ignored.
        var perDocument = documents
            .Select(d => Sentences.Split(d.Text).Select(s => (Document: d.Id, Sentence: s, Vector: Vector(s.Text))).Where(s => s.Vector.Count >= 3).ToList())
            .ToList();
        var ordered = new List<(string Document, Sentence Sentence, Dictionary<string, double> Vector)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var round = 0; perDocument.Any(d => d.Count > round); round++)
        {
            ordered.AddRange(perDocument.Where(d => d.Count > round).Select(d => d[round]).Where(s => seen.Add(s.Sentence.Text)));
        }

        var cap = Math.Min(MaxCandidates, Math.Max(2 * CandidatesPerSentence, CandidatesPerSentence * maxSentences));
        var sentences = ordered.Count <= cap
            ? ordered
            : [.. Enumerable.Range(0, cap).Select(i => ordered[(int)((long)i * ordered.Count / cap)])];
        if (sentences.Count == 0)
        {
            return [];
        }

        var n = sentences.Count;
        var norms = sentences.Select(s => Math.Sqrt(s.Vector.Values.Sum(v => v * v))).ToArray();
        double Similarity(int a, int b)
        {
            var (small, large) = sentences[a].Vector.Count <= sentences[b].Vector.Count ? (sentences[a].Vector, sentences[b].Vector) : (sentences[b].Vector, sentences[a].Vector);
            var dot = small.Sum(p => large.TryGetValue(p.Key, out var w) ? p.Value * w : 0);
            return dot / (norms[a] * norms[b]);
        }

        // Sparse graph: only sentences that share a term are neighbours.
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            foreach (var term in sentences[i].Vector.Keys)
            {
                (index.TryGetValue(term, out var list) ? list : index[term] = []).Add(i);
            }
        }

        var edges = new Dictionary<int, double>[n];
        for (var i = 0; i < n; i++)
        {
            edges[i] = [];
            foreach (var j in sentences[i].Vector.Keys.SelectMany(t => index[t]).Distinct())
            {
                if (j != i)
                {
                    edges[i][j] = Similarity(i, j);
                }
            }
        }

        var weightSums = edges.Select(e => e.Values.Sum()).ToArray();
        var rank = Enumerable.Repeat(1.0 / n, n).ToArray();
        for (var iteration = 0; iteration < 30; iteration++)
        {
            var next = new double[n];
            for (var i = 0; i < n; i++)
            {
                var incoming = 0.0;
                foreach (var (j, w) in edges[i])
                {
                    incoming += weightSums[j] > 0 ? w / weightSums[j] * rank[j] : 0;
                }

                next[i] = ((1 - Damping) / n) + (Damping * incoming);
            }

            rank = next;
        }

        var max = rank.Max();
        var chosen = new List<int>();
        var remaining = Enumerable.Range(0, n).ToHashSet();
        while (chosen.Count < maxSentences && remaining.Count > 0)
        {
            var candidates = remaining
                .Select(i => (i, Redundancy: chosen.Count == 0 ? 0 : chosen.Max(c => edges[i].GetValueOrDefault(c))))
                .Where(x => x.Redundancy < DuplicateSimilarity)
                .Select(x => (x.i, Score: (Lambda * rank[x.i] / max) - ((1 - Lambda) * x.Redundancy)))
                .OrderByDescending(x => x.Score).ThenBy(x => x.i)
                .ToList();
            if (candidates.Count == 0)
            {
                break;
            }

            chosen.Add(candidates[0].i);
            remaining.Remove(candidates[0].i);
        }

        return [.. chosen.Select(i => new SummarySentence(sentences[i].Sentence.Text, sentences[i].Document, sentences[i].Sentence.Start, sentences[i].Sentence.Length, Math.Round(rank[i] / max, 4)))];
    }

    private static Dictionary<string, double> Vector(string sentence) =>
        Terms.Of(sentence).GroupBy(t => t.Stem, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (double)g.Count(), StringComparer.Ordinal);
}
