using System.Text;
using Consultations.Core.Analysis;
using Consultations.Core.Demo;

namespace Consultations.Benchmarks;

/// <summary>A plenary note made from demo sentences, with the demo theme it was built around (null for procedural notes).</summary>
public sealed record SyntheticNote(string Id, string Text, string? Theme);

/// <summary>
/// Deterministic (fixed seed) plenary notes for the analysis benchmarks: sentences of the demo programme's notes
/// recombined, two to five per note, mostly from notes of one theme and joined with varied connectors, so notes read
/// like real ones but are (almost) all different.
/// </summary>
public static class SyntheticNotes
{
    private const int Seed = 20_251_123;

    // Share of a note's sentences taken from notes of other themes (or untagged ones): real notes drift.
    private const double OffThemeShare = 0.25;

    private static readonly string[] Connectors =
    [
        "In addition, ", "By contrast, ", "Others added that ", "It was also noted that ", "Building on this, ", "One view was that ",
        "In response, ", "Similarly, ", "Several speakers felt that ", "On the other hand, ",
    ];

    // Sentence openings that may be lower-cased after a connector; anything else (a name, an acronym) keeps its capital.
    private static readonly HashSet<string> CommonOpenings = new(StringComparer.Ordinal)
    {
        "The", "A", "An", "It", "There", "They", "This", "These", "Participants", "Several", "Some", "Many", "Others", "One", "Government",
        "Civil", "Academic", "Industry", "Private", "Speakers", "Most", "Both", "Two", "In", "For", "While", "Although", "Without",
    };

    public static IReadOnlyList<SyntheticNote> Generate(int count)
    {
        var random = new Random(Seed);
        var pool = SentencePool();
        var themes = pool.Where(s => s.Theme is not null).Select(s => s.Theme!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var byTheme = themes.ToDictionary(t => t, t => pool.Where(s => s.Theme == t).Select(s => s.Text).ToArray(), StringComparer.Ordinal);
        var procedural = pool.Where(s => s.Theme is null).Select(s => s.Text).ToArray();
        var all = pool.Select(s => s.Text).ToArray();

        var notes = new List<SyntheticNote>(count);
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            // About one note in twenty is procedural (agenda, rules, thanks), as in the demo programme.
            var theme = random.NextDouble() < 0.05 ? null : themes[random.Next(themes.Length)];
            var own = theme is null ? procedural : byTheme[theme];
            var sentences = random.Next(2, 6);
            text.Clear();
            for (var s = 0; s < sentences; s++)
            {
                var source = s > 0 && random.NextDouble() < OffThemeShare ? all : own;
                var sentence = source[random.Next(source.Length)];
                if (s > 0)
                {
                    text.Append(random.NextDouble() < 0.15 ? "\n\n" : " ");
                    if (random.NextDouble() < 0.4 && FirstWord(sentence) is { } first && CommonOpenings.Contains(first))
                    {
                        text.Append(Connectors[random.Next(Connectors.Length)]);
                        sentence = char.ToLowerInvariant(sentence[0]) + sentence[1..];
                    }
                }

                text.Append(sentence);
            }

            notes.Add(new SyntheticNote($"n{i + 1:D5}", text.ToString(), theme));
        }

        return notes;
    }

    /// <summary>Every sentence of the demo notes with the first theme of its note (null when the note has none).</summary>
    private static List<(string Text, string? Theme)> SentencePool() =>
    [
        .. DemoSeeder.LoadData().Consultations
            .SelectMany(c => c.Sessions)
            .SelectMany(s => s.Notes)
            .SelectMany(n => Sentences.Split(n.Text).Select(s => (s.Text, Theme: n.Themes.Count > 0 ? n.Themes[0] : null))),
    ];

    private static string? FirstWord(string sentence)
    {
        var end = sentence.IndexOfAny([' ', ',']);
        return end > 0 ? sentence[..end] : null;
    }
}
