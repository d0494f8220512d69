using Consultations.Core.Guard;
using FsCheck;
using FsCheck.Fluent;

namespace Consultations.Core.Tests.Guard;

/// <summary>The one masking rule every reader-facing output uses: what may identify someone is replaced, overrides notwithstanding.</summary>
public sealed class ReaderMaskTests
{
    private static readonly AttributionGuard Guard = AttributionGuardTests.Guard;

    private static readonly Dictionary<string, int> NoGroups = [];

    private static string Mask(string text, params string[] confirmed) => ReaderMask.Apply(text, Guard.Check(text, NoGroups), confirmed);

    [Theory]
    [InlineData("Later, Ms Delos Santos said the plan needs more time.", "Later, {0} said the plan needs more time.")]
    [InlineData("Later, Ms Ana Maria Delos Santos said the plan needs more time.", "Later, {0} said the plan needs more time.")]
    [InlineData("Dr. Phạm Thu Hằng agreed; Secretary Antonio Reyes did not.", "{0} agreed; {1} did not.")]
    [InlineData("Ms Tan and Ms Delos Santos agreed.", "{0} and {1} agreed.")]
    [InlineData("Reyes's view on peering was different.", "{0}'s view on peering was different.")]
    [InlineData("The view of Thu Hằng was clear. Trần Minh Đức agreed.", "The view of {0} was clear. {1} agreed.")]
    [InlineData("email a.reyes@pldt.example for the slides", "email {0} for the slides")]
    [InlineData("Call 0917 123 4567 after the session.", "Call {0} after the session.")]
    [InlineData("Most firms adopt a standard, then customise it.", "Most firms adopt a standard, then customise it.")]
    public void Replaces_every_span_that_may_identify_someone_with_its_neutral_suggestion(string text, string expected)
    {
        // Adjacent findings ("Secretary Antonio" + "Reyes") are one person: the first one's suggestion stands for both.
        var all = Guard.Check(text, NoGroups);
        var findings = all.Where((f, i) => i == 0 || !string.IsNullOrWhiteSpace(text[(all[i - 1].Start + all[i - 1].Length)..f.Start])).ToList();
        // A suggestion that starts a sentence is capitalised so the text still reads.
        var suggestions = findings.Select(f => f.Start == 0 || text[..f.Start].TrimEnd().EndsWith('.') ? char.ToUpperInvariant(f.Suggestion[0]) + f.Suggestion[1..] : f.Suggestion).ToArray<object>();
        Assert.All(findings, f => Assert.DoesNotContain(f.Text, f.Suggestion, StringComparison.OrdinalIgnoreCase));

        var masked = Mask(text);

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, suggestions), masked);
    }

    [Fact]
    public void An_article_before_a_masked_organisation_is_not_doubled()
    {
        const string text = "Someone at the Ministry of Information and Communications agreed. The DICT should lead.";
        var suggestion = SuggestionFor(text, "Ministry of Information and Communications");
        Assert.StartsWith("a", suggestion, StringComparison.Ordinal);

        var masked = Mask(text);

        Assert.Equal($"Someone at {suggestion} agreed. {char.ToUpperInvariant(SuggestionFor(text, "DICT")[0])}{SuggestionFor(text, "DICT")[1..]} should lead.", masked);
    }

    [Fact]
    public void A_link_is_shown_as_written_it_only_warns_the_writer()
    {
        const string text = "See https://example.org/cyber for the framework.";

        Assert.Contains(Guard.Check(text, NoGroups), f => f.Kind == FindingKind.Contact && f.Severity == FindingSeverity.Warn);
        Assert.Equal(text, Mask(text));
    }

    [Fact]
    public void A_name_that_only_warns_is_masked_too()
    {
        const string text = "Later, we heard the same from Joy again.";
        var finding = Assert.Single(Guard.Check(text, NoGroups));
        Assert.Equal(FindingSeverity.Warn, finding.Severity);

        Assert.DoesNotContain("Joy", Mask(text), StringComparison.Ordinal);
    }

    [Fact]
    public void A_small_group_label_is_masked()
    {
        const string text = "A civil society participant warned about consent.";
        var findings = Guard.Check(text, new Dictionary<string, int> { ["civil-society"] = 1 });
        Assert.Contains(findings, f => f.Kind == FindingKind.SmallGroup);

        Assert.Equal("A participant warned about consent.", ReaderMask.Apply(text, findings, []));
    }

    [Fact]
    public void Only_confirmed_names_and_organisations_are_shown_as_written()
    {
        const string text = "Reyes said PLDT would call 0917 123 4567 about it.";
        var findings = Guard.Check(text, NoGroups);
        var reyes = findings.Single(f => f.Text == "Reyes").Key;
        var contact = findings.Single(f => f.Kind == FindingKind.Contact).Key;

        var masked = ReaderMask.Apply(text, findings, [reyes, contact]);

        Assert.StartsWith("Reyes said ", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("PLDT", masked, StringComparison.Ordinal);
        Assert.Contains("[phone number]", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_kinds_of_finding_are_masked()
    {
        var odd = new GuardFinding((FindingKind)99, FindingSeverity.Warn, 0, 5, "Hello", "[hidden]", "odd");

        Assert.Equal("[hidden] world", ReaderMask.Apply("Hello world", [odd], ["odd"]));
    }

    [Fact]
    public void Spans_outside_the_text_are_ignored_rather_than_throwing()
    {
        var stale = new GuardFinding(FindingKind.Participant, FindingSeverity.Block, 8, 40, "Reyes", "a participant", "k");

        Assert.Equal("Too short", ReaderMask.Apply("Too short", [stale], []));
    }

    [Fact]
    public void Masked_text_never_holds_a_planted_name_and_masking_again_changes_nothing()
    {
        string[] planted = ["Phạm Thu Hằng", "Antonio Reyes", "Ms Delos Santos", "Dr Nurul", "Mei Ling Tan", "Juan Dela Cruz", "Trần Minh Đức", "Pak Budi", "Viettel", "EngageMedia", "DICT"];
        string[] words = ["the", "a", "of", "and", "to", "in", "said", "agreed", "standards", "incident", "response", "sharing", "policy", "noted", "trust"];
        var texts =
            from before in Gen.ArrayOf(Gen.Elements(words))
            from name in Gen.Elements(planted)
            from middle in Gen.ArrayOf(Gen.Elements(words))
            from second in Gen.Elements(planted)
            from separator in Gen.Elements(" ", ". ", ", ", "\n")
            select $"{string.Join(' ', before)}{separator}{name} {string.Join(' ', middle)}{separator}{second}'s view";

        Prop.ForAll(texts.ToArbitrary(), text =>
        {
            var masked = Mask(text);
            var left = Guard.Check(masked, NoGroups).Where(ReaderMask.Hides).ToList();
            return (left.Count == 0 && Mask(masked) == masked)
                .Label($"\"{text}\" → \"{masked}\" still has {string.Join(", ", left.Select(f => f.Text))}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    private static string SuggestionFor(string text, string matched) =>
        Guard.Check(text, NoGroups).Single(f => f.Text == matched).Suggestion;
}
