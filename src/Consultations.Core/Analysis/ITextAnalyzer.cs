using Consultations.Core.Domain;

namespace Consultations.Core.Analysis;

/// <summary>A text to analyse; <see cref="Id"/> ties every result (and every summary sentence) back to its note.</summary>
public sealed record AnalysisDocument(string Id, string Text, string? Language = null);

/// <summary>The detected language of one document (ISO 639-1, e.g. "en").</summary>
public sealed record LanguageResult(string Id, string Language, double Confidence, string Engine);

/// <summary>Key phrases of one document, most salient first.</summary>
public sealed record KeyPhraseResult(string Id, IReadOnlyList<string> Phrases, string Engine);

/// <summary>A suggested theme (taxonomy key) with a 0–1 score and the words of the text that support it.</summary>
public sealed record ThemeSuggestion(string Theme, double Score, IReadOnlyList<string> Evidence);

/// <summary>Theme suggestions for one document, best first. Suggestions are never applied without a person accepting them.</summary>
public sealed record ThemeSuggestionResult(string Id, IReadOnlyList<ThemeSuggestion> Themes, string Engine);

/// <summary>An entity that may identify someone (a person, organisation, e-mail…), as a hint for the attribution guard.</summary>
public sealed record EntityHint(string Category, int Start, int Length, string Text, double Confidence);

public sealed record EntityHintResult(string Id, IReadOnlyList<EntityHint> Entities, string Engine);

/// <summary>One sentence of an extractive summary, with the document (note) it was taken from and its span there.</summary>
public sealed record SummarySentence(string Text, string SourceId, int Start, int Length, double Rank);

public sealed record SummaryResult(IReadOnlyList<SummarySentence> Sentences, string Engine);

/// <summary>A per-document failure: the others in the batch still have results.</summary>
public sealed record AnalysisError(string Id, string Code, string Message);

/// <summary>
/// Text analysis behind one interface: the local engine (offline, deterministic) and Azure AI Language. Every call
/// takes a batch and a cancellation token; every result says which engine produced it. Analysis only ever suggests:
/// nothing here changes a note.
/// </summary>
public interface ITextAnalyzer
{
    /// <summary>"local" or "azure-ai-language".</summary>
    string Engine { get; }

    Task<IReadOnlyList<LanguageResult>> DetectLanguageAsync(IReadOnlyList<AnalysisDocument> documents, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<KeyPhraseResult>> ExtractKeyPhrasesAsync(IReadOnlyList<AnalysisDocument> documents, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ThemeSuggestionResult>> SuggestThemesAsync(IReadOnlyList<AnalysisDocument> documents, ThemeTaxonomy taxonomy, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<EntityHintResult>> FindEntitiesAsync(IReadOnlyList<AnalysisDocument> documents, CancellationToken cancellationToken = default);

    /// <summary>An extractive summary of a set of notes of at most <paramref name="maxSentences"/> sentences, each traceable to its note.</summary>
    Task<SummaryResult> SummarizeAsync(IReadOnlyList<AnalysisDocument> documents, int maxSentences, CancellationToken cancellationToken = default);
}
