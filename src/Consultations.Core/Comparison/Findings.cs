using System.Text;
using Consultations.Core.Domain;

namespace Consultations.Core.Comparison;

/// <summary>
/// What the compared countries raised in common on one theme (shared), what one country raised markedly more than
/// the others (distinctive: weighted log-odds with an informative Dirichlet prior, Monroe, Colaresi &amp; Quinn 2008)
/// and where their notes take opposing stances (divergent). Every finding carries the note ids it rests on.
/// </summary>
public static class Findings
{
    // Words about the meeting rather than its content ("participants said", "countries described"): never a finding.
    private static readonly HashSet<string> MetaStems = new(
        new[] { "participant", "participants", "country", "countries", "said", "described", "noted", "discussed", "mentioned", "raised", "session", "plenary", "consultation" }
            .Select(Analysis.Terms.Key),
        StringComparer.Ordinal);

    // Shares such as 0.6 × 5 come out as 3.0000000000000004 in binary; without the slack the ceiling would ask for 4.
    private const double ShareSlack = 1e-9;

    // "did not really support", "not seen as effective": a negation reaches a cue over this many filler words.
    private const int MaxFillers = 2;

    private static readonly HashSet<string> SupportCues = new(
    [
        "support", "supports", "supported", "supportive", "welcome", "welcomes", "welcomed", "welcoming", "agree", "agrees", "agreement",
        "benefit", "benefits", "benefited", "benefitted", "beneficial", "effective", "effectively", "effectiveness", "success", "successes",
        "successful", "successfully", "succeeded", "improve", "improves", "improved", "improvement", "improvements", "strengthen",
        "strengthens", "strengthened", "trust", "trusted", "value", "values", "valued", "valuable", "helpful", "useful", "progress", "positive",
        "endorse", "endorses", "endorsed", "praised", "appreciated",
    ], StringComparer.Ordinal);

    private static readonly HashSet<string> ConcernCues = new(
    [
        "concern", "concerns", "concerned", "worry", "worries", "worried", "risk", "risks", "risky", "barrier", "barriers", "fragmented",
        "fragmentation", "slow", "slower", "slowly", "oppose", "opposes", "opposed", "opposition", "reject", "rejects", "rejected", "weak",
        "weaker", "weakness", "weaknesses", "gap", "gaps", "unclear", "burden", "burdens", "burdensome", "costly", "fail", "fails", "failed",
        "failing", "failure", "failures", "problem", "problems", "difficult", "difficulty", "difficulties", "inadequate", "limited", "shortage",
        "shortages", "delay", "delays", "delayed", "confusion", "confusing", "mistrust", "distrust", "reluctant", "reluctance", "duplication",
        "challenge", "challenges", "challenging",
    ], StringComparer.Ordinal);

    // Negations are concern cues themselves ("cannot share") unless they negate a cue; words ending in "n't" are negations too.
    private static readonly HashSet<string> Negations = new(
    [
        "not", "no", "never", "cannot", "nor", "neither", "without", "lack", "lacks", "lacked", "lacking", "absence", "absent", "insufficient",
    ], StringComparer.Ordinal);

    private static readonly HashSet<string> Fillers = new(
    [
        "a", "an", "the", "of", "any", "in", "really", "fully", "always", "entirely", "strongly", "particularly", "very", "yet", "necessarily",
        "quite", "much", "so", "too", "enough", "sufficiently", "real", "be", "been", "being", "see", "seen", "find", "found", "as",
    ], StringComparer.Ordinal);

    /// <summary>
    /// Shared, distinctive and divergent findings of <paramref name="theme"/>, from <paramref name="notes"/>: the published,
    /// access-checked notes tagged with the theme, of the <paramref name="countries"/> compared, in the order they were written.
    /// </summary>
    public static ThemeFindings For(
        string theme,
        IReadOnlyList<ComparedCountry> countries,
        IReadOnlyList<ComparedNote> notes,
        ThemeTaxonomy taxonomy,
        FindingOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(theme);
        ArgumentNullException.ThrowIfNull(countries);
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(taxonomy);
        options ??= new FindingOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinSupport, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.PriorStrength, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxPerKind, nameof(options));

        var corpus = Corpus.Build(theme, countries, notes);
        var needed = Math.Max(2, (int)Math.Ceiling((options.SharedShare * corpus.CountriesWithNotes) - ShareSlack));

        var (sharedTerms, coveredTerms) = SharedTerms(corpus, needed, options);
        var sharedTags = SharedSubThemes(corpus, needed, options);
        var distinctive = DistinctiveTerms(corpus, coveredTerms, options);

        var chosen = new HashSet<int>(sharedTerms.Concat(distinctive.Select(d => d.Term)));
        var (labels, evidence) = corpus.Describe(chosen);

        // A phrase whose words all belong to a shared sub-theme's name ("iso/iec" beside "ISO/IEC 27001") says it again.
        var tagWords = sharedTags.SelectMany(tag => KeyParts(Analysis.Terms.Key(taxonomy.SubThemeLabelOf(tag)))).ToHashSet(StringComparer.Ordinal);
        var shared = sharedTerms
            .Where(t => !KeyParts(corpus.Terms[t].Key).All(tagWords.Contains))
            .Select(t => new SharedFinding(labels[t], FindingBasis.Phrase, corpus.Terms[t].Key, corpus.EvidenceOf(evidence[t])))
            .Concat(sharedTags.Select(tag => new SharedFinding(
                taxonomy.SubThemeLabelOf(tag),
                FindingBasis.SubTheme,
                tag,
                corpus.EvidenceOf(corpus.SubThemeNotes[tag]))))
            .OrderByDescending(f => f.Countries)
            .ThenByDescending(f => f.Evidence.Sum(e => e.NoteIds.Count))
            .ThenBy(f => f.Key, StringComparer.Ordinal)
            .Take(options.MaxPerKind)
            .ToList();

        var distinct = distinctive
            .Select(d => new DistinctiveFinding(
                labels[d.Term],
                corpus.Terms[d.Term].Key,
                corpus.CountryIds[d.Country],
                d.LogOdds,
                d.ZScore,
                corpus.Terms[d.Term].Notes[d.Country],
                evidence[d.Term][d.Country]))
            .ToList();

        return new ThemeFindings(theme, shared, distinct, Divergences(theme, corpus, taxonomy, options));
    }

    /// <summary>
    /// The stance of one note: a challenge is a concern; otherwise the side with more cues in the text wins (a negation
    /// right before a support cue makes it a concern, before a concern cue cancels it), and a tie is neutral.
    /// </summary>
    public static Stance StanceOf(ComparedNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        if (note.Kind == NoteKind.Challenge)
        {
            return Stance.Concern;
        }

        var (support, concern) = Cues(note.Text);
        return support > concern ? Stance.Support : concern > support ? Stance.Concern : Stance.Neutral;
    }

    private static (List<int> Reported, HashSet<int> Covered) SharedTerms(Corpus corpus, int needed, FindingOptions options)
    {
        var shared = new HashSet<int>();
        for (var t = 0; t < corpus.Terms.Count; t++)
        {
            var term = corpus.Terms[t];
            if (term.Counted && IsShared(term.Notes, term.Total, needed, options) && Specific(term.Key, term.Total, corpus.NotesPerCountry.Sum(), options))
            {
                shared.Add(t);
            }
        }

        var reported = new HashSet<int>(shared);
        foreach (var t in shared)
        {
            var bigram = corpus.Terms[t];
            if (bigram.Right < 0)
            {
                continue;
            }

            foreach (var part in (int[])[bigram.Left, bigram.Right])
            {
                if (shared.Contains(part) && SameCountries(corpus.Terms[part].Notes, bigram.Notes))
                {
                    reported.Remove(part);
                }
            }
        }

        // Ranked here too so only the reported few get labels and evidence.
        var ranked = reported
            .OrderByDescending(t => corpus.Terms[t].Notes.Count(n => n > 0))
            .ThenByDescending(t => corpus.Terms[t].Total)
            .ThenBy(t => corpus.Terms[t].Key, StringComparer.Ordinal)
            .Take(options.MaxPerKind)
            .ToList();
        return (ranked, shared);
    }

    private static string[] KeyParts(string key) => key.Split([' ', '/'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True when the term is markedly more common in the theme than in the programme (or no background is known).</summary>
    private static bool Specific(string key, int notesWithTerm, int notes, FindingOptions options)
    {
        if (options.BackgroundShare is null || notes == 0)
        {
            return true;
        }

        var background = options.BackgroundShare(key);
        return background <= 0 || (double)notesWithTerm / notes >= options.MinLift * background;
    }

    private static List<string> SharedSubThemes(Corpus corpus, int needed, FindingOptions options) =>
        [.. corpus.SubThemeNotes
            .Where(s => IsShared([.. s.Value.Select(ids => ids.Count)], s.Value.Sum(ids => ids.Count), needed, options))
            .Select(s => s.Key)];

    // A term or tag raised in enough countries, with one note more than a distinctive term needs, so two stray mentions are no finding.
    private static bool IsShared(int[] notesPerCountry, int total, int needed, FindingOptions options) =>
        notesPerCountry.Count(n => n > 0) >= needed && total >= options.MinSupport + 1;

    private static bool SameCountries(int[] a, int[] b)
    {
        for (var c = 0; c < a.Length; c++)
        {
            if ((a[c] > 0) != (b[c] > 0))
            {
                return false;
            }
        }

        return true;
    }

    private static List<(int Term, int Country, double LogOdds, double ZScore)> DistinctiveTerms(
        Corpus corpus,
        HashSet<int> shared,
        FindingOptions options)
    {
        if (corpus.CountriesWithNotes < 2)
        {
            return [];
        }

        var strength = options.PriorStrength;
        var all = corpus.NotesPerCountry.Sum();
        var found = new List<(int Term, int Country, double LogOdds, double ZScore)>();
        for (var t = 0; t < corpus.Terms.Count; t++)
        {
            var term = corpus.Terms[t];

            // Every term common enough to be shared stays out, reported or cut by MaxPerKind, so none is both common and distinctive.
            if (!term.Counted || shared.Contains(t))
            {
                continue;
            }

            // Informative Beta prior: m pseudo-notes at the term's background rate (Jeffreys-smoothed, so it is never 0 or 1).
            var rate = (term.Total + 0.5) / (all + 1.0);
            double a = strength * rate, b = strength * (1 - rate);
            for (var c = 0; c < term.Notes.Length; c++)
            {
                int yi = term.Notes[c], ni = corpus.NotesPerCountry[c];
                if (yi < options.MinSupport)
                {
                    continue;
                }

                int yj = term.Total - yi, nj = all - ni;
                var delta = Math.Log((yi + a) / (ni - yi + b)) - Math.Log((yj + a) / (nj - yj + b));
                var z = delta / Math.Sqrt((1 / (yi + a)) + (1 / (ni - yi + b)) + (1 / (yj + a)) + (1 / (nj - yj + b)));
                if (z >= options.MinZScore)
                {
                    found.Add((t, c, delta, z));
                }
            }
        }

        // A distinctive phrase stands for its words when it covers every note of the country that has them.
        var bigramSupport = found
            .Where(f => corpus.Terms[f.Term].Right >= 0)
            .SelectMany(f => new[] { (corpus.Terms[f.Term].Left, f.Country), (corpus.Terms[f.Term].Right, f.Country) }
                .Select(p => (Part: p, Support: corpus.Terms[f.Term].Notes[f.Country])))
            .ToLookup(p => p.Part, p => p.Support);
        return [.. found
            .Where(f => !bigramSupport[(f.Term, f.Country)].Contains(corpus.Terms[f.Term].Notes[f.Country]))
            .OrderByDescending(f => f.ZScore)
            .ThenBy(f => corpus.Terms[f.Term].Key, StringComparer.Ordinal)
            .ThenBy(f => corpus.CountryIds[f.Country], StringComparer.Ordinal)
            .Take(options.MaxPerKind)];
    }

    private static List<Divergence> Divergences(string theme, Corpus corpus, ThemeTaxonomy taxonomy, FindingOptions options)
    {
        var countries = corpus.CountryIds.Length;
        var groups = new Dictionary<string, (List<string>[] Support, List<string>[] Concern)>(StringComparer.Ordinal);
        for (var n = 0; n < corpus.Notes.Count; n++)
        {
            var note = corpus.Notes[n];
            var stance = StanceOf(note);
            if (stance == Stance.Neutral)
            {
                continue;
            }

            var keys = corpus.SubThemesOf(note);
            foreach (var key in keys.Count == 0 ? [theme] : keys)
            {
                if (!groups.TryGetValue(key, out var group))
                {
                    group = (NewLists(countries), NewLists(countries));
                    groups[key] = group;
                }

                (stance == Stance.Support ? group.Support : group.Concern)[corpus.NoteCountry[n]].Add(note.Id);
            }
        }

        var divergences = new List<Divergence>();
        foreach (var (key, group) in groups)
        {
            var sides = new List<DivergenceSide>();
            for (var c = 0; c < countries; c++)
            {
                int support = group.Support[c].Count, concern = group.Concern[c].Count;

                // A side needs its winning stance in at least MinSupport notes, so one stray note never sets a country's position.
                if (support > concern && support >= options.MinSupport)
                {
                    sides.Add(new DivergenceSide(corpus.CountryIds[c], Stance.Support, group.Support[c]));
                }
                else if (concern > support && concern >= options.MinSupport)
                {
                    sides.Add(new DivergenceSide(corpus.CountryIds[c], Stance.Concern, group.Concern[c]));
                }
            }

            if (sides.Any(s => s.Stance == Stance.Support) && sides.Any(s => s.Stance == Stance.Concern))
            {
                var label = key == theme ? taxonomy.LabelOf(theme) : taxonomy.SubThemeLabelOf(key);
                divergences.Add(new Divergence(label, key, sides));
            }
        }

        return [.. divergences
            .OrderByDescending(d => d.Sides.Count)
            .ThenBy(d => d.Key, StringComparer.Ordinal)
            .Take(options.MaxPerKind)];
    }

    private static List<string>[] NewLists(int count) => [.. Enumerable.Range(0, count).Select(_ => new List<string>())];

    private static (int Support, int Concern) Cues(string text)
    {
        var words = Words(text);
        int support = 0, concern = 0;
        for (var i = 0; i < words.Count; i++)
        {
            if (IsNegation(words[i]))
            {
                var j = i + 1;
                while (j < words.Count && j - i <= MaxFillers && Fillers.Contains(words[j]))
                {
                    j++;
                }

                if (j < words.Count && SupportCues.Contains(words[j]))
                {
                    concern++;
                    i = j;
                }
                else if (j < words.Count && (ConcernCues.Contains(words[j]) || IsNegation(words[j])))
                {
                    // "no barrier", "not without risk": neither side, rather than a guess at litotes.
                    i = j;
                }
                else
                {
                    concern++;
                }
            }
            else if (SupportCues.Contains(words[i]))
            {
                support++;
            }
            else if (ConcernCues.Contains(words[i]))
            {
                concern++;
            }
        }

        return (support, concern);
    }

    private static bool IsNegation(string word) => Negations.Contains(word) || word.EndsWith("n't", StringComparison.Ordinal);

    /// <summary>Lower-cased words, apostrophes kept inside them ("didn't") and curly ones made straight.</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        for (var i = 0; i <= text.Length; i++)
        {
            var ch = i < text.Length ? text[i] : ' ';
            if (char.IsLetterOrDigit(ch) || ch is '\'' or '\u2019')
            {
                word.Append(ch == '\u2019' ? '\'' : char.ToLowerInvariant(ch));
            }
            else if (word.Length > 0)
            {
                var trimmed = word.ToString().Trim('\'');
                if (trimmed.Length > 0)
                {
                    words.Add(trimmed);
                }

                word.Clear();
            }
        }

        return words;
    }

    /// <summary>A unigram (Right &lt; 0) or an adjacent bigram of unigram ids, with its note counts per country.</summary>
    private sealed class TermInfo(string key, int left, int right, bool counted, int countries)
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

    private readonly record struct Occurrence(int Term, int Start, int End);

    /// <summary>The notes of known countries, tokenised once, with document frequencies per term and country.</summary>
    private sealed class Corpus
    {
        private readonly Dictionary<string, int> _unigrams = new(StringComparer.Ordinal);
        private readonly Dictionary<(int, int), int> _bigrams = [];
        private readonly List<Occurrence[]> _occurrences = [];
        private readonly string _subThemePrefix;

        private Corpus(string theme, string[] countryIds)
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

        public static Corpus Build(string theme, IReadOnlyList<ComparedCountry> countries, IReadOnlyList<ComparedNote> notes)
        {
            var ids = countries.Select(c => c.ConsultationId).Distinct(StringComparer.Ordinal).ToArray();
            var index = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
            var corpus = new Corpus(theme, ids);
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
}
