using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Consultations.Core.Domain;
using Consultations.Infrastructure.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Consultations.Cli.Tests;

public sealed class AnalyzeCommandTests : IDisposable
{
    private const string StandardsNote =
        "Participants from industry said the national baseline should map to ISO/IEC 27001 and the NIST CSF, so that certification for SMEs "
        + "and critical suppliers does not mean two audits. Regulators asked for a conformity assessment scheme with accredited auditors.";

    private const string InclusionNote =
        "Civil society speakers stressed that women and young people from rural provinces rarely enter cybersecurity careers. They called for "
        + "scholarships, mentoring and awareness campaigns in local languages, and for accessible training for people with disabilities.";

    private const string SharingNote =
        "The national CERT described how incident reports from banks reach it by e-mail, days late. Operators asked for a trusted platform to "
        + "share threat intelligence and indicators, with clear points of contact and a notification deadline after a breach.";

    private const string CollaborationNote =
        "Delegates favoured regional cooperation through ASEAN, including joint exercises with neighbouring countries and mutual legal "
        + "assistance for cross-border investigations, supported by development partners.";

    private static readonly string[] Notes = [StandardsNote, InclusionNote, SharingNote, CollaborationNote];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "consultations-cli-tests", Guid.NewGuid().ToString("N"));

    public AnalyzeCommandTests() => Directory.CreateDirectory(_directory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Prints_one_line_per_text_with_exactly_id_language_themes_and_key_phrases()
    {
        var batch = await WriteAsync("in.jsonl", string.Join("\n", Notes.Select((text, i) => new JsonObject { ["id"] = $"n{i}", ["text"] = text }.ToJsonString())));

        var (code, output, error) = await RunAsync(null, "analyze", "--batch", batch);

        Assert.Equal(0, code);
        Assert.Empty(error);
        var keys = ThemeTaxonomy.Default.Themes.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var results = Lines(output).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(Notes.Length, results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            Assert.Equal(["id", "language", "themes", "key_phrases"], result.Select(p => p.Key));
            Assert.Equal($"n{i}", result["id"]!.GetValue<string>());
            Assert.Equal(JsonValueKind.String, result["language"]!.GetValueKind());

            var themes = result["themes"]!.AsArray().Select(t => t!.AsObject()).ToList();
            Assert.NotEmpty(themes);
            foreach (var theme in themes)
            {
                Assert.Equal(["theme", "score"], theme.Select(p => p.Key));
                Assert.Contains(theme["theme"]!.GetValue<string>(), keys);
                var score = theme["score"]!.GetValue<double>();
                Assert.InRange(score, 0.0, 1.0);
                Assert.Equal(Math.Round(score, 4), score);
            }

            var scores = themes.Select(t => t["score"]!.GetValue<double>()).ToList();
            Assert.Equal(scores.OrderDescending(), scores);
            Assert.Equal(themes.Count, themes.Select(t => t["theme"]!.GetValue<string>()).Distinct(StringComparer.Ordinal).Count());

            var phrases = result["key_phrases"]!.AsArray();
            Assert.InRange(phrases.Count, 1, 5);
            Assert.All(phrases, p => Assert.Equal(JsonValueKind.String, p!.GetValueKind()));
        }
    }

    [Fact]
    public async Task Writes_one_line_per_input_line_in_input_order_with_ids_as_given()
    {
        // More lines than the command analyses at a time, so a chunk boundary or any reordering would show.
        var lines = Enumerable.Range(0, 600).Select(i => new JsonObject { ["id"] = i, ["text"] = Notes[i % Notes.Length] }.ToJsonString()).ToList();
        lines.Insert(300, "   ");
        lines.Add("""{"text": "no id here"}""");
        var batch = await WriteAsync("in.jsonl", string.Join("\n", lines) + "\n");

        var (code, output, error) = await RunAsync(null, "analyze", "--batch", batch);

        Assert.Equal(0, code);
        Assert.Empty(error);
        var results = Lines(output).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(601, results.Count);
        string[] best = ["technical-standards", "inclusion", "information-sharing", "international-collaboration"];
        for (var i = 0; i < 600; i++)
        {
            Assert.Equal(i, results[i]["id"]!.GetValue<int>());
            Assert.Equal(best[i % best.Length], results[i]["themes"]![0]!["theme"]!.GetValue<string>());
        }

        Assert.True(results[600].AsObject().ContainsKey("id"));
        Assert.Null(results[600]["id"]);
    }

    [Fact]
    public async Task English_notes_are_detected_as_english()
    {
        var batch = await WriteAsync("in.jsonl", string.Join("\n", Notes.Select(text => new JsonObject { ["text"] = text }.ToJsonString())));

        var (_, output, _) = await RunAsync(null, "analyze", "--batch", batch);

        Assert.All(Lines(output), line => Assert.Equal("en", JsonNode.Parse(line)!["language"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(StandardsNote, "technical-standards")]
    [InlineData(InclusionNote, "inclusion")]
    [InlineData(SharingNote, "information-sharing")]
    [InlineData(CollaborationNote, "international-collaboration")]
    public async Task The_best_theme_is_the_one_the_note_is_about(string text, string theme)
    {
        var batch = await WriteAsync("in.jsonl", string.Join("\n", Notes.Select((t, i) => new JsonObject { ["id"] = i, ["text"] = t }.ToJsonString())));

        var (_, output, _) = await RunAsync(null, "analyze", "--batch", batch);

        var result = Lines(output).Select(l => JsonNode.Parse(l)!).Single(r => Notes[r["id"]!.GetValue<int>()] == text);
        Assert.Equal(theme, result["themes"]![0]!["theme"]!.GetValue<string>());
    }

    [Fact]
    public async Task Key_phrases_are_pieces_of_the_text()
    {
        var batch = await WriteAsync("in.jsonl", string.Join("\n", Notes.Select((text, i) => new JsonObject { ["id"] = i, ["text"] = text }.ToJsonString())));

        var (_, output, _) = await RunAsync(null, "analyze", "--batch", batch);

        foreach (var result in Lines(output).Select(l => JsonNode.Parse(l)!))
        {
            var text = Notes[result["id"]!.GetValue<int>()];
            var phrases = result["key_phrases"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
            Assert.NotEmpty(phrases);
            Assert.All(phrases, phrase => Assert.Contains(phrase, text, StringComparison.Ordinal));
        }

        var standards = Lines(output).Select(l => JsonNode.Parse(l)!).Single(r => r["id"]!.GetValue<int>() == 0);
        Assert.Contains("ISO/IEC 27001", standards["key_phrases"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public async Task Key_phrases_are_ranked_against_the_whole_batch()
    {
        const string Text = "Coordinated vulnerability disclosure, and national cyber resilience plans.";
        var alone = await WriteAsync("note.txt", Text);
        var lines = Enumerable.Range(0, 10)
            .Select(i => new JsonObject { ["id"] = i, ["text"] = "Each country presented its national cyber resilience plans and their budget." }.ToJsonString())
            .Append(new JsonObject { ["id"] = "target", ["text"] = Text }.ToJsonString());
        var batch = await WriteAsync("in.jsonl", string.Join("\n", lines));

        var (_, single, _) = await RunAsync(null, "analyze", "--text-file", alone);
        var (_, batched, _) = await RunAsync(null, "analyze", "--batch", batch);

        // Alone the longer phrase wins; in a batch where every note says it, the distinctive one does.
        Assert.Equal("national cyber resilience plans", FirstPhrase(Assert.Single(Lines(single))));
        Assert.Equal("Coordinated vulnerability disclosure", FirstPhrase(Lines(batched)[^1]));

        static string FirstPhrase(string line) => JsonNode.Parse(line)!["key_phrases"]![0]!.GetValue<string>();
    }

    [Fact]
    public async Task A_batch_of_dash_reads_json_lines_from_standard_input_with_the_same_results_as_a_file()
    {
        var content = "\uFEFF" + string.Join("\n", Notes.Select((text, i) => new JsonObject { ["id"] = $"s{i}", ["text"] = text }.ToJsonString())) + "\n";
        var batch = await WriteAsync("in.jsonl", content);

        var (code, fromStdin, error) = await RunAsync(new StringReader(content), "analyze", "--batch", "-");
        var (_, fromFile, _) = await RunAsync(null, "analyze", "--batch", batch);

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Equal("s0, s1, s2, s3", string.Join(", ", Lines(fromStdin).Select(l => JsonNode.Parse(l)!["id"]!.GetValue<string>())));
        Assert.Equal(fromFile, fromStdin);
    }

    [Fact]
    public async Task A_text_file_is_one_text_with_a_null_id()
    {
        var text = await WriteAsync("note.txt", StandardsNote + "\n");

        var (code, output, error) = await RunAsync(null, "analyze", "--text-file", text);

        Assert.Equal(0, code);
        Assert.Empty(error);
        var result = JsonNode.Parse(Assert.Single(Lines(output)))!.AsObject();
        Assert.Equal(["id", "language", "themes", "key_phrases"], result.Select(p => p.Key));
        Assert.Null(result["id"]);
        Assert.Equal("en", result["language"]!.GetValue<string>());
        Assert.Equal("technical-standards", result["themes"]![0]!["theme"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_batch_or_text_file_the_whole_of_standard_input_is_one_text()
    {
        var (code, output, _) = await RunAsync(new StringReader("\uFEFF" + InclusionNote.Replace(". ", ".\n\n", StringComparison.Ordinal)), "analyze");

        Assert.Equal(0, code);
        var result = JsonNode.Parse(Assert.Single(Lines(output)))!;
        Assert.Null(result["id"]);
        Assert.Equal("inclusion", result["themes"]![0]!["theme"]!.GetValue<string>());
    }

    [Fact]
    public async Task Keeps_non_ascii_text_readable_in_the_output()
    {
        var (_, output, _) = await RunAsync(new StringReader("The Đà Nẵng workshop reviewed certification costs."), "analyze");

        Assert.Contains("\"Đà Nẵng workshop", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_without_words_has_no_themes_and_no_key_phrases()
    {
        var batch = await WriteAsync("in.jsonl", """{"id": 1, "text": ""}""" + "\n" + """{"id": 2, "text": "— 2023 —"}""");

        var (code, output, _) = await RunAsync(null, "analyze", "--batch", batch);

        Assert.Equal(0, code);
        Assert.All(Lines(output), line =>
        {
            var result = JsonNode.Parse(line)!;
            Assert.Empty(result["themes"]!.AsArray());
            Assert.Empty(result["key_phrases"]!.AsArray());
        });
    }

    public static TheoryData<string, string> BadBatches => new()
    {
        // batch file content, expected message (after "Could not analyse: ")
        { "{\"id\": 1, \"text\": \"ok\"}\n[\"Thu Hằng\", \"an array\"]\n", "line 2 of {batch} is an array, not a JSON object with a \"text\"." },
        { "{\"id\": 1, \"text\": \"ok\"}\n\n{\"id\": 2, \"body\": \"Thu Hằng said so.\"}\n", "line 3 of {batch} has no \"text\"." },
        { "{\"id\": 1, \"text\": 42}\n", "line 1 of {batch}: \"text\" is a number, not a string." },
        { "{\"id\": 1, \"text\": \"ok\"}\n{\"id\": 2, \"text\": \"Thu Hằng said so}\n", "line 2 of {batch} is not valid JSON" },
        { "{\"id\": 1, \"text\": \"Thu Hằng \\ud800\"}\n", "line 1 of {batch}: \"text\" holds an invalid \\u escape (a lone surrogate)." },
    };

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task A_bad_batch_line_fails_with_its_line_number_and_prints_nothing(string content, string message)
    {
        var batch = await WriteAsync("in.jsonl", content);

        var (code, output, error) = await RunAsync(null, "analyze", "--batch", batch);
        var (stdinCode, stdinOutput, stdinError) = await RunAsync(new StringReader(content), "analyze", "--batch", "-");

        Assert.Equal(1, code);
        Assert.Empty(output);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith("Could not analyse: " + message.Replace("{batch}", batch, StringComparison.Ordinal), line, StringComparison.Ordinal);
        Assert.DoesNotContain("Hằng", line, StringComparison.Ordinal);
        Assert.Equal(1, stdinCode);
        Assert.Empty(stdinOutput);
        Assert.StartsWith("Could not analyse: " + message.Replace("{batch}", "standard input", StringComparison.Ordinal), Assert.Single(Lines(stdinError)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--batch", "the batch file {path} does not exist.")]
    [InlineData("--text-file", "the text file {path} does not exist.")]
    public async Task A_missing_file_fails_with_a_one_line_message(string option, string message)
    {
        var missing = Path.Combine(_directory, "missing.txt");

        var (code, output, error) = await RunAsync(new StringReader("text"), "analyze", option, missing);

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Equal("Could not analyse: " + message.Replace("{path}", missing, StringComparison.Ordinal), Assert.Single(Lines(error)));
    }

    [Fact]
    public async Task Batch_and_text_file_together_are_refused()
    {
        var (code, _, error) = await RunAsync(null, "analyze", "--batch", "a.jsonl", "--text-file", "b.txt");

        Assert.Equal(1, code);
        Assert.Contains("Give either --batch or --text-file, not both.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_azure_configured_language_and_key_phrases_come_from_the_service_and_themes_stay_local()
    {
        var service = new FakeLanguageService();
        var batch = await WriteAsync("in.jsonl", $$"""
            {"id": "a", "text": {{JsonSerializer.Serialize(StandardsNote)}}}
            {"id": "b", "text": {{JsonSerializer.Serialize(InclusionNote)}}}
            """);

        var (code, output, error) = await RunWithAzureAsync(service, null, "analyze", "--batch", batch);

        Assert.Equal(0, code);
        Assert.Empty(error);
        var results = Lines(output).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(["id", "language", "themes", "key_phrases"], results[0].Select(p => p.Key));
        Assert.Equal(["fr", "fr"], results.Select(r => r["language"]!.GetValue<string>()));
        Assert.Equal(["azure phrase 0", "azure phrase 1"], results.Select(r => r["key_phrases"]![0]!.GetValue<string>()));
        Assert.Equal(["technical-standards", "inclusion"], results.Select(r => r["themes"]![0]!["theme"]!.GetValue<string>()));

        // The detected language goes with the texts to key phrase extraction; notes never go to the service's logs.
        Assert.Equal(["LanguageDetection", "KeyPhraseExtraction"], service.Requests.Select(r => r.Kind));
        Assert.Equal(["fr", "fr"], service.Requests[1].Languages);
        Assert.All(service.Requests, r => Assert.True(r.LoggingOptOut));
    }

    [Fact]
    public async Task A_text_the_service_refuses_is_analysed_locally_and_said_on_standard_error()
    {
        var service = new FakeLanguageService();
        var batch = await WriteAsync("in.jsonl", $$"""
            {"id": "a", "text": {{JsonSerializer.Serialize(StandardsNote)}}}
            {"id": "b", "text": {{JsonSerializer.Serialize(FakeLanguageService.Refused + InclusionNote)}}}
            """);

        var (code, output, error) = await RunWithAzureAsync(service, null, "analyze", "--batch", batch);

        Assert.Equal(0, code);
        var results = Lines(output).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal("fr", results[0]["language"]!.GetValue<string>());
        Assert.Equal("en", results[1]["language"]!.GetValue<string>());
        Assert.All(results[1]["key_phrases"]!.AsArray(), p => Assert.Contains(p!.GetValue<string>(), InclusionNote, StringComparison.Ordinal));
        var line = Assert.Single(Lines(error));
        Assert.Contains("Azure AI Language did not analyse 1 of 2 texts (InvalidDocument: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("rural", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_service_fails_the_local_engine_answers_and_it_is_said_on_standard_error()
    {
        var service = new FakeLanguageService { Down = true };

        var (code, output, error) = await RunWithAzureAsync(service, new StringReader(StandardsNote), "analyze");

        Assert.Equal(0, code);
        var result = JsonNode.Parse(Assert.Single(Lines(output)))!;
        Assert.Equal("en", result["language"]!.GetValue<string>());
        Assert.Contains("ISO/IEC 27001", result["key_phrases"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.StartsWith("Azure AI Language did not analyse 1 of 1 texts (AzureLanguageException: Azure AI Language answered 503", Assert.Single(Lines(error)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Endpoint", "http://language.example/", "Could not analyse: Analysis:Azure:Endpoint must be an absolute https URL")]
    [InlineData("Timeout", "soon", "Could not analyse: Failed to convert configuration value")]
    public async Task Invalid_azure_settings_fail_with_the_setting_to_fix(string setting, string value, string message)
    {
        var (code, output, error) = await RunWithAzureAsync(new FakeLanguageService(), new StringReader(StandardsNote), "analyze", setting: (setting, value));

        Assert.Equal(1, code);
        Assert.Empty(output);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith(message, line, StringComparison.Ordinal);
        Assert.Contains($"Analysis:Azure:{setting}", line, StringComparison.Ordinal);
    }

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        await File.WriteAllTextAsync(path, content, Ct);
        return path;
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static async Task<(int Code, string Output, string Error)> RunWithAzureAsync(
        FakeLanguageService service, TextReader? input, string command, string[]? args = null, (string Name, string Value)? setting = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Analysis:Azure:Endpoint"] = "https://language.example.cognitiveservices.azure.com/",
            ["Analysis:Azure:Key"] = "test-key",
            ["Analysis:Azure:MaxRetries"] = "0",
        };
        if (setting is var (name, value))
        {
            configuration[$"Analysis:Azure:{name}"] = value;
        }

        // The CLI's hosts get these settings, and carry Azure AI Language's requests to the fake service.
        using var transport = new HttpClientTransport(service);
        return await RunAsync(input, [command, .. args ?? []], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Services.AddKeyedSingleton<HttpPipelineTransport>(AzureLanguageServiceExtensions.TransportKey, transport);
        });
    }

    private static Task<(int Code, string Output, string Error)> RunWithAzureAsync(FakeLanguageService service, TextReader? input, params string[] args) =>
        RunWithAzureAsync(service, input, args[0], args[1..]);

    private static Task<(int Code, string Output, string Error)> RunAsync(TextReader? input, params string[] args) => RunAsync(input, args, configureHost: null);

    private static async Task<(int Code, string Output, string Error)> RunAsync(TextReader? input, string[] args, Action<IHostApplicationBuilder>? configureHost)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.Run(args, output, error, input ?? new StringReader(string.Empty), configureHost);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Azure AI Language's analyze-text API in memory: every text is French, its key phrase is "azure phrase" and its
    /// request id; a text starting with <see cref="Refused"/> is refused, and when <see cref="Down"/> every call is a 503.
    /// </summary>
    private sealed class FakeLanguageService : HttpMessageHandler
    {
        public const string Refused = "[refuse] ";

        public bool Down { get; init; }

        public List<(string Kind, List<string?> Languages, bool LoggingOptOut)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Down)
            {
                return new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable)
                {
                    Content = new StringContent("""{"error": {"code": "ServiceUnavailable", "message": "Try again later."}}""", System.Text.Encoding.UTF8, "application/json"),
                };
            }

            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            var kind = body["kind"]!.GetValue<string>();
            var documents = body["analysisInput"]!["documents"]!.AsArray().Select(d => d!).ToList();
            lock (Requests)
            {
                Requests.Add((kind, [.. documents.Select(d => d["language"]?.GetValue<string>())], body["parameters"]?["loggingOptOut"]?.GetValue<bool>() == true));
            }

            var results = new JsonArray();
            var errors = new JsonArray();
            foreach (var document in documents)
            {
                var id = document["id"]!.GetValue<string>();
                if (document["text"]!.GetValue<string>().StartsWith(Refused, StringComparison.Ordinal))
                {
                    errors.Add(new JsonObject
                    {
                        ["id"] = id,
                        ["error"] = JsonNode.Parse("""{"code": "InvalidArgument", "message": "Invalid document in request.", "innererror": {"code": "InvalidDocument", "message": "Document text is not valid."}}"""),
                    });
                }
                else
                {
                    results.Add(kind == "LanguageDetection"
                        ? JsonNode.Parse($$"""{"id": "{{id}}", "detectedLanguage": {"name": "French", "iso6391Name": "fr", "confidenceScore": 0.99}, "warnings": []}""")
                        : JsonNode.Parse($$"""{"id": "{{id}}", "keyPhrases": ["azure phrase {{id}}"], "warnings": []}"""));
                }
            }

            var answer = new JsonObject
            {
                ["kind"] = kind + "Results",
                ["results"] = new JsonObject { ["documents"] = results, ["errors"] = errors, ["modelVersion"] = "2024-11-01" },
            };
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent(answer.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
            };
        }
    }
}
