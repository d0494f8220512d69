using Consultations.Core.Comparison;
using Consultations.Core.Domain;

namespace Consultations.Core.Tests.Comparison;

/// <summary>
/// The rubric's mechanical checks: each one fails on a paragraph that breaks it (most taken from a draft the composer
/// wrote before the rubric existed), and briefs composed from the demo programme — whole and filtered — pass them all.
/// </summary>
public sealed class BriefRubricTests
{
    private static readonly Dictionary<string, ComparedNote> Notes = new ComparedNote[]
    {
        new("f1", "ph", "s1", NoteKind.Finding, "A finding.", [], [], 1, true),
        new("r1", "ph", "s1", NoteKind.Recommendation, "A recommendation.", [], [], 1, true),
        new("q1", "my", "s1", NoteKind.Quote, "A quote.", [], [], 1, true),
    }.ToDictionary(n => n.Id, StringComparer.Ordinal);

    [Theory]
    [InlineData(BriefRubric.AcronymCase, "Common ground", "- Notes from 4 of 4 countries (the Philippines, Viet Nam, Indonesia and Malaysia) came back to **nist csf**. [@f1]")]
    [InlineData(BriefRubric.AcronymCase, "Common ground", "- **Csirts** came up in notes from all four countries. [@f1]")]
    [InlineData(BriefRubric.CountryArticle, "Common ground", "- **Points-of-contact directories** came up in 4 of 4 countries (Philippines, Viet Nam, Indonesia and Malaysia). [@f1]")]
    [InlineData(BriefRubric.CountryArticle, "In their words", "> One participant observed: “We report the percentage of women in the room.” — Philippines [@q1]")]
    [InlineData(BriefRubric.LoneModifier, "Country-specific points", "- **Viet Nam** stood out on *national*: Government participants explained that standards follow ISO/IEC 27001. [@f1]")]
    [InlineData(BriefRubric.LoneModifier, "Country-specific points", "- **Viet Nam** stood out on *bilateral*. [@f1]")]
    [InlineData(BriefRubric.LoneModifier, "Common ground", "- **Academic** came up in notes from all four countries. [@f1]")]
    [InlineData(BriefRubric.Mention, "Common ground", "- Notes from all four countries mention **regulator capacity**. [@f1]")]
    [InlineData(BriefRubric.Mention, "Country-specific points", "- **Viet Nam** mentioned *regulator capacity* more than others. [@f1]")]
    [InlineData(BriefRubric.RecommendationKind, "Recommendations", "- Regulators should publish quarterly threat bulletins. (the Philippines) [@f1]")]
    [InlineData(BriefRubric.RecommendationForm, "Recommendations", "- Academic participants described a small pool of lead auditors. (the Philippines) [@r1]")]
    [InlineData(BriefRubric.GenericShared, "Common ground", "- Notes from 4 of 4 countries (the Philippines, Viet Nam, Indonesia and Malaysia) came back to **information**. [@f1]")]
    [InlineData(BriefRubric.GenericShared, "Common ground", "- **Data** came up in notes from all four countries. [@f1]")]
    [InlineData(BriefRubric.StandsAlone, "Country-specific points", "- **Malaysia** put more weight than the other countries on *joint drills*. One participant remarked: \"The drill works because we schedule it. [@f1]")]
    [InlineData(BriefRubric.StandsAlone, "Country-specific points", "- **The Philippines**: In their view these contracts act as an informal channel of capacity-building. [@f1]")]
    public void Each_check_fails_on_a_paragraph_that_breaks_it_and_only_that_check(string rule, string section, string line)
    {
        var problems = BriefRubric.Check($"## Theme\n\n### {section}\n\n{line}\n", Notes);

        Assert.Equal([rule], problems.Select(p => p.Rule).Distinct());
    }

    [Fact]
    public void A_they_noted_sentence_under_recommendations_breaks_two_rules()
    {
        var problems = BriefRubric.Check("## Theme\n\n### Recommendations\n\n- They noted that reliance on a few foreign certification bodies keeps audit costs high. (the Philippines) [@r1]\n", Notes);

        Assert.Equal([BriefRubric.StandsAlone, BriefRubric.RecommendationForm], problems.Select(p => p.Rule).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_same_paragraphs_written_well_pass()
    {
        const string Markdown = """
            This brief compares what the consultations in the Philippines and Viet Nam recorded on Inclusion.

            ## Theme

            *Published notes from the Philippines (12) and Viet Nam (14).*

            ### Common ground

            - **NIST CSF** came up in notes from the Philippines and Viet Nam. [@f1]
            - Notes from all four countries raised concerns about **regulator capacity**. [@f1]
            - **CSIRTs** came up in notes from all four countries. [@f1]

            ### Country-specific points

            - **The Philippines** put more weight than Viet Nam on *national CERT* and *informal channels*. Participants from the CERT community said informal channels are faster. [@f1]
            - **Viet Nam**: Government participants explained that national standards follow ISO/IEC 27001. [@f1]

            ### Recommendations

            - Participants in the Philippines recommended a larger pool of lead auditors. [@r1]
            - Government participants recommended a tiered scheme for SMEs. (the Philippines) [@r1]

            ### In their words

            > One participant observed: “We report the percentage of women in the room.” — a participant, the Philippines [@q1]
            """;

        Assert.Empty(BriefRubric.Check(Markdown, Notes));
    }

    public static TheoryData<string, string[]?, string[]?, NoteKind?, string?> Comparisons => new()
    {
        { "whole programme", null, null, null, null },
        { "the Philippines and Viet Nam", ["PH", "VN"], null, null, null },
        { "Malaysia and Indonesia on standards", ["MY", "ID"], ["technical-standards"], null, null },
        { "recommendations only", null, null, NoteKind.Recommendation, null },
        { "challenges only", null, null, NoteKind.Challenge, null },
        { "one sub-theme", null, ["information-sharing"], null, "information-sharing/legal-mandates" },
    };

    [Theory]
    [MemberData(nameof(Comparisons))]
    public void A_brief_composed_from_the_demo_passes_every_check(string name, string[]? countries, string[]? themes, NoteKind? kind, string? subTheme)
    {
        var comparison = DemoComparison.Build(countries, themes, kind, subTheme);

        var markdown = BriefComposer.Compose(comparison, DemoComparison.Taxonomy);

        var problems = BriefRubric.Check(markdown, comparison.NotesById());
        Assert.True(problems.Count == 0, $"{name}:\n" + string.Join("\n", problems.Select(p => $"[{p.Rule}] {p.Line}")));
    }

    [Theory]
    [MemberData(nameof(Comparisons))]
    public void No_word_of_a_demo_brief_reads_to_the_guard_as_a_participant_or_an_organisation(string name, string[]? countries, string[]? themes, NoteKind? kind, string? subTheme)
    {
        var markdown = BriefComposer.Compose(DemoComparison.Build(countries, themes, kind, subTheme), DemoComparison.Taxonomy);

        var masked = MaskedAsNames(markdown);
        Assert.True(masked.Count == 0, $"{name}:\n" + string.Join("\n", masked));
    }

    [Theory]
    [InlineData("- **Regional cooperation** came up in 4 of 4 countries. [@demo-ph-1-02]\n- **Capacity building** came up in 4 of 4 countries (Philippines, Viet Nam, Indonesia and Malaysia). [@demo-ph-1-07]")]
    [InlineData("This brief compares what the consultations in Philippines recorded on Information sharing and incident response and Inclusion. It draws on 164 notes.")]
    public void A_label_that_gains_a_capital_can_read_as_an_organisation(string line) =>
        Assert.NotEmpty(MaskedAsNames(line));

    /// <summary>
    /// What the app would mask as a participant or organisation when a reader opens the brief (every consultation's
    /// register, citations aside): a label that gains a capital ("Capacity building", "Inclusion") can read like a
    /// registered organisation's name ("… Capacity Centre", "… Digital Inclusion Foundation").
    /// </summary>
    private static List<string> MaskedAsNames(string markdown)
    {
        var citations = BriefCitations.Spans(markdown);
        return [.. DemoComparison.Guards
            .SelectMany(g => g.Check(markdown))
            .Where(f => f.Kind is Core.Guard.FindingKind.Participant or Core.Guard.FindingKind.Organisation)
            .Where(f => !citations.Any(c => f.Start < c.Start + c.Length && c.Start < f.Start + f.Length))
            .Select(f => $"{f.Kind} '{f.Text}' in …{markdown.Substring(Math.Max(0, f.Start - 40), Math.Min(80, markdown.Length - Math.Max(0, f.Start - 40)))}…")];
    }

    [Fact]
    public void The_whole_programme_brief_gives_every_check_something_to_check()
    {
        var comparison = DemoComparison.Build();

        var markdown = BriefComposer.Compose(comparison, DemoComparison.Taxonomy);

        // Not a pass by emptiness: every section is there, the Philippines is named mid-sentence and at a sentence's start, acronyms occur.
        Assert.All(["### Common ground", "### Country-specific points", "### Divergences", "### Recommendations", "### In their words"], h => Assert.Contains(h, markdown, StringComparison.Ordinal));
        Assert.Contains("in the Philippines", markdown, StringComparison.Ordinal);
        Assert.Contains("**The Philippines**", markdown, StringComparison.Ordinal);
        Assert.Contains("**NIST CSF**", markdown, StringComparison.Ordinal);
        Assert.Contains("*CSIRTs*", markdown, StringComparison.Ordinal);
        Assert.True(markdown.Split('\n').SkipWhile(l => l != "### Recommendations").Skip(2).TakeWhile(l => l.StartsWith("- ", StringComparison.Ordinal)).Any());
    }
}
