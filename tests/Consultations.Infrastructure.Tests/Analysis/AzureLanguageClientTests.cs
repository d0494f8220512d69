using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using Azure.Identity;
using Consultations.Core.Analysis;
using Consultations.Core.Domain;
using Consultations.Infrastructure.Analysis.Azure;
using Consultations.Testing.Analysis;
using Microsoft.Extensions.Options;

namespace Consultations.Infrastructure.Tests.Analysis;

/// <summary>
/// The Azure AI Language engine against a local stand-in (<see cref="FakeLanguageService"/>) that checks every request
/// against the documented REST API and answers in the documented shapes (<see cref="Documented"/>).
/// </summary>
public sealed class AzureLanguageClientTests
{
    private const string Key = "test-subscription-key";
    private const string JobId = "5d2b7c1e-6f0a-4c35-9a59-0d6f3e1c2b4a";
    private const string RealEndpoint = "https://my-language.cognitiveservices.azure.com/";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Language_detection_is_one_documented_request_and_results_keep_input_order()
    {
        await using var service = await FakeLanguageService.StartAsync(r => Documented.LanguageDetection(
            r, d => d.Text.Contains("delegasi", StringComparison.Ordinal) ? ("ms", "Malay", 0.93) : ("en", "English", 0.99)));
        AnalysisDocument[] documents =
        [
            new("note-a", "The delegates agreed to share incident reports within a day."),
            new("note-b", "   "),
            new("note-c", "Para delegasi bersetuju untuk berkongsi laporan insiden.", "ms"),
        ];

        var results = await Client(service).DetectLanguageAsync(documents, Ct);

        var request = Assert.Single(service.Requests);
        AssertAnalyzeText(request, "LanguageDetection");
        Assert.Equal(["0", "2"], request.Documents.Select(d => d.Id));
        Assert.Equal([documents[0].Text, documents[2].Text], request.Documents.Select(d => d.Text));

        // LanguageInput has id, text and countryHint: no language to send.
        Assert.All(request.Documents, d => Assert.Null(d.Language));
        Assert.Equal([("note-a", "en", 0.99), ("note-b", "und", 0.0), ("note-c", "ms", 0.93)], results.Select(r => (r.Id, r.Language, r.Confidence)));
        Assert.All(results, r => Assert.Equal(AzureLanguageClient.EngineName, r.Engine));
        Assert.Empty(AzureLanguageClient.ErrorsOf(results));
    }

    [Fact]
    public async Task Key_phrases_send_the_language_hint_and_results_keep_input_order()
    {
        await using var service = await FakeLanguageService.StartAsync(r => Documented.KeyPhrases(
            r, d => d.Text.StartsWith("Cross", StringComparison.Ordinal) ? ["incident response", "shared playbooks"] : ["information sharing", "CERTs"]));
        AnalysisDocument[] documents =
        [
            new("a", "Cross-border incident response needs shared playbooks.", "en"),
            new("b", "Information sharing between CERTs is slow."),
        ];

        var results = await Client(service).ExtractKeyPhrasesAsync(documents, Ct);

        var request = Assert.Single(service.Requests);
        AssertAnalyzeText(request, "KeyPhraseExtraction");
        Assert.Equal(["loggingOptOut"], request.Parameters.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["0", "1"], request.Documents.Select(d => d.Id));
        Assert.Equal(["en", null], request.Documents.Select(d => d.Language));
        Assert.Equal(["a", "b"], results.Select(r => r.Id));
        Assert.Equal(["incident response", "shared playbooks"], results[0].Phrases);
        Assert.Equal(["information sharing", "CERTs"], results[1].Phrases);
        Assert.All(results, r => Assert.Equal(AzureLanguageClient.EngineName, r.Engine));
    }

    [Fact]
    public async Task Entities_come_from_pii_recognition_with_utf16_offsets()
    {
        // The emoji is one text element but two UTF-16 code units: offsets in the service's default unit would be one short.
        const string Text = "🙂 Thanks to Maria Santos of the Cyber Agency; write to maria.santos@example.org.";
        await using var service = await FakeLanguageService.StartAsync(r => Documented.Pii(
            r, _ => [("Maria Santos", "Person", 0.98), ("Cyber Agency", "Organization", 0.87), ("maria.santos@example.org", "Email", 0.8)]));

        var results = await Client(service).FindEntitiesAsync([new AnalysisDocument("n1", Text, "en")], Ct);

        var request = Assert.Single(service.Requests);
        AssertAnalyzeText(request, "PiiEntityRecognition");
        Assert.Equal("Utf16CodeUnit", request.Parameters.GetProperty("stringIndexType").GetString());
        Assert.Equal("en", Assert.Single(request.Documents).Language);
        var result = Assert.Single(results);
        Assert.Equal("n1", result.Id);
        Assert.Equal(AzureLanguageClient.EngineName, result.Engine);
        Assert.Equal(["Person", "Organization", "Email"], result.Entities.Select(e => e.Category));
        Assert.All(result.Entities, e => Assert.Equal(e.Text, Text.Substring(e.Start, e.Length)));
        Assert.Equal(0.98, result.Entities[0].Confidence);
    }

    [Fact]
    public async Task Requests_stay_within_the_documented_documents_per_request()
    {
        await using var service = await FakeLanguageService.StartAsync(r => r.Kind switch
        {
            "KeyPhraseExtraction" => Documented.KeyPhrases(r, d => [d.Text]),
            "PiiEntityRecognition" => Documented.Pii(r, d => [(d.Text[d.Text.IndexOf("Delegate", StringComparison.Ordinal)..^1], "Person", 0.9)]),
            _ => Documented.LanguageDetection(r, _ => ("en", "English", 1.0)),
        });
        var documents = Enumerable.Range(0, 23).Select(i => new AnalysisDocument($"note-{i}", $"Note {i} was recorded by Delegate{i}.")).ToList();
        var client = Client(service);

        var phrases = await client.ExtractKeyPhrasesAsync(documents, Ct);
        var entities = await client.FindEntitiesAsync(documents, Ct);
        var languages = await client.DetectLanguageAsync(documents, Ct);

        var sizes = service.Requests.GroupBy(r => r.Kind!).ToDictionary(g => g.Key, g => g.Select(r => r.Documents.Count).ToList());
        Assert.Equal([10, 10, 3], sizes["KeyPhraseExtraction"]);
        Assert.Equal([5, 5, 5, 5, 3], sizes["PiiEntityRecognition"]);
        Assert.Equal([23], sizes["LanguageDetection"]);
        Assert.Equal(
            Enumerable.Range(0, 23).Select(i => i.ToString(CultureInfo.InvariantCulture)),
            service.Requests.Where(r => r.Kind == "PiiEntityRecognition").SelectMany(r => r.Documents).Select(d => d.Id));
        Assert.Equal(documents.Select(d => d.Id), phrases.Select(p => p.Id));
        Assert.Equal(documents.Select(d => d.Text), phrases.Select(p => Assert.Single(p.Phrases)));
        Assert.Equal(documents.Select((_, i) => $"Delegate{i}"), entities.Select(e => Assert.Single(e.Entities).Text));
        Assert.Equal(documents.Select(d => d.Id), languages.Select(l => l.Id));
    }

    [Fact]
    public async Task A_note_over_the_character_limit_is_split_for_entities_and_phrases_and_truncated_for_language()
    {
        var text = string.Join(' ', Enumerable.Range(1, 200).Select(i => $"Sentence {i} 🙂 is about incident response across borders.")) + " Maria Santos closed the session.";
        Assert.InRange(text.Length, (2 * AzureLanguageLimits.SynchronousDocumentCharacters) + 1, 3 * AzureLanguageLimits.SynchronousDocumentCharacters);
        await using var service = await FakeLanguageService.StartAsync(r => r.Kind switch
        {
            "PiiEntityRecognition" => Documented.Pii(r, _ => [("Maria Santos", "Person", 0.95)]),
            "KeyPhraseExtraction" => Documented.KeyPhrases(r, d => ["incident response", $"part {d.Id}"]),
            _ => Documented.LanguageDetection(r, _ => ("en", "English", 1.0)),
        });
        AnalysisDocument[] documents = [new("long", text), new("short", "Maria Santos agreed.")];
        var client = Client(service);

        var entities = await client.FindEntitiesAsync(documents, Ct);

        var pii = Assert.Single(service.Requests);
        Assert.Equal(["0.0", "0.1", "0.2", "1"], pii.Documents.Select(d => d.Id));
        Assert.All(pii.Documents, d => Assert.InRange(d.Text.Length, 1, AzureLanguageLimits.SynchronousDocumentCharacters));
        Assert.Equal(text, string.Concat(pii.Documents.Take(3).Select(d => d.Text)));

        // Cuts fall at sentence ends, never inside a surrogate pair.
        Assert.All(pii.Documents.Take(2), d => Assert.EndsWith(". ", d.Text, StringComparison.Ordinal));
        Assert.All(pii.Documents, d => Assert.False(char.IsLowSurrogate(d.Text[0]) || char.IsHighSurrogate(d.Text[^1])));
        var hint = Assert.Single(entities[0].Entities);
        Assert.Equal("Maria Santos", text.Substring(hint.Start, hint.Length));
        Assert.Equal(0, Assert.Single(entities[1].Entities).Start);

        var phrases = await client.ExtractKeyPhrasesAsync(documents, Ct);
        Assert.Equal(["incident response", "part 0.0", "part 0.1", "part 0.2"], phrases[0].Phrases);

        var languages = await client.DetectLanguageAsync(documents, Ct);
        var detection = service.Requests.Single(r => r.Kind == "LanguageDetection");
        Assert.Equal(["0", "1"], detection.Documents.Select(d => d.Id));
        Assert.InRange(detection.Documents[0].Text.Length, 1, AzureLanguageLimits.SynchronousDocumentCharacters);
        Assert.StartsWith(detection.Documents[0].Text, text, StringComparison.Ordinal);
        Assert.Equal(["long", "short"], languages.Select(l => l.Id));
    }

    [Fact]
    public async Task Documents_the_service_refuses_are_listed_and_the_others_keep_their_results()
    {
        await using var service = await FakeLanguageService.StartAsync(r => Documented.KeyPhrases(
            r,
            d => [$"phrase {d.Id}"],
            d => d.Language == "xx" ? Documented.DocumentError(d.Id, "UnsupportedLanguageCode", "Invalid language code 'xx'. Supported languages: en, ms, th, vi.") : null));
        AnalysisDocument[] documents = [new("a", "First note."), new("b", "Second note.", "xx"), new("c", "Third note.")];

        var results = await Client(service).ExtractKeyPhrasesAsync(documents, Ct);

        Assert.Equal(["a", "c"], results.Select(r => r.Id));
        Assert.Equal(["phrase 2"], results[1].Phrases);
        var error = Assert.Single(AzureLanguageClient.ErrorsOf(results));
        Assert.Equal("b", error.Id);
        Assert.Equal("UnsupportedLanguageCode", error.Code);
        Assert.StartsWith("Invalid language code 'xx'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_delay_the_service_names_in_retry_after()
    {
        var calls = 0;
        await using var service = await FakeLanguageService.StartAsync(r => Interlocked.Increment(ref calls) == 1
            ? Documented.Error(429, "TooManyRequests", "Rate limit is exceeded. Try again in 1 seconds.", headers: new Dictionary<string, string> { ["Retry-After"] = "1" })
            : Documented.LanguageDetection(r, _ => ("en", "English", 1.0)));

        var results = await Client(service).DetectLanguageAsync([new AnalysisDocument("n", "Hello, delegates.")], Ct);

        Assert.Equal("en", Assert.Single(results).Language);
        Assert.Equal(2, service.Requests.Count);
        var waited = service.Requests[1].At - service.Requests[0].At;

        // The tests' RetryDelay is 10 ms: a wait of a second can only come from Retry-After.
        Assert.True(waited >= TimeSpan.FromSeconds(0.95), $"The retry came after {waited.TotalMilliseconds} ms.");
    }

    [Fact]
    public async Task A_503_is_retried()
    {
        var calls = 0;
        await using var service = await FakeLanguageService.StartAsync(r => Interlocked.Increment(ref calls) == 1
            ? Documented.Error(503, "ServiceUnavailable", "The service is temporarily unavailable.")
            : Documented.KeyPhrases(r, _ => ["portal"]));

        var results = await Client(service).ExtractKeyPhrasesAsync([new AnalysisDocument("n", "One portal for every sector.")], Ct);

        Assert.Equal(["portal"], Assert.Single(results).Phrases);
        Assert.Equal(2, service.Requests.Count);
    }

    [Fact]
    public async Task A_persistent_server_error_is_an_exception_with_the_service_message_after_the_retries()
    {
        await using var service = await FakeLanguageService.StartAsync(_ => Documented.Error(500, "InternalServerError", "The service had an internal error."));

        var error = await Assert.ThrowsAsync<AzureLanguageException>(
            () => Client(service, o => o.MaxRetries = 2).ExtractKeyPhrasesAsync([new AnalysisDocument("n", "A note.")], Ct));

        Assert.Equal(3, service.Requests.Count);
        Assert.Equal(500, error.Status);
        Assert.Equal("InternalServerError", error.ErrorCode);
        Assert.Contains("answered 500 InternalServerError after 2 retries: The service had an internal error.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_request_is_not_retried_and_carries_the_inner_error()
    {
        await using var service = await FakeLanguageService.StartAsync(_ => Documented.Error(
            400, "InvalidRequest", "Invalid Request.", ("InvalidDocumentBatch", "Batch request contains too many records. Max 5 records are permitted.")));

        var error = await Assert.ThrowsAsync<AzureLanguageException>(() => Client(service).FindEntitiesAsync([new AnalysisDocument("n", "A note.")], Ct));

        Assert.Single(service.Requests);
        Assert.Equal(400, error.Status);
        Assert.Equal("InvalidRequest", error.ErrorCode);
        Assert.Contains("(InvalidDocumentBatch: Batch request contains too many records. Max 5 records are permitted.)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "Check that Analysis:Azure:Key is a key of the resource at Analysis:Azure:Endpoint.")]
    [InlineData(true, "Give the app's identity (DefaultAzureCredential) the 'Cognitive Services User' role on the Language resource.")]
    public async Task An_authentication_failure_says_what_to_check(bool entraId, string expected)
    {
        await using var service = await FakeLanguageService.StartAsync(_ => Documented.Error(
            401, "401", "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."));

        var error = await Assert.ThrowsAsync<AzureLanguageException>(
            () => Client(service, credential: entraId ? new FixedTokenCredential() : null).DetectLanguageAsync([new AnalysisDocument("n", "Hello.")], Ct));

        Assert.Single(service.Requests);
        Assert.Equal(401, error.Status);
        Assert.StartsWith("Azure AI Language answered 401 401: Access denied due to invalid subscription key", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>", "text/html", "the body of a 200 answer is not JSON (text/html)")]
    [InlineData("[1, 2, 3]", "application/json", "'results' is missing or not an object")]
    [InlineData("""{"kind":"KeyPhraseExtractionResults"}""", "application/json", "'results' is missing or not an object")]
    [InlineData("""{"kind":"KeyPhraseExtractionResults","results":{"documents":[{"id":"0","warnings":[]}],"errors":[],"modelVersion":"x"}}""", "application/json", "'results.documents[0].keyPhrases' is missing or not an array")]
    [InlineData("""{"kind":"KeyPhraseExtractionResults","results":{"documents":[{"id":"0","keyPhrases":[7],"warnings":[]}],"errors":[],"modelVersion":"x"}}""", "application/json", "'results.documents[0].keyPhrases[0]' is not a string")]
    [InlineData("""{"kind":"KeyPhraseExtractionResults","results":{"documents":[],"errors":[],"modelVersion":"x"}}""", "application/json", "document '0' of the request is in neither")]
    [InlineData("""{"kind":"KeyPhraseExtractionResults","results":{"documents":[{"id":"7","keyPhrases":[],"warnings":[]}],"errors":[],"modelVersion":"x"}}""", "application/json", "is '7', which is not a document of the request")]
    public async Task A_response_that_is_not_the_documented_shape_is_a_clear_exception(string body, string contentType, string expected)
    {
        await using var service = await FakeLanguageService.StartAsync(_ => new Reply(200, body, ContentType: contentType));

        var error = await Assert.ThrowsAsync<AzureLanguageException>(() => Client(service).ExtractKeyPhrasesAsync([new AnalysisDocument("n", "A note.")], Ct));

        Assert.StartsWith("Azure AI Language returned a response that is not the documented shape: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entity_offsets_outside_the_text_sent_are_a_clear_exception()
    {
        await using var service = await FakeLanguageService.StartAsync(r => Reply.Json(new
        {
            kind = "PiiEntityRecognitionResults",
            results = new
            {
                documents = new[] { new { id = "0", redactedText = "***", entities = new[] { new { text = "Maria", category = "Person", offset = 40, length = 5, confidenceScore = 0.9 } }, warnings = Array.Empty<object>() } },
                errors = Array.Empty<object>(),
                modelVersion = Documented.ModelVersion,
            },
        }));

        var error = await Assert.ThrowsAsync<AzureLanguageException>(() => Client(service).FindEntitiesAsync([new AnalysisDocument("n", "Maria spoke.")], Ct));

        Assert.Contains("'results.documents[0].entities[0]' spans 40..45, beyond the 12 UTF-16 code units sent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_that_never_answers_times_out_within_the_configured_timeout()
    {
        await using var service = await FakeLanguageService.StartAsync(_ => Reply.Never);
        var client = Client(service, o =>
        {
            o.Timeout = TimeSpan.FromSeconds(1);
            o.MaxRetries = 0;
        });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<AzureLanguageException>(() => client.DetectLanguageAsync([new AnalysisDocument("n", "Hello.")], Ct));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
        Assert.Contains("did not answer within 1 s (1 attempt)", error.Message, StringComparison.Ordinal);
        Assert.Single(service.Requests);
    }

    [Fact]
    public async Task Each_attempt_has_its_own_timeout_and_a_timed_out_attempt_is_retried()
    {
        await using var service = await FakeLanguageService.StartAsync(_ => Reply.Never);
        // Long enough that each attempt reaches the service even on a busy two-core machine.
        var client = Client(service, o =>
        {
            o.Timeout = TimeSpan.FromSeconds(1);
            o.MaxRetries = 1;
        });

        var error = await Assert.ThrowsAsync<AzureLanguageException>(() => client.ExtractKeyPhrasesAsync([new AnalysisDocument("n", "Hello.")], Ct));

        Assert.Contains("did not answer within 1 s (2 attempts)", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, await RequestCountAsync(service, 2));
    }

    /// <summary>The requests the service has received once <paramref name="expected"/> arrived or 10 s passed (the server records them on its own threads).</summary>
    private static async Task<int> RequestCountAsync(FakeLanguageService service, int expected)
    {
        for (var waited = 0; service.Requests.Count < expected && waited < 10_000; waited += 20)
        {
            await Task.Delay(20, Ct);
        }

        return service.Requests.Count;
    }

    [Fact]
    public async Task An_endpoint_that_refuses_connections_is_a_clear_exception_after_the_retries()
    {
        await using var service = await FakeLanguageService.StartAsync(_ => Reply.Never);
        var client = Client(service, o => o.MaxRetries = 1);
        await service.StopAsync();

        var error = await Assert.ThrowsAsync<AzureLanguageException>(() => client.DetectLanguageAsync([new AnalysisDocument("n", "Hello.")], Ct));

        Assert.StartsWith("Could not reach Azure AI Language at 127.0.0.1 (2 attempts): ", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Status);
    }

    [Fact]
    public async Task A_credential_that_cannot_give_a_token_is_a_clear_exception_before_any_request()
    {
        await using var service = await FakeLanguageService.StartAsync(_ => Reply.Never);

        var error = await Assert.ThrowsAsync<AzureLanguageException>(
            () => Client(service, credential: new FixedTokenCredential { Unavailable = true }).FindEntitiesAsync([new AnalysisDocument("n", "Maria spoke.")], Ct));

        Assert.StartsWith("No Entra ID token for Azure AI Language (No managed identity here.)", error.Message, StringComparison.Ordinal);
        Assert.Empty(service.Requests);
    }

    [Fact]
    public async Task Cancelling_stops_a_request_the_service_has_not_answered()
    {
        await using var service = await FakeLanguageService.StartAsync(_ => Reply.Never);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var call = Client(service).FindEntitiesAsync([new AnalysisDocument("n", "Maria Santos spoke.")], cancel.Token);

        // Cancel once the service holds the request, however long a busy machine took to send it.
        Assert.Equal(1, await RequestCountAsync(service, 1));
        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        // The tests' per-attempt timeout is 5 s: only the cancellation can end it this soon.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"Cancellation took {clock.Elapsed.TotalMilliseconds} ms.");
        Assert.Single(service.Requests);
    }

    [Fact]
    public async Task A_summary_is_an_extractive_summarization_job_polled_until_it_succeeds()
    {
        AnalysisDocument[] documents =
        [
            new("n1", "Agencies want one incident reporting portal. Reports should reach every sector within a day. The portal needs a clear owner.", "en"),
            new("n2", "Small firms lack security staff. Shared playbooks would help them respond."),
            new("n3", " "),
        ];
        IReadOnlyList<SentDocument> submitted = [];
        var polls = 0;
        await using var service = await FakeLanguageService.StartAsync(r =>
        {
            if (r.Method == "POST")
            {
                submitted = r.Documents;
                return Documented.JobAccepted(r.Origin, JobId);
            }

            return Interlocked.Increment(ref polls) == 1
                ? Documented.JobRunning(JobId, new Dictionary<string, string> { ["Retry-After"] = "1" })
                : Documented.JobSucceeded(JobId,
                [
                    Documented.SummaryDocument(submitted[0], ("Agencies want one incident reporting portal.", 0.9), ("The portal needs a clear owner.", 0.4)),
                    Documented.SummaryDocument(submitted[1], ("Shared playbooks would help them respond.", 0.7), ("Small firms lack security staff.", 0.6)),
                ]);
        });

        var summary = await Client(service).SummarizeAsync(documents, 3, Ct);

        Assert.Equal(AzureLanguageClient.EngineName, summary.Engine);
        Assert.Equal(
            [("n1", "Agencies want one incident reporting portal.", 0.9), ("n2", "Shared playbooks would help them respond.", 0.7), ("n2", "Small firms lack security staff.", 0.6)],
            summary.Sentences.Select(s => (s.SourceId, s.Text, s.Rank)));
        Assert.All(summary.Sentences, s => Assert.Equal(s.Text, documents.Single(d => d.Id == s.SourceId).Text.Substring(s.Start, s.Length)));

        Assert.Equal(3, service.Requests.Count);
        var submit = service.Requests[0];
        Assert.Equal(("POST", "/language/analyze-text/jobs", "2024-11-01", Key), (submit.Method, submit.Path, submit.Query["api-version"], submit.Header("Ocp-Apim-Subscription-Key")));
        Assert.Equal(["0", "1"], submit.Documents.Select(d => d.Id));
        Assert.Equal(["en", null], submit.Documents.Select(d => d.Language));
        var task = Assert.Single(submit.Body!.Value.GetProperty("tasks").EnumerateArray());
        Assert.Equal("ExtractiveSummarization", task.GetProperty("kind").GetString());
        var parameters = task.GetProperty("parameters");
        Assert.Equal(3, parameters.GetProperty("sentenceCount").GetInt32());
        Assert.Equal("Rank", parameters.GetProperty("sortBy").GetString());
        Assert.Equal("Utf16CodeUnit", parameters.GetProperty("stringIndexType").GetString());
        Assert.True(parameters.GetProperty("loggingOptOut").GetBoolean());
        foreach (var poll in service.Requests.Skip(1))
        {
            Assert.Equal(("GET", $"/language/analyze-text/jobs/{JobId}", "2024-11-01", Key), (poll.Method, poll.Path, poll.Query["api-version"], poll.Header("Ocp-Apim-Subscription-Key")));
        }

        // The tests' JobPollInterval is 20 ms: a wait of a second is the running job's Retry-After.
        var waited = service.Requests[2].At - service.Requests[1].At;
        Assert.True(waited >= TimeSpan.FromSeconds(0.95), $"The second poll came after {waited.TotalMilliseconds} ms.");
    }

    [Fact]
    public async Task Summaries_of_many_notes_are_split_into_jobs_of_at_most_25_documents()
    {
        var jobs = new ConcurrentDictionary<string, IReadOnlyList<SentDocument>>();
        await using var service = await FakeLanguageService.StartAsync(r =>
        {
            if (r.Method == "POST")
            {
                var id = $"job-{r.Number}";
                jobs[id] = r.Documents;
                return Documented.JobAccepted(r.Origin, id);
            }

            // Each note's only sentence ranks lower the later the note: the best are the first notes.
            return Documented.JobSucceeded(r.Path.Split('/')[^1], [.. jobs[r.Path.Split('/')[^1]].Select(d => Documented.SummaryDocument(d, (d.Text, 1.0 - (int.Parse(d.Id, CultureInfo.InvariantCulture) / 100.0))))]);
        });
        var documents = Enumerable.Range(0, 30).Select(i => new AnalysisDocument($"note-{i}", $"Note {i} says something worth keeping.")).ToList();

        var summary = await Client(service).SummarizeAsync(documents, 4, Ct);

        Assert.Equal([25, 5], service.Requests.Where(r => r.Method == "POST").Select(r => r.Documents.Count));
        Assert.Equal(["note-0", "note-1", "note-2", "note-3"], summary.Sentences.Select(s => s.SourceId));
    }

    [Fact]
    public async Task A_failed_summarization_job_is_an_exception_with_the_service_error()
    {
        await using var service = await FakeLanguageService.StartAsync(r => r.Method == "POST"
            ? Documented.JobAccepted(r.Origin, JobId)
            : Documented.JobFailed(JobId, "InvalidRequest", "Job task parameter value 'sentenceCount' is not supported."));

        var error = await Assert.ThrowsAsync<AzureLanguageException>(() => Client(service).SummarizeAsync([new AnalysisDocument("n", "A note to summarize.")], 2, Ct));

        Assert.Equal("Azure AI Language's summarization job failed: InvalidRequest: Job task parameter value 'sentenceCount' is not supported.", error.Message);
        Assert.Equal("InvalidRequest", error.ErrorCode);
        Assert.Equal(2, service.Requests.Count);
    }

    [Fact]
    public async Task A_summarization_job_that_never_finishes_stops_at_the_job_timeout()
    {
        await using var service = await FakeLanguageService.StartAsync(r => r.Method == "POST" ? Documented.JobAccepted(r.Origin, JobId) : Documented.JobRunning(JobId));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<AzureLanguageException>(
            () => Client(service, o => o.JobTimeout = TimeSpan.FromMilliseconds(300)).SummarizeAsync([new AnalysisDocument("n", "A note.")], 2, Ct));

        Assert.Contains("did not finish the summary within 0.3 s", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"The summary gave up after {clock.Elapsed.TotalMilliseconds} ms.");
        Assert.True(service.Requests.Count > 2, "The job was polled more than once before giving up.");
    }

    [Fact]
    public async Task Cancelling_a_summary_stops_polling_its_job()
    {
        await using var service = await FakeLanguageService.StartAsync(r => r.Method == "POST" ? Documented.JobAccepted(r.Origin, JobId) : Documented.JobRunning(JobId));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client(service).SummarizeAsync([new AnalysisDocument("n", "A note.")], 2, cancel.Token));

        // A poll already on the wire when the token fired may still reach the server; after that, none should (polls are 20 ms apart).
        await Task.Delay(50, Ct);
        var polls = service.Requests.Count;
        await Task.Delay(200, Ct);
        Assert.Equal(polls, service.Requests.Count);
    }

    [Fact]
    public async Task Documents_refused_by_a_summary_are_listed_and_a_summary_of_only_refused_documents_is_an_exception()
    {
        var refuseAll = false;
        await using var service = await FakeLanguageService.StartAsync(r => r.Method == "POST"
            ? Documented.JobAccepted(r.Origin, JobId)
            : Documented.JobSucceeded(
                JobId,
                refuseAll ? [] : [Documented.SummaryDocument(new SentDocument("0", "Agencies want one portal.", default), ("Agencies want one portal.", 0.8))],
                refuseAll
                    ? [Documented.DocumentError("0", "InvalidDocument", "Document text is too long."), Documented.DocumentError("1", "InvalidDocument", "Document text is too long.")]
                    : [Documented.DocumentError("1", "UnsupportedLanguageCode", "Invalid language code 'xx'.")]));
        AnalysisDocument[] documents = [new("n1", "Agencies want one portal."), new("n2", "Ceci est une note.", "xx")];
        var client = Client(service);

        var (summary, errors) = await client.SummarizeWithErrorsAsync(documents, 2, Ct);

        Assert.Equal(["n1"], summary.Sentences.Select(s => s.SourceId));
        Assert.Equal([new AnalysisError("n2", "UnsupportedLanguageCode", "Invalid language code 'xx'.")], errors);
        Assert.Single((await client.SummarizeAsync(documents, 2, Ct)).Sentences);

        refuseAll = true;
        var error = await Assert.ThrowsAsync<AzureLanguageException>(() => client.SummarizeAsync(documents, 2, Ct));
        Assert.Equal(["n1", "n2"], error.DocumentErrors.Select(e => e.Id));
        Assert.Equal("InvalidDocument", error.ErrorCode);
    }

    [Fact]
    public async Task A_job_location_on_another_host_is_refused_and_never_called()
    {
        await using var service = await FakeLanguageService.StartAsync(_ => new Reply(
            202, Headers: new Dictionary<string, string> { ["Operation-Location"] = $"https://elsewhere.example/language/analyze-text/jobs/{JobId}?api-version=2024-11-01" }));

        var error = await Assert.ThrowsAsync<AzureLanguageException>(() => Client(service).SummarizeAsync([new AnalysisDocument("n", "A note.")], 2, Ct));

        Assert.Contains("the Operation-Location 'https://elsewhere.example' is not on the configured endpoint", error.Message, StringComparison.Ordinal);
        Assert.Single(service.Requests);
    }

    [Fact]
    public async Task Entra_id_sends_the_credentials_bearer_token_for_the_cognitive_services_scope()
    {
        await using var service = await FakeLanguageService.StartAsync(r => Documented.LanguageDetection(r, _ => ("en", "English", 1.0)));
        var credential = new FixedTokenCredential();

        await Client(service, credential: credential).DetectLanguageAsync([new AnalysisDocument("n", "Hello, delegates.")], Ct);

        var request = Assert.Single(service.Requests);
        Assert.Equal("Bearer test-token", request.Header("Authorization"));
        Assert.Null(request.Header("Ocp-Apim-Subscription-Key"));
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], Assert.Single(credential.Scopes));
    }

    [Fact]
    public async Task Theme_suggestions_are_not_supported_and_the_message_says_where_they_come_from()
    {
        var client = AzureLanguageClient.Create(new AzureLanguageOptions { Endpoint = RealEndpoint, Key = Key });

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => client.SuggestThemesAsync([new AnalysisDocument("n", "A note.")], ThemeTaxonomy.Default, Ct));

        Assert.Contains("theme suggestions come from the local engine", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RealEndpoint, null)]
    [InlineData(RealEndpoint, "a-resource-key")]
    [InlineData("https://westeurope.api.cognitive.microsoft.com/", "a-resource-key")]
    public void A_complete_configuration_is_accepted(string endpoint, string? key) =>
        Assert.Empty(Failures(new AzureLanguageOptions { Endpoint = endpoint, Key = key }));

    [Theory]
    [InlineData(null, null, "Analysis:Azure:Endpoint is required")]
    [InlineData("my-language.cognitiveservices.azure.com", null, "Analysis:Azure:Endpoint must be an absolute https URL")]
    [InlineData("http://my-language.cognitiveservices.azure.com/", null, "Analysis:Azure:Endpoint must be an absolute https URL")]
    [InlineData("https://my-language.cognitiveservices.azure.com/language/", null, "without a path or query")]
    [InlineData("https://westeurope.api.cognitive.microsoft.com/", null, "Entra ID sign-in needs the resource's custom subdomain")]
    [InlineData(RealEndpoint, " ", "Analysis:Azure:Key is set but empty")]
    public void Wrong_settings_are_named(string? endpoint, string? key, string expected) =>
        Assert.Contains(Failures(new AzureLanguageOptions { Endpoint = endpoint, Key = key }), f => f.Contains(expected, StringComparison.Ordinal));

    [Fact]
    public void Version_timeouts_and_retries_are_checked()
    {
        var failures = Failures(new AzureLanguageOptions
        {
            Endpoint = RealEndpoint,
            ApiVersion = "latest",
            Timeout = TimeSpan.Zero,
            MaxRetries = 11,
            RetryDelay = TimeSpan.Zero,
            JobPollInterval = TimeSpan.FromMinutes(2),
            JobTimeout = TimeSpan.Zero,
        });

        Assert.Equal(
            ["Analysis:Azure:ApiVersion", "Analysis:Azure:Timeout", "Analysis:Azure:MaxRetries", "Analysis:Azure:RetryDelay", "Analysis:Azure:JobPollInterval", "Analysis:Azure:JobTimeout"],
            failures.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)]));
    }

    [Fact]
    public void Create_refuses_invalid_options_and_a_key_together_with_a_credential()
    {
        var invalid = Assert.Throws<OptionsValidationException>(() => AzureLanguageClient.Create(new AzureLanguageOptions { Endpoint = "http://my-language.cognitiveservices.azure.com/" }));
        Assert.Contains("must be an absolute https URL", invalid.Message, StringComparison.Ordinal);

        var both = Assert.Throws<ArgumentException>(() => AzureLanguageClient.Create(new AzureLanguageOptions { Endpoint = RealEndpoint, Key = Key }, new FixedTokenCredential()));
        Assert.Contains("use one of them", both.Message, StringComparison.Ordinal);
    }

    private static AzureLanguageClient Client(FakeLanguageService service, Action<AzureLanguageOptions>? configure = null, TokenCredential? credential = null)
    {
        var options = new AzureLanguageOptions
        {
            Endpoint = service.Endpoint.ToString(),
            Key = credential is null ? Key : null,
            Timeout = TimeSpan.FromSeconds(5),
            RetryDelay = TimeSpan.FromMilliseconds(10),
            JobPollInterval = TimeSpan.FromMilliseconds(20),
        };
        configure?.Invoke(options);
        return AzureLanguageClient.Create(options, credential, service.Transport);
    }

    private static void AssertAnalyzeText(RecordedRequest request, string kind)
    {
        Assert.Equal("POST", request.Method);
        Assert.Equal("/language/:analyze-text", request.Path);
        Assert.Equal("2024-11-01", request.Query["api-version"]);
        Assert.Equal(Key, request.Header("Ocp-Apim-Subscription-Key"));
        Assert.Null(request.Header("Authorization"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal(kind, request.Kind);
        Assert.True(request.Parameters.GetProperty("loggingOptOut").GetBoolean());
    }

    private static List<string> Failures(AzureLanguageOptions options) =>
        [.. new AzureLanguageOptionsValidator().Validate(null, options).Failures ?? []];

    /// <summary>Stands in for DefaultAzureCredential: a fixed token, and the scopes it was asked for.</summary>
    private sealed class FixedTokenCredential : TokenCredential
    {
        public ConcurrentQueue<string[]> Scopes { get; } = new();

        /// <summary>Fail as DefaultAzureCredential does where no identity is available.</summary>
        public bool Unavailable { get; init; }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.Enqueue(requestContext.Scopes);
            return Unavailable
                ? throw new CredentialUnavailableException("No managed identity here.")
                : new AccessToken("test-token", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
