using BenchmarkDotNet.Attributes;
using Consultations.Core.Analysis;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;

namespace Consultations.Benchmarks;

/// <summary>
/// A brief generated from a comparison of 4 countries × the 4 default themes, as the comparison builder and brief
/// generator do it after the store reads and the reader gate: per cell its notes, key phrases and a 2-sentence summary
/// of the clean notes; per theme the shared, distinctive and divergent findings; then the draft. Core only: no store,
/// no web, no guard.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class ComparisonBenchmarks
{
    // As Consultations.Web's ComparisonBuilder (SummarySentences, KeyPhrasesPerCell), which this project cannot reference.
    public const int SummarySentences = 2;
    public const int KeyPhrasesPerCell = 3;

    private const int Seed = 20_251_124;

    // Share of notes (quotes aside) ending in a local sentence: enough for distinctive findings, few enough to stay the exception.
    private const double LocalShare = 0.1;

    // Share of notes with a guard warning (Clean = false): read, counted and cited, never quoted or summarised.
    private const double FlaggedShare = 0.05;

    private static readonly ThemeTaxonomy Taxonomy = ThemeTaxonomy.Default;

    private static readonly ComparedCountry[] Countries =
    [
        new("cons-ph", "Philippines"), new("cons-vn", "Viet Nam"), new("cons-my", "Malaysia"), new("cons-id", "Indonesia"),
    ];

    // Places only one country mentions: the demo sentences occur everywhere, and a term two countries raise is never distinctive.
    private static readonly string[][] LocalSentences =
    [
        ["The Cebu pilot linked provincial hospitals to the national team.", "Barangay officials asked for advisories in Filipino and Cebuano."],
        ["The Da Nang exercise tested reporting between provincial departments.", "Hanoi universities offered to host a cyber drill centre."],
        ["The Penang hub showed how state agencies could pass on alerts.", "Operators in Sabah and Sarawak described slow links to Putrajaya."],
        ["The Surabaya drill involved port operators and local banks.", "Provincial governments in Papua asked for courses in Bahasa Indonesia."],
    ];

    // Demo-like kinds overall (99 findings, 44 recommendations, 44 challenges, 17 quotes of 204), challenges common in two countries so stances diverge.
    private static readonly (NoteKind Kind, double Upto)[][] KindShares =
    [
        [(NoteKind.Finding, 0.60), (NoteKind.Recommendation, 0.85), (NoteKind.Challenge, 0.90), (NoteKind.Quote, 1.0)],
        [(NoteKind.Finding, 0.40), (NoteKind.Recommendation, 0.55), (NoteKind.Challenge, 0.90), (NoteKind.Quote, 1.0)],
    ];

    private List<Theme> _themes = [];
    private Dictionary<string, List<ComparedNote>> _published = [];
    private KeyPhrases _corpus = new();

    [Params(2_000, 20_000)]
    public int Notes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _themes = [.. Taxonomy.ActiveThemes];
        var notes = Generate(Notes, _themes);

        // What the store read per consultation returns; the work from here on is measured.
        _published = Countries.ToDictionary(c => c.ConsultationId, c => notes.Where(n => n.ConsultationId == c.ConsultationId).ToList(), StringComparer.Ordinal);

        // The programme's key-phrase corpus is built once per programme in the app (ProgrammeAnalysis), not per comparison.
        _corpus = new KeyPhrases();
        foreach (var note in notes)
        {
            _corpus.AddToCorpus(note.Text);
        }

        // A draft without findings or quotes would measure an easier path than real comparisons take.
        var markdown = CompareAndCompose();
        var comparison = Compare();
        var shared = comparison.Findings.Sum(f => f.Shared.Count);
        var distinctive = comparison.Findings.Sum(f => f.Distinctive.Count);
        var divergent = comparison.Findings.Sum(f => f.Divergent.Count);
        var quotes = markdown.Split('\n').Count(l => l.StartsWith("> ", StringComparison.Ordinal));
        if (shared == 0 || distinctive == 0 || divergent == 0 || quotes == 0)
        {
            throw new InvalidOperationException($"The synthetic comparison should have every kind of finding and quotes: {shared} shared, {distinctive} distinctive, {divergent} divergent, {quotes} quotes.");
        }

        var perCell = comparison.Cells.Values.Select(c => c.Notes.Count).ToList();
        Console.WriteLine(
            $"// {Notes} notes, {perCell.Sum()} in 16 cells ({perCell.Min()}–{perCell.Max()} a cell), {notes.Count(n => !n.Clean)} flagged; "
            + $"findings {shared} shared, {distinctive} distinctive, {divergent} divergent; draft {markdown.Length:N0} characters, "
            + $"{BriefCitations.Extract(markdown).Count} notes cited, {quotes} quotes");
    }

    [Benchmark]
    public string CompareAndCompose() => BriefComposer.Compose(Compare(), Taxonomy);

    /// <summary>
    /// Notes of <see cref="SyntheticNotes"/> spread evenly over the four countries, each tagged with its demo theme (a random
    /// one for procedural notes) and, three times in ten, a second theme; a sub-theme (of three per theme) more often than
    /// not; a kind; a warning for <see cref="FlaggedShare"/> of them. Quotes are a note's first sentence, as quotes are short;
    /// <see cref="LocalShare"/> of the other notes end with a sentence about a place in their country.
    /// </summary>
    private static List<ComparedNote> Generate(int count, List<Theme> themes)
    {
        var random = new Random(Seed);
        var notes = new List<ComparedNote>(count);
        foreach (var synthetic in SyntheticNotes.Generate(count))
        {
            var first = synthetic.Theme is { } demo ? themes.First(t => t.Key == demo) : themes[random.Next(themes.Count)];
            string[] tags = random.NextDouble() < 0.3
                ? [first.Key, themes[(themes.IndexOf(first) + 1 + random.Next(themes.Count - 1)) % themes.Count].Key]
                : [first.Key];
            string[] subThemes = random.NextDouble() < 0.6 ? [first.SubThemeRef(first.SubThemes[random.Next(3)])] : [];
            var c = random.Next(Countries.Length);
            var roll = random.NextDouble();
            var kind = KindShares[c % 2].First(k => roll < k.Upto).Kind;
            var text = kind == NoteKind.Quote ? Sentences.Split(synthetic.Text)[0].Text
                : random.NextDouble() < LocalShare ? $"{synthetic.Text} {LocalSentences[c][random.Next(LocalSentences[c].Length)]}"
                : synthetic.Text;
            notes.Add(new ComparedNote(synthetic.Id, Countries[c].ConsultationId, "plenary-1", kind, text, tags, subThemes, 1, random.NextDouble() >= FlaggedShare));
        }

        return notes;
    }

    private ComparisonResult Compare()
    {
        var cells = new Dictionary<(string Theme, string ConsultationId), MatrixCell>();
        foreach (var country in Countries)
        {
            var published = _published[country.ConsultationId];
            foreach (var theme in _themes)
            {
                var themed = published.Where(n => n.Themes.Contains(theme.Key)).ToList();
                IReadOnlyList<SummarySentence> summary = [];
                IReadOnlyList<string> phrases = [];
                if (themed.Count > 0)
                {
                    var clean = themed.Where(n => n.Clean).Select(n => new AnalysisDocument(n.Id, n.Text)).ToList();
                    summary = clean.Count == 0 ? [] : ExtractiveSummary.Summarize(clean, SummarySentences);
                    phrases = _corpus.Extract([.. themed.Select(n => n.Text)], KeyPhrasesPerCell);
                }

                var state = themed.Count > 0 ? CoverageState.Recorded : CoverageState.NotDiscussed;
                cells[(theme.Key, country.ConsultationId)] = new MatrixCell(theme.Key, country.ConsultationId, state, themed, [], phrases, summary);
            }
        }

        // Terms weighed against the programme's notes, as the builder does with the programme's corpus.
        var options = new FindingOptions { BackgroundShare = _corpus.DocumentShare };
        var findings = _themes
            .Select(t => Findings.For(t.Key, Countries, [.. Countries.SelectMany(c => cells[(t.Key, c.ConsultationId)].Notes)], Taxonomy, options))
            .ToList();
        return new ComparisonResult(Countries, _themes, cells, findings);
    }
}
