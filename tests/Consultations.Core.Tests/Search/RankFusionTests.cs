using Consultations.Core.Search;

namespace Consultations.Core.Tests.Search;

public sealed class RankFusionTests
{
    [Fact]
    public void Items_ranked_well_by_both_come_first()
    {
        var words = new[] { "a", "b", "c" };
        var meaning = new[] { "b", "d", "a" };

        var fused = RankFusion.Reciprocal([words, meaning]);

        Assert.Equal(["b", "a", "d", "c"], fused.Select(f => f.Item));
        Assert.Equal((1.0 / 62) + (1.0 / 61), fused[0].Score, 12);
    }

    [Fact]
    public void Ties_keep_the_order_of_first_appearance()
    {
        var fused = RankFusion.Reciprocal<string>([["a"], ["b"]]);

        Assert.Equal(["a", "b"], fused.Select(f => f.Item));
    }

    [Fact]
    public void No_rankings_fuse_to_nothing() => Assert.Empty(RankFusion.Reciprocal<string>([]));
}
