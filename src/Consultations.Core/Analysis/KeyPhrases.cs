namespace Consultations.Core.Analysis;

/// <summary>
/// Key phrases, RAKE-style: runs of content words between stop words and punctuation are the candidates (so
/// "NIST CSF", "ISO/IEC 27001", "threat response" stay whole); words score by degree over frequency within the
/// document set, and phrases common across the whole corpus (other consultations) are discounted by IDF.
/// </summary>
public sealed class KeyPhrases
{
    public const int MaxWords = 4;

    // Word (stem) document frequencies: phrases are rare or common through their words.
    private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
    private int _documents;

    /// <summary>Counts a corpus document (a note of the programme) towards phrase rarity.</summary>
    public void AddToCorpus(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _documents++;
        foreach (var stem in Terms.Of(text).Select(t => t.Stem).Distinct(StringComparer.Ordinal))
        {
            _documentFrequency[stem] = _documentFrequency.GetValueOrDefault(stem) + 1;
        }
    }

    /// <summary>Share of the corpus documents that contain every stem of <paramref name="key"/> (stems joined by spaces; an upper bound for a phrase).</summary>
    public double DocumentShare(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _documents == 0 ? 0 : key.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => _documentFrequency.GetValueOrDefault(s)).DefaultIfEmpty(0).Min() / (double)_documents;
    }

    /// <summary>The top phrases of one text, as written in it.</summary>
    public IReadOnlyList<string> Extract(string text, int max = 5) => Extract([text], max);

    /// <summary>The top phrases across a set of texts (e.g. a theme's notes for one country), most salient first.</summary>
    public IReadOnlyList<string> Extract(IReadOnlyList<string> texts, int max = 5)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var candidates = texts.SelectMany(Candidates).ToList();
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var degree = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            foreach (var stem in candidate.Stems)
            {
                frequency[stem] = frequency.GetValueOrDefault(stem) + 1;
                degree[stem] = degree.GetValueOrDefault(stem) + candidate.Stems.Count;
            }
        }

        return [.. candidates
            .GroupBy(c => c.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var rake = g.First().Stems.Sum(s => (double)degree[s] / frequency[s]);
                var stems = g.First().Stems;
                var idf = _documents == 0 ? 1.0 : stems.Average(s => Math.Log((1.0 + _documents) / (1.0 + _documentFrequency.GetValueOrDefault(s))) + 1.0);

                // Repetition within the set counts, but less than distinctiveness.
                return (Surface: g.First().Surface, Score: rake * idf * (1 + Math.Log(g.Count())));
            })
            .Where(p => p.Surface.Length > 2)
            .OrderByDescending(p => p.Score)
            .ThenBy(p => p.Surface, StringComparer.Ordinal)
            .Take(max)
            .Select(p => p.Surface)];
    }

    private static IEnumerable<(string Key, string Surface, IReadOnlyList<string> Stems)> Candidates(string text)
    {
        var terms = Terms.Of(text);
        var run = new List<Term>();
        foreach (var term in terms.Append(new Term(string.Empty, int.MaxValue, int.MaxValue)))
        {
            if (run.Count > 0 && (term.Start == int.MaxValue || !Terms.Adjacent(text, run[^1], term)))
            {
                for (var from = 0; from < run.Count; from += MaxWords)
                {
                    var part = run.Skip(from).Take(MaxWords).ToList();
                    if (part.All(t => t.Stem.All(char.IsDigit)))
                    {
                        continue;
                    }

                    yield return (string.Join(' ', part.Select(t => t.Stem)), text[part[0].Start..part[^1].End], [.. part.Select(t => t.Stem)]);
                }

                run.Clear();
            }

            if (term.Start != int.MaxValue)
            {
                run.Add(term);
            }
        }
    }
}
