using Consultations.Core.Domain;

namespace Consultations.Core.Analysis;

/// <summary>
/// Suggests themes for a note: the programme's classifier when enough tags have been confirmed, blended with the
/// taxonomy lexicon (which also supplies the evidence words shown to the user); the lexicon alone otherwise.
/// Suggestions are only ever offered — the user accepts or rejects each.
/// </summary>
public sealed class ThemeSuggester(ThemeTaxonomy taxonomy, ThemeClassifier? classifier = null)
{
    private const double ClassifierWeight = 0.75;

    // Each lexicon entry split into its stems once, not at every word of every note.
    private readonly Dictionary<string, string[][]> _lexicon = ThemeLexicon.For(taxonomy)
        .ToDictionary(t => t.Key, t => t.Value.Select(k => k.Split(' ')).ToArray(), StringComparer.Ordinal);

    public bool UsesClassifier => classifier is not null;

    public IReadOnlyList<ThemeSuggestion> Suggest(string text, int max = 4)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = Terms.Of(text);
        var stems = terms.Select(t => t.Stem).ToList();
        var evidence = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var hits = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (theme, keys) in _lexicon)
        {
            foreach (var words in keys)
            {
                for (var i = 0; i + words.Length <= stems.Count; i++)
                {
                    if (StartsAt(stems, i, words))
                    {
                        hits[theme] = hits.GetValueOrDefault(theme) + words.Length;
                        var surface = text[terms[i].Start..terms[i + words.Length - 1].End];
                        var list = evidence.TryGetValue(theme, out var existing) ? existing : evidence[theme] = [];
                        if (!list.Contains(surface, StringComparer.OrdinalIgnoreCase))
                        {
                            list.Add(surface);
                        }
                    }
                }
            }
        }

        // The lexicon's share of matches, damped when there are few: one matching word is weak evidence.
        var total = hits.Values.Sum();
        var confidence = Math.Min(1.0, total / 3.0);
        var predicted = classifier?.Predict(text);
        return [.. _lexicon.Keys
            .Select(theme =>
            {
                var lexical = total == 0 ? 0 : hits.GetValueOrDefault(theme) / total * confidence;
                var score = predicted is null ? lexical : (ClassifierWeight * predicted.GetValueOrDefault(theme)) + ((1 - ClassifierWeight) * lexical);
                return new ThemeSuggestion(theme, Math.Round(score, 4), evidence.GetValueOrDefault(theme) ?? []);
            })
            .Where(s => s.Score > 0)
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Theme, StringComparer.Ordinal)
            .Take(max)];
    }

    private static bool StartsAt(List<string> stems, int at, string[] words)
    {
        for (var k = 0; k < words.Length; k++)
        {
            if (!string.Equals(stems[at + k], words[k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
