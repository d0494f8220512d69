using System.Globalization;

namespace Consultations.Testing.Analysis;

/// <summary>
/// Answers in the shapes the analyze-text REST API documents (api-version 2024-11-01, Azure/azure-rest-api-specs
/// stable/2024-11-01/analyzetext.json and its examples). Documents come back in reverse order, as nothing in the
/// API promises request order.
/// </summary>
public static class Documented
{
    public const string ModelVersion = "2024-04-15";

    public static Reply LanguageDetection(RecordedRequest request, Func<SentDocument, (string Iso, string Name, double Confidence)> detect) =>
        Sync(request, "LanguageDetectionResults", d =>
        {
            var (iso, name, confidence) = detect(d);
            return new
            {
                id = d.Id,
                detectedLanguage = new { name, iso6391Name = iso, confidenceScore = confidence, scriptName = "Latin", scriptIso15924Code = "Latn" },
                warnings = Array.Empty<object>(),
            };
        });

    public static Reply KeyPhrases(RecordedRequest request, Func<SentDocument, string[]> phrases, Func<SentDocument, object?>? error = null) =>
        Sync(request, "KeyPhraseExtractionResults", d => new { id = d.Id, keyPhrases = phrases(d), warnings = Array.Empty<object>() }, error);

    /// <summary>PII results; offsets follow the request's stringIndexType, as the service's do (default: text elements).</summary>
    public static Reply Pii(RecordedRequest request, Func<SentDocument, (string Text, string Category, double Confidence)[]> find)
    {
        var utf16 = request.Parameters.TryGetProperty("stringIndexType", out var type) && type.GetString() == "Utf16CodeUnit";
        return Sync(request, "PiiEntityRecognitionResults", d =>
        {
            var entities = find(d)
                .Where(e => d.Text.Contains(e.Text, StringComparison.Ordinal))
                .Select(e =>
                {
                    var index = d.Text.IndexOf(e.Text, StringComparison.Ordinal);
                    var offset = utf16 ? index : new StringInfo(d.Text[..index]).LengthInTextElements;
                    var length = utf16 ? e.Text.Length : new StringInfo(e.Text).LengthInTextElements;
                    return new { text = e.Text, category = e.Category, offset, length, confidenceScore = e.Confidence };
                })
                .ToArray();
            return new { id = d.Id, redactedText = d.Text, entities, warnings = Array.Empty<object>() };
        });
    }

    /// <summary>A DocumentError: the outer error is generic, the inner one says what is wrong with the document.</summary>
    public static object DocumentError(string id, string innerCode, string innerMessage) => new
    {
        id,
        error = new { code = "InvalidArgument", message = "Invalid document in request.", innererror = new { code = innerCode, message = innerMessage } },
    };

    public static Reply Error(int status, string code, string message, (string Code, string Message)? inner = null, IReadOnlyDictionary<string, string>? headers = null) =>
        Reply.Json(
            new { error = inner is { } i ? (object)new { code, message, innererror = new { code = i.Code, message = i.Message } } : new { code, message } },
            status,
            headers);

    public static Reply JobAccepted(Uri endpoint, string jobId) =>
        new(202, Headers: new Dictionary<string, string>
        {
            ["Operation-Location"] = $"{endpoint}language/analyze-text/jobs/{jobId}?api-version=2024-11-01",
        });

    public static Reply JobRunning(string jobId, IReadOnlyDictionary<string, string>? headers = null) =>
        Reply.Json(Job(jobId, "running", new { completed = 0, failed = 0, inProgress = 1, total = 1, items = Array.Empty<object>() }), headers: headers);

    public static Reply JobSucceeded(string jobId, IEnumerable<object> documents, IEnumerable<object>? errors = null) =>
        Reply.Json(Job(jobId, "succeeded", new
        {
            completed = 1,
            failed = 0,
            inProgress = 0,
            total = 1,
            items = new[]
            {
                new
                {
                    kind = "ExtractiveSummarizationLROResults",
                    taskName = "summary",
                    lastUpdateDateTime = "2025-03-01T10:00:05Z",
                    status = "succeeded",
                    results = new { documents = documents.ToArray(), errors = (errors ?? []).ToArray(), modelVersion = "2024-08-01" },
                },
            },
        }));

    public static Reply JobFailed(string jobId, string code, string message) =>
        Reply.Json(Job(jobId, "failed", new { completed = 0, failed = 1, inProgress = 0, total = 1, items = Array.Empty<object>() }, [new { code, message }]));

    public static object SummaryDocument(SentDocument document, params (string Sentence, double Rank)[] sentences) => new
    {
        id = document.Id,
        sentences = sentences.Select(s => new
        {
            text = s.Sentence,
            rankScore = s.Rank,
            offset = document.Text.IndexOf(s.Sentence, StringComparison.Ordinal),
            length = s.Sentence.Length,
        }).ToArray(),
        warnings = Array.Empty<object>(),
    };

    private static Reply Sync(RecordedRequest request, string kind, Func<SentDocument, object> result, Func<SentDocument, object?>? error = null)
    {
        var documents = request.Documents.Reverse().ToList();
        var errors = documents.Select(d => error?.Invoke(d)).Where(e => e is not null).ToArray();
        var failed = documents.Where(d => error?.Invoke(d) is not null).Select(d => d.Id).ToHashSet();
        return Reply.Json(new
        {
            kind,
            results = new { documents = documents.Where(d => !failed.Contains(d.Id)).Select(result).ToArray(), errors, modelVersion = ModelVersion },
        });
    }

    private static object Job(string jobId, string status, object tasks, object[]? errors = null) => new
    {
        jobId,
        displayName = "Consultations summary",
        createdDateTime = "2025-03-01T10:00:00Z",
        lastUpdatedDateTime = "2025-03-01T10:00:05Z",
        expirationDateTime = "2025-03-02T10:00:00Z",
        status,
        errors = errors ?? [],
        tasks,
    };
}
