using Consultations.Core.Analysis;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;

namespace Consultations.Core.Tests.Comparison;

public sealed class BriefComposerTests
{
    private const string Sharing = "information-sharing";
    private const string Inclusion = "inclusion";
    private const string Standards = "technical-standards";
    private const string Incentives = "information-sharing/incentives";

    // Sentences only non-clean notes contain: none of their words may reach the draft.
    private const string PlantedQuote = "Zeppelin quartermasters hoard vellum ledgers.";
    private const string PlantedRecommendation = "Harpsichord tuners should catalogue obsidian marmalade for every regulator.";
    private const string PlantedFinding = "Okapi bandleaders distrust the incident portal entirely.";

    private const string SpecialQuote = "Costs *rose* for _small_ firms [sic] #1 | <b>the portal</b>.";

    private static readonly ThemeTaxonomy Taxonomy = ThemeTaxonomy.Default;

    private static readonly ComparedCountry[] Countries = [new("a", "Alpha"), new("b", "Beta"), new("c", "Gamma")];

    private static readonly string LongQuote =
        "When the ministry finally opened its incident portal we spent the better part of two years filling in forms that nobody "
        + "ever acknowledged, and by the time anyone called back the attackers had moved on to our suppliers, our customers and "
        + "eventually to the very hospital network that the portal had been built to protect in the first place.";

    // A low bar for distinctive terms, so a fixture this small still has country-specific findings to check.
    private static readonly FindingOptions Options = new() { PriorStrength = 1, MinZScore = 0.5 };

    private static ComparedNote Note(string id, string country, NoteKind kind, string text, bool clean = true, string[]? themes = null, params string[] subThemes) =>
        new(id, country, "s1", kind, text, themes ?? [Sharing], subThemes, 1, clean);

    /// <summary>Information sharing recorded in all three countries, inclusion only in Alpha (Beta discussed it, Gamma did not).</summary>
    private static ComparedNote[] Notes() =>
    [
        Note("a1", "a", NoteKind.Finding, "Firms welcomed the tax incentives for sharing incident data.", subThemes: Incentives),
        Note("a2", "a", NoteKind.Finding, "The incentives were effective and improved incident reporting.", subThemes: Incentives),
        Note("a3", "a", NoteKind.Quote, "We share more when the regulator shares back."),
        Note("a4", "a", NoteKind.Recommendation, "The regulator should publish quarterly threat bulletins for each sector."),
        Note("a5", "a", NoteKind.Quote, PlantedQuote, clean: false),
        Note("a6", "a", NoteKind.Finding, "Women lead most incident response teams in the capital.", themes: [Sharing, Inclusion]),
        Note("a7", "a", NoteKind.Finding, "Rural women rarely reach technical training courses.", themes: [Inclusion]),
        Note("b1", "b", NoteKind.Challenge, "Incentives reach only large firms.", subThemes: Incentives),
        Note("b2", "b", NoteKind.Challenge, "Incentive schemes are poorly targeted at incident reporting.", subThemes: Incentives),
        Note("b3", "b", NoteKind.Quote, LongQuote),
        Note("b4", "b", NoteKind.Quote, SpecialQuote),
        Note("b5", "b", NoteKind.Recommendation, "Regulators should fund sector hubs for incident exchange:\n- one for banks\n- one for hospitals."),
        Note("b6", "b", NoteKind.Recommendation, PlantedRecommendation, clean: false),
        Note("c1", "c", NoteKind.Finding, "A regulatory sandbox lets banks test incident sharing rules."),
        Note("c2", "c", NoteKind.Finding, "The sandbox pilots built confidence between banks."),
        Note("c3", "c", NoteKind.Finding, "Sandbox results reached the regional forum."),
        Note("c4", "c", NoteKind.Quote, "Nobody reads a forty-page advisory at midnight."),
        Note("c5", "c", NoteKind.Finding, PlantedFinding, clean: false),
        Note("c6", "c", NoteKind.Recommendation, "Central banks ought to host joint exercises with telecom operators."),
    ];

    /// <summary>A comparison as the builder makes it: cells with their notes and clean-only summaries, then findings per theme.</summary>
    private static ComparisonResult Comparison(IReadOnlyList<ComparedNote> notes, bool withEmptyTheme = false, ComparedCountry[]? countries = null)
    {
        countries ??= Countries;
        var themes = new List<Theme> { Taxonomy.Find(Sharing)!, Taxonomy.Find(Inclusion)! };
        if (withEmptyTheme)
        {
            themes.Add(Taxonomy.Find(Standards)!);
        }

        // Sessions on each theme: Beta published nothing on inclusion, Alpha nothing on standards, Gamma discussed neither.
        var discussed = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["a"] = [Sharing, Inclusion, Standards],
            ["b"] = [Sharing, Inclusion],
            ["c"] = [Sharing],
        };
        var cells = new Dictionary<(string, string), MatrixCell>();
        foreach (var theme in themes)
        {
            foreach (var country in countries)
            {
                var themed = notes.Where(n => n.ConsultationId == country.ConsultationId && n.Themes.Contains(theme.Key)).ToList();
                var state = themed.Count > 0 ? CoverageState.Recorded
                    : discussed[country.ConsultationId].Contains(theme.Key) ? CoverageState.NotRecorded : CoverageState.NotDiscussed;
                var summary = ExtractiveSummary.Summarize([.. themed.Where(n => n.Clean).Select(n => new AnalysisDocument(n.Id, n.Text))], 2);
                cells[(theme.Key, country.ConsultationId)] = new MatrixCell(theme.Key, country.ConsultationId, state, themed, [], [], summary);
            }
        }

        var findings = themes
            .Select(t => Findings.For(t.Key, countries, [.. countries.SelectMany(c => cells[(t.Key, c.ConsultationId)].Notes)], Taxonomy, Options))
            .ToList();
        return new ComparisonResult(countries, themes, cells, findings);
    }

    [Fact]
    public void Each_theme_gets_one_heading_in_the_order_of_the_comparison()
    {
        var comparison = Comparison(Notes(), withEmptyTheme: true);

        var headings = Compose(comparison).Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..]);

        Assert.Equal(["Information sharing and incident response", "Inclusion", "International technical standards"], headings);
    }

    [Fact]
    public void The_coverage_line_tells_countries_that_did_not_discuss_a_theme_from_those_that_published_nothing()
    {
        var sections = Sections(Compose(Comparison(Notes())));

        Assert.Equal("*Published notes from Alpha (6), Beta (6) and Gamma (6).*", sections["Information sharing and incident response"][0]);
        Assert.Equal("*Published notes from Alpha (2); discussed but nothing published in Beta; not discussed in Gamma.*", sections["Inclusion"][0]);
    }

    [Fact]
    public void Every_statement_and_quote_ends_in_citations_of_notes_of_its_theme()
    {
        var comparison = Comparison(Notes());
        var notes = comparison.NotesById();

        var statements = Statements(Compose(comparison)).ToList();

        // Every kind of statement is present, so no check below passes on an empty section.
        Assert.Equal(
            ["Common ground", "Country-specific points", "Divergences", "Recommendations", "In their words"],
            statements.Where(s => s.Theme == Sharing).Select(s => s.Section).Distinct());
        foreach (var (theme, section, line) in statements)
        {
            Assert.Matches(@"\[@[a-z0-9-]+(?:; @[a-z0-9-]+)*\]$", line);
            var cited = BriefCitations.Extract(line);
            var ofTheme = Countries.SelectMany(c => comparison.Cells[(theme, c.ConsultationId)].Notes).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
            Assert.True(cited.All(ofTheme.Contains), $"{theme}: \"{line}\" cites a note of another theme");
            if (section is "Country-specific points" or "Recommendations" or "In their words")
            {
                // The line names one country ("- **Beta** …", "… (Beta) [@b5]", "… Beta [@b4]") and cites only its notes.
                var country = Assert.Single(Countries, c => line.StartsWith($"- **{c.Name}**", StringComparison.Ordinal) || line.Contains($"{c.Name}) [@", StringComparison.Ordinal) || line.Contains($" {c.Name} [@", StringComparison.Ordinal));
                Assert.All(cited, id => Assert.Equal(country.ConsultationId, notes[id].ConsultationId));
            }
        }
    }

    [Fact]
    public void Line_breaks_inside_a_note_do_not_break_its_list_item()
    {
        var markdown = Compose(Comparison(Notes()));

        Assert.Contains("- Regulators should fund sector hubs for incident exchange: - one for banks - one for hospitals. (Beta) [@b5]\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("\n- one for banks", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void No_word_of_a_note_with_a_guard_finding_reaches_the_draft()
    {
        var comparison = Comparison(Notes());

        var markdown = Compose(comparison);

        // The flagged notes are in the comparison (and short enough to quote), so only the composer keeps them out.
        Assert.All(["a5", "b6", "c5"], id => Assert.False(comparison.NotesById()[id].Clean));
        foreach (var word in new[] { "zeppelin", "quartermaster", "vellum", "harpsichord", "obsidian", "marmalade", "okapi", "bandleader" })
        {
            Assert.DoesNotContain(word, markdown, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Words_only_flagged_notes_use_never_become_finding_labels()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", NoteKind.Finding, "Ambassador Quokka chairs the sharing board.", clean: false),
            Note("a2", "a", NoteKind.Finding, "Quokka meets banks monthly.", clean: false),
            Note("a3", "a", NoteKind.Finding, "Quokka drafted rules on wombat audits.", clean: false),
            Note("a4", "a", NoteKind.Finding, "Banks report incidents within a day."),
            Note("b1", "b", NoteKind.Finding, "Wombat audits slowed the regulators.", clean: false),
            Note("b2", "b", NoteKind.Finding, "Regulators fear wombat audits.", clean: false),
            Note("b3", "b", NoteKind.Finding, "Regulators publish advisories for banks."),
            Note("c1", "c", NoteKind.Finding, "Telecom operators share threat data weekly."),
        ];
        var comparison = Comparison(notes);
        var findings = comparison.Findings.Single(f => f.Theme == Sharing);

        var markdown = Compose(comparison);

        // The flagged notes' words are findings (one shared, one distinctive of Alpha), so only the composer keeps them out.
        Assert.Contains(findings.Shared, f => f.Label.Contains("wombat", StringComparison.Ordinal));
        Assert.Contains(findings.Distinctive, f => f.Label == "Quokka" && f.ConsultationId == "a");
        Assert.DoesNotContain("wombat", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("quokka", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("**banks**", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 280)]
    [InlineData(1, 280)]
    [InlineData(2, 280)]
    [InlineData(5, 280)]
    [InlineData(5, 2_000)]
    [InlineData(5, 46)]
    public void Quotes_are_whole_short_clean_quote_notes_and_never_more_than_asked(int quotes, int maxLength)
    {
        var comparison = Comparison(Notes());
        var options = new BriefComposerOptions { Quotes = quotes, MaxQuoteLength = maxLength };
        var candidates = Notes().Where(n => n.Kind == NoteKind.Quote && n.Clean && n.Text.Length <= maxLength).ToDictionary(n => n.Id, StringComparer.Ordinal);

        var quoted = BriefComposer.Compose(comparison, Taxonomy, options).Split('\n').Where(l => l.StartsWith("> ", StringComparison.Ordinal)).ToList();

        Assert.Equal(Math.Min(quotes, candidates.Count), quoted.Count);
        foreach (var line in quoted)
        {
            var note = candidates[Assert.Single(BriefCitations.Extract(line))];
            Assert.StartsWith($"> “{BriefComposer.Escape(note.Text)}” — a participant, ", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_long_quote_is_never_quoted_and_a_flagged_one_never_even_when_short()
    {
        var markdown = Compose(Comparison(Notes()), new BriefComposerOptions { Quotes = 10 });

        Assert.True(LongQuote.Length > new BriefComposerOptions().MaxQuoteLength);
        Assert.DoesNotContain("[@b3]", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("[@a5]", markdown, StringComparison.Ordinal);
        Assert.Contains("[@c4]", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_theme_without_notes_gets_only_its_heading_and_coverage_line()
    {
        var markdown = Compose(Comparison(Notes(), withEmptyTheme: true));

        var start = markdown.IndexOf("\n## International technical standards\n", StringComparison.Ordinal);
        Assert.True(start >= 0);
        Assert.Equal("\n## International technical standards\n\n*Discussed but nothing published in Alpha; not discussed in Beta and Gamma.*\n", markdown[start..]);
    }

    [Fact]
    public void Markdown_characters_in_note_text_are_escaped()
    {
        var markdown = Compose(Comparison(Notes()));

        Assert.Contains(@"> “Costs \*rose\* for \_small\_ firms \[sic\] \#1 \| \<b\>the portal\</b\>.” — a participant, Beta [@b4]", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("*rose*", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a*b", @"a\*b")]
    [InlineData("snake_case", @"snake\_case")]
    [InlineData("[x](y)", @"\[x\](y)")]
    [InlineData("`code`", @"\`code\`")]
    [InlineData("<script>", @"\<script\>")]
    [InlineData("#1 | #2", @"\#1 \| \#2")]
    [InlineData(@"back\slash", @"back\\slash")]
    [InlineData("Plain words, kept: 3.5% (yes)!", "Plain words, kept: 3.5% (yes)!")]
    public void Escape_backslashes_exactly_the_characters_that_change_rendering(string text, string expected) =>
        Assert.Equal(expected, BriefComposer.Escape(text));

    [Fact]
    public void The_introduction_counts_a_note_tagged_with_two_themes_once()
    {
        var comparison = Comparison(Notes());

        var markdown = Compose(comparison);

        Assert.Equal(20, comparison.Cells.Values.Sum(c => c.Notes.Count));
        Assert.Contains("It draws on 19 published notes that passed", markdown, StringComparison.Ordinal);
        Assert.StartsWith("This brief compares what the consultations in Alpha, Beta and Gamma recorded on information sharing and incident response and inclusion. ", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Country_names_take_their_article_inside_a_sentence_and_a_capital_at_its_start()
    {
        ComparedCountry[] countries = [new("a", "Philippines"), new("b", "Viet Nam"), new("c", "Netherlands")];
        var comparison = Comparison(Notes(), countries: countries);

        var markdown = Compose(comparison);

        Assert.StartsWith("This brief compares what the consultations in the Philippines, Viet Nam and the Netherlands recorded on ", markdown, StringComparison.Ordinal);
        Assert.Contains("*Published notes from the Philippines (6), Viet Nam (6) and the Netherlands (6).*", markdown, StringComparison.Ordinal);
        Assert.Contains("\n- **The Philippines**", markdown, StringComparison.Ordinal);
        Assert.Contains("— a participant, the Philippines [@a3]", markdown, StringComparison.Ordinal);
        Assert.Empty(BriefRubric.Check(markdown, comparison.NotesById()));
    }

    [Fact]
    public void Recommendations_are_recommending_sentences_of_recommendation_notes_never_they_noted()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", NoteKind.Recommendation, "Regulators should publish quarterly threat bulletins. They noted that banks already share alerts informally."),
            Note("a2", "a", NoteKind.Recommendation, "Firms described the incident portal at length. They recommended a single reporting portal for every sector."),
            Note("b1", "b", NoteKind.Finding, "Agencies should share more threat alerts with banks."),
            Note("b2", "b", NoteKind.Recommendation, "Sector hubs must exchange incident data within a day."),
            Note("c1", "c", NoteKind.Recommendation, "Banks report incidents within a day, this note says nothing more."),
        ];

        var lines = Statements(Compose(Comparison(notes))).Where(s => s.Section == "Recommendations").Select(s => s.Line).ToList();

        Assert.Equal(
            [
                "- Participants in Alpha recommended a single reporting portal for every sector. [@a2]",
                "- Regulators should publish quarterly threat bulletins. (Alpha) [@a1]",
                "- Sector hubs must exchange incident data within a day. (Beta) [@b2]",
            ],
            lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_country_point_quotes_a_sentence_that_reads_without_its_note()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", NoteKind.Finding, "They praised the sandbox for banks and the sandbox rules."),
            Note("a2", "a", NoteKind.Finding, "The sandbox let banks test sharing rules."),
            Note("a3", "a", NoteKind.Finding, "Sandbox pilots built confidence among banks."),
            Note("b1", "b", NoteKind.Finding, "Hotlines help banks."),
            Note("c1", "c", NoteKind.Finding, "Portals help banks."),
        ];

        var markdown = Compose(Comparison(notes));
        var line = Assert.Single(Statements(markdown), s => s.Section == "Country-specific points" && s.Line.StartsWith("- **Alpha**", StringComparison.Ordinal)).Line;

        // The note that names the sandbox twice opens "They praised…": another sentence about the sandbox is quoted instead.
        Assert.StartsWith("- **Alpha** put more weight than the other countries on *sandbox*", line, StringComparison.Ordinal);
        Assert.Contains(". The sandbox let banks test sharing rules. [@a2", line, StringComparison.Ordinal);
        Assert.DoesNotContain("They", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Common_ground_says_what_the_notes_did_and_never_mention()
    {
        var comparison = Comparison(Notes());

        var lines = Statements(Compose(comparison)).Where(s => s.Section == "Common ground").Select(s => s.Line).ToList();

        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Matches(@"^- Notes from .+ (?:called for action on|raised concerns about|were positive about|raised) \*\*[^*]+\*\*\. \[@", l));
        Assert.Empty(BriefRubric.Check(Compose(comparison), comparison.NotesById()));
    }

    [Theory]
    [InlineData(new[] { "A" }, "A")]
    [InlineData(new[] { "A", "B" }, "A and B")]
    [InlineData(new[] { "A", "B", "C" }, "A, B and C")]
    [InlineData(new[] { "A", "B", "C", "D" }, "A, B, C and D")]
    public void Join_lists_items_as_a_sentence_does(string[] items, string expected) =>
        Assert.Equal(expected, BriefComposer.Join(items));

    private static string Compose(ComparisonResult comparison, BriefComposerOptions? options = null) =>
        BriefComposer.Compose(comparison, Taxonomy, options);

    /// <summary>The non-empty lines under each "## " heading, by heading.</summary>
    private static Dictionary<string, List<string>> Sections(string markdown)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                current = sections[line[3..]] = [];
            }
            else if (current is not null && line.Length > 0)
            {
                current.Add(line);
            }
        }

        return sections;
    }

    /// <summary>Every list item and blockquote line with the theme key and "### " section it is in.</summary>
    private static IEnumerable<(string Theme, string Section, string Line)> Statements(string markdown)
    {
        var labels = Taxonomy.Themes.ToDictionary(t => t.Label, t => t.Key, StringComparer.Ordinal);
        foreach (var (heading, lines) in Sections(markdown))
        {
            var section = string.Empty;
            foreach (var line in lines)
            {
                if (line.StartsWith("### ", StringComparison.Ordinal))
                {
                    section = line[4..];
                }
                else if (line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("> ", StringComparison.Ordinal))
                {
                    yield return (labels[heading], section, line);
                }
            }
        }
    }
}
