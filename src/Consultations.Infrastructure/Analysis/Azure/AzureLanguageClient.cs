using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Consultations.Core.Analysis;
using Consultations.Core.Domain;
using Microsoft.Extensions.Options;

namespace Consultations.Infrastructure.Analysis.Azure;

/// <summary>
/// The Azure AI Language engine: a typed client for the analyze-text REST API over Azure.Core's pipeline (retries with
/// Retry-After, a per-attempt timeout, Entra ID or key authentication). Requests are split by the documented limits
/// (<see cref="AzureLanguageLimits"/>); results come back in input order. Notes longer than 5,120 characters are
/// split into parts for key phrases and entities (offsets mapped back) and truncated for language detection.
/// Per-document refusals leave the other results and are listed in <see cref="AzureAnalysisResults{T}.Errors"/>;
/// anything else that prevents an answer is an <see cref="AzureLanguageException"/>. Blank notes are never sent.
/// Every request opts out of the service's 48-hour input logging, since notes are under the Chatham House Rule.
/// </summary>
public sealed partial class AzureLanguageClient : ITextAnalyzer
{
    public const string EngineName = "azure-ai-language";

    /// <summary>The Entra ID scope for Azure AI services data-plane calls.</summary>
    public const string TokenScope = "https://cognitiveservices.azure.com/.default";

    public const string SubscriptionKeyHeader = "Ocp-Apim-Subscription-Key";

    private const string UnknownLanguage = "und";
    private const string Utf16CodeUnit = "Utf16CodeUnit";

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly string _apiVersion;
    private readonly TimeSpan _timeout;
    private readonly int _maxRetries;
    private readonly bool _usesKey;
    private readonly TimeSpan _jobPollInterval;
    private readonly TimeSpan _jobTimeout;

    private AzureLanguageClient(HttpPipeline pipeline, AzureLanguageOptions options)
    {
        _pipeline = pipeline;
        _endpoint = new Uri(options.Endpoint!, UriKind.Absolute);
        _apiVersion = options.ApiVersion;
        _timeout = options.Timeout;
        _maxRetries = options.MaxRetries;
        _usesKey = options.Key is not null;
        _jobPollInterval = options.JobPollInterval;
        _jobTimeout = options.JobTimeout;
    }

    public string Engine => EngineName;

    /// <summary>
    /// A client for the configured resource. Authenticates with <see cref="AzureLanguageOptions.Key"/> when set, else
    /// with <paramref name="credential"/> (default: <see cref="DefaultAzureCredential"/>). <paramref name="transport"/>
    /// replaces Azure.Core's HTTP transport (registered in DI under <c>AzureLanguageServiceExtensions.TransportKey</c>).
    /// </summary>
    public static AzureLanguageClient Create(AzureLanguageOptions options, TokenCredential? credential = null, HttpPipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new AzureLanguageOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(AzureLanguageOptions), validation.Failures);
        }

        if (options.Key is not null && credential is not null)
        {
            throw new ArgumentException($"{AzureLanguageOptions.SectionName}:Key is set and a credential was given: use one of them.", nameof(credential));
        }

        var pipelineOptions = new LanguagePipelineOptions();
        pipelineOptions.Retry.Mode = RetryMode.Exponential;
        pipelineOptions.Retry.MaxRetries = options.MaxRetries;
        pipelineOptions.Retry.Delay = options.RetryDelay;
        pipelineOptions.Retry.NetworkTimeout = options.Timeout;
        pipelineOptions.Diagnostics.ApplicationId = "consultations";
        if (transport is not null)
        {
            pipelineOptions.Transport = transport;
        }

        HttpPipelinePolicy authentication = options.Key is { } key
            ? new SubscriptionKeyPolicy(key)
            : new BearerTokenAuthenticationPolicy(credential ?? new DefaultAzureCredential(), TokenScope);
        return new AzureLanguageClient(HttpPipelineBuilder.Build(pipelineOptions, [], [authentication], new ResponseClassifier()), options);
    }

    /// <summary>The documents the service refused in a result list this engine returned (none for other lists).</summary>
    public static IReadOnlyList<AnalysisError> ErrorsOf<T>(IReadOnlyList<T> results) => results is AzureAnalysisResults<T> azure ? azure.Errors : [];

    public async Task<IReadOnlyList<LanguageResult>> DetectLanguageAsync(IReadOnlyList<AnalysisDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);

        // A note's opening 5,120 characters tell its language: a longer note is truncated rather than split.
        var pieces = Pieces(documents, AzureLanguageLimits.SynchronousDocumentCharacters, sendLanguage: false, firstPartOnly: true);
        var outcomes = await AnalyzeAsync("LanguageDetection", static _ => { }, pieces, AzureLanguageLimits.LanguageDetectionDocuments, ReadLanguage, cancellationToken);
        return Combine(
            documents,
            pieces,
            outcomes,
            d => new LanguageResult(d.Id, UnknownLanguage, 0.0, Engine),
            (d, parts) => new LanguageResult(d.Id, parts[0].Language, parts[0].Confidence, Engine));
    }

    public async Task<IReadOnlyList<KeyPhraseResult>> ExtractKeyPhrasesAsync(IReadOnlyList<AnalysisDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var pieces = Pieces(documents, AzureLanguageLimits.SynchronousDocumentCharacters, sendLanguage: true, firstPartOnly: false);
        var outcomes = await AnalyzeAsync("KeyPhraseExtraction", static _ => { }, pieces, AzureLanguageLimits.KeyPhraseDocuments, ReadKeyPhrases, cancellationToken);
        return Combine(
            documents,
            pieces,
            outcomes,
            d => new KeyPhraseResult(d.Id, [], Engine),
            (d, parts) => new KeyPhraseResult(d.Id, [.. parts.SelectMany(p => p).Distinct(StringComparer.OrdinalIgnoreCase)], Engine));
    }

    /// <summary>Azure AI Language has no classifier for a programme's own taxonomy: theme suggestions stay with the local engine.</summary>
    public Task<IReadOnlyList<ThemeSuggestionResult>> SuggestThemesAsync(IReadOnlyList<AnalysisDocument> documents, ThemeTaxonomy taxonomy, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(
            "Azure AI Language cannot suggest themes from a programme's taxonomy (it has no classifier for it); theme suggestions come from the local engine.");

    /// <summary>Personal information (PII recognition) as hints for the attribution guard; offsets are UTF-16, like the rest of the app.</summary>
    public async Task<IReadOnlyList<EntityHintResult>> FindEntitiesAsync(IReadOnlyList<AnalysisDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var pieces = Pieces(documents, AzureLanguageLimits.SynchronousDocumentCharacters, sendLanguage: true, firstPartOnly: false);
        var outcomes = await AnalyzeAsync(
            "PiiEntityRecognition",
            static p => p.WriteString("stringIndexType", Utf16CodeUnit),
            pieces,
            AzureLanguageLimits.PiiDocuments,
            ReadEntities,
            cancellationToken);
        return Combine(
            documents,
            pieces,
            outcomes,
            d => new EntityHintResult(d.Id, [], Engine),
            (d, parts) => new EntityHintResult(d.Id, [.. parts.SelectMany(p => p)], Engine));
    }

    private static List<DocumentPiece> Pieces(IReadOnlyList<AnalysisDocument> documents, int maxLength, bool sendLanguage, bool firstPartOnly)
    {
        var pieces = new List<DocumentPiece>();
        for (var i = 0; i < documents.Count; i++)
        {
            var document = documents[i] ?? throw new ArgumentException($"Document {i} is null.", nameof(documents));
            var text = document.Text ?? string.Empty;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var spans = DocumentPieces.Split(text, maxLength);
            if (firstPartOnly)
            {
                spans = [spans[0]];
            }

            // The service rejects unknown codes; "und" is the local engine's "could not tell".
            var language = sendLanguage && !string.IsNullOrWhiteSpace(document.Language) && document.Language != UnknownLanguage ? document.Language : null;
            for (var part = 0; part < spans.Count; part++)
            {
                pieces.Add(DocumentPieces.Create(i, part, spans.Count, spans[part].Start, text.Substring(spans[part].Start, spans[part].Length), language));
            }
        }

        return pieces;
    }

    private static AzureAnalysisResults<TResult> Combine<TPart, TResult>(
        IReadOnlyList<AnalysisDocument> documents,
        List<DocumentPiece> pieces,
        Dictionary<string, PieceOutcome<TPart>> outcomes,
        Func<AnalysisDocument, TResult> blank,
        Func<AnalysisDocument, IReadOnlyList<TPart>, TResult> combine)
    {
        var byDocument = pieces.GroupBy(p => p.Document).ToDictionary(g => g.Key, g => g.ToList());
        var results = new List<TResult>(documents.Count);
        var errors = new List<AnalysisError>();
        for (var i = 0; i < documents.Count; i++)
        {
            var document = documents[i];
            if (!byDocument.TryGetValue(i, out var parts))
            {
                results.Add(blank(document));
                continue;
            }

            if (parts.FirstOrDefault(p => outcomes[p.Id].Error is not null) is { } failed)
            {
                var error = outcomes[failed.Id].Error!;
                var where = failed.Parts > 1 ? $" (part {failed.Part + 1} of {failed.Parts})" : string.Empty;
                errors.Add(new AnalysisError(document.Id, error.Code, error.Message + where));
                continue;
            }

            results.Add(combine(document, [.. parts.Select(p => outcomes[p.Id].Value!)]));
        }

        return new AzureAnalysisResults<TResult>(results, errors);
    }

    private async Task<Dictionary<string, PieceOutcome<T>>> AnalyzeAsync<T>(
        string kind,
        Action<Utf8JsonWriter> parameters,
        List<DocumentPiece> pieces,
        int maxDocuments,
        Func<JsonElement, string, DocumentPiece, T> read,
        CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<string, PieceOutcome<T>>(StringComparer.Ordinal);
        var uri = ServiceUri("language/:analyze-text");
        foreach (var batch in DocumentPieces.Batch(pieces, maxDocuments, int.MaxValue))
        {
            var body = Body(w =>
            {
                w.WriteString("kind", kind);
                WriteParameters(w, parameters);
                WriteInput(w, batch);
            });
            var byId = batch.ToDictionary(p => p.Id, StringComparer.Ordinal);
            await SendAsync(RequestMethod.Post, uri, body, 200, response =>
            {
                using var json = ParseJson(response);
                ReadDocumentResults(ResponseJson.Object(json.RootElement, "results", string.Empty), "results", byId, read, outcomes);
                return true;
            }, cancellationToken);
        }

        return outcomes;
    }

    private static void ReadDocumentResults<T>(
        JsonElement results,
        string path,
        Dictionary<string, DocumentPiece> byId,
        Func<JsonElement, string, DocumentPiece, T> read,
        Dictionary<string, PieceOutcome<T>> outcomes)
    {
        var index = 0;
        foreach (var document in ResponseJson.Array(results, "documents", path).EnumerateArray())
        {
            var at = $"{path}.documents[{index++}]";
            var piece = Piece(byId, ResponseJson.String(document, "id", at), at);
            outcomes[piece.Id] = new PieceOutcome<T>(read(document, at, piece), null);
        }

        index = 0;
        foreach (var error in ResponseJson.Array(results, "errors", path).EnumerateArray())
        {
            var at = $"{path}.errors[{index++}]";
            var piece = Piece(byId, ResponseJson.String(error, "id", at), at);
            var (code, message) = ResponseJson.Error(ResponseJson.Object(error, "error", at), $"{at}.error");
            outcomes[piece.Id] = new PieceOutcome<T>(default, new PieceError(code, message));
        }

        if (byId.Keys.FirstOrDefault(id => !outcomes.ContainsKey(id)) is { } missing)
        {
            throw AzureLanguageException.Malformed($"document '{missing}' of the request is in neither '{path}.documents' nor '{path}.errors'.");
        }
    }

    private static DocumentPiece Piece(Dictionary<string, DocumentPiece> byId, string id, string path) =>
        byId.TryGetValue(id, out var piece) ? piece : throw AzureLanguageException.Malformed($"'{path}.id' is '{id}', which is not a document of the request.");

    private static (string Language, double Confidence) ReadLanguage(JsonElement document, string path, DocumentPiece piece)
    {
        var detected = ResponseJson.Object(document, "detectedLanguage", path);
        var language = ResponseJson.String(detected, "iso6391Name", $"{path}.detectedLanguage");
        var confidence = ResponseJson.Double(detected, "confidenceScore", $"{path}.detectedLanguage");

        // The service says "(Unknown)" for text it cannot place; the app's code for that is "und".
        return (language == "(Unknown)" ? UnknownLanguage : language, confidence);
    }

    private static List<string> ReadKeyPhrases(JsonElement document, string path, DocumentPiece piece)
    {
        var phrases = new List<string>();
        var index = 0;
        foreach (var phrase in ResponseJson.Array(document, "keyPhrases", path).EnumerateArray())
        {
            phrases.Add(phrase.ValueKind == JsonValueKind.String
                ? phrase.GetString()!
                : throw AzureLanguageException.Malformed($"'{path}.keyPhrases[{index}]' is not a string."));
            index++;
        }

        return phrases;
    }

    private static List<EntityHint> ReadEntities(JsonElement document, string path, DocumentPiece piece)
    {
        var hints = new List<EntityHint>();
        var index = 0;
        foreach (var entity in ResponseJson.Array(document, "entities", path).EnumerateArray())
        {
            var at = $"{path}.entities[{index++}]";
            var (start, length) = Span(entity, at, piece);
            hints.Add(new EntityHint(
                ResponseJson.String(entity, "category", at),
                start,
                length,
                ResponseJson.String(entity, "text", at),
                ResponseJson.Double(entity, "confidenceScore", at)));
        }

        return hints;
    }

    /// <summary>An offset and length within the piece sent, as a span of the whole note.</summary>
    private static (int Start, int Length) Span(JsonElement element, string path, DocumentPiece piece)
    {
        var offset = ResponseJson.Int32(element, "offset", path);
        var length = ResponseJson.Int32(element, "length", path);
        return offset + length <= piece.Text.Length
            ? (piece.Start + offset, length)
            : throw AzureLanguageException.Malformed($"'{path}' spans {offset}..{offset + length}, beyond the {piece.Text.Length} UTF-16 code units sent.");
    }

    private sealed record PieceError(string Code, string Message);

    private sealed record PieceOutcome<T>(T? Value, PieceError? Error);
}
