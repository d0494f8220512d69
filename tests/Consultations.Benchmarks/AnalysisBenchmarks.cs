using BenchmarkDotNet.Attributes;
using Consultations.Core.Analysis;
using Consultations.Core.Domain;

namespace Consultations.Benchmarks;

/// <summary>
/// Local analysis of a 10,000-note batch, as `consultations analyze --batch` does it: the key-phrase corpus built
/// from every note, then each note's key phrases and theme suggestions, with the lexicon alone and with a classifier
/// trained on 200 of the notes. Each invocation is the whole batch (divide by 10,000 for one note).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class AnalysisBenchmarks
{
    public const int Notes = 10_000;
    public const int TrainingNotes = 200;

    private IReadOnlyList<SyntheticNote> _notes = [];
    private List<ConfirmedTag> _training = [];
    private KeyPhrases _corpus = new();
    private ThemeSuggester _lexicon = null!;
    private ThemeSuggester _classified = null!;

    [GlobalSetup]
    public void Setup()
    {
        _notes = SyntheticNotes.Generate(Notes);
        var distinct = _notes.Select(n => n.Text).Distinct(StringComparer.Ordinal).Count();
        if (distinct < Notes * 0.99)
        {
            throw new InvalidOperationException($"Only {distinct} of the {Notes} notes differ: the benchmark would measure repeats.");
        }

        _corpus = BuildCorpus();
        _lexicon = new ThemeSuggester(ThemeTaxonomy.Default);
        _training = [.. _notes.Where(n => n.Theme is not null).Take(TrainingNotes).Select(n => new ConfirmedTag(n.Text, n.Theme!))];
        _classified = new ThemeSuggester(ThemeTaxonomy.Default, TrainClassifier());

        // A suggester that got the demo themes mostly wrong would be measuring a path real notes do not take (checked on notes it was not trained on).
        var heldOut = _notes.Where(n => n.Theme is not null).Skip(TrainingNotes).Take(1_000).ToList();
        foreach (var (name, suggester) in new[] { ("lexicon", _lexicon), ("classifier", _classified) })
        {
            var right = heldOut.Count(n => suggester.Suggest(n.Text, 1) is [var best] && best.Theme == n.Theme);
            Console.WriteLine($"// {name}: best theme is the note's demo theme for {right} of {heldOut.Count} held-out notes; mean note length {_notes.Average(n => n.Text.Length):F0} characters");
        }
    }

    [Benchmark]
    public KeyPhrases BuildCorpus()
    {
        var corpus = new KeyPhrases();
        foreach (var note in _notes)
        {
            corpus.AddToCorpus(note.Text);
        }

        return corpus;
    }

    [Benchmark]
    public int KeyPhrasesOnly()
    {
        var count = 0;
        foreach (var note in _notes)
        {
            count += _corpus.Extract(note.Text).Count;
        }

        return count;
    }

    [Benchmark]
    public int ThemesLexiconOnly()
    {
        var count = 0;
        foreach (var note in _notes)
        {
            count += _lexicon.Suggest(note.Text).Count;
        }

        return count;
    }

    [Benchmark(Baseline = true)]
    public int KeyPhrasesAndThemesLexicon() => Analyse(_lexicon);

    [Benchmark]
    public int KeyPhrasesAndThemesClassifier() => Analyse(_classified);

    [Benchmark]
    public ThemeClassifier TrainClassifier() =>
        ThemeClassifier.TryTrain(_training) ?? throw new InvalidOperationException($"{_training.Count} notes should be enough to train the classifier.");

    private int Analyse(ThemeSuggester suggester)
    {
        var count = 0;
        foreach (var note in _notes)
        {
            count += _corpus.Extract(note.Text).Count + suggester.Suggest(note.Text).Count;
        }

        return count;
    }
}

/// <summary>An extractive summary (5 sentences, TextRank + MMR) of 2,000 notes, e.g. one theme across a large programme.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class AnalysisSummaryBenchmarks
{
    public const int Notes = 2_000;

    private List<AnalysisDocument> _documents = [];

    [GlobalSetup]
    public void Setup()
    {
        _documents = [.. SyntheticNotes.Generate(Notes).Select(n => new AnalysisDocument(n.Id, n.Text))];
        var sentences = _documents.Sum(d => Sentences.Split(d.Text).Count);
        var summary = ExtractiveSummary.Summarize(_documents, 5);
        var sources = summary.Select(s => _documents.FindIndex(d => d.Id == s.SourceId) + 1);
        Console.WriteLine($"// {Notes} notes, {sentences} sentences; summary sentences from notes {string.Join(", ", sources)}");
    }

    [Benchmark]
    public IReadOnlyList<SummarySentence> Summarize() => ExtractiveSummary.Summarize(_documents, 5);
}
