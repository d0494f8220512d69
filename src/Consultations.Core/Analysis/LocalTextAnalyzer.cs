using System.Text.RegularExpressions;
using Consultations.Core.Domain;

namespace Consultations.Core.Analysis;

/// <summary>
/// The default engine: offline and deterministic. Key phrases against the programme's corpus, theme suggestions
/// from the lexicon and (once enough tags are confirmed) the programme's classifier, TextRank summaries, and simple
/// language and entity hints.
/// </summary>
public sealed partial class LocalTextAnalyzer(KeyPhrases? keyPhrases = null, ThemeClassifier? classifier = null) : ITextAnalyzer
{
    public const string EngineName = "local";

    private static readonly HashSet<string> English = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "and", "of", "to", "in", "that", "is", "for", "on", "with", "as", "are", "was", "it", "be", "by", "this", "they", "their", "should",
    };

    private static readonly HashSet<string> Malay = new(StringComparer.OrdinalIgnoreCase)
    {
        "yang", "dan", "di", "untuk", "dengan", "ini", "itu", "dalam", "tidak", "ada", "akan", "kepada", "oleh", "pada", "dari", "adalah", "kerana", "karena",
    };

    private readonly KeyPhrases _keyPhrases = keyPhrases ?? new KeyPhrases();

    public string Engine => EngineName;

    public Task<IReadOnlyList<LanguageResult>> DetectLanguageAsync(IReadOnlyList<AnalysisDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return Task.FromResult<IReadOnlyList<LanguageResult>>([.. documents.Select(d =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (language, confidence) = Detect(d.Text);
            return new LanguageResult(d.Id, language, confidence, Engine);
        })]);
    }

    public Task<IReadOnlyList<KeyPhraseResult>> ExtractKeyPhrasesAsync(IReadOnlyList<AnalysisDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return Task.FromResult<IReadOnlyList<KeyPhraseResult>>([.. documents.Select(d =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new KeyPhraseResult(d.Id, _keyPhrases.Extract(d.Text), Engine);
        })]);
    }

    public Task<IReadOnlyList<ThemeSuggestionResult>> SuggestThemesAsync(IReadOnlyList<AnalysisDocument> documents, ThemeTaxonomy taxonomy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var suggester = new ThemeSuggester(taxonomy, classifier);
        return Task.FromResult<IReadOnlyList<ThemeSuggestionResult>>([.. documents.Select(d =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new ThemeSuggestionResult(d.Id, suggester.Suggest(d.Text), Engine);
        })]);
    }

    public Task<IReadOnlyList<EntityHintResult>> FindEntitiesAsync(IReadOnlyList<AnalysisDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return Task.FromResult<IReadOnlyList<EntityHintResult>>([.. documents.Select(d =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hints = new List<EntityHint>();
            foreach (var sentence in Sentences.Split(d.Text))
            {
                // A run of capitalised words after a sentence's first word is likely a name or an organisation.
                foreach (Match m in CapitalisedRun().Matches(sentence.Text))
                {
                    if (m.Index > 0)
                    {
                        hints.Add(new EntityHint("ProperName", sentence.Start + m.Index, m.Length, m.Value, 0.5));
                    }
                }
            }

            return new EntityHintResult(d.Id, hints, Engine);
        })]);
    }

    public Task<SummaryResult> SummarizeAsync(IReadOnlyList<AnalysisDocument> documents, int maxSentences, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new SummaryResult(ExtractiveSummary.Summarize(documents, maxSentences), Engine));
    }

    private static (string Language, double Confidence) Detect(string text)
    {
        var words = Word().Matches(text).Select(m => m.Value).ToList();
        if (words.Count == 0)
        {
            return ("und", 0.0);
        }

        // A place or a name in Thai or Vietnamese inside an English note does not make the note Thai or Vietnamese.
        var thai = words.Count(w => w.Any(c => c is >= '\u0E00' and <= '\u0E7F'));
        if (thai * 3 >= words.Count)
        {
            return ("th", Math.Round(Math.Min(1.0, 0.5 + ((double)thai / words.Count)), 2));
        }

        var vietnamese = words.Count(w => w.Any(c => "ăâđêôơưĂÂĐÊÔƠƯ".Contains(c) || c is >= '\u1EA0' and <= '\u1EF9'));
        if (vietnamese * 3 >= words.Count)
        {
            return ("vi", Math.Round(Math.Min(1.0, 0.5 + ((double)vietnamese / words.Count)), 2));
        }

        var english = words.Count(English.Contains);
        var malay = words.Count(Malay.Contains);
        return malay > english
            ? ("ms", Math.Round(Math.Min(1.0, 0.5 + ((double)malay / words.Count)), 2))
            : ("en", Math.Round(Math.Min(1.0, 0.5 + ((double)english / words.Count)), 2));
    }

    [GeneratedRegex(@"\b\p{Lu}[\p{Ll}\p{M}]+(?:\s+(?:of|de|dela|bin|binti|and|for)?\s*\p{Lu}[\p{L}\p{M}]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex CapitalisedRun();

    [GeneratedRegex(@"\p{L}+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
