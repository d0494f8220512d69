using Consultations.Core.Domain;
using FsCheck;
using FsCheck.Fluent;

namespace Consultations.Core.Tests.Domain;

public sealed class BriefCitationsTests
{
    // Characters of brief prose, '[' excepted: spaces, tabs, line breaks, punctuation, '@' and non-ASCII letters included.
    private static readonly char[] TextCharacters = [.. "abcXYZ019 .,;:-@]()'\"“”\t\n\u00A0éĐằ"];

    private static readonly char[] IdCharacters = [.. "abcdefghijklmnopqrstuvwxyz0123456789-"];

    [Theory]
    [InlineData("Shared ground [@a].", new[] { "a" })]
    [InlineData("Both [@n1; @n2] agreed.", new[] { "n1", "n2" })]
    [InlineData("Tight [@n1;@n2 ;  @n3].", new[] { "n1", "n2", "n3" })]
    [InlineData("Again [@b] and [@a; @b] then [@a].", new[] { "b", "a" })]
    [InlineData("Order [@c] [@a; @b] [@c].", new[] { "c", "a", "b" })]
    [InlineData("A real id [@5f3a-09bc-77de].", new[] { "5f3a-09bc-77de" })]
    public void Extract_returns_each_cited_id_once_in_order_of_first_appearance(string markdown, string[] expected) =>
        Assert.Equal(expected, BriefCitations.Extract(markdown));

    [Theory]
    [InlineData("Names are not ids [@Upper].")]
    [InlineData("A space breaks it [@ a].")]
    [InlineData("Write to x@y.z or @a.")]
    [InlineData("Prose citations [see @a] are not ours.")]
    [InlineData("Unclosed [@a and more.")]
    [InlineData("Empty [@] and [].")]
    [InlineData("")]
    [InlineData(null)]
    public void Extract_ignores_anything_that_is_not_a_citation(string? markdown) =>
        Assert.Empty(BriefCitations.Extract(markdown!));

    [Fact]
    public void Extract_refuses_ids_longer_than_64_characters()
    {
        var longest = new string('a', 64);

        Assert.Equal([longest], BriefCitations.Extract($"[@{longest}]"));
        Assert.Empty(BriefCitations.Extract($"[@{longest}a]"));
    }

    [Theory]
    [InlineData("Shared ground [@a].", "Shared ground.")]
    [InlineData("Both [@n1; @n2] agreed.", "Both agreed.")]
    [InlineData("Spaces and tabs \t [@a]\nNext line [@b]", "Spaces and tabs\nNext line")]
    [InlineData("[@a] at the start", " at the start")]
    [InlineData("Kept: [@Upper], [see @a], x@y.z, [link](url).", "Kept: [@Upper], [see @a], x@y.z, [link](url).")]
    [InlineData("No citations at all.  ", "No citations at all.  ")]
    public void Strip_removes_citations_and_the_blanks_before_them_and_nothing_else(string markdown, string expected) =>
        Assert.Equal(expected, BriefCitations.Strip(markdown));

    [Fact]
    public void Replace_renders_each_citation_from_its_ids_and_leaves_other_text_alone()
    {
        var rendered = BriefCitations.Replace("One [@a], two [@b; @c], none [see @d].", ids => $"({string.Join(",", ids)}:{ids.Count})");

        Assert.Equal("One (a:1), two (b,c:2), none [see @d].", rendered);
    }

    [Fact]
    public void Format_writes_the_marker_extract_reads()
    {
        Assert.Equal("[@a]", BriefCitations.Format(["a"]));
        Assert.Equal("[@n1; @n2; @n3]", BriefCitations.Format(["n1", "n2", "n3"]));
    }

    [Fact]
    public void A_formatted_citation_after_any_text_extracts_its_distinct_ids_and_strips_back_to_the_text()
    {
        var text = Gen.ArrayOf(Gen.Elements(TextCharacters)).Select(chars => new string(chars));
        var id =
            from length in Gen.Frequency((3, Gen.Choose(1, 4)), (1, Gen.Choose(5, 64)))
            from chars in Gen.ArrayOf(Gen.Elements(IdCharacters), length)
            select new string(chars);

        // Drawing from a few ids of the sample makes repeats common, so "each id once" is exercised.
        var sample =
            from body in text
            from pool in Gen.NonEmptyListOf(id)
            from count in Gen.Choose(1, 8)
            from ids in Gen.ArrayOf(Gen.Elements(pool.ToArray()), count)
            select (body, ids);

        Prop.ForAll(sample.ToArbitrary(), s =>
        {
            var (body, ids) = s;
            var markdown = body + BriefCitations.Format(ids);
            var extracted = BriefCitations.Extract(markdown);
            var stripped = BriefCitations.Strip(markdown);

            // Strip also takes the tabs and no-break spaces before a citation, the blanks Markdown prose puts there.
            return (extracted.SequenceEqual(ids.Distinct(StringComparer.Ordinal)) && stripped == body.TrimEnd(' ', '\t', '\u00A0'))
                .Label($"\"{markdown}\" → [{string.Join(", ", extracted)}] / \"{stripped}\"");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }
}
