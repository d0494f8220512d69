using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Consultations.Core.Analysis;
using Consultations.Core.Search;
using Consultations.Core.Text;
using Consultations.Infrastructure.Embeddings;
using Consultations.Testing;

namespace Consultations.Infrastructure.Tests.Embeddings;

/// <summary>
/// Ranking by words, by meaning and fused, measured on a labelled set (Data/relevance-set.json, see its README): 162
/// short synthetic notes in 27 topics and 42 queries, half of them paraphrases that share few words with the notes they
/// should find. The word ranking is BM25 over Core's English analysis (Lucene's tokenizer, stop words and Porter
/// stemmer) computed here, standing in for the search engine's Lucene BM25, which is built elsewhere. The blend's
/// parameters were chosen on the "tune" queries; the floors hold on all of them. Figures: docs/search-ranking.md.
/// </summary>
[Collection(RealModelGroup.Name)]
public sealed class RelevanceEvaluationTests(MiniLmFixture fixture) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly RelevanceSet Set = Load();
    private static readonly double[] PercentilesShown = [0.1, 0.25, 0.5, 0.75, 0.9];

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void The_set_has_every_kind_of_query_in_both_splits_and_no_paraphrase_can_be_found_by_all_its_words()
    {
        Assert.InRange(Set.Notes.Count, 150, 200);
        Assert.InRange(Set.Queries.Count, 40, 60);
        Assert.Equal(Set.Notes.Count, Set.Notes.Select(n => n.Id).Distinct().Count());
        Assert.All(Set.Queries, q => Assert.NotEmpty(Relevant(q)));
        foreach (var split in new[] { "tune", "test" })
        {
            Assert.True(Set.Queries.Count(q => q.Split == split && q.Kind == "paraphrase") >= 10);
            Assert.True(Set.Queries.Count(q => q.Split == split && q.Kind == "lexical") >= 10);
            Assert.True(Set.Queries.Count(q => q.Split == split && q.Kind == "exact") >= 4);
        }

        // A paraphrase's words never all occur in a note it should find; a word or exact query's do, in at least one.
        Assert.All(Set.Queries.Where(q => q.Kind == "paraphrase"), q => Assert.True(WordOverlap(q, all: true) == 0, q.Text));
        Assert.All(Set.Queries.Where(q => q.Kind != "paraphrase"), q => Assert.True(WordOverlap(q, all: true) > 0, q.Text));
        var any = string.Join(", ", Set.Queries.GroupBy(q => q.Kind).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Average(q => WordOverlap(q, all: false)):P0}")));
        TestContext.Current.SendDiagnosticMessage($"relevant notes holding any stem of the query: {any}");
    }

    [Fact]
    public async Task Meaning_and_fused_ranking_beat_words_alone_on_paraphrases_without_losing_the_word_queries()
    {
        var ct = TestContext.Current.CancellationToken;
        var embedder = fixture.Embedder;
        await embedder.WarmUpAsync(ct);
        var clock = Stopwatch.StartNew();
        var noteVectors = await embedder.EmbedAsync([.. Set.Notes.Select(n => n.Text)], ct);
        var notesTime = clock.Elapsed;
        clock.Restart();
        var queryVectors = await embedder.EmbedAsync([.. Set.Queries.Select(q => q.Text)], ct);
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"embedded {Set.Notes.Count} notes in {notesTime.TotalMilliseconds:F0} ms ({notesTime.TotalMilliseconds / Set.Notes.Count:F1} ms a note), {Set.Queries.Count} queries in {clock.Elapsed.TotalMilliseconds:F0} ms"));
        using var store = EmbeddingStore.Open(_directory.Path, embedder.Model, embedder.Dimensions);
        for (var i = 0; i < Set.Notes.Count; i++)
        {
            store.Upsert(Set.Notes[i].Id, EmbeddingStore.HashText(Set.Notes[i].Text), noteVectors[i]);
        }

        var bm25 = new Bm25([.. Set.Notes.Select(n => (n.Id, n.Text))]);
        var runs = Set.Queries.Select((q, i) => new QueryRun(
            q,
            bm25.Rank(q.Text, requireAll: false),
            bm25.Rank(q.Text, requireAll: true),
            store.Search(queryVectors[i], Set.Notes.Count, _ => true))).ToList();

        var report = new StringBuilder();
        void Line(string name, Func<QueryRun, IReadOnlyList<string>> rank)
        {
            string Cell(Func<Query, bool> which)
            {
                var selected = runs.Where(r => which(r.Query)).ToList();
                return string.Create(CultureInfo.InvariantCulture, $"{selected.Average(r => Ndcg(rank(r), r.Query)):F3} / {selected.Average(r => Recall(rank(r), r.Query)):F3}");
            }

            report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {Cell(_ => true)} | {Cell(q => q.Kind == "paraphrase")} | {Cell(q => q.Kind == "lexical")} | {Cell(q => q.Kind == "exact")} | {Cell(q => q.Split == "test")} |");
        }

        var textbook = new HybridWeights(K: 60, Lexical: 1, Semantic: 1, SemanticDepth: int.MaxValue, MinimumSimilarity: -1);
        var d = HybridWeights.Default;
        report.AppendLine("| ranking | all | paraphrases | topic words | exact terms | test split |");
        report.AppendLine("|---|---|---|---|---|---|");
        Line("BM25, any word (OR)", r => r.Bm25Any);
        Line("BM25, all words (AND)", r => r.Bm25All);
        Line("embeddings (cosine)", r => Semantic(r, textbook));
        Line(string.Create(CultureInfo.InvariantCulture, $"fused over OR, default (k={d.K}, weights {d.Lexical}:{d.Semantic}, cosine top {d.SemanticDepth} ≥ {d.MinimumSimilarity})"), r => Fused(r.Bm25Any, r, d));
        Line("fused over AND, default", r => Fused(r.Bm25All, r, d));
        Line("fused over OR, textbook RRF (k=60, 1:1, whole cosine list)", r => Fused(r.Bm25Any, r, textbook));
        Line("fused over OR, default but 1:1", r => Fused(r.Bm25Any, r, d with { Semantic = 1 }));
        TestContext.Current.SendDiagnosticMessage("nDCG@10 / recall@10\n" + report);
        TestContext.Current.SendDiagnosticMessage("cosine of query and note: " + Similarities(runs));
        TestContext.Current.SendDiagnosticMessage("nDCG@10 on the tune split (all, paraphrase, topic words, exact), the two alone and the best blends:\n" + Grid(runs));

        double Mean(Func<QueryRun, IReadOnlyList<string>> rank, Func<Query, bool> which, bool recall = false) =>
            runs.Where(r => which(r.Query)).Average(r => recall ? Recall(rank(r), r.Query) : Ndcg(rank(r), r.Query));

        static bool Paraphrase(Query q) => q.Kind == "paraphrase";
        static bool Lexical(Query q) => q.Kind == "lexical";
        IReadOnlyList<string> Words(QueryRun r) => r.Bm25Any;
        IReadOnlyList<string> Meaning(QueryRun r) => Semantic(r, textbook);
        IReadOnlyList<string> Blend(QueryRun r) => Fused(r.Bm25Any, r, HybridWeights.Default);

        // Floors with room below the measured figures (docs/search-ranking.md), so a regression fails and noise does not.
        Assert.True(Mean(Meaning, Paraphrase) >= Mean(Words, Paraphrase) + 0.15, "embeddings should beat words clearly on paraphrases");
        Assert.True(Mean(Blend, Paraphrase) >= Mean(Words, Paraphrase) + 0.15, "the blend should beat words clearly on paraphrases");
        Assert.True(Mean(Blend, Paraphrase, recall: true) >= Mean(Words, Paraphrase, recall: true) + 0.15);
        Assert.True(Mean(Blend, Lexical) >= Mean(Words, Lexical), "the blend should keep what words find");
        Assert.True(Mean(Blend, q => q.Kind == "exact") >= 0.9, "a distinctive term should still put its note first");
        Assert.True(Mean(Blend, _ => true) >= Mean(Meaning, _ => true) - 0.03, "the blend should be about as good as meaning alone overall");
        Assert.True(Mean(Blend, q => q.Split == "test") >= Mean(Words, q => q.Split == "test") + 0.1, "the blend chosen on the tune split should hold on the test split");
    }

    private static IReadOnlyList<string> Semantic(QueryRun run, HybridWeights weights) =>
        [.. run.Cosine.Where(m => m.Score >= weights.MinimumSimilarity).Take(weights.SemanticDepth).Select(m => m.Id)];

    private static IReadOnlyList<string> Fused(IReadOnlyList<string> lexical, QueryRun run, HybridWeights weights) =>
        [.. RankFusion.Hybrid(lexical, Semantic(run, weights), weights).Select(f => f.Id)];

    private static string Grid(List<QueryRun> runs)
    {
        var tune = runs.Where(r => r.Query.Split == "tune").ToList();
        string Row(string name, Func<QueryRun, IReadOnlyList<string>> rank)
        {
            double Mean(Func<Query, bool> which) => tune.Where(r => which(r.Query)).Average(r => Ndcg(rank(r), r.Query));
            return string.Create(CultureInfo.InvariantCulture, $"{Mean(_ => true):F3} {Mean(q => q.Kind == "paraphrase"):F3} {Mean(q => q.Kind == "lexical"):F3} {Mean(q => q.Kind == "exact"):F3}  {name}");
        }

        var rows = new List<string>
        {
            Row("BM25 (OR)", r => r.Bm25Any),
            Row("embeddings", r => Semantic(r, HybridWeights.Default with { SemanticDepth = int.MaxValue, MinimumSimilarity = -1 })),
        };
        foreach (var lexical in new[] { "OR", "AND" })
        {
            foreach (var k in new[] { 10, 30, 60 })
            {
                foreach (var semantic in new[] { 0.5, 1.0, 1.5, 2.0 })
                {
                    foreach (var depth in new[] { 20, 50, 200 })
                    {
                        foreach (var minimum in new[] { -1.0, 0.2, 0.3 })
                        {
                            var weights = new HybridWeights(k, 1.0, semantic, depth, minimum);
                            rows.Add(Row($"{lexical} k={k} semantic={semantic:F1} depth={depth} min={minimum:F1}", r => Fused(lexical == "OR" ? r.Bm25Any : r.Bm25All, r, weights)));
                        }
                    }
                }
            }
        }

        var blends = rows.Skip(2).OrderDescending(StringComparer.Ordinal).ToList();
        return string.Join('\n', rows.Take(2).Concat(blends.Where(r => r.Contains(" OR ", StringComparison.Ordinal)).Take(10)).Concat(blends.Where(r => r.Contains(" AND ", StringComparison.Ordinal)).Take(5)));
    }

    /// <summary>Percentiles of the cosine between a query and the notes it should find, and the best-ranked ten it should not.</summary>
    private static string Similarities(List<QueryRun> runs)
    {
        var relevant = runs.SelectMany(r => r.Cosine.Where(m => Relevant(r.Query).Contains(m.Id)).Select(m => (double)m.Score)).Order().ToList();
        var other = runs.SelectMany(r => r.Cosine.Where(m => !Relevant(r.Query).Contains(m.Id)).Take(10).Select(m => (double)m.Score)).Order().ToList();
        static string Percentiles(List<double> v) => string.Join(" ", PercentilesShown.Select(p => string.Create(CultureInfo.InvariantCulture, $"p{p * 100:F0} {v[(int)(p * (v.Count - 1))]:F2}")));
        return $"relevant {Percentiles(relevant)}; top-10 irrelevant {Percentiles(other)}";
    }

    /// <summary>nDCG@10 with binary gains: every note of a query's topics counts 1.</summary>
    private static double Ndcg(IReadOnlyList<string> ranked, Query query)
    {
        var relevant = Relevant(query);
        var dcg = ranked.Take(10).Select((id, i) => relevant.Contains(id) ? 1 / Math.Log2(i + 2) : 0).Sum();
        var ideal = Enumerable.Range(0, Math.Min(10, relevant.Count)).Sum(i => 1 / Math.Log2(i + 2));
        return dcg / ideal;
    }

    private static double Recall(IReadOnlyList<string> ranked, Query query)
    {
        var relevant = Relevant(query);
        return ranked.Take(10).Count(relevant.Contains) / (double)Math.Min(10, relevant.Count);
    }

    private static HashSet<string> Relevant(Query query) =>
        [.. Set.Notes.Where(n => (query.Topics ?? []).Contains(n.Topic) || (query.Notes ?? []).Contains(n.Id)).Select(n => n.Id)];

    /// <summary>The share of a query's relevant notes that hold any of its stems (<paramref name="all"/>: every one of them).</summary>
    private static double WordOverlap(Query query, bool all)
    {
        var stems = Bm25.Stems(query.Text).ToHashSet();
        var relevant = Relevant(query);
        var notes = Set.Notes.Where(n => relevant.Contains(n.Id)).Select(n => Bm25.Stems(n.Text).ToHashSet()).ToList();
        return notes.Count(n => all ? stems.All(n.Contains) : stems.Any(n.Contains)) / (double)notes.Count;
    }

    private static RelevanceSet Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Embeddings", "Data", "relevance-set.json");
        return JsonSerializer.Deserialize<RelevanceSet>(File.ReadAllText(path), Json) ?? throw new InvalidDataException("The relevance set is empty.");
    }

    private sealed record RelevanceSet(List<Note> Notes, List<Query> Queries);

    private sealed record Note(string Id, string Topic, string Text);

    /// <summary>A query and what it should find: every note of its topics, and any notes named.</summary>
    private sealed record Query(string Id, string Split, string Kind, string Text, List<string>? Topics, List<string>? Notes);

    private sealed record QueryRun(Query Query, IReadOnlyList<string> Bm25Any, IReadOnlyList<string> Bm25All, IReadOnlyList<EmbeddingMatch> Cosine);

    /// <summary>Okapi BM25 (k1 1.2, b 0.75, Lucene's idf) over Core's stems; with <c>requireAll</c> only notes holding every query stem.</summary>
    private sealed class Bm25
    {
        private const double K1 = 1.2;
        private const double B = 0.75;

        private readonly List<(string Id, Dictionary<string, int> Counts, int Length)> _notes;
        private readonly Dictionary<string, int> _documentFrequency = [];
        private readonly double _averageLength;

        public Bm25(List<(string Id, string Text)> notes)
        {
            _notes = [.. notes.Select(n =>
            {
                var stems = Stems(n.Text);
                return (n.Id, stems.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count()), stems.Count);
            })];
            foreach (var stem in _notes.SelectMany(n => n.Counts.Keys))
            {
                _documentFrequency[stem] = _documentFrequency.GetValueOrDefault(stem) + 1;
            }

            _averageLength = _notes.Average(n => n.Length);
        }

        public IReadOnlyList<string> Rank(string query, bool requireAll)
        {
            var stems = Stems(query).Distinct().ToList();
            return [.. _notes
                .Where(n => requireAll ? stems.All(n.Counts.ContainsKey) : stems.Any(n.Counts.ContainsKey))
                .Select(n => (n.Id, Score: stems.Sum(s => Score(n.Counts.GetValueOrDefault(s), n.Length, s))))
                .OrderByDescending(n => n.Score)
                .ThenBy(n => n.Id, StringComparer.Ordinal)
                .Select(n => n.Id)];
        }

        /// <summary>Accents folded first, as the search engine folds them ("Da Nang" finds "Đà Nẵng").</summary>
        public static List<string> Stems(string text) => [.. Terms.Of(TextFolding.FoldDiacritics(text)).Select(t => t.Stem)];

        private double Score(int frequency, int length, string stem)
        {
            if (frequency == 0)
            {
                return 0;
            }

            var df = _documentFrequency.GetValueOrDefault(stem);
            var idf = Math.Log(1 + ((_notes.Count - df + 0.5) / (df + 0.5)));
            return idf * frequency * (K1 + 1) / (frequency + (K1 * (1 - B + (B * length / _averageLength))));
        }
    }
}
