using Consultations.Core.Domain;
using Consultations.Core.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Consultations.Core.Tests.Text;

public sealed class TextFoldingTests
{
    [Theory]
    [InlineData("Nguyễn", "nguyen")]
    [InlineData("Đức", "duc")]
    [InlineData("PHẠM THU HẰNG", "pham thu hang")]
    [InlineData("Łódź", "lodz")]
    [InlineData("Straße", "strasse")]
    public void Diacritics_and_case_fold_away(string input, string expected) =>
        Assert.Equal(expected, TextFolding.FoldDiacritics(input));

    [Theory]
    [InlineData("ISO/IEC 27001", "iso-iec-27001")]
    [InlineData("  Public–private sharing ", "public-private-sharing")]
    [InlineData("!!!", "item")]
    public void Slugs_are_url_safe(string label, string expected) =>
        Assert.Equal(expected, TextFolding.Slugify(label));

    [Fact]
    public void Any_label_slugifies_to_a_valid_id() =>
        Prop.ForAll(ArbMap.Default.ArbFor<NonNull<string>>(), label => Ids.IsValid(TextFolding.Slugify(label.Get)))
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Folding_is_idempotent() =>
        Prop.ForAll(ArbMap.Default.ArbFor<NonNull<string>>(), text =>
        {
            var once = TextFolding.FoldDiacritics(text.Get);
            return once == TextFolding.FoldDiacritics(once);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void New_ids_are_valid_and_distinct()
    {
        var ids = Enumerable.Range(0, 1_000).Select(_ => Ids.New()).ToList();

        Assert.All(ids, id => Assert.True(Ids.IsValid(id)));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("ok-id-1", true)]
    [InlineData("Upper", false)]
    [InlineData("", false)]
    [InlineData("a/b", false)]
    [InlineData("a b", false)]
    public void Ids_are_validated(string id, bool valid) => Assert.Equal(valid, Ids.IsValid(id));

    [Fact]
    public void Countries_cover_the_four_demo_countries_with_iso_names()
    {
        Assert.Equal(249, Country.All.Count);
        Assert.Equal("Viet Nam", Country.FromCode("VN").Name);
        Assert.True(Country.TryGet("ph", out var ph));
        Assert.Equal("Philippines", ph.Name);
        Assert.False(Country.TryGet("XK", out _));
    }
}
