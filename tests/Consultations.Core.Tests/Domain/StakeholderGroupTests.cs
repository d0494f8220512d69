using Consultations.Core.Domain;

namespace Consultations.Core.Tests.Domain;

public sealed class StakeholderGroupTests
{
    private static readonly IReadOnlyList<StakeholderGroup> Groups = StakeholderGroup.Defaults;

    [Theory]
    [InlineData("private-sector", "private-sector", StakeholderGroupMatchedBy.Key)]
    [InlineData("Private sector", "private-sector", StakeholderGroupMatchedBy.Key)]
    [InlineData("private sector", "private-sector", StakeholderGroupMatchedBy.Key)]
    [InlineData("Private-Sector", "private-sector", StakeholderGroupMatchedBy.Key)]
    [InlineData(" PRIVATE  SECTOR ", "private-sector", StakeholderGroupMatchedBy.Key)]
    [InlineData("private_sector", "private-sector", StakeholderGroupMatchedBy.Key)]
    [InlineData("private\u2013sector", "private-sector", StakeholderGroupMatchedBy.Key)]
    [InlineData("Other private sector", "private-sector", StakeholderGroupMatchedBy.Label)]
    [InlineData("other-private_sector", "private-sector", StakeholderGroupMatchedBy.Label)]
    [InlineData("Civil society", "civil-society", StakeholderGroupMatchedBy.Label)]
    [InlineData("Civil\u00A0society", "civil-society", StakeholderGroupMatchedBy.Key)]
    [InlineData("Civil \t society", "civil-society", StakeholderGroupMatchedBy.Key)]
    [InlineData("GOVERNMENT", "government", StakeholderGroupMatchedBy.Key)]
    [InlineData("Telecommunications", "telecoms", StakeholderGroupMatchedBy.Label)]
    [InlineData("armed forces and defence", "armed-forces", StakeholderGroupMatchedBy.Label)]
    [InlineData("Armed forces & defence", "armed-forces", StakeholderGroupMatchedBy.Label)]
    [InlineData("Armed forces&defence", "armed-forces", StakeholderGroupMatchedBy.Label)]
    [InlineData("national cert / csirt", "cert", StakeholderGroupMatchedBy.Label)]
    public void A_key_or_a_label_is_matched_whatever_its_case_spacing_and_separators(string text, string key, StakeholderGroupMatchedBy by)
    {
        var match = StakeholderGroup.Match(text, Groups);

        Assert.NotNull(match);
        Assert.Equal((key, by), (match.Group.Key, match.By));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" - _ ")]
    [InlineData("privatesector")]
    [InlineData("private sector companies")]
    [InlineData("civil")]
    [InlineData("media")]
    [InlineData("National CERT/CSIRT")]
    public void Text_that_names_no_group_is_not_matched(string? text) =>
        Assert.Null(StakeholderGroup.Match(text, Groups));

    [Fact]
    public void A_key_wins_over_another_groups_label_that_reads_the_same()
    {
        StakeholderGroup[] groups = [new("media-outlets", "Civil society"), new("civil-society", "Non-profit organisations")];

        var match = StakeholderGroup.Match("civil society", groups);

        Assert.Equal(new StakeholderGroupMatch(groups[1], StakeholderGroupMatchedBy.Key), match);
    }

    [Fact]
    public void No_two_default_groups_can_be_confused()
    {
        foreach (var group in Groups)
        {
            Assert.Equal(new StakeholderGroupMatch(group, StakeholderGroupMatchedBy.Key), StakeholderGroup.Match(group.Key, Groups));
            Assert.Equal(group, StakeholderGroup.Match(group.Label, Groups)?.Group);
        }
    }

    [Fact]
    public void A_programme_matches_against_its_own_groups()
    {
        var programme = TestData.Programme();

        Assert.Equal("civil-society", programme.MatchStakeholderGroup(" civil_Society ")?.Group.Key);
        Assert.Null(programme.MatchStakeholderGroup("journalists"));
    }
}
