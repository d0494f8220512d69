using Consultations.Core.Analysis;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using FsCheck;
using FsCheck.Fluent;

namespace Consultations.Core.Tests.Guard;

/// <summary>Azure AI Language's names and organisations as warn findings: beside the register's, never over or instead of them.</summary>
public sealed class EntityFindingsTests
{
    private static readonly GuardKey Key = AttributionGuardTests.Key;

    private static readonly AttributionGuard Guard = AttributionGuardTests.Guard;

    private static readonly Dictionary<string, int> NoGroups = [];

    private static EntityHint Hint(string text, string entity, string category = EntityFindings.PersonCategory, double confidence = 0.9, int occurrence = 0)
    {
        var start = -1;
        for (var i = 0; i <= occurrence; i++)
        {
            start = text.IndexOf(entity, start + 1, StringComparison.Ordinal);
        }

        return new EntityHint(category, start, entity.Length, entity, confidence);
    }

    private static IReadOnlyList<GuardFinding> Findings(string text, params EntityHint[] hints) =>
        EntityFindings.Merge(text, Guard.Check(text, NoGroups), EntityFindings.FromHints(text, hints, 0.6, Key));

    [Fact]
    public void A_person_and_an_organisation_the_register_does_not_know_become_warnings_with_neutral_suggestions()
    {
        const string text = "Jonathan Whitfield of Acme Widgets said reporting should be simpler.";

        var findings = Findings(text, Hint(text, "Jonathan Whitfield"), Hint(text, "Acme Widgets", EntityFindings.OrganizationCategory));

        Assert.Collection(
            findings,
            f => Assert.Equal((FindingKind.Participant, FindingSeverity.Warn, 0, 18, "Jonathan Whitfield", "a person"), (f.Kind, f.Severity, f.Start, f.Length, f.Text, f.Suggestion)),
            f => Assert.Equal((FindingKind.Organisation, FindingSeverity.Warn, "Acme Widgets", "an organisation"), (f.Kind, f.Severity, f.Text, f.Suggestion)));
        Assert.All(findings, f => Assert.True(EntityFindings.IsEntity(f)));
        Assert.Equal("A person of an organisation said reporting should be simpler.", ReaderMask.Apply(text, findings, []));
    }

    [Theory]
    [InlineData("PersonType")]
    [InlineData("Email")]
    [InlineData("PhoneNumber")]
    [InlineData("Address")]
    [InlineData("DateTime")]
    [InlineData("Quantity")]
    public void Other_pii_categories_are_not_names(string category)
    {
        const string text = "The deputy minister spoke on 3 May.";

        Assert.Empty(EntityFindings.FromHints(text, [Hint(text, "deputy minister", category)], 0.6, Key));
    }

    [Fact]
    public void Categories_are_matched_whatever_their_case()
    {
        const string text = "Jonathan Whitfield spoke.";

        Assert.Single(EntityFindings.FromHints(text, [Hint(text, "Jonathan Whitfield", "person")], 0.6, Key));
    }

    [Theory]
    [InlineData(0.59, 0)]
    [InlineData(0.6, 1)]
    [InlineData(0.95, 1)]
    [InlineData(double.NaN, 0)]
    public void Entities_below_the_confidence_threshold_are_left_out(double confidence, int expected)
    {
        const string text = "Jonathan Whitfield spoke.";

        Assert.Equal(expected, EntityFindings.FromHints(text, [Hint(text, "Jonathan Whitfield", confidence: confidence)], 0.6, Key).Count);
    }

    [Fact]
    public void Spans_outside_the_text_or_not_over_the_entity_s_words_are_left_out()
    {
        const string text = "Jonathan Whitfield spoke.";

        var spans = EntityFindings.FromHints(
            text,
            [
                new EntityHint("Person", -1, 5, "Jonat", 0.9),
                new EntityHint("Person", 20, 10, "spoke.", 0.9),
                new EntityHint("Person", 0, 0, string.Empty, 0.9),
                new EntityHint("Person", 1, 18, "Jonathan Whitfield", 0.9),
            ],
            0.6,
            Key);

        Assert.Empty(spans);
    }

    [Fact]
    public void Overlapping_entities_keep_the_longer_one()
    {
        const string text = "Jonathan Whitfield spoke.";

        var spans = EntityFindings.FromHints(text, [Hint(text, "Whitfield"), Hint(text, "Jonathan Whitfield")], 0.6, Key);

        Assert.Equal((0, 18), (Assert.Single(spans).Start, spans[0].Length));
    }

    [Fact]
    public void An_entity_overlapping_a_register_finding_is_dropped_and_the_register_finding_stays_as_it_was()
    {
        // "Antonio Reyes" is in the register (block); Azure calls "Secretary Antonio Reyes" a person and PLDT an organisation.
        const string text = "Secretary Antonio Reyes of PLDT met Jonathan Whitfield.";
        var register = Guard.Check(text, NoGroups);

        var findings = Findings(text, Hint(text, "Secretary Antonio Reyes"), Hint(text, "PLDT", EntityFindings.OrganizationCategory), Hint(text, "Jonathan Whitfield"));

        Assert.Equal(register, findings.Where(f => !EntityFindings.IsEntity(f)));
        Assert.All(register, f => Assert.Contains(f, findings));
        var entity = Assert.Single(findings, EntityFindings.IsEntity);
        Assert.Equal("Jonathan Whitfield", entity.Text);
    }

    [Fact]
    public void An_entity_overlapping_contact_details_is_dropped()
    {
        const string text = "Write to jonathan.whitfield@acme.example for the slides.";

        var findings = Findings(text, Hint(text, "jonathan.whitfield"));

        Assert.Equal(FindingKind.Contact, Assert.Single(findings).Kind);
    }

    [Fact]
    public void Without_entities_the_register_findings_come_back_unchanged()
    {
        const string text = "Mr. Reyes noted the cost.";
        var register = Guard.Check(text, NoGroups);

        Assert.Same(register, EntityFindings.Merge(text, register, []));
    }

    [Fact]
    public void Stored_spans_that_no_longer_fit_the_text_are_ignored()
    {
        const string text = "Short.";
        var stale = new EntitySpan(FindingKind.Participant, 2, 40, 0.9, "entity:person:0000000000000000");

        Assert.Empty(EntityFindings.Merge(text, [], [stale]));
    }

    [Fact]
    public void Keys_are_stable_across_case_diacritics_and_spacing_and_reveal_nothing()
    {
        var a = EntityFindings.KeyFor(FindingKind.Participant, "Nguyễn Văn An", Key);
        var b = EntityFindings.KeyFor(FindingKind.Participant, "NGUYEN  van\nAn", Key);
        var organisation = EntityFindings.KeyFor(FindingKind.Organisation, "Nguyễn Văn An", Key);
        var otherKey = EntityFindings.KeyFor(FindingKind.Participant, "Nguyễn Văn An", GuardKey.Generate());

        Assert.Equal(a, b);
        Assert.StartsWith("entity:person:", a, StringComparison.Ordinal);
        Assert.StartsWith("entity:organisation:", organisation, StringComparison.Ordinal);
        Assert.Matches("^entity:person:[0-9a-f]{16}$", a);
        Assert.NotEqual(a, otherKey);
        Assert.DoesNotContain("nguyen", a, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Entity_findings_can_be_unmasked_by_two_people_but_never_block()
    {
        const string text = "Jonathan Whitfield spoke.";
        var finding = Assert.Single(Findings(text, Hint(text, "Jonathan Whitfield")));

        Assert.True(ReaderMask.Hides(finding));
        Assert.True(ReaderMask.CanBeUnmasked(finding));
        Assert.Equal(text, ReaderMask.Apply(text, [finding], [finding.Key]));
        Assert.NotEqual(FindingSeverity.Block, finding.Severity);
    }

    [Fact]
    public void Merged_findings_are_ordered_never_overlap_and_keep_every_register_finding()
    {
        var words = new[] { "Antonio", "Reyes", "Jonathan", "Whitfield", "PLDT", "Acme", "said", "of", "and", "Ms", "Lim", "met", "x@y.example" };
        var cut = from a in Gen.Choose(0, 120) from b in Gen.Choose(0, 120) select (Start: Math.Min(a, b), End: Math.Max(a, b));
        var sample = from text in Gen.Elements(words).ListOf().Select(w => string.Join(' ', w))
                     from cuts in cut.ListOf()
                     select (text, cuts);
        Prop.ForAll(sample.ToArbitrary(), s =>
        {
            var (text, cuts) = s;
            var hints = cuts.Where(c => c.End <= text.Length && c.End > c.Start)
                .Select((c, i) => new EntityHint(i % 2 == 0 ? "Person" : "Organization", c.Start, c.End - c.Start, text[c.Start..c.End], 0.9))
                .ToList();
            var register = Guard.Check(text, NoGroups);
            var merged = EntityFindings.Merge(text, register, EntityFindings.FromHints(text, hints, 0.6, Key));

            var ordered = merged.Zip(merged.Skip(1)).All(p => p.First.Start + p.First.Length <= p.Second.Start);
            var kept = register.All(merged.Contains);
            var entitiesWarn = merged.Where(EntityFindings.IsEntity).All(f => f.Severity == FindingSeverity.Warn && text.Substring(f.Start, f.Length) == f.Text);
            return (ordered && kept && entitiesWarn).Label($"\"{text}\" → {string.Join("; ", merged.Select(f => $"{f.Kind}@{f.Start}+{f.Length}"))}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }
}
