using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure;
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
public sealed class AzureLanguageClient : ITextAnalyzer
{
    public const string EngineName = "azure-ai-language";

    /// <summary>The Entra ID scope for Azure AI services data-plane calls.</summary>
    public const string TokenScope = "https://cognitiveservices.azure.com/.default";

    public const string SubscriptionKeyHeader = "Ocp-Apim-Subscription-Key";

    private const string UnknownLanguage = "und";
    private const string Utf16CodeUnit = "Utf16CodeUnit";
    private const string SummaryTaskKind = "ExtractiveSummarizationLROResults";

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

    /// <summary>
    /// The top <paramref name="maxSentences"/> sentences by rank across all documents (extractive summarization jobs).
    /// Documents the service refused are left out; if it refused every one, this throws with them in
    /// <see cref="AzureLanguageException.DocumentErrors"/>. <see cref="SummarizeWithErrorsAsync"/> also returns them.
    /// </summary>
    public async Task<SummaryResult> SummarizeAsync(IReadOnlyList<AnalysisDocument> documents, int maxSentences, CancellationToken cancellationToken = default)
    {
        var (summary, errors) = await SummarizeWithErrorsAsync(documents, maxSentences, cancellationToken);
        if (errors.Count > 0 && errors.Count == documents.Count(d => !string.IsNullOrWhiteSpace(d.Text)))
        {
            throw new AzureLanguageException(
                $"Azure AI Language refused every document of the summary: {string.Join("; ", errors.Select(e => $"{e.Id}: {e.Code}: {e.Message}"))}")
            {
                ErrorCode = errors[0].Code,
                DocumentErrors = errors,
            };
        }

        return summary;
    }

    /// <summary>As <see cref="SummarizeAsync"/>, with the documents the service refused instead of an exception.</summary>
    public async Task<AzureSummary> SummarizeWithErrorsAsync(IReadOnlyList<AnalysisDocument> documents, int maxSentences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var pieces = Pieces(documents, AzureLanguageLimits.AsynchronousRequestCharacters, sendLanguage: true, firstPartOnly: false);
        if (maxSentences <= 0 || pieces.Count == 0)
        {
            return new AzureSummary(new SummaryResult([], Engine), []);
        }

        var sentenceCount = Math.Min(maxSentences, AzureLanguageLimits.SummarySentences);
        var outcomes = new Dictionary<string, PieceOutcome<List<RankedSentence>>>(StringComparer.Ordinal);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_jobTimeout);
        try
        {
            // Every batch is submitted before any is awaited, so the service works on them side by side.
            var jobs = new List<(Uri Location, Dictionary<string, DocumentPiece> Pieces)>();
            foreach (var batch in DocumentPieces.Batch(pieces, AzureLanguageLimits.SummarizationDocuments, AzureLanguageLimits.AsynchronousRequestCharacters))
            {
                jobs.Add((await SubmitSummaryJobAsync(batch, sentenceCount, deadline.Token), batch.ToDictionary(p => p.Id, StringComparer.Ordinal)));
            }

            foreach (var (location, byId) in jobs)
            {
                await WaitForSummaryJobAsync(location, byId, outcomes, deadline.Token);
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AzureLanguageException(
                $"Azure AI Language did not finish the summary within {Describe(_jobTimeout)} ({AzureLanguageOptions.SectionName}:JobTimeout sets the limit).", ex);
        }

        var perDocument = Combine(
            documents,
            pieces,
            outcomes,
            d => Array.Empty<SummarySentence>(),
            (d, parts) => [.. parts.SelectMany(p => p).Select(s => new SummarySentence(s.Text, d.Id, s.Start, s.Length, s.Rank))]);
        var order = documents.Select((d, i) => (d.Id, i)).GroupBy(x => x.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        var top = perDocument
            .SelectMany(sentences => sentences)
            .OrderByDescending(s => s.Rank)
            .ThenBy(s => order[s.SourceId])
            .ThenBy(s => s.Start)
            .Take(maxSentences)
            .ToList();
        return new AzureSummary(new SummaryResult(top, Engine), perDocument.Errors);
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

    private Task<Uri> SubmitSummaryJobAsync(List<DocumentPiece> batch, int sentenceCount, CancellationToken cancellationToken)
    {
        var body = Body(w =>
        {
            w.WriteString("displayName", "Consultations summary");
            WriteInput(w, batch);
            w.WriteStartArray("tasks");
            w.WriteStartObject();
            w.WriteString("kind", "ExtractiveSummarization");
            w.WriteString("taskName", "summary");
            WriteParameters(w, p =>
            {
                p.WriteNumber("sentenceCount", sentenceCount);
                p.WriteString("sortBy", "Rank");
                p.WriteString("stringIndexType", Utf16CodeUnit);
            });
            w.WriteEndObject();
            w.WriteEndArray();
        });
        return SendAsync(RequestMethod.Post, ServiceUri("language/analyze-text/jobs"), body, 202, JobLocation, cancellationToken);
    }

    private async Task WaitForSummaryJobAsync(
        Uri location,
        Dictionary<string, DocumentPiece> byId,
        Dictionary<string, PieceOutcome<List<RankedSentence>>> outcomes,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var (finished, retryAfter) = await SendAsync(RequestMethod.Get, location, null, 200, response =>
            {
                using var json = ParseJson(response);
                var root = json.RootElement;
                var status = ResponseJson.String(root, "status", string.Empty);
                switch (status)
                {
                    case "succeeded" or "partiallyCompleted":
                        ReadSummaryTask(root, byId, outcomes);
                        return (true, (TimeSpan?)null);
                    case "notStarted" or "running":
                        return (false, RetryAfter(response));
                    case "failed":
                        throw JobFailed(root, "failed");
                    case "cancelled" or "cancelling":
                        throw JobFailed(root, "was cancelled");
                    default:
                        throw AzureLanguageException.Malformed($"'status' is '{status}', which is not a documented job status.");
                }
            }, cancellationToken);
            if (finished)
            {
                return;
            }

            await Task.Delay(retryAfter ?? _jobPollInterval, cancellationToken);
        }
    }

    private static void ReadSummaryTask(JsonElement root, Dictionary<string, DocumentPiece> byId, Dictionary<string, PieceOutcome<List<RankedSentence>>> outcomes)
    {
        var items = ResponseJson.Array(ResponseJson.Object(root, "tasks", string.Empty), "items", "tasks");
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var path = $"tasks.items[{index++}]";
            if (ResponseJson.String(item, "kind", path) != SummaryTaskKind)
            {
                continue;
            }

            var status = ResponseJson.String(item, "status", path);
            if (status != "succeeded")
            {
                throw JobFailed(root, $"ended its summarization task '{status}'");
            }

            ReadDocumentResults(ResponseJson.Object(item, "results", path), $"{path}.results", byId, ReadSentences, outcomes);
            return;
        }

        throw AzureLanguageException.Malformed($"'tasks.items' has no {SummaryTaskKind} item.");
    }

    private static AzureLanguageException JobFailed(JsonElement root, string what)
    {
        var errors = new List<(string Code, string Message)>();
        if (root.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var error in list.EnumerateArray())
            {
                errors.Add(ResponseJson.Error(error, $"errors[{index++}]"));
            }
        }

        var detail = errors.Count == 0 ? "the service gave no reason." : string.Join("; ", errors.Select(e => $"{e.Code}: {e.Message}"));
        return new AzureLanguageException($"Azure AI Language's summarization job {what}: {detail}") { ErrorCode = errors.Count > 0 ? errors[0].Code : null };
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

    private static List<RankedSentence> ReadSentences(JsonElement document, string path, DocumentPiece piece)
    {
        var sentences = new List<RankedSentence>();
        var index = 0;
        foreach (var sentence in ResponseJson.Array(document, "sentences", path).EnumerateArray())
        {
            var at = $"{path}.sentences[{index++}]";
            var (start, length) = Span(sentence, at, piece);
            sentences.Add(new RankedSentence(ResponseJson.String(sentence, "text", at), start, length, ResponseJson.Double(sentence, "rankScore", at)));
        }

        return sentences;
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

    private Uri JobLocation(Response response)
    {
        if (!response.Headers.TryGetValue("Operation-Location", out var value) || !Uri.TryCreate(value, UriKind.Absolute, out var location))
        {
            throw AzureLanguageException.Malformed("the 202 answer to a job submission has no absolute Operation-Location header.");
        }

        // The job is polled with the same credentials, so it must live on the configured resource.
        if (Uri.Compare(location, _endpoint, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw AzureLanguageException.Malformed($"the Operation-Location '{location.GetLeftPart(UriPartial.Authority)}' is not on the configured endpoint {_endpoint.GetLeftPart(UriPartial.Authority)}.");
        }

        return location.Query.Contains("api-version=", StringComparison.Ordinal)
            ? location
            : new Uri($"{location.AbsoluteUri}{(location.Query.Length == 0 ? "?" : "&")}api-version={Uri.EscapeDataString(_apiVersion)}");
    }

    private async Task<T> SendAsync<T>(RequestMethod method, Uri uri, BinaryData? body, int expectedStatus, Func<Response, T> read, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.Add(HttpHeader.Names.Accept, "application/json");
        if (body is not null)
        {
            message.Request.Headers.Add(HttpHeader.Names.ContentType, "application/json");
            message.Request.Content = RequestContent.Create(body);
        }

        try
        {
            await _pipeline.SendAsync(message, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (AuthenticationFailedException ex)
        {
            throw new AzureLanguageException(
                $"No Entra ID token for Azure AI Language ({ex.Message}). Give the app a managed identity or sign in locally (az login), or set {AzureLanguageOptions.SectionName}:Key.", ex);
        }
        catch (Exception ex) when (ex is OperationCanceledException or RequestFailedException or AggregateException or IOException)
        {
            throw Unanswered(ex);
        }

        var response = message.Response;
        if (response.Status != expectedStatus)
        {
            throw response.Status is >= 200 and < 300
                ? AzureLanguageException.Malformed($"{method} {uri.AbsolutePath} answered {response.Status} where {expectedStatus} is documented.")
                : ServiceError(message);
        }

        return read(response);
    }

    private AzureLanguageException Unanswered(Exception ex)
    {
        var attempts = ex is AggregateException aggregate ? aggregate.InnerExceptions.Count : 1;
        var tries = attempts == 1 ? "1 attempt" : $"{attempts} attempts";
        var timedOut = ex is OperationCanceledException || (ex is AggregateException all && all.InnerExceptions.All(e => e is OperationCanceledException));
        if (timedOut)
        {
            return new AzureLanguageException(
                $"Azure AI Language at {_endpoint.Host} did not answer within {Describe(_timeout)} ({tries}); {AzureLanguageOptions.SectionName}:Timeout sets the limit.", ex);
        }

        var cause = ex is AggregateException many ? many.InnerExceptions[^1] : ex;
        while (cause.InnerException is not null && cause is RequestFailedException)
        {
            cause = cause.InnerException;
        }

        return new AzureLanguageException($"Could not reach Azure AI Language at {_endpoint.Host} ({tries}): {cause.Message}", ex);
    }

    private AzureLanguageException ServiceError(HttpMessage message)
    {
        var response = message.Response;
        string? code = null;
        string? detail = null;
        try
        {
            using var json = JsonDocument.Parse(response.Content.ToMemory());
            if (ResponseJson.OptionalObject(json.RootElement, "error") is { } error)
            {
                code = ResponseJson.OptionalString(error, "code");
                detail = ResponseJson.OptionalString(error, "message");
                if (ResponseJson.OptionalObject(error, "innererror") is { } inner && ResponseJson.OptionalString(inner, "message") is { } innerMessage && innerMessage != detail)
                {
                    detail = $"{detail} ({ResponseJson.OptionalString(inner, "code")}: {innerMessage})";
                }
            }
        }
        catch (JsonException)
        {
            // Not the documented error body (a gateway's HTML page, say): the status and a preview say enough.
        }

        if (code is null && response.Headers.TryGetValue("x-ms-error-code", out var header))
        {
            code = header;
        }

        detail ??= Preview(response) ?? response.ReasonPhrase;
        var retried = _maxRetries > 0 && message.ResponseClassifier.IsRetriableResponse(message) ? $" after {_maxRetries} retries" : string.Empty;
        var hint = response.Status is not (401 or 403) ? string.Empty
            : _usesKey ? $" Check that {AzureLanguageOptions.SectionName}:Key is a key of the resource at {AzureLanguageOptions.SectionName}:Endpoint."
            : " Give the app's identity (DefaultAzureCredential) the 'Cognitive Services User' role on the Language resource.";
        return new AzureLanguageException($"Azure AI Language answered {response.Status}{(code is null ? string.Empty : " " + code)}{retried}: {detail}{hint}")
        {
            Status = response.Status,
            ErrorCode = code,
        };
    }

    private static JsonDocument ParseJson(Response response)
    {
        try
        {
            return JsonDocument.Parse(response.Content.ToMemory());
        }
        catch (JsonException ex)
        {
            var type = response.Headers.ContentType ?? "no Content-Type";
            throw AzureLanguageException.Malformed($"the body of a {response.Status} answer is not JSON ({type}): {Preview(response) ?? "empty"}", ex);
        }
    }

    private static string? Preview(Response response)
    {
        var text = response.Content.ToString().Trim();
        return text.Length == 0 ? null : text.Length <= 200 ? text : text[..200] + "…";
    }

    private static TimeSpan? RetryAfter(Response response)
    {
        if ((response.Headers.TryGetValue("retry-after-ms", out var ms) || response.Headers.TryGetValue("x-ms-retry-after-ms", out ms))
            && int.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (response.Headers.TryGetValue("Retry-After", out var value))
        {
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var wait = at - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }

    private Uri ServiceUri(string path) =>
        new($"{_endpoint.GetLeftPart(UriPartial.Authority)}/{path}?api-version={Uri.EscapeDataString(_apiVersion)}");

    private static BinaryData Body(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, DocumentPieces.WriterOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return new BinaryData(buffer.WrittenMemory);
    }

    private static void WriteParameters(Utf8JsonWriter writer, Action<Utf8JsonWriter> more)
    {
        writer.WriteStartObject("parameters");

        // Notes are under the Chatham House Rule: the service must not keep their text in its 48-hour troubleshooting logs.
        writer.WriteBoolean("loggingOptOut", true);
        more(writer);
        writer.WriteEndObject();
    }

    private static void WriteInput(Utf8JsonWriter writer, List<DocumentPiece> batch)
    {
        writer.WriteStartObject("analysisInput");
        writer.WriteStartArray("documents");
        foreach (var piece in batch)
        {
            writer.WriteRawValue(piece.Json, skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string Describe(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private sealed class LanguagePipelineOptions : ClientOptions;

    /// <summary>Key authentication: the resource key on every attempt (Azure.Core keeps its own key policy internal).</summary>
    private sealed class SubscriptionKeyPolicy(string key) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => message.Request.Headers.SetValue(SubscriptionKeyHeader, key);
    }

    private sealed record PieceError(string Code, string Message);

    private sealed record PieceOutcome<T>(T? Value, PieceError? Error);

    private sealed record RankedSentence(string Text, int Start, int Length, double Rank);
}

/// <summary>A summary and the documents Azure AI Language refused (left out of it).</summary>
public sealed record AzureSummary(SummaryResult Summary, IReadOnlyList<AnalysisError> Errors);
