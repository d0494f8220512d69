using System.Text.Json;
using System.Text.Json.Nodes;

namespace Consultations.Cli.Tests;

public sealed class GuardCommandTests : IDisposable
{
    private const string Register = """
        name,organisation,stakeholder_group,role
        Phạm Thu Hằng,Ministry of Information and Communications (MIC),government,Director
        Antonio Reyes,PLDT,telecoms,
        Ana Maria Delos Santos,Department of Information and Communications Technology (DICT),government,
        Joy Faith Lim,EngageMedia,civil-society,
        Nurul Izzah binti Hassan,Universiti Malaya,academia,
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "consultations-cli-tests", Guid.NewGuid().ToString("N"));

    public GuardCommandTests()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(RegisterPath, Register);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string RegisterPath => Path.Combine(_directory, "register.csv");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string, string?, string> IssueExamples => new()
    {
        // text, session_groups (JSON or null), expected findings (JSON)
        {
            "Thu Hằng said the ministry would consult.", null,
            """[{"kind": "participant", "severity": "block", "start": 0, "length": 8, "text": "Thu Hằng", "suggestion": "a participant"}]"""
        },
        {
            "We heard Reyes's view on peering.", null,
            """[{"kind": "participant", "severity": "block", "start": 9, "length": 5, "text": "Reyes", "suggestion": "a participant"}]"""
        },
        {
            "the DICT should lead", null,
            """[{"kind": "organisation", "severity": "block", "start": 4, "length": 4, "text": "DICT", "suggestion": "an organisation"}]"""
        },
        { "we need faith and joy in the process", null, "[]" },
        {
            "PHAM THU HANG raised standards.", null,
            """[{"kind": "participant", "severity": "block", "start": 0, "length": 13, "text": "PHAM THU HANG", "suggestion": "a participant"}]"""
        },
        {
            "Dr Nurul emphasised training.", null,
            """[{"kind": "participant", "severity": "block", "start": 0, "length": 8, "text": "Dr Nurul", "suggestion": "a participant"}]"""
        },
        {
            "email a.reyes@pldt.example for the slides", null,
            """[{"kind": "contact", "severity": "block", "start": 6, "length": 20, "text": "a.reyes@pldt.example", "suggestion": "[e-mail address]"}]"""
        },
        {
            "A civil society participant argued for open data.", """{"civil-society": 1}""",
            """[{"kind": "small-group", "severity": "block", "start": 0, "length": 27, "text": "A civil society participant", "suggestion": "a participant"}]"""
        },
        { "A civil society participant argued for open data.", """{"civil-society": 4}""", "[]" },
    };

    [Theory]
    [MemberData(nameof(IssueExamples))]
    public async Task Prints_the_findings_of_each_text_as_one_json_line(string text, string? sessionGroups, string expectedFindings)
    {
        var line = new JsonObject { ["id"] = "n1", ["text"] = text };
        if (sessionGroups is not null)
        {
            line["session_groups"] = JsonNode.Parse(sessionGroups);
        }

        var batch = await WriteAsync("in.jsonl", line.ToJsonString());

        var (code, output, error) = await RunAsync(null, "guard", "--register", RegisterPath, "--batch", batch);

        Assert.Equal(0, code);
        Assert.Empty(error);
        var result = JsonNode.Parse(Assert.Single(Lines(output)));
        var expected = JsonNode.Parse($$"""{"id": "n1", "findings": {{expectedFindings}}}""");
        Assert.True(JsonNode.DeepEquals(expected, result), $"expected {expected!.ToJsonString()}\nactual   {result!.ToJsonString()}");
    }

    private static readonly string[] MentionTexts =
    [
        "Hope noted the delay.", "Maxis's view was clear.", "Data was shared with Smart.", "The Undersecretary agreed.",
        "The Chief Information Security Officer disagreed.", "We need smart regulation.", "Grace periods help.", "Hope remained.",
    ];

    [Fact]
    public async Task Flags_people_the_way_rapporteurs_mention_them_and_stays_quiet_on_ordinary_words()
    {
        var register = await WriteAsync("mentions.csv", """
            name,organisation,stakeholder_group,role
            Hope Villanueva,Maxis Broadband Sdn Bhd,telecoms,Chief Information Security Officer
            Grace Santos,Smart Communications Inc.,telecoms,Undersecretary
            """);
        var batch = await WriteAsync("in.jsonl", string.Join("\n", MentionTexts.Select((text, i) => new JsonObject { ["id"] = i, ["text"] = text }.ToJsonString())));

        var (code, output, error) = await RunAsync(null, "guard", "--register", register, "--batch", batch);

        Assert.Equal(0, code);
        Assert.Empty(error);
        var found = Lines(output).Select(l => JsonNode.Parse(l)!["findings"]!.AsArray()
            .Select(f => $"{f!["kind"]!.GetValue<string>()}/{f["severity"]!.GetValue<string>()}:{f["text"]!.GetValue<string>()}").ToList()).ToList();
        Assert.Equal(
            [
                ["participant/block:Hope"], ["organisation/block:Maxis"], ["organisation/warn:Smart"], ["role/warn:Undersecretary"],
                ["role/warn:Chief Information Security Officer"], [], [], [],
            ],
            found);
    }

    [Fact]
    public async Task Writes_one_line_per_input_line_in_input_order_with_ids_as_given()
    {
        // Enough lines that any buffering or reordering would show.
        var texts = new[] { "Thu Hằng said so.", "Nothing to see.", "Ask PLDT.", "Mail a.reyes@pldt.example now." };
        var lines = Enumerable.Range(0, 600).Select(i => new JsonObject { ["id"] = i, ["text"] = texts[i % texts.Length] }.ToJsonString()).ToList();
        lines.Insert(300, "   ");
        lines.Add("""{"text": "no id here"}""");
        var batch = await WriteAsync("in.jsonl", string.Join("\n", lines) + "\n");

        var (code, output, error) = await RunAsync(null, "guard", "--register", RegisterPath, "--batch", batch);

        Assert.Equal(0, code);
        Assert.Empty(error);
        var results = Lines(output).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(601, results.Count);
        for (var i = 0; i < 600; i++)
        {
            Assert.Equal(i, results[i]["id"]!.GetValue<int>());
            var kinds = results[i]["findings"]!.AsArray().Select(f => f!["kind"]!.GetValue<string>()).ToList();
            string[] expected = (i % texts.Length) switch { 0 => ["participant"], 1 => [], 2 => ["organisation"], _ => ["contact"] };
            Assert.Equal(expected, kinds);
        }

        Assert.Equal(JsonValueKind.Null, results[600]["id"]?.GetValueKind() ?? JsonValueKind.Null);
        Assert.True(results[600].AsObject().ContainsKey("id"));
    }

    [Fact]
    public async Task Keeps_non_ascii_text_readable_in_the_output()
    {
        var (_, output, _) = await RunAsync(new StringReader("Chị Hằng disagreed."), "guard", "--register", RegisterPath);

        Assert.Contains("\"text\":\"Chị Hằng\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_session_groups_the_register_counts_apply_and_unknown_groups_just_count()
    {
        var batch = await WriteAsync("in.jsonl", """
            {"id": "register", "text": "A civil society participant argued."}
            {"id": "unknown", "text": "A civil society participant argued.", "session_groups": {"civil-society": 3, "pirates": 1}}
            {"id": "null", "text": "A civil society participant argued.", "session_groups": null}
            """);

        var (code, output, _) = await RunAsync(null, "guard", "--register", RegisterPath, "--batch", batch);

        Assert.Equal(0, code);
        var results = Lines(output).Select(l => JsonNode.Parse(l)!["findings"]!.AsArray()).ToList();
        Assert.Equal("small-group", Assert.Single(results[0])!["kind"]!.GetValue<string>());
        Assert.Empty(results[1]);
        Assert.Single(results[2]);
    }

    [Fact]
    public async Task The_k_option_sets_the_small_group_threshold()
    {
        var text = await WriteAsync("note.txt", "Thu Hằng said a civil society participant agreed.");

        var (_, atTwo, _) = await RunAsync(null, "guard", "--register", RegisterPath, "--text-file", text, "--k", "2");
        var (_, atOne, _) = await RunAsync(null, "guard", "--register", RegisterPath, "--text-file", text, "--k", "1");

        // Two government participants hide each other at k = 2; one civil-society participant is a group only below k = 1.
        var findings = JsonNode.Parse(Assert.Single(Lines(atTwo)))!["findings"]!.AsArray();
        Assert.Equal("participant, small-group", string.Join(", ", findings.Select(f => f!["kind"]!.GetValue<string>())));
        Assert.Equal("a government representative", findings[0]!["suggestion"]!.GetValue<string>());
        Assert.Equal("participant", Assert.Single(JsonNode.Parse(Assert.Single(Lines(atOne)))!["findings"]!.AsArray())!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_text_file_is_one_text_with_a_null_id()
    {
        var text = await WriteAsync("note.txt", "First line.\nThen Reyes's view.\n");

        var (code, output, error) = await RunAsync(null, "guard", "--register", RegisterPath, "--text-file", text);

        Assert.Equal(0, code);
        Assert.Empty(error);
        var expected = JsonNode.Parse("""{"id": null, "findings": [{"kind": "participant", "severity": "block", "start": 17, "length": 5, "text": "Reyes", "suggestion": "a participant"}]}""");
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(Assert.Single(Lines(output)))), output);
    }

    [Fact]
    public async Task Without_batch_or_text_file_the_whole_of_standard_input_is_one_text()
    {
        var (code, output, _) = await RunAsync(new StringReader("\uFEFFFirst paragraph.\n\nThen PLDT disagreed,\nand Dr Nurul agreed."), "guard", "--register", RegisterPath);

        Assert.Equal(0, code);
        var result = JsonNode.Parse(Assert.Single(Lines(output)))!;
        Assert.Null(result["id"]);
        Assert.Equal("PLDT, Dr Nurul", string.Join(", ", result["findings"]!.AsArray().Select(f => f!["text"]!.GetValue<string>())));
        Assert.Equal(23, result["findings"]![0]!["start"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_batch_of_dash_reads_json_lines_from_standard_input()
    {
        var input = new StringReader("{\"id\": \"a\", \"text\": \"Reyes spoke.\"}\n{\"id\": \"b\", \"text\": \"Nobody spoke.\"}\n");

        var (code, output, _) = await RunAsync(input, "guard", "--register", RegisterPath, "--batch", "-");

        Assert.Equal(0, code);
        Assert.Equal("a, b", string.Join(", ", Lines(output).Select(l => JsonNode.Parse(l)!["id"]!.GetValue<string>())));
    }

    public static TheoryData<string, string> BadBatches => new()
    {
        // batch file content, expected message (after "Could not run the guard: ")
        { "{\"id\": 1, \"text\": \"ok\"}\n[\"not\", \"an object\"]\n", "line 2 of {batch} is an array, not a JSON object with a \"text\"." },
        { "{\"id\": 1, \"text\": \"ok\"}\n\n{\"id\": 2}\n", "line 3 of {batch} has no \"text\"." },
        { "{\"id\": 1, \"text\": 42}\n", "line 1 of {batch}: \"text\" is a number, not a string." },
        { "{\"id\": 1, \"text\": \"unterminated}\n", "line 1 of {batch} is not valid JSON" },
        { "{\"text\": \"x\", \"session_groups\": {\"government\": \"three\"}}\n", "line 1 of {batch}: \"session_groups\".\"government\" must be a whole number of participants (0 or more)." },
        { "{\"text\": \"x\", \"session_groups\": [1]}\n", "line 1 of {batch}: \"session_groups\" is an array" },
    };

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task A_bad_batch_line_fails_with_its_line_number_after_the_lines_before_it(string content, string message)
    {
        var batch = await WriteAsync("in.jsonl", content);

        var (code, output, error) = await RunAsync(null, "guard", "--register", RegisterPath, "--batch", batch);

        Assert.Equal(1, code);
        Assert.StartsWith("Could not run the guard: " + message.Replace("{batch}", batch, StringComparison.Ordinal), Assert.Single(Lines(error)), StringComparison.Ordinal);
        Assert.Equal(content.StartsWith("{\"id\": 1, \"text\": \"ok\"}", StringComparison.Ordinal) ? 1 : 0, Lines(output).Count);
    }

    public static TheoryData<string, string> BadRegisters => new()
    {
        // register file content, expected part of the message
        { "name,organisation,stakeholder_group\nAntonio Reyes,PLDT,telecoms\nJuan Dela Cruz,Globe,pirates\n", "Row 3: “pirates” is not a stakeholder group" },
        { "name,organisation\n\"Reyes, Antonio,PLDT\n", "Row 2: a double quote is not closed" },
        { "name,organisation\nAntonio Reyes,PLDT,telecoms\n", "Row 2: 3 values for 2 columns" },
        { "who,where\nAntonio Reyes,PLDT\n", "Row 1" },
        { "", "The file is empty." },
    };

    [Theory]
    [MemberData(nameof(BadRegisters))]
    public async Task A_bad_register_fails_with_the_row_that_is_wrong(string content, string message)
    {
        var register = await WriteAsync("bad.csv", content);

        var (code, output, error) = await RunAsync(new StringReader("Reyes"), "guard", "--register", register);

        Assert.Equal(1, code);
        Assert.Empty(output);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith($"Could not run the guard: the register {register} cannot be used: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--register", "the register file {path} does not exist.")]
    [InlineData("--batch", "the batch file {path} does not exist.")]
    [InlineData("--text-file", "the text file {path} does not exist.")]
    public async Task A_missing_file_fails_with_a_one_line_message(string option, string message)
    {
        var missing = Path.Combine(_directory, "missing.txt");
        string[] args = option == "--register" ? ["guard", "--register", missing] : ["guard", "--register", RegisterPath, option, missing];

        var (code, output, error) = await RunAsync(new StringReader("text"), args);

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Equal("Could not run the guard: " + message.Replace("{path}", missing, StringComparison.Ordinal), Assert.Single(Lines(error)));
    }

    [Fact]
    public async Task Batch_and_text_file_together_are_refused()
    {
        var (code, _, error) = await RunAsync(null, "guard", "--register", RegisterPath, "--batch", "a.jsonl", "--text-file", "b.txt");

        Assert.Equal(1, code);
        Assert.Contains("Give either --batch or --text-file, not both.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_threshold_below_one_is_refused()
    {
        var (code, _, error) = await RunAsync(new StringReader("x"), "guard", "--register", RegisterPath, "--k", "0");

        Assert.Equal(1, code);
        Assert.Contains("--k must be 1 or more.", error, StringComparison.Ordinal);
    }

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        await File.WriteAllTextAsync(path, content, Ct);
        return path;
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static async Task<(int Code, string Output, string Error)> RunAsync(TextReader? input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.Run(args, output, error, input ?? new StringReader(string.Empty));
        return (code, output.ToString(), error.ToString());
    }
}
