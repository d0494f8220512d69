using System.Text;
using System.Text.RegularExpressions;

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

/// <summary>How a word is used: how often it is written, and per two-word phrase how often it opens (Before) or ends (After) it.</summary>
internal sealed class WordContext
{
    public int Occurrences { get; set; }

    public Dictionary<int, int> Before { get; } = [];

    public Dictionary<int, int> After { get; } = [];
}

/// <summary>The notes of one theme's known countries, tokenised once, with document frequencies per term and country.</summary>
internal sealed partial class FindingsCorpus
{
    // Words about the meeting rather than its content ("participants said", "countries described"), and words too general to
    // say what was found in any programme ("information", "data", "government", "issue"): never a finding alone, still part of a phrase.
    private static readonly HashSet<string> MetaStems = new(
        new[]
        {
            "participant", "participants", "country", "countries", "said", "described", "noted", "discussed", "mentioned", "raised", "session", "plenary",
            "consultation", "information", "data", "government", "issue", "need", "problem", "matter", "area", "level", "sector", "organisation",
            "organization", "system", "approach", "work", "detail", "support", "view", "point", "role", "aspect", "factor", "question", "topic",
        }
            .Select(Analysis.Terms.Key),
        StringComparer.Ordinal);

    /// <summary>True when the word (any inflection) is too general, or too much about the meeting, to be a finding on its own.</summary>
    public static bool IsGeneric(string word) => MetaStems.Contains(Analysis.Terms.Key(word));

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

    /// <summary>
    /// Labels and note ids per country of the chosen terms, in one pass over the stored tokens. A label is the commonest
    /// spelling of the term as written in the notes, case kept ("NIST CSF", "CSIRTs"); spellings at the start of a sentence
    /// count only when the term is never written elsewhere, and then lose their capital unless the word is an acronym.
    /// </summary>
    public (Dictionary<int, string> Labels, Dictionary<int, List<string>[]> Evidence, HashSet<int> VerbLike) Describe(HashSet<int> chosen)
    {
        var surfaces = chosen.ToDictionary(t => t, _ => new Dictionary<string, (int Inside, int Initial)>(StringComparer.Ordinal));
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
                var (inside, initial) = surfaces[occurrence.Term].GetValueOrDefault(surface);
                surfaces[occurrence.Term][surface] = SentenceStart(Notes[n].Text, occurrence.Start) ? (inside, initial + 1) : (inside + 1, initial);
                if (Terms[occurrence.Term].LastNote != n)
                {
                    Terms[occurrence.Term].LastNote = n;
                    evidence[occurrence.Term][NoteCountry[n]].Add(Notes[n].Id);
                }
            }
        }

        var labels = surfaces.ToDictionary(s => s.Key, s => Label(s.Value));
        var verbLike = labels.Where(l => Terms[l.Key].Right < 0 && VerbLike(l.Value, surfaces[l.Key].Keys)).Select(l => l.Key).ToHashSet();
        return (labels, evidence, verbLike);
    }

    /// <summary>
    /// How often each chosen word is written, and how often as the first or second word of each two-word phrase it forms
    /// with an adjacent word ("national" in "national CERT"), in one pass over the stored tokens.
    /// </summary>
    public Dictionary<int, WordContext> Contexts(HashSet<int> words)
    {
        var contexts = words.ToDictionary(t => t, _ => new WordContext());
        foreach (var occurrences in _occurrences)
        {
            foreach (var occurrence in occurrences)
            {
                var term = Terms[occurrence.Term];
                if (term.Right < 0)
                {
                    if (contexts.TryGetValue(occurrence.Term, out var context))
                    {
                        context.Occurrences++;
                    }
                }
                else
                {
                    if (contexts.TryGetValue(term.Left, out var left))
                    {
                        left.Before[occurrence.Term] = left.Before.GetValueOrDefault(occurrence.Term) + 1;
                    }

                    if (contexts.TryGetValue(term.Right, out var right))
                    {
                        right.After[occurrence.Term] = right.After.GetValueOrDefault(occurrence.Term) + 1;
                    }
                }
            }
        }

        return contexts;
    }

    // "points" in "points-of-contact", "regional points" before it: a cut compound is no term of its own.
    private static bool OpensCompound(string text, int end) =>
        end + 1 < text.Length && text[end] is '-' or '\u2011' && char.IsLetterOrDigit(text[end + 1]);

    /// <summary>
    /// Which words of a note say who spoke rather than what was said: up to two words right before "participants"
    /// ("Telecoms participants", "Civil society participants") and after "participants from" ("… from the CERT community").
    /// They are never a finding.
    /// </summary>
    private static bool[] Speakers(string text, List<Analysis.Term> terms)
    {
        var before = terms.Select(t => SpeakerNoun().IsMatch(text.AsSpan(t.End, Math.Min(text.Length - t.End, 20)))).ToArray();
        var speakers = new bool[terms.Count];
        for (var i = 0; i < terms.Count; i++)
        {
            speakers[i] = before[i] || (i + 1 < terms.Count && before[i + 1] && Analysis.Terms.Adjacent(text, terms[i], terms[i + 1]));
        }

        foreach (Match match in SpeakerOrigin().Matches(text))
        {
            var who = match.Groups["who"];
            for (var i = 0; i < terms.Count; i++)
            {
                speakers[i] |= terms[i].Start >= who.Index && terms[i].End <= who.Index + who.Length;
            }
        }

        return speakers;
    }

    [GeneratedRegex(@"^[ \t-]{1,3}(?:participants?|representatives?|delegates?|speakers?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpeakerNoun();

    [GeneratedRegex(@"\b(?:participants?|representatives?|delegates?|speakers?)[ \t]+(?:from|of|representing)[ \t]+(?:(?:the|a|an)[ \t]+)?(?<who>(?:[\p{L}\d/-]+[ \t]+)?[\p{L}\d/-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpeakerOrigin();

    // A bare word also written with -ed or -ing ("move", "moved", "moving") is used as a verb: it names no thing that was found.
    private static bool VerbLike(string label, IEnumerable<string> surfaces)
    {
        var word = label.ToLowerInvariant();
        if (word.EndsWith("ing", StringComparison.Ordinal) || word.EndsWith('s') || word.EndsWith("ed", StringComparison.Ordinal))
        {
            return false;
        }

        var root = word.EndsWith('e') ? word[..^1] : word;
        return surfaces.Select(s => s.ToLowerInvariant()).Any(s => s == root + "ed" || s == root + "ing");
    }

    // Inside a sentence the case is the writer's; a capital at a sentence's start says nothing, so it counts only as a last resort.
    private static string Label(Dictionary<string, (int Inside, int Initial)> surfaces)
    {
        var inside = surfaces.Where(p => p.Value.Inside > 0).ToList();
        if (inside.Count > 0)
        {
            return inside.OrderByDescending(p => p.Value.Inside).ThenByDescending(p => p.Value.Initial).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key;
        }

        var label = surfaces.OrderByDescending(p => p.Value.Initial).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key;
        var firstWord = label.Split(' ', '-', '/')[0];
        return firstWord.Length > 1 && char.IsUpper(firstWord[0]) && !firstWord.Skip(1).Any(char.IsUpper)
            ? char.ToLowerInvariant(label[0]) + label[1..]
            : label;
    }

    /// <summary>True when only opening quotes, brackets, list marks or spaces stand between the text's or a sentence's start and <paramref name="start"/>.</summary>
    private static bool SentenceStart(string text, int start)
    {
        for (var i = start - 1; i >= 0; i--)
        {
            var ch = text[i];
            if (ch is '\n' or '\r' or '.' or '!' or '?' or ':')
            {
                return true;
            }

            if (!char.IsWhiteSpace(ch) && ch is not ('"' or '\u201C' or '\u2018' or '\'' or '(' or '[' or '-' or '\u2022' or '*'))
            {
                return false;
            }
        }

        return true;
    }

    private void Add(ComparedNote note, int country)
    {
        var n = Notes.Count;
        Notes.Add(note);
        NoteCountry.Add(country);
        NotesPerCountry[country]++;

        var terms = Analysis.Terms.Of(note.Text);
        var speakers = Speakers(note.Text, terms);
        var occurrences = new List<Occurrence>(terms.Count * 2);
        var previous = -1;
        var previousSpeaker = false;
        for (var i = 0; i < terms.Count; i++)
        {
            var unigram = Unigram(terms[i].Stem);
            var speaker = speakers[i];
            if (!speaker && !OpensCompound(note.Text, terms[i].End))
            {
                Count(unigram, n, country, new Occurrence(unigram, terms[i].Start, terms[i].End), occurrences);
            }

            if (previous >= 0 && !speaker && !previousSpeaker && !OpensCompound(note.Text, terms[i].End) && Analysis.Terms.Adjacent(note.Text, terms[i - 1], terms[i]))
            {
                var bigram = Bigram(previous, unigram);
                Count(bigram, n, country, new Occurrence(bigram, terms[i - 1].Start, terms[i].End), occurrences);
            }

            previous = unigram;
            previousSpeaker = speaker;
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

    // Case kept, spaces collapsed, and a possessive dropped, since the analyser stems "country's" with "country".
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
                builder.Append(ch == '\u2019' ? '\'' : ch);
            }
        }

        var surface = builder.ToString();
        return surface.EndsWith("'s", StringComparison.OrdinalIgnoreCase) ? surface[..^2] : surface;
    }
}
