namespace Consultations.Infrastructure.Analysis.Azure;

/// <summary>
/// The documented service limits the client splits its requests by. Source: "Service limits for Azure Language"
/// (learn.microsoft.com/azure/ai-services/language-service/concepts/data-limits), unless a line says otherwise.
/// </summary>
public static class AzureLanguageLimits
{
    /// <summary>"Maximum documents per request": Language Detection, 1000.</summary>
    public const int LanguageDetectionDocuments = 1000;

    /// <summary>"Maximum documents per request": Key Phrase Extraction, 10.</summary>
    public const int KeyPhraseDocuments = 10;

    /// <summary>"Maximum documents per request": Personally Identifying Information (PII) detection, 5.</summary>
    public const int PiiDocuments = 5;

    /// <summary>"Maximum documents per request": Document summarization, 25 (and 25 for any asynchronous request).</summary>
    public const int SummarizationDocuments = 25;

    /// <summary>
    /// "Maximum characters per document", synchronous features: 5,120 text elements. The client counts UTF-16 code
    /// units, never fewer than text elements, so a piece it sends is within the limit however the service counts.
    /// </summary>
    public const int SynchronousDocumentCharacters = 5_120;

    /// <summary>"Maximum characters per document", asynchronous features: 125,000 across all documents of a request.</summary>
    public const int AsynchronousRequestCharacters = 125_000;

    /// <summary>"Maximum request size": 1 MB, read as 1,000,000 bytes to stay on the safe side of either meaning.</summary>
    public const int RequestBytes = 1_000_000;

    /// <summary>Extractive summarization's sentenceCount is 1 to 20 (summarization how-to, "Try text extractive summarization").</summary>
    public const int SummarySentences = 20;
}
