using Consultations.Core.Domain;

namespace Consultations.Core.Tests.Domain;

public sealed class TaxonomyTests
{
    [Fact]
    public void The_default_taxonomy_has_the_four_stable_theme_keys()
    {
        Assert.Equal(
            ["international-collaboration", "technical-standards", "information-sharing", "inclusion"],
            ThemeTaxonomy.Default.Themes.Select(t => t.Key));
        Assert.All(ThemeTaxonomy.Default.Themes, t => Assert.NotEmpty(t.SubThemes));
    }

    [Fact]
    public void Added_themes_get_a_slug_key_that_never_collides()
    {
        var taxonomy = ThemeTaxonomy.Default.AddTheme("Critical infrastructure", "CII", out var key);
        Assert.Equal("critical-infrastructure", key);

        taxonomy = taxonomy.UpdateTheme(key, "Critical infrastructure (renamed)", null, retired: false);
        taxonomy = taxonomy.AddTheme("Critical — infrastructure", null, out var second);

        Assert.Equal("critical-infrastructure-2", second);
        Assert.Equal(6, taxonomy.Themes.Count);
    }

    [Fact]
    public void Duplicate_labels_are_refused_regardless_of_case() =>
        Assert.Throws<DomainRuleException>(() => ThemeTaxonomy.Default.AddTheme("INCLUSION", null, out _));

    [Fact]
    public void Sub_themes_are_referenced_as_theme_slash_key_and_folded_from_diacritics()
    {
        var taxonomy = ThemeTaxonomy.Default.AddSubTheme("inclusion", "Phụ nữ & đa dạng", out var reference);

        Assert.Equal("inclusion/phu-nu-da-dang", reference);
        Assert.True(taxonomy.ContainsSubTheme(reference));
        Assert.Equal("Phụ nữ & đa dạng", taxonomy.SubThemeLabelOf(reference));
    }

    [Fact]
    public void Renaming_keeps_the_key_and_retiring_keeps_the_theme()
    {
        var taxonomy = ThemeTaxonomy.Default.UpdateTheme("inclusion", "Inclusion and diversity", "New description", retired: true);

        var theme = taxonomy.Find("inclusion")!;
        Assert.Equal("Inclusion and diversity", theme.Label);
        Assert.True(theme.Retired);
        Assert.DoesNotContain(theme, taxonomy.ActiveThemes);
    }

    [Fact]
    public void A_programme_cannot_lose_a_theme_key()
    {
        var programme = TestData.Programme();
        var shrunk = new ThemeTaxonomy([.. programme.Taxonomy.Themes.Skip(1)]);

        var ex = Assert.Throws<DomainRuleException>(() => programme.ReviseTaxonomy(shrunk, UserRef.System, TestData.T0));
        Assert.Contains("international-collaboration", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(21)]
    public void The_small_group_threshold_stays_in_a_sensible_range(int k) =>
        Assert.Throws<DomainRuleException>(() => TestData.Programme().SetSmallGroupThreshold(k, UserRef.System, TestData.T0));

    [Fact]
    public void Unknown_keys_fall_back_to_the_key_as_label()
    {
        Assert.Equal("gone", ThemeTaxonomy.Default.LabelOf("gone"));
        Assert.Equal("x/y", ThemeTaxonomy.Default.SubThemeLabelOf("x/y"));
    }
}
