using Consultations.Core.Analysis;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;
using FsCheck;
using FsCheck.Fluent;

namespace Consultations.Core.Tests.Comparison;

public sealed class FindingsTests
{
    private const string Theme = "information-sharing";
    private const string Incentives = "information-sharing/incentives";
    private const string Transparency = "information-sharing/transparency";

    private static readonly ThemeTaxonomy Taxonomy = ThemeTaxonomy.Default;

    private static readonly ComparedCountry[] Three = [new("a", "Alpha"), new("b", "Beta"), new("c", "Gamma")];

    private static ComparedNote Note(string id, string country, string text, NoteKind kind = NoteKind.Finding, params string[] subThemes) =>
        new(id, country, "s1", kind, text, [Theme], subThemes, 1, Clean: true);

    [Fact]
    public void Log_odds_and_z_score_match_a_hand_computation()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", "sandbox"), Note("a2", "a", "sandbox"), Note("a3", "a", "audit"),
            Note("b1", "b", "audit"), Note("b2", "b", "audit"),
            Note("c1", "c", "audit"), Note("c2", "c", "training"),
        ];

        // 7 notes; sandbox is in 2 (both a's). Background rate (2 + 0.5) / (7 + 1) = 0.3125; m = 1: a = 0.3125, b = 0.6875.
        // a vs rest: y_i = 2, n_i = 3, y_j = 0, n_j = 4.
        // δ = ln((2 + 0.3125) / (3 − 2 + 0.6875)) − ln((0 + 0.3125) / (4 − 0 + 0.6875))
        //   = ln(1.370370370) − ln(0.066666667) = 0.315081047 + 2.708050201 = 3.023131248
        // var = 1/2.3125 + 1/1.6875 + 1/0.3125 + 1/4.6875 = 0.432432432 + 0.592592593 + 3.2 + 0.213333333 = 4.438358358
        // z = 3.023131248 / 2.106741170 = 1.434979907.
        var findings = Findings.For(Theme, Three, notes, Taxonomy, new FindingOptions { PriorStrength = 1, MinZScore = 1.4 });

        var sandbox = Assert.Single(findings.Distinctive);
        Assert.Equal(("sandbox", "a", 2), (sandbox.Label, sandbox.ConsultationId, sandbox.Support));
        Assert.Equal(Terms.Key("sandbox"), sandbox.Key);
        Assert.Equal(3.023131248, sandbox.LogOdds, 1e-6);
        Assert.Equal(1.434979907, sandbox.ZScore, 1e-6);
        Assert.Equal(["a1", "a2"], sandbox.NoteIds);
    }

    [Fact]
    public void A_word_said_everywhere_in_the_programme_is_not_a_shared_finding_of_one_theme()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", "Ministries run a sandbox portal"), Note("a2", "a", "Budgets of ministries"),
            Note("b1", "b", "Ministries fund a hotline for sandbox reports"), Note("b2", "b", "Drills for ministries"),
        ];

        // "ministries" is in every note here, but also in 80 % of the programme's notes: lift 1.25 < 2.
        // "sandbox" is in half of these notes and 10 % of the programme's: lift 5.
        var shares = new Dictionary<string, double> { [Terms.Key("ministries")] = 0.8, [Terms.Key("sandbox")] = 0.1 };
        var options = new FindingOptions { BackgroundShare = k => shares.GetValueOrDefault(k), MinSupport = 1 };

        var withBackground = Findings.For(Theme, Three, notes, Taxonomy, options);
        var without = Findings.For(Theme, Three, notes, Taxonomy, options with { BackgroundShare = null });

        Assert.DoesNotContain(withBackground.Shared, f => f.Key == Terms.Key("ministries"));
        Assert.Contains(withBackground.Shared, f => f.Key == Terms.Key("sandbox"));
        Assert.Contains(without.Shared, f => f.Key == Terms.Key("ministries"));
    }

    [Fact]
    public void A_term_two_of_three_countries_raise_is_shared_with_its_evidence()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", "Sandbox reporting portal"), Note("a2", "a", "Training budgets"),
            Note("b1", "b", "A sandbox hotline"), Note("b2", "b", "Quarterly sandbox drills"),
            Note("c1", "c", "Budget cuts"),
        ];

        var findings = Findings.For(Theme, Three, notes, Taxonomy);

        var sandbox = Assert.Single(findings.Shared);
        Assert.Equal(("sandbox", FindingBasis.Phrase, Terms.Key("sandbox"), 2), (sandbox.Label, sandbox.Basis, sandbox.Key, sandbox.Countries));
        Assert.Equal(["a", "b"], sandbox.Evidence.Select(e => e.ConsultationId));
        Assert.Equal(["a1"], sandbox.Evidence[0].NoteIds);
        Assert.Equal(["b1", "b2"], sandbox.Evidence[1].NoteIds);

        // "budget" is in two countries too, but in two notes only: no more support than one stray mention each.
        Assert.DoesNotContain(findings.Shared, f => f.Key == Terms.Key("budget"));
    }

    [Fact]
    public void A_term_in_one_note_of_a_country_is_never_distinctive()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", "Blockchain blockchain blockchain ledgers, blockchain pilots and blockchain audits"),
            Note("a2", "a", "Ministries publish guidance"), Note("a3", "a", "Ministries publish guidance"),
            Note("b1", "b", "Guidance"), Note("b2", "b", "Guidance"),
        ];

        var findings = Findings.For(Theme, Three, notes, Taxonomy, new FindingOptions { PriorStrength = 1, MinZScore = double.NegativeInfinity });

        Assert.DoesNotContain(findings.Distinctive, d => d.Key.Contains(Terms.Key("blockchain"), StringComparison.Ordinal));
        Assert.All(findings.Distinctive, d => Assert.True(d.Support >= 2));
        Assert.Contains(findings.Distinctive, d => d.Key == Terms.Key("ministries publish") && d.ConsultationId == "a");
    }

    [Fact]
    public void A_shared_term_is_not_also_distinctive()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", "sandbox"), Note("a2", "a", "sandbox"), Note("a3", "a", "audit"),
            Note("b1", "b", "audit"), Note("b2", "b", "audit"),
            Note("c1", "c", "audit"), Note("c2", "c", "training"),
        ];

        // On its own "audit" would be distinctive of b (both its notes; z ≈ 2.355 with α₀ = 1), but all three countries raise it.
        var findings = Findings.For(Theme, Three, notes, Taxonomy, new FindingOptions { PriorStrength = 1, MinZScore = 1.96 });

        Assert.Contains(findings.Shared, f => f.Key == Terms.Key("audit") && f.Countries == 3);
        Assert.DoesNotContain(findings.Distinctive, d => d.Key == Terms.Key("audit"));
    }

    [Fact]
    public void Sub_theme_tags_of_the_theme_raised_in_enough_countries_are_shared()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", "Tax relief", NoteKind.Finding, Incentives, "inclusion/gender"),
            Note("a2", "a", "Grants", NoteKind.Finding, Incentives),
            Note("b1", "b", "Awards", NoteKind.Finding, Incentives, "inclusion/gender"),
            Note("c1", "c", "Open data", NoteKind.Finding, Transparency, "inclusion/gender"),
        ];

        var findings = Findings.For(Theme, Three, notes, Taxonomy);

        var shared = Assert.Single(findings.Shared);
        Assert.Equal(("Incentives", FindingBasis.SubTheme, Incentives), (shared.Label, shared.Basis, shared.Key));
        Assert.Equal(["a1", "a2"], shared.Evidence[0].NoteIds);
        Assert.Equal(["b1"], shared.Evidence[1].NoteIds);
    }

    [Fact]
    public void A_shared_bigram_replaces_its_words_when_they_are_shared_with_the_same_countries()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", "Threat hunting plans"), Note("a2", "a", "Threat hunting drills"),
            Note("b1", "b", "Threat hunting teams"),
            Note("c1", "c", "Hunting times"),
        ];

        var findings = Findings.For(Theme, Three, notes, Taxonomy);

        var keys = findings.Shared.Select(f => f.Key).ToList();
        Assert.Equal([Terms.Key("hunting"), Terms.Key("threat hunting")], keys);
        Assert.Equal("threat hunting", findings.Shared[1].Label);
        Assert.Equal(["a1", "a2"], findings.Shared[1].Evidence[0].NoteIds);
    }

    [Fact]
    public void A_label_is_spelled_as_the_notes_write_it_inside_a_sentence()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", "Firms prefer NIST CSF for boards."), Note("a2", "a", "Trust in the sandbox grew."),
            Note("b1", "b", "Agencies map NIST CSF controls."), Note("b2", "b", "Trust in the sandbox fell."),
            Note("c1", "c", "Regulators accept nist csf."), Note("c2", "c", "Banks trust the sandbox."),
        ];

        var labels = Findings.For(Theme, Three, notes, Taxonomy).Shared.Select(f => f.Label).ToList();

        // Two notes write NIST CSF in capitals and one does not; "Trust" opens two sentences but is "trust" inside one.
        Assert.Contains("NIST CSF", labels);
        Assert.Contains("trust", labels);
        Assert.Contains("sandbox", labels);
        Assert.DoesNotContain("nist csf", labels);
    }

    [Fact]
    public void An_acronym_the_notes_only_write_in_lower_case_is_shown_in_capitals()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", "Sectoral csirts share alerts."), Note("b1", "b", "Two csirts opened."), Note("c1", "c", "The csirts meet monthly."),
        ];

        Assert.Contains(Findings.For(Theme, Three, notes, Taxonomy).Shared, f => f.Label == "CSIRTs");
    }

    [Fact]
    public void A_lone_adjective_is_shown_as_the_phrase_it_mostly_opens_or_not_at_all()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", "The national CERT publishes advisories. Regional drills ran twice."),
            Note("b1", "b", "A national CERT drill is planned. The regional forum met."),
            Note("b2", "b", "Their national CERT is small."),
            Note("c1", "c", "The national plan names the regulator. A regional hub opened."),
        ];

        var findings = Findings.For(Theme, Three, notes, Taxonomy);

        // "national" opens "national CERT" in three of four uses: the phrase stands for it. "regional" opens three different phrases: dropped.
        Assert.Contains(findings.Shared, f => f.Label == "national CERT");
        Assert.DoesNotContain(findings.Shared, f => f.Label is "national" or "regional" or "Regional");
    }

    [Fact]
    public void A_word_used_almost_only_before_another_is_a_modifier_whatever_its_ending()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", "Foreign donors fund drills."), Note("a2", "a", "Foreign vendors run audits."),
            Note("b1", "b", "Foreign partners train staff."), Note("b2", "b", "Foreign experts visited."),
            Note("c1", "c", "Foreign capital flows in."),
        ];

        Assert.DoesNotContain(Findings.For(Theme, Three, notes, Taxonomy).Shared, f => f.Key == Terms.Key("foreign"));
    }

    [Fact]
    public void Who_spoke_is_never_a_finding()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", "Telecoms participants described slow sandbox approvals."), Note("a2", "a", "Participants from the CERT community welcomed the sandbox."),
            Note("b1", "b", "Telecoms participants said the sandbox was slow."), Note("b2", "b", "Participants from the CERT community asked for a sandbox."),
            Note("c1", "c", "Telecoms participants questioned the sandbox."), Note("c2", "c", "Participants from the CERT community doubted the sandbox."),
            Note("c3", "c", "Civil society participants questioned the sandbox."),
        ];

        var keys = Findings.For(Theme, Three, notes, Taxonomy).Shared.Select(f => f.Key).ToList();

        Assert.Contains(Terms.Key("sandbox"), keys);
        Assert.DoesNotContain(keys, k => k.Contains(Terms.Key("telecoms"), StringComparison.Ordinal) || k.Contains(Terms.Key("community"), StringComparison.Ordinal) || k.Contains(Terms.Key("civil"), StringComparison.Ordinal));
    }

    [Fact]
    public void Generic_words_verbs_and_cut_compounds_are_never_findings()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", "Graduates move abroad with information and data."), Note("a2", "a", "A regional points-of-contact directory helps."),
            Note("b1", "b", "Engineers moved to banks; information on data is scarce."), Note("b2", "b", "Regional points-of-contact lists age."),
            Note("c1", "c", "Staff are moving to firms, taking information and data."), Note("c2", "c", "Its regional points-of-contact list works."),
        ];

        var keys = Findings.For(Theme, Three, notes, Taxonomy).Shared.Select(f => f.Key).ToList();

        Assert.DoesNotContain(Terms.Key("information"), keys);
        Assert.DoesNotContain(Terms.Key("data"), keys);
        Assert.DoesNotContain(Terms.Key("move"), keys);
        Assert.DoesNotContain(keys, k => k.EndsWith(Terms.Key("points"), StringComparison.Ordinal));
        Assert.Contains(Terms.Key("contact"), keys);
    }

    [Fact]
    public void Countries_that_welcome_incentives_diverge_from_countries_whose_challenges_are_about_them()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", "Firms welcomed the tax incentives for sharing.", NoteKind.Finding, Incentives),
            Note("b1", "b", "Incentives reach only large firms.", NoteKind.Challenge, Incentives),
            Note("a2", "a", "The incentives were effective.", NoteKind.Finding, Incentives),
            Note("b2", "b", "Incentive schemes are poorly targeted.", NoteKind.Challenge, Incentives),
            Note("b3", "b", "Incentives were a success in banking.", NoteKind.Finding, Incentives),
            Note("c1", "c", "Incentives are set by the ministry.", NoteKind.Finding, Incentives),
            Note("c2", "c", "One firm called the incentives a success.", NoteKind.Finding, Incentives),
        ];

        var findings = Findings.For(Theme, Three, notes, Taxonomy);

        var divergence = Assert.Single(findings.Divergent);
        Assert.Equal(("Incentives", Incentives), (divergence.Label, divergence.Key));
        Assert.Collection(
            divergence.Sides,
            a => Assert.Equal(("a", Stance.Support, "a1,a2"), (a.ConsultationId, a.Stance, string.Join(',', a.NoteIds))),
            b => Assert.Equal(("b", Stance.Concern, "b1,b2"), (b.ConsultationId, b.Stance, string.Join(',', b.NoteIds))));
    }

    [Fact]
    public void Notes_without_a_sub_theme_of_the_theme_diverge_under_the_theme()
    {
        ComparedNote[] notes =
        [
            Note("a1", "a", "Sharing improved trust.", NoteKind.Finding, "inclusion/gender"),
            Note("a2", "a", "Sharing was successful."),
            Note("b1", "b", "Sharing is slow."), Note("b2", "b", "There is a gap in sharing."),
        ];

        var divergence = Assert.Single(Findings.For(Theme, Three, notes, Taxonomy).Divergent);

        Assert.Equal((Taxonomy.LabelOf(Theme), Theme), (divergence.Label, divergence.Key));
        Assert.Equal(["a1", "a2"], divergence.Sides[0].NoteIds);
        Assert.Equal(["b1", "b2"], divergence.Sides[1].NoteIds);
    }

    [Fact]
    public void No_divergence_when_every_side_agrees_or_one_note_is_all_a_side_has()
    {
        ComparedNote[] agree =
        [
            Note("a1", "a", "Incentives were effective.", NoteKind.Finding, Incentives),
            Note("a2", "a", "Firms welcome incentives.", NoteKind.Finding, Incentives),
            Note("b1", "b", "Incentives helped adoption and were a success.", NoteKind.Finding, Incentives),
            Note("b2", "b", "Incentives improved reporting.", NoteKind.Finding, Incentives),
        ];
        ComparedNote[] oneDissent = [.. agree, Note("c1", "c", "Incentives are too costly.", NoteKind.Finding, Incentives)];
        var permissive = new FindingOptions { MinSupport = 1 };

        Assert.Empty(Findings.For(Theme, Three, agree, Taxonomy, permissive).Divergent);
        Assert.Empty(Findings.For(Theme, Three, oneDissent, Taxonomy).Divergent);
        var divergence = Assert.Single(Findings.For(Theme, Three, oneDissent, Taxonomy, permissive).Divergent);
        Assert.Equal(["a", "b", "c"], divergence.Sides.Select(s => s.ConsultationId));
    }

    [Theory]
    [InlineData("Participants did not support the mandate.", NoteKind.Finding, Stance.Concern)]
    [InlineData("Firms didn’t welcome the portal.", NoteKind.Finding, Stance.Concern)]
    [InlineData("The scheme has not been effective.", NoteKind.Finding, Stance.Concern)]
    [InlineData("There is a lack of trust between agencies.", NoteKind.Finding, Stance.Concern)]
    [InlineData("Agencies cannot share data with firms.", NoteKind.Finding, Stance.Concern)]
    [InlineData("The pilot was a success, but funding is a risk and a burden.", NoteKind.Finding, Stance.Concern)]
    [InlineData("They welcomed the portal.", NoteKind.Finding, Stance.Support)]
    [InlineData("Supportive ministries improved the process.", NoteKind.Finding, Stance.Support)]
    [InlineData("There was no barrier to adoption.", NoteKind.Finding, Stance.Neutral)]
    [InlineData("Unsupported claims circulated.", NoteKind.Finding, Stance.Neutral)]
    [InlineData("Set up a points-of-contact directory.", NoteKind.Recommendation, Stance.Neutral)]
    [InlineData("Ministries publish the list yearly.", NoteKind.Finding, Stance.Neutral)]
    [InlineData("The portal is welcome and effective.", NoteKind.Challenge, Stance.Concern)]
    public void Stance_of_a_note(string text, NoteKind kind, Stance expected) =>
        Assert.Equal(expected, Findings.StanceOf(Note("n", "a", text, kind)));

    [Fact]
    public void Findings_do_not_depend_on_the_order_of_the_countries()
    {
        var countries = new ComparedCountry[] { new("a", "Alpha"), new("b", "Beta"), new("c", "Gamma"), new("d", "Delta") };
        ComparedNote[] notes =
        [
            Note("a1", "a", "Regulatory sandbox for threat sharing was welcomed.", NoteKind.Finding, Incentives),
            Note("b1", "b", "Threat sharing is slow and fragmented.", NoteKind.Challenge, Incentives),
            Note("c1", "c", "Threat sharing platforms improved trust.", NoteKind.Finding, Transparency),
            Note("a2", "a", "The regulatory sandbox was effective for threat sharing.", NoteKind.Finding, Incentives),
            Note("b2", "b", "Reporting duties are a burden.", NoteKind.Challenge, Incentives),
            Note("d1", "d", "Threat sharing platforms lack funding.", NoteKind.Finding, Transparency),
            Note("c2", "c", "Platforms were a success.", NoteKind.Finding, Transparency),
            Note("d2", "d", "Platforms fail small firms.", NoteKind.Challenge, Transparency),
            Note("a3", "a", "Sandbox pilots succeeded.", NoteKind.Recommendation, Incentives),
            Note("b3", "b", "Reporting duties are unclear.", NoteKind.Finding, Incentives),
        ];
        var options = new FindingOptions { PriorStrength = 1, MinZScore = 1 };

        var expected = Describe(Findings.For(Theme, countries, notes, Taxonomy, options));
        Assert.NotEmpty(expected.Shared);
        Assert.NotEmpty(expected.Distinctive);
        Assert.NotEmpty(expected.Divergent);
        foreach (var order in new[] { new[] { 3, 2, 1, 0 }, [1, 3, 0, 2], [2, 0, 3, 1] })
        {
            var actual = Describe(Findings.For(Theme, [.. order.Select(i => countries[i])], notes, Taxonomy, options));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Evidence_belongs_to_its_country_and_holds_the_finding() =>
        Prop.ForAll(Corpora().ToArbitrary(), sample =>
        {
            var (countries, notes, options) = sample;
            var findings = Findings.For(Theme, countries, notes, Taxonomy, options);
            var problems = Problems(findings, notes, options).ToList();
            return (problems.Count == 0).Label(string.Join("; ", problems));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));

    private static IEnumerable<string> Problems(ThemeFindings findings, ComparedNote[] notes, FindingOptions options)
    {
        var byId = notes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var kinds = new[] { findings.Shared.Count, findings.Distinctive.Count, findings.Divergent.Count };
        if (kinds.Any(k => k > options.MaxPerKind))
        {
            yield return "more findings than MaxPerKind";
        }

        foreach (var shared in findings.Shared)
        {
            foreach (var evidence in shared.Evidence)
            {
                // Every note of the country that holds the finding, and no other.
                var holding = notes
                    .Where(n => n.ConsultationId == evidence.ConsultationId && Holds(n, shared.Basis, shared.Key))
                    .Select(n => n.Id);
                if (!holding.SequenceEqual(evidence.NoteIds))
                {
                    yield return $"shared {shared.Key} in {evidence.ConsultationId}: [{string.Join(',', evidence.NoteIds)}]";
                }
            }

            if (shared.Countries < 2)
            {
                yield return $"shared {shared.Key} in one country";
            }
        }

        foreach (var distinctive in findings.Distinctive)
        {
            if (distinctive.Support < options.MinSupport || distinctive.NoteIds.Count != distinctive.Support || distinctive.ZScore < options.MinZScore)
            {
                yield return $"distinctive {distinctive.Key}: support {distinctive.Support}, z {distinctive.ZScore}";
            }

            if (findings.Shared.Any(s => s.Key == distinctive.Key))
            {
                yield return $"distinctive {distinctive.Key} is shared";
            }

            if (distinctive.NoteIds.Any(id => byId[id].ConsultationId != distinctive.ConsultationId || !Holds(byId[id], FindingBasis.Phrase, distinctive.Key)))
            {
                yield return $"distinctive {distinctive.Key}: [{string.Join(',', distinctive.NoteIds)}]";
            }
        }

        foreach (var divergence in findings.Divergent)
        {
            if (!divergence.Sides.Any(s => s.Stance == Stance.Support) || !divergence.Sides.Any(s => s.Stance == Stance.Concern))
            {
                yield return $"divergence {divergence.Key} one-sided";
            }

            foreach (var side in divergence.Sides)
            {
                var wrong = side.NoteIds.Select(id => byId[id]).Where(n =>
                    n.ConsultationId != side.ConsultationId
                    || Findings.StanceOf(n) != side.Stance
                    || !(divergence.Key == Theme ? !n.SubThemes.Any(s => s.StartsWith(Theme + "/", StringComparison.Ordinal)) : n.SubThemes.Contains(divergence.Key)));
                if (wrong.Any() || side.NoteIds.Count < options.MinSupport)
                {
                    yield return $"divergence {divergence.Key}, {side.ConsultationId}: [{string.Join(',', side.NoteIds)}]";
                }
            }
        }
    }

    private static bool Holds(ComparedNote note, FindingBasis basis, string key) =>
        basis == FindingBasis.SubTheme ? note.SubThemes.Contains(key) : KeysOf(note.Text).Contains(key);

    // Stemmed words and adjacent two-word phrases of a text, as the findings count them: a word or phrase cut off before a hyphen ("risk" of "risk-audit") does not count.
    private static HashSet<string> KeysOf(string text)
    {
        var terms = Terms.Of(text);
        bool Cut(Term t) => t.End + 1 < text.Length && text[t.End] == '-' && char.IsLetterOrDigit(text[t.End + 1]);
        var keys = terms.Where(t => !Cut(t)).Select(t => t.Stem).ToHashSet(StringComparer.Ordinal);
        for (var i = 1; i < terms.Count; i++)
        {
            if (Terms.Adjacent(text, terms[i - 1], terms[i]) && !Cut(terms[i]))
            {
                keys.Add($"{terms[i - 1].Stem} {terms[i].Stem}");
            }
        }

        return keys;
    }

    private static readonly string[] Vocabulary =
    [
        "incident", "response", "threat", "sharing", "portal", "trust", "welcome", "risk", "barrier", "not", "data", "regional", "the", "of",
        "support", "audit", "budget", "effective", "slow", "ab", "2023",
    ];

    private static Gen<(ComparedCountry[] Countries, ComparedNote[] Notes, FindingOptions Options)> Corpora()
    {
        var text =
            from n in Gen.Choose(1, 8)
            from words in Gen.ArrayOf(Gen.Elements(Vocabulary), n)
            from separators in Gen.ArrayOf(Gen.Elements(" ", " ", "-", ", ", ". "), n)
            select string.Concat(words.Zip(separators, (w, s) => w + s));
        var tags = Gen.SubListOf(new[] { Incentives, Transparency, "inclusion/gender" });
        var options =
            from minSupport in Gen.Choose(1, 3)
            from minZ in Gen.Elements(0.0, 1.0, 1.96)
            from prior in Gen.Elements(1.0, 10.0, 100.0)
            from share in Gen.Elements(0.5, 1.0)
            from max in Gen.Choose(1, 8)
            select new FindingOptions { MinSupport = minSupport, MinZScore = minZ, PriorStrength = prior, SharedShare = share, MaxPerKind = max };
        return
            from countryCount in Gen.Choose(2, 4)
            from noteCount in Gen.Choose(0, 24)
            from owners in Gen.ArrayOf(Gen.Choose(0, countryCount - 1), noteCount)
            from texts in Gen.ArrayOf(text, noteCount)
            from kinds in Gen.ArrayOf(Gen.Elements(NoteKind.Finding, NoteKind.Recommendation, NoteKind.Challenge), noteCount)
            from noteTags in Gen.ArrayOf(tags, noteCount)
            from chosen in options
            select (
                Enumerable.Range(0, countryCount).Select(c => new ComparedCountry($"c{c}", $"Country {c}")).ToArray(),
                Enumerable.Range(0, noteCount).Select(i => Note($"n{i}", $"c{owners[i]}", texts[i], kinds[i], [.. noteTags[i]])).ToArray(),
                chosen);
    }

    private sealed record Described(string Shared, string Distinctive, string Divergent);

    // Findings as text, with each finding's countries in id order: only their order may follow the countries list.
    private static Described Describe(ThemeFindings findings) => new(
        string.Join(" | ", findings.Shared.Select(f =>
            $"{f.Label} {f.Basis} {f.Key}: {string.Join(' ', f.Evidence.OrderBy(e => e.ConsultationId, StringComparer.Ordinal).Select(e => $"{e.ConsultationId}={string.Join(',', e.NoteIds)}"))}")),
        string.Join(" | ", findings.Distinctive.Select(d =>
            $"{d.Label} {d.Key} {d.ConsultationId} {d.LogOdds:R} {d.ZScore:R} {d.Support} {string.Join(',', d.NoteIds)}")),
        string.Join(" | ", findings.Divergent.Select(d =>
            $"{d.Label} {d.Key}: {string.Join(' ', d.Sides.OrderBy(s => s.ConsultationId, StringComparer.Ordinal).Select(s => $"{s.ConsultationId}={s.Stance}:{string.Join(',', s.NoteIds)}"))}")));
}
