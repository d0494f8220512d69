using System.Text;

namespace Consultations.Core.Comparison;

/// <summary>A unigram (Right &lt; 0) or an adjacent bigram of unigram ids, with its note counts per country.</summary>
internal sealed class TermInfo(string key, int left, int right, bool counted, int countries)
{
    public string Key { get; } = key;

    public int Left { get; } = left;

    public int Right { get; } = right;

    /// <summary>False for words too short or without a letter: they only join bigrams.</summary>
    public bool Counted { get; } = counted;

    public int[] Notes { get; } = new int[countries];

    public int Total { get; set; }

    /// <summary>The last note counted, so a term repeated in a note counts once.</summary>
    public int LastNote { get; set; } = -1;
}

internal readonly record struct Occurrence(int Term, int Start, int End);

/// <summary>The notes of one theme's known countries, tokenised once, with document frequencies per term and country.</summary>
internal sealed class FindingsCorpus
{
    // Words about the meeting rather than its content ("participants said", "countries described"): never a finding.
    private static readonly HashSet<string> MetaStems = new(
        new[] { "participant", "participants", "country", "countries", "said", "described", "noted", "discussed", "mentioned", "raised", "session", "plenary", "consultation" }
            .Select(Analysis.Terms.Key),
        StringComparer.Ordinal);

    public static List<string>[] NewLists(int count) => [.. Enumerable.Range(0, count).Select(_ => new List<string>())];

    private readonly Dictionary<string, int> _unigrams = new(StringComparer.Ordinal);
    private readonly Dictionary<(int, int), int> _bigrams = [];
    private readonly List<Occurrence[]> _occurrences = [];
    private readonly string _subThemePrefix;

    private FindingsCorpus(string theme, string[] countryIds)
    {
        _subThemePrefix = theme + "/";
        CountryIds = countryIds;
        NotesPerCountry = new int[countryIds.Length];
    }

    public string[] CountryIds { get; }

    public int[] NotesPerCountry { get; }

    public int CountriesWithNotes => NotesPerCountry.Count(n => n > 0);

    public List<ComparedNote> Notes { get; } = [];

    public List<int> NoteCountry { get; } = [];

    public List<TermInfo> Terms { get; } = [];

    /// <summary>Note ids per country for each sub-theme of the theme, in note order.</summary>
    public Dictionary<string, List<string>[]> SubThemeNotes { get; } = new(StringComparer.Ordinal);

    public static FindingsCorpus Build(string theme, IReadOnlyList<ComparedCountry> countries, IReadOnlyList<ComparedNote> notes)
    {
        var ids = countries.Select(c => c.ConsultationId).Distinct(StringComparer.Ordinal).ToArray();
        var index = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var corpus = new FindingsCorpus(theme, ids);
        foreach (var note in notes)
        {
            if (index.TryGetValue(note.ConsultationId, out var country))
            {
                corpus.Add(note, country);
            }
        }

        return corpus;
    }

    public List<string> SubThemesOf(ComparedNote note) =>
        [.. note.SubThemes.Where(s => s.StartsWith(_subThemePrefix, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];

    public List<Evidence> EvidenceOf(List<string>[] noteIds) =>
        [.. noteIds.Select((ids, c) => (ids, c)).Where(p => p.ids.Count > 0).Select(p => new Evidence(CountryIds[p.c], p.ids))];

    /// <summary>Labels (commonest surface form) and note ids per country of the chosen terms, in one pass over the stored tokens.</summary>
    public (Dictionary<int, string> Labels, Dictionary<int, List<string>[]> Evidence) Describe(HashSet<int> chosen)
    {
        var surfaces = chosen.ToDictionary(t => t, _ => new Dictionary<string, int>(StringComparer.Ordinal));
        var evidence = chosen.ToDictionary(t => t, _ => NewLists(CountryIds.Length));
        foreach (var t in chosen)
        {
            Terms[t].LastNote = -1;
        }

        for (var n = 0; n < Notes.Count; n++)
        {
            foreach (var occurrence in _occurrences[n])
            {
                if (!chosen.Contains(occurrence.Term))
                {
                    continue;
                }

                var surface = Surface(Notes[n].Text, occurrence);
                surfaces[occurrence.Term][surface] = surfaces[occurrence.Term].GetValueOrDefault(surface) + 1;
                if (Terms[occurrence.Term].LastNote != n)
                {
                    Terms[occurrence.Term].LastNote = n;
                    evidence[occurrence.Term][NoteCountry[n]].Add(Notes[n].Id);
                }
            }
        }

        var labels = surfaces.ToDictionary(
            s => s.Key,
            s => s.Value.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key);
        return (labels, evidence);
    }

    private void Add(ComparedNote note, int country)
    {
        var n = Notes.Count;
        Notes.Add(note);
        NoteCountry.Add(country);
        NotesPerCountry[country]++;

        var terms = Analysis.Terms.Of(note.Text);
        var occurrences = new List<Occurrence>(terms.Count * 2);
        var previous = -1;
        for (var i = 0; i < terms.Count; i++)
        {
            var unigram = Unigram(terms[i].Stem);
            Count(unigram, n, country, new Occurrence(unigram, terms[i].Start, terms[i].End), occurrences);
            if (previous >= 0 && Analysis.Terms.Adjacent(note.Text, terms[i - 1], terms[i]))
            {
                var bigram = Bigram(previous, unigram);
                Count(bigram, n, country, new Occurrence(bigram, terms[i - 1].Start, terms[i].End), occurrences);
            }

            previous = unigram;
        }

        _occurrences.Add([.. occurrences]);

        foreach (var tag in SubThemesOf(note))
        {
            if (!SubThemeNotes.TryGetValue(tag, out var ids))
            {
                ids = NewLists(CountryIds.Length);
                SubThemeNotes[tag] = ids;
            }

            ids[country].Add(note.Id);
        }
    }

    private void Count(int t, int note, int country, Occurrence occurrence, List<Occurrence> occurrences)
    {
        var term = Terms[t];
        if (!term.Counted)
        {
            return;
        }

        occurrences.Add(occurrence);
        if (term.LastNote != note)
        {
            term.LastNote = note;
            term.Notes[country]++;
            term.Total++;
        }
    }

    private int Unigram(string stem)
    {
        if (!_unigrams.TryGetValue(stem, out var t))
        {
            t = Terms.Count;
            Terms.Add(new TermInfo(stem, t, -1, stem.Length >= 3 && stem.Any(char.IsLetter) && !MetaStems.Contains(stem), CountryIds.Length));
            _unigrams[stem] = t;
        }

        return t;
    }

    private int Bigram(int left, int right)
    {
        if (!_bigrams.TryGetValue((left, right), out var t))
        {
            var key = Terms[left].Key + " " + Terms[right].Key;
            t = Terms.Count;
            Terms.Add(new TermInfo(key, left, right, key.Any(char.IsLetter) && !(MetaStems.Contains(Terms[left].Key) && MetaStems.Contains(Terms[right].Key)), CountryIds.Length));
            _bigrams[(left, right)] = t;
        }

        return t;
    }

    // Lower-cased, spaces collapsed, and a possessive dropped, since the analyser stems "country's" with "country".
    private static string Surface(string text, Occurrence occurrence)
    {
        var builder = new StringBuilder(occurrence.End - occurrence.Start);
        foreach (var ch in text.AsSpan(occurrence.Start, occurrence.End - occurrence.Start))
        {
            if (char.IsWhiteSpace(ch))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }
            }
            else
            {
                builder.Append(ch == '\u2019' ? '\'' : char.ToLowerInvariant(ch));
            }
        }

        var surface = builder.ToString();
        return surface.EndsWith("'s", StringComparison.Ordinal) ? surface[..^2] : surface;
    }
}
