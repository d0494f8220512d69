using Consultations.Core.Search;
using FsCheck;
using FsCheck.Fluent;

namespace Consultations.Core.Tests.Search;

public sealed class RankFusionTests
{
    [Fact]
    public void A_document_scores_the_sum_of_its_weighted_reciprocal_ranks()
    {
        var fused = RankFusion.Fuse([new RankedList(["a", "b", "c"]), new RankedList(["c", "d"], 0.5)], k: 60);

        var byId = fused.ToDictionary(f => f.Id);
        Assert.Equal((1.0 / 61) + 0, byId["a"].Score, 12);
        Assert.Equal((1.0 / 63) + (0.5 / 61), byId["c"].Score, 12);
        Assert.Equal(0.5 / 62, byId["d"].Score, 12);
        Assert.Equal([3, 1], byId["c"].Ranks);
        Assert.Equal([2, null], byId["b"].Ranks);
    }

    [Fact]
    public void Agreement_between_lists_beats_one_list_s_top_place()
    {
        // "shared" is second in both; "bm25-only" and "cosine-only" are each first in one list only.
        var fused = RankFusion.Hybrid(["bm25-only", "shared", "x"], ["cosine-only", "shared", "y"]);

        Assert.Equal("shared", fused[0].Id);
    }

    [Fact]
    public void Equal_scores_are_broken_by_the_place_in_the_first_list_then_the_next()
    {
        // a and b tie (first place in one list each): b's place in the first list wins.
        Assert.Equal(["b", "a"], RankFusion.Fuse([new RankedList(["b"]), new RankedList(["a"])]).Select(f => f.Id));

        // With no weight every score is zero: the first list's order, then the second's for what the first lacks.
        var zeroWeight = RankFusion.Fuse([new RankedList(["z", "y"], 0), new RankedList(["q", "z", "p"], 0)]);
        Assert.Equal(["z", "y", "q", "p"], zeroWeight.Select(f => f.Id));
    }

    [Fact]
    public void A_repeated_id_counts_at_its_first_place_only()
    {
        var fused = RankFusion.Fuse([new RankedList(["a", "b", "a"])], k: 0);

        Assert.Equal(1.0, fused.Single(f => f.Id == "a").Score);
        Assert.Equal(2, fused.Count);
    }

    [Fact]
    public void The_semantic_weight_moves_the_blend_towards_the_cosine_order()
    {
        string[] lexical = ["l1", "l2", "l3"];
        string[] semantic = ["s1", "s2", "s3"];

        Assert.Equal("l1", RankFusion.Hybrid(lexical, semantic, new HybridWeights(Lexical: 1, Semantic: 0.9))[0].Id);
        Assert.Equal("s1", RankFusion.Hybrid(lexical, semantic, new HybridWeights(Lexical: 1, Semantic: 1.1))[0].Id);
        Assert.Equal(["l1", "l2", "l3", "s1", "s2", "s3"], RankFusion.Hybrid(lexical, semantic, new HybridWeights(Semantic: 0)).Select(f => f.Id));
    }

    [Fact]
    public void Empty_lists_fuse_to_nothing_and_bad_input_is_refused()
    {
        Assert.Empty(RankFusion.Fuse([]));
        Assert.Empty(RankFusion.Hybrid([], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankFusion.Fuse([new RankedList(["a"], -1)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankFusion.Fuse([new RankedList(["a"], double.NaN)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankFusion.Fuse([new RankedList(["a"])], k: -1));
        Assert.Throws<ArgumentException>(() => RankFusion.Fuse([new RankedList([null!])]));
    }

    [Fact]
    public void Fusion_is_deterministic_complete_sorted_and_independent_of_how_the_inputs_were_built()
    {
        var ids = Gen.Elements("a", "b", "c", "d", "e", "f", "g", "h");
        var list = Gen.ListOf(ids).Select(l => l.ToArray());
        var sample =
            from lexical in list
            from semantic in list
            from k in Gen.Choose(0, 100)
            from weight in Gen.Elements(0.0, 0.5, 1.0, 2.0)
            select (lexical, semantic, k, weight);

        Prop.ForAll(sample.ToArbitrary(), s =>
        {
            var weights = new HybridWeights(K: s.k, Semantic: s.weight);
            var first = RankFusion.Hybrid(s.lexical, s.semantic, weights);
            var again = RankFusion.Hybrid([.. s.lexical], [.. s.semantic], weights);
            var everyId = s.lexical.Concat(s.semantic).Distinct().Order(StringComparer.Ordinal);
            var sorted = first.Zip(first.Skip(1)).All(p => p.First.Score >= p.Second.Score);

            return (first.Select(f => (f.Id, f.Score)).SequenceEqual(again.Select(f => (f.Id, f.Score)))
                    && first.Select(f => f.Id).Order(StringComparer.Ordinal).SequenceEqual(everyId)
                    && sorted)
                .Label($"[{string.Join(",", s.lexical)}] + [{string.Join(",", s.semantic)}] k={s.k} w={s.weight}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }
}
