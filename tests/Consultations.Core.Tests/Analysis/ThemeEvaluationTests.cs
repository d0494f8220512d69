using System.Text.Json;
using Consultations.Core.Analysis;
using Consultations.Core.Domain;

namespace Consultations.Core.Tests.Analysis;

/// <summary>
/// The local engine measured on a hand-written, labelled set (Data/theme-evaluation.jsonl): the classifier learns
/// from the training split and is scored on the held-out split. The floors make a regression fail; the measured
/// figures are in docs/text-analysis.md.
/// </summary>
public sealed class ThemeEvaluationTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly List<Labelled> Set = Load();

    [Fact]
    public void The_set_is_large_balanced_and_has_a_held_out_split()
    {
        Assert.True(Set.Count >= 200);
        Assert.All(ThemeTaxonomy.Default.Themes, t => Assert.True(Set.Count(n => n.Theme == t.Key) >= 50, t.Key));
        Assert.True(Set.Count(n => n.Split == "test") >= 60);
        Assert.True(Set.Select(n => n.Country).Distinct().Count() >= 4);
    }

    [Fact]
    public void The_trained_classifier_puts_the_right_theme_first_for_at_least_80_percent_of_held_out_notes()
    {
        var (top1, top2) = Accuracy(new ThemeSuggester(ThemeTaxonomy.Default, Train()));

        TestContext.Current.SendDiagnosticMessage($"classifier + lexicon: top-1 {top1:P1}, top-2 {top2:P1}");
        Assert.True(top1 >= 0.80, $"top-1 accuracy {top1:P1} is below the 80% floor");
        Assert.True(top2 >= 0.90, $"top-2 accuracy {top2:P1} is below the 90% floor");
    }

    [Fact]
    public void The_lexicon_alone_is_a_useful_fallback()
    {
        var (top1, top2) = Accuracy(new ThemeSuggester(ThemeTaxonomy.Default));

        TestContext.Current.SendDiagnosticMessage($"lexicon only: top-1 {top1:P1}, top-2 {top2:P1}");
        Assert.True(top1 >= 0.70, $"lexicon top-1 accuracy {top1:P1} is below the 70% floor");
    }

    [Fact]
    public void Too_few_confirmed_tags_leave_the_lexicon_in_charge()
    {
        var few = Set.Where(n => n.Split == "train").Take(ThemeClassifier.MinimumExamples - 1).Select(n => new ConfirmedTag(n.Text, n.Theme)).ToList();

        Assert.Null(ThemeClassifier.TryTrain(few));
    }

    [Fact]
    public void Key_phrases_mostly_match_what_an_analyst_picked()
    {
        var corpus = new KeyPhrases();
        foreach (var note in Set)
        {
            corpus.AddToCorpus(note.Text);
        }

        var extracted = Set.Where(n => n.Split == "test").Select(n => (Gold: n.KeyPhrases, Found: corpus.Extract(n.Text, 3))).ToList();
        var precision = extracted.SelectMany(e => e.Found.Select(f => Matches(f, e.Gold))).Average(m => m ? 1.0 : 0.0);

        TestContext.Current.SendDiagnosticMessage($"key phrases: precision@3 {precision:P1}");
        Assert.True(precision >= 0.5, $"key-phrase precision {precision:P1} is below the 50% floor");
    }

    internal static (double Top1, double Top2) Accuracy(ThemeSuggester suggester)
    {
        var test = Set.Where(n => n.Split == "test").ToList();
        var ranked = test.Select(n => (n.Theme, Ranked: suggester.Suggest(n.Text, 4).Select(s => s.Theme).ToList())).ToList();
        return (ranked.Average(r => r.Ranked.Take(1).Contains(r.Theme) ? 1.0 : 0.0), ranked.Average(r => r.Ranked.Take(2).Contains(r.Theme) ? 1.0 : 0.0));
    }

    internal static ThemeClassifier Train() =>
        ThemeClassifier.TryTrain([.. Set.Where(n => n.Split == "train").Select(n => new ConfirmedTag(n.Text, n.Theme))])
        ?? throw new InvalidOperationException("The training split is too small to train.");

    /// <summary>A found phrase matches when it and a gold phrase share their content words (either contains the other's stems).</summary>
    private static bool Matches(string found, IReadOnlyList<string> gold)
    {
        var key = Terms.Key(found);
        return gold.Select(Terms.Key).Any(g => g.Length > 0 && (g.Contains(key, StringComparison.Ordinal) || key.Contains(g, StringComparison.Ordinal)));
    }

    private static List<Labelled> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Analysis", "Data", "theme-evaluation.jsonl");
        return [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<Labelled>(l, Json)!)];
    }

    internal sealed record Labelled(string Id, string Country, string Theme, string Split, string Kind, string Text, IReadOnlyList<string> KeyPhrases);
}
