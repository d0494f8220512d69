using System.CommandLine;
using System.Text.Json;
using Consultations.Core.Domain;
using Consultations.Core.Guard;

namespace Consultations.Cli;

/// <summary>`guard`: runs the attribution guard over texts against a participant register (CSV) and prints its findings as JSON lines.</summary>
internal static class GuardCommand
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int Interrupted = 130;

    public static Command Create(TextReader input, TextWriter output, TextWriter error)
    {
        var register = new Option<string>("--register")
        {
            Description = "Participant register as CSV with a header row: name,organisation,stakeholder_group,role (any order; only name is required; "
                + "stakeholder_group is a key such as government, telecoms, civil-society, academia, or its label such as \"Civil society\"; case, spaces, hyphens "
                + "and underscores do not matter). The same format as the web app's import.",
            HelpName = "register.csv",
            Required = true,
        };
        var batch = new Option<string?>("--batch")
        {
            Description = "JSON Lines file of texts to check, one object per line: {\"id\": ..., \"text\": \"...\", \"session_groups\": {\"civil-society\": 1, ...}}. "
                + "id is copied to the output as given (null when absent); session_groups (optional) counts the session's participants per stakeholder group "
                + "and replaces the register's counts for that text. Blank lines are skipped. Use - to read the lines from standard input.",
            HelpName = "in.jsonl",
        };
        var textFile = new Option<string?>("--text-file")
        {
            Description = "A single text to check (UTF-8). Without --batch or --text-file the whole of standard input is the single text. "
                + "A single text prints one line with \"id\": null and the register's group counts.",
            HelpName = "file",
        };
        var threshold = new Option<int>("--k")
        {
            Description = "Small-group threshold: a stakeholder group with fewer participants than this is too small to name.",
            HelpName = "n",
            DefaultValueFactory = _ => 3,
        };
        threshold.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--k must be 1 or more.");
            }
        });
        var command = new Command(
            "guard",
            "Check texts for what could identify a speaker under the Chatham House Rule: participants' names, organisations, contact data, "
            + "and stakeholder groups too small to hide in. Prints one JSON object per input text, in input order: "
            + "{\"id\": ..., \"findings\": [{\"kind\": \"participant|organisation|contact|small-group\", \"severity\": \"warn|block\", "
            + "\"start\": n, \"length\": n, \"text\": \"...\", \"suggestion\": \"...\"}]} (start and length in UTF-16 code units of the text). "
            + "The register is compiled once per run with a fresh random key, so nothing is stored. "
            + "Exit codes: 0 checked (with or without findings), 1 unreadable or invalid input (the lines before a bad batch line are printed).")
        {
            register,
            batch,
            textFile,
            threshold,
        };
        JsonLines.AtMostOneInput(command, batch, textFile);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetRequiredValue(register),
            parseResult.GetValue(batch),
            parseResult.GetValue(textFile),
            parseResult.GetValue(threshold),
            input,
            output,
            error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        string registerPath,
        string? batchPath,
        string? textPath,
        int threshold,
        TextReader input,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        try
        {
            var guard = await LoadGuardAsync(registerPath, threshold, cancellationToken);
            using var writer = new JsonLineWriter(output);
            if (batchPath == JsonLines.Stdin)
            {
                await CheckBatchAsync(guard, input, "standard input", writer, cancellationToken);
            }
            else if (batchPath is not null)
            {
                // Sequential on purpose: the per-word HMAC does not scale across threads with OpenSSL 3.0 (docs/performance.md).
                using var reader = JsonLines.OpenText(batchPath, "batch");
                await CheckBatchAsync(guard, reader, batchPath, writer, cancellationToken);
            }
            else
            {
                string text;
                if (textPath is not null)
                {
                    using var reader = JsonLines.OpenText(textPath, "text");
                    text = await reader.ReadToEndAsync(cancellationToken);
                }
                else
                {
                    text = JsonLines.WithoutByteOrderMark(await input.ReadToEndAsync(cancellationToken));
                }

                Write(writer, null, guard.Check(text));
            }

            return Succeeded;
        }
        catch (Exception ex) when (ex is CliInputException or IOException)
        {
            await error.WriteLineAsync($"Could not run the guard: {ex.Message}");
            return Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("Interrupted.");
            return Interrupted;
        }
    }

    private static async Task<AttributionGuard> LoadGuardAsync(string path, int threshold, CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliInputException(JsonLines.Unreadable("register", path, ex));
        }

        var parsed = RegisterCsv.Parse(content, StakeholderGroup.Defaults);
        if (!parsed.Succeeded)
        {
            var more = parsed.Errors.Count > 1 ? $" ({parsed.Errors.Count - 1} more problem{(parsed.Errors.Count > 2 ? "s" : string.Empty)} after this one)" : string.Empty;
            throw new CliInputException($"the register {path} cannot be used: {parsed.Errors[0]}{more}");
        }

        var participants = parsed.Entries.Select((e, i) => new Participant($"row-{e.Row ?? i + 2}", e.Name, e.Organisation, e.StakeholderGroup, e.Role));
        var key = GuardKey.Generate();
        return new AttributionGuard(GuardRegister.Compile(participants, key, threshold), key, threshold);
    }

    /// <summary>Checks a JSON Lines stream line by line, writing one line per text in input order; stops at the first bad line after writing those before it.</summary>
    private static async Task CheckBatchAsync(AttributionGuard guard, TextReader reader, string source, JsonLineWriter writer, CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                line = JsonLines.WithoutByteOrderMark(line);
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (ParseLine(line, lineNumber, source, out var item) is { } problem)
            {
                throw new CliInputException(problem);
            }

            Write(writer, item!.Id, guard.Check(item.Text, item.SessionGroups));
        }
    }

    /// <summary>Reads one batch line; returns what is wrong with it (never quoting the text, which may name people), or null.</summary>
    private static string? ParseLine(string line, int lineNumber, string source, out BatchItem? item)
    {
        item = null;
        var where = $"line {lineNumber} of {source}";
        var problem = JsonLines.ParseTextLine(line, where, out var document, out var id, out var text);
        using (document)
        {
            if (problem is not null)
            {
                return problem;
            }

            Dictionary<string, int>? groups = null;
            if (document!.RootElement.TryGetProperty("session_groups", out var groupsElement) && groupsElement.ValueKind != JsonValueKind.Null)
            {
                if (groupsElement.ValueKind != JsonValueKind.Object)
                {
                    return $"{where}: \"session_groups\" is {JsonLines.Describe(groupsElement.ValueKind)}, not an object of stakeholder group → number of participants.";
                }

                groups = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var group in groupsElement.EnumerateObject())
                {
                    if (group.Value.ValueKind != JsonValueKind.Number || !group.Value.TryGetInt32(out var count) || count < 0)
                    {
                        return $"{where}: \"session_groups\".\"{group.Name}\" must be a whole number of participants (0 or more).";
                    }

                    groups[group.Name] = count;
                }
            }

            item = new BatchItem(id, text, groups);
            return null;
        }
    }

    /// <summary><paramref name="id"/> is raw JSON (copied as given) or null.</summary>
    private static void Write(JsonLineWriter writer, string? id, IReadOnlyList<GuardFinding> findings)
    {
        var json = writer.BeginLine(id);
        json.WriteStartArray("findings");
        foreach (var finding in findings)
        {
            json.WriteStartObject();
            json.WriteString("kind", Kind(finding.Kind));
            json.WriteString("severity", finding.Severity == FindingSeverity.Block ? "block" : "warn");
            json.WriteNumber("start", finding.Start);
            json.WriteNumber("length", finding.Length);
            json.WriteString("text", finding.Text);
            json.WriteString("suggestion", finding.Suggestion);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        writer.EndLine();
    }

    private static string Kind(FindingKind kind) => kind switch
    {
        FindingKind.Participant => "participant",
        FindingKind.Organisation => "organisation",
        FindingKind.Contact => "contact",
        FindingKind.Role => "role",
        _ => "small-group",
    };

    private sealed record BatchItem(string? Id, string Text, Dictionary<string, int>? SessionGroups);
}
