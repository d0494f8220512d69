using System.Globalization;
using System.Text;
using System.Text.Json;
using Consultations.Core.Domain;
using Consultations.Core.Guard;

namespace Consultations.Core.Tests.Guard;

/// <summary>
/// The attribution guard measured on a hand-labelled set (Evaluation/guard-evaluation.json): how many of the labelled
/// mentions it finds (recall, overall and per category) and how many findings point at nothing labelled (false flags).
/// The floors make a regression fail; the measured figures are in docs/chatham-house.md.
/// </summary>
public sealed class GuardEvaluationTests
{
    // Floors = what the guard measures with issue 17's detections (bare names, short forms, roles, near misses), rounded
    // down; before them it was 0.67 overall (docs/chatham-house.md keeps both tables).
    internal const double RecallFloor = 0.98;

    // A ceiling, not a floor: three near misses that are other people's real names (Santoso, Santosh, Rahman); the guard
    // before issue 17 had three false flags too, all place names, which it no longer raises.
    internal const int MaxFalseFlags = 3;

    internal static readonly IReadOnlyDictionary<string, double> CategoryRecallFloors = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["vietnamese"] = 1.00,
        ["malay-patronymic"] = 1.00,
        ["filipino-compound"] = 1.00,
        ["indonesian-single"] = 1.00,
        ["western-order"] = 1.00,
        ["chinese-malaysian"] = 1.00,
        ["acronym"] = 1.00,
        ["organisation-full"] = 1.00,
        ["contact"] = 1.00,
        ["small-group"] = 1.00,
        ["mixed-note"] = 1.00,
        ["bare-name-speaker"] = 1.00,
        ["org-short-form"] = 0.93,
        ["org-without-tail"] = 1.00,
        ["role"] = 0.96,
        ["rank-title"] = 0.92,
        ["near-miss"] = 1.00,
    };

    /// <summary>The categories of what issue 17 teaches the guard; the report shows them apart from the forms it already knew.</summary>
    internal static readonly HashSet<string> Issue17Categories = new(StringComparer.Ordinal)
    {
        "bare-name-speaker", "org-short-form", "org-without-tail", "role", "rank-title", "near-miss",
    };

    private static readonly HashSet<string> Kinds = new(StringComparer.Ordinal) { "participant", "organisation", "contact", "small-group", "role" };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly Lazy<EvaluationSet> Set = new(Load);

    [Fact]
    public void The_set_is_large_and_every_expected_mention_is_in_its_text()
    {
        var set = Set.Value;
        var cases = set.Cases;
        var registers = set.Registers.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        Assert.True(cases.Count >= 300, $"{cases.Count} cases; the set needs at least 300");
        Assert.True(cases.Sum(c => c.Mentions.Count) >= 200, "the set needs at least 200 labelled mentions");
        Assert.True(cases.Count(c => c.Mentions.Count == 0) >= 120, "the set needs at least 120 cases that must stay quiet");
        Assert.Equal(cases.Count, cases.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(set.Registers, r => Assert.True(r.Participants.Count >= 10, r.Id));
        Assert.All(cases, c =>
        {
            Assert.Contains(c.Register, registers);
            Assert.False(string.IsNullOrWhiteSpace(c.Text), c.Id);
            // Every category with mentions has a recall floor, so a new category cannot slip past the assertion.
            Assert.True(c.Mentions.Count == 0 || CategoryRecallFloors.ContainsKey(c.Category), $"{c.Id}: category '{c.Category}' has no recall floor");
            var spans = new List<(int Start, int End)>();
            foreach (var mention in c.Mentions)
            {
                Assert.True(Kinds.Contains(mention.Kind), $"{c.Id}: unknown kind '{mention.Kind}'");
                var start = Occurrence(c.Text, mention.Text, mention.At);
                Assert.True(start >= 0, $"{c.Id}: '{mention.Text}' (occurrence {mention.At}) is not in its text");
                Assert.DoesNotContain(spans, s => start < s.End && s.Start < start + mention.Text.Length);
                spans.Add((start, start + mention.Text.Length));
            }
        });
    }

    [Fact]
    public void Recall_and_false_flags_stay_at_their_floors()
    {
        var result = Evaluate();
        TestContext.Current.TestOutputHelper?.WriteLine(result.Report());

        var problems = new List<string>();
        if (result.Recall < RecallFloor)
        {
            problems.Add($"recall {result.Recall:P1} is below the floor of {RecallFloor:P0}");
        }

        if (result.FalseFlags.Count > MaxFalseFlags)
        {
            problems.Add($"{result.FalseFlags.Count} false flags, more than the ceiling of {MaxFalseFlags}");
        }

        foreach (var (category, floor) in CategoryRecallFloors)
        {
            if (result.CategoryRecall(category) is { } recall && recall < floor)
            {
                problems.Add($"{category}: recall {recall:P1} is below its floor of {floor:P0}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("; ", problems));
    }

    /// <summary>Runs every case through a guard compiled from its register and scores the findings against the labels.</summary>
    internal static EvaluationResult Evaluate()
    {
        var set = Set.Value;
        var key = AttributionGuardTests.Key;
        var guards = set.Registers.ToDictionary(
            r => r.Id,
            r => new AttributionGuard(GuardRegister.Compile(r.Participants.Select(p => new Participant(p.Id, p.Name, p.Organisation, p.Group, p.Role)), key, r.SmallGroupThreshold), key, r.SmallGroupThreshold),
            StringComparer.Ordinal);
        var outcomes = new List<MentionOutcome>();
        var falseFlags = new List<(EvaluationCase Case, GuardFinding Finding)>();
        foreach (var c in set.Cases)
        {
            var findings = guards[c.Register].Check(c.Text);
            var spans = c.Mentions.Select(m => (Mention: m, Start: Occurrence(c.Text, m.Text, m.At))).ToList();
            foreach (var (mention, start) in spans)
            {
                var overlapping = findings.Where(f => Overlaps(f, start, mention.Text.Length)).ToList();
                outcomes.Add(new MentionOutcome(c, mention, overlapping.Count > 0, overlapping.Any(f => KindName(f.Kind) == mention.Kind)));
            }

            falseFlags.AddRange(findings.Where(f => !spans.Any(s => Overlaps(f, s.Start, s.Mention.Text.Length))).Select(f => (c, f)));
        }

        return new EvaluationResult(set.Cases, outcomes, falseFlags);
    }

    /// <summary>The finding kind as the set spells it: SmallGroup → small-group.</summary>
    internal static string KindName(FindingKind kind)
    {
        var name = kind.ToString();
        var builder = new StringBuilder(name.Length + 2);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    private static bool Overlaps(GuardFinding finding, int start, int length) => finding.Start < start + length && start < finding.Start + finding.Length;

    /// <summary>Where the <paramref name="at"/>-th (from 0) occurrence of <paramref name="value"/> starts, or -1.</summary>
    private static int Occurrence(string text, string value, int at)
    {
        var index = -1;
        for (var n = 0; n <= at; n++)
        {
            index = text.IndexOf(value, index + 1, StringComparison.Ordinal);
            if (index < 0)
            {
                return -1;
            }
        }

        return index;
    }

    private static EvaluationSet Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Guard", "Evaluation", "guard-evaluation.json");
        return JsonSerializer.Deserialize<EvaluationSet>(File.ReadAllText(path), Json) ?? throw new InvalidOperationException($"{path} is empty.");
    }

    internal sealed record EvaluationSet(IReadOnlyList<EvaluationRegister> Registers, IReadOnlyList<EvaluationCase> Cases);

    internal sealed record EvaluationRegister(string Id, string Description, int SmallGroupThreshold, IReadOnlyList<EvaluationParticipant> Participants);

    internal sealed record EvaluationParticipant(string Id, string Name, string Organisation, string? Group, string? Role);

    internal sealed record EvaluationCase(string Id, string Register, string Category, string Text, IReadOnlyList<ExpectedMention> Mentions, string? Note);

    /// <summary>A labelled mention: the exact text, its kind, and which occurrence of the text it is (0 = the first).</summary>
    internal sealed record ExpectedMention(string Text, string Kind, int At = 0);

    internal sealed record MentionOutcome(EvaluationCase Case, ExpectedMention Mention, bool Caught, bool KindAgrees);

    internal sealed record EvaluationResult(IReadOnlyList<EvaluationCase> Cases, IReadOnlyList<MentionOutcome> Outcomes, IReadOnlyList<(EvaluationCase Case, GuardFinding Finding)> FalseFlags)
    {
        public double Recall => Outcomes.Count == 0 ? 0 : (double)Outcomes.Count(o => o.Caught) / Outcomes.Count;

        public double? CategoryRecall(string category) =>
            Outcomes.Where(o => o.Case.Category == category).ToList() is { Count: > 0 } list ? (double)list.Count(o => o.Caught) / list.Count : null;

        /// <summary>A plain-text report: totals, a table per category and per kind, then every miss and every false flag.</summary>
        public string Report()
        {
            var culture = CultureInfo.InvariantCulture;
            var report = new StringBuilder();
            var quiet = Cases.Where(c => c.Mentions.Count == 0).ToList();
            var caught = Outcomes.Count(o => o.Caught);
            report.AppendLine(culture, $"Guard evaluation: {Cases.Count} cases ({Cases.Count - quiet.Count} with mentions, {quiet.Count} that must stay quiet), {Outcomes.Count} mentions");
            report.AppendLine(culture, $"Recall: {caught}/{Outcomes.Count} = {Recall:P1} (floor {RecallFloor:P0}); the kind agrees for {Outcomes.Count(o => o.KindAgrees)} of the {caught} caught");
            report.AppendLine(culture, $"  forms the guard already knew: {Subtotal(o => !Issue17Categories.Contains(o.Case.Category))}; issue 17's new kinds: {Subtotal(o => Issue17Categories.Contains(o.Case.Category))}");
            report.AppendLine(culture, $"False flags: {FalseFlags.Count} (ceiling {MaxFalseFlags}) in {FalseFlags.Select(f => f.Case.Id).Distinct().Count()} cases; quiet cases that stayed quiet: {quiet.Count(q => FalseFlags.All(f => f.Case.Id != q.Id))}/{quiet.Count}");
            report.AppendLine();
            report.AppendLine(culture, $"{"category",-20} {"cases",5} {"mentions",8} {"caught",6} {"recall",7} {"floor",6} {"kind ok",7} {"false flags",11}");
            foreach (var category in Cases.Select(c => c.Category).Distinct())
            {
                var outcomes = Outcomes.Where(o => o.Case.Category == category).ToList();
                var recall = outcomes.Count == 0 ? "" : ((double)outcomes.Count(o => o.Caught) / outcomes.Count).ToString("P0", culture);
                var floor = CategoryRecallFloors.TryGetValue(category, out var f) ? f.ToString("P0", culture) : "";
                report.AppendLine(culture, $"{category,-20} {Cases.Count(c => c.Category == category),5} {outcomes.Count,8} {outcomes.Count(o => o.Caught),6} {recall,7} {floor,6} {outcomes.Count(o => o.KindAgrees),7} {FalseFlags.Count(x => x.Case.Category == category),11}");
            }

            report.AppendLine();
            report.AppendLine(culture, $"{"expected kind",-20} {"mentions",8} {"caught",6} {"recall",7} {"kind ok",7}");
            foreach (var kind in Outcomes.Select(o => o.Mention.Kind).Distinct())
            {
                var outcomes = Outcomes.Where(o => o.Mention.Kind == kind).ToList();
                report.AppendLine(culture, $"{kind,-20} {outcomes.Count,8} {outcomes.Count(o => o.Caught),6} {(double)outcomes.Count(o => o.Caught) / outcomes.Count,7:P0} {outcomes.Count(o => o.KindAgrees),7}");
            }

            report.AppendLine();
            report.AppendLine("Missed:");
            foreach (var miss in Outcomes.Where(o => !o.Caught))
            {
                report.AppendLine(culture, $"  {miss.Case.Id} [{miss.Case.Category}] {miss.Mention.Kind} '{miss.Mention.Text}' in \"{OneLine(miss.Case.Text)}\"");
            }

            report.AppendLine();
            report.AppendLine("Caught with another kind:");
            foreach (var other in Outcomes.Where(o => o.Caught && !o.KindAgrees))
            {
                report.AppendLine(culture, $"  {other.Case.Id} [{other.Case.Category}] {other.Mention.Kind} '{other.Mention.Text}'");
            }

            report.AppendLine();
            report.AppendLine("False flags:");
            foreach (var (c, finding) in FalseFlags)
            {
                report.AppendLine(culture, $"  {c.Id} [{c.Category}] {KindName(finding.Kind)} {finding.Severity.ToString().ToLowerInvariant()} '{finding.Text}' in \"{OneLine(c.Text)}\"");
            }

            return report.ToString();
        }

        private string Subtotal(Func<MentionOutcome, bool> which)
        {
            var outcomes = Outcomes.Where(which).ToList();
            var caught = outcomes.Count(o => o.Caught);
            return string.Create(CultureInfo.InvariantCulture, $"{caught}/{outcomes.Count} = {(outcomes.Count == 0 ? 0 : (double)caught / outcomes.Count):P1}");
        }

        private static string OneLine(string text) => text.Replace("\n", "⏎", StringComparison.Ordinal);
    }
}
