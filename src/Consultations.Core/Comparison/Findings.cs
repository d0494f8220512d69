using Consultations.Core.Domain;

namespace Consultations.Core.Comparison;

/// <summary>
/// What the compared countries raised in common on one theme (shared), what one country raised markedly more than
/// the others (distinctive: weighted log-odds with an informative Dirichlet prior, Monroe, Colaresi &amp; Quinn 2008)
/// and where their notes take opposing stances (divergent). Every finding carries the note ids it rests on.
/// </summary>
public static class Findings
{

    // Shares such as 0.6 × 5 come out as 3.0000000000000004 in binary; without the slack the ceiling would ask for 4.
    private const double ShareSlack = 1e-9;

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

        var corpus = FindingsCorpus.Build(theme, countries, notes);
        var needed = Math.Max(2, (int)Math.Ceiling((options.SharedShare * corpus.CountriesWithNotes) - ShareSlack));

        var (sharedTerms, coveredTerms) = SharedTerms(corpus, needed, options);
        var sharedTags = SharedSubThemes(corpus, needed, options);
        var distinctive = DistinctiveTerms(corpus, coveredTerms, options);

        // A lone word that mostly modifies the next ("national" in "national CERT") is shown as the phrase it opens, or not at all.
        var chosen = new HashSet<int>(sharedTerms.Concat(distinctive.Select(d => d.Term)));
        var contexts = corpus.Contexts([.. chosen.Where(t => corpus.Terms[t].Right < 0)]);
        chosen.UnionWith(contexts.Values.Select(HeadPhrase).Where(b => b >= 0));
        var (labels, evidence, verbs) = corpus.Describe(chosen);
        labels = labels.ToDictionary(l => l.Key, l => Analysis.NounPhrases.WithAcronyms(l.Value));

        // A phrase whose words all belong to a shared sub-theme's name ("iso/iec" beside "ISO/IEC 27001"), or the theme's own, says it again.
        var tagWords = sharedTags.Select(taxonomy.SubThemeLabelOf).Append(taxonomy.LabelOf(theme))
            .SelectMany(label => KeyParts(Analysis.Terms.Key(label))).ToHashSet(StringComparer.Ordinal);
        var shared = sharedTerms
            .Select(t => NounPhraseOf(t, contexts, labels, verbs, b => IsShared(corpus.Terms[b].Notes, corpus.Terms[b].Total, needed, options)))
            .Where(t => t >= 0)
            .Distinct()
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
            .Select(d => (Term: NounPhraseOf(d.Term, contexts, labels, verbs, b => corpus.Terms[b].Notes[d.Country] >= options.MinSupport && Score(corpus, b, d.Country, options).ZScore >= options.MinZScore), d.Country))
            .Where(d => d.Term >= 0)
            .Distinct()
            .Select(d => (d.Term, d.Country, Score: Score(corpus, d.Term, d.Country, options)))
            .Select(d => new DistinctiveFinding(
                labels[d.Term],
                corpus.Terms[d.Term].Key,
                corpus.CountryIds[d.Country],
                d.Score.LogOdds,
                d.Score.ZScore,
                corpus.Terms[d.Term].Notes[d.Country],
                evidence[d.Term][d.Country]))
            .OrderByDescending(d => d.ZScore)
            .ThenBy(d => d.Key, StringComparer.Ordinal)
            .ThenBy(d => d.ConsultationId, StringComparer.Ordinal)
            .Take(options.MaxPerKind)
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

        var (support, concern) = StanceCues.Count(note.Text);
        return support > concern ? Stance.Support : concern > support ? Stance.Concern : Stance.Neutral;
    }

    private static (List<int> Reported, HashSet<int> Covered) SharedTerms(FindingsCorpus corpus, int needed, FindingOptions options)
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

        // Ranked here too so only the reported few get labels and evidence; twice the limit, as some lone words will be dropped.
        var ranked = reported
            .OrderByDescending(t => corpus.Terms[t].Notes.Count(n => n > 0))
            .ThenByDescending(t => corpus.Terms[t].Total)
            .ThenBy(t => corpus.Terms[t].Key, StringComparer.Ordinal)
            .Take(2 * options.MaxPerKind)
            .ToList();
        return (ranked, shared);
    }

    // A word opening a two-word phrase in at least this share of its uses (and used at least MinUses times) is a modifier, whatever its ending.
    private const double ModifierShare = 0.9;

    private const int MinUses = 4;

    // The phrase a modifier opens most often stands for it when it is at least this share of the word's uses.
    private const double HeadShare = 0.5;

    /// <summary>
    /// The two-word phrase a word is shown as when it is a modifier: an adjective's ending ("national") or almost always
    /// followed by another word ("cyber drill", "cyber hygiene"), with one following word in at least half its uses.
    /// -1 when the word is no modifier or has no such phrase.
    /// </summary>
    private static int HeadPhrase(WordContext context)
    {
        if (context.Occurrences == 0 || context.Before.Count == 0)
        {
            return -1;
        }

        var best = context.Before.OrderByDescending(p => p.Value).ThenBy(p => p.Key).First();
        return best.Value >= HeadShare * context.Occurrences ? best.Key : -1;
    }

    /// <summary>
    /// The term a finding is shown as: a phrase as it is; a word as itself unless it is a modifier (an adjective's ending,
    /// or followed by another word in nearly every use), then as the phrase it heads when that phrase is a finding too
    /// (<paramref name="holds"/>), else -1: dropped.
    /// </summary>
    private static int NounPhraseOf(int term, Dictionary<int, WordContext> contexts, Dictionary<int, string> labels, HashSet<int> verbs, Func<int, bool> holds)
    {
        if (!contexts.TryGetValue(term, out var context))
        {
            return term;
        }

        if (verbs.Contains(term))
        {
            return -1;
        }

        var opens = context.Occurrences < MinUses ? 0 : context.Before.Values.Sum() / (double)context.Occurrences;
        if (!Analysis.NounPhrases.IsLoneModifier(labels[term]) && opens < ModifierShare)
        {
            return term;
        }

        var phrase = HeadPhrase(context);
        return phrase >= 0 && holds(phrase) ? phrase : -1;
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

    private static List<string> SharedSubThemes(FindingsCorpus corpus, int needed, FindingOptions options) =>
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
        FindingsCorpus corpus,
        HashSet<int> shared,
        FindingOptions options)
    {
        if (corpus.CountriesWithNotes < 2)
        {
            return [];
        }

        var found = new List<(int Term, int Country, double LogOdds, double ZScore)>();
        for (var t = 0; t < corpus.Terms.Count; t++)
        {
            var term = corpus.Terms[t];

            // Every term common enough to be shared stays out, reported or cut by MaxPerKind, so none is both common and distinctive.
            if (!term.Counted || shared.Contains(t))
            {
                continue;
            }

            for (var c = 0; c < term.Notes.Length; c++)
            {
                if (term.Notes[c] < options.MinSupport)
                {
                    continue;
                }

                var (delta, z) = Score(corpus, t, c, options);
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
            .Take(2 * options.MaxPerKind)];
    }

    /// <summary>Log-odds of "a note contains the term" in the country against the others, and its z-score.</summary>
    private static (double LogOdds, double ZScore) Score(FindingsCorpus corpus, int t, int c, FindingOptions options)
    {
        var term = corpus.Terms[t];
        var all = corpus.NotesPerCountry.Sum();

        // Informative Beta prior: m pseudo-notes at the term's background rate (Jeffreys-smoothed, so it is never 0 or 1).
        var rate = (term.Total + 0.5) / (all + 1.0);
        double a = options.PriorStrength * rate, b = options.PriorStrength * (1 - rate);
        int yi = term.Notes[c], ni = corpus.NotesPerCountry[c];
        int yj = term.Total - yi, nj = all - ni;
        var delta = Math.Log((yi + a) / (ni - yi + b)) - Math.Log((yj + a) / (nj - yj + b));
        var z = delta / Math.Sqrt((1 / (yi + a)) + (1 / (ni - yi + b)) + (1 / (yj + a)) + (1 / (nj - yj + b)));
        return (delta, z);
    }

    private static List<Divergence> Divergences(string theme, FindingsCorpus corpus, ThemeTaxonomy taxonomy, FindingOptions options)
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
                    group = (FindingsCorpus.NewLists(countries), FindingsCorpus.NewLists(countries));
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

}
