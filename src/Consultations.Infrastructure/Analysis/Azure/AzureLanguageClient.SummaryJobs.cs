using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Consultations.Core.Analysis;

namespace Consultations.Infrastructure.Analysis.Azure;

// Extractive summaries: asynchronous analyze-text jobs, submitted side by side, then polled until they finish or time out.
public sealed partial class AzureLanguageClient
{
    private const string SummaryTaskKind = "ExtractiveSummarizationLROResults";

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

    private sealed record RankedSentence(string Text, int Start, int Length, double Rank);
}

/// <summary>A summary and the documents Azure AI Language refused (left out of it).</summary>
public sealed record AzureSummary(SummaryResult Summary, IReadOnlyList<AnalysisError> Errors);
