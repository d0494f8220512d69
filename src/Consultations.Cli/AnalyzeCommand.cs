using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using Consultations.Core.Analysis;
using Consultations.Core.Domain;
using Consultations.Infrastructure.Analysis.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Consultations.Cli;

/// <summary>`analyze`: language, suggested themes and key phrases of texts, printed as JSON lines.</summary>
internal static class AnalyzeCommand
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int Interrupted = 130;

    /// <summary>Key phrases printed per text, most salient first.</summary>
    public const int KeyPhrasesPerText = 5;

    /// <summary>Setting that switches language and key phrases to Azure AI Language (themes stay local).</summary>
    public const string AzureEndpointSetting = "Analysis:Azure:Endpoint";

    // Texts per call to the engine: enough for Azure's batching to pay off, few enough that output streams.
    private const int ChunkSize = 250;

    // Longest Azure AI Language may take over one chunk (25 key-phrase requests of 10 texts) before the local engine answers instead.
    private static readonly TimeSpan RemoteChunkTimeout = TimeSpan.FromMinutes(2);

    public static Command Create(StoreHost hosts, TextReader input, TextWriter output, TextWriter error)
    {
        var batch = new Option<string?>("--batch")
        {
            Description = "JSON Lines file of texts to analyse, one object per line: {\"id\": ..., \"text\": \"...\"}. "
                + "id is copied to the output as given (null when absent). Blank lines are skipped. Use - to read the lines from standard input. "
                + "Key phrases are ranked against the whole batch, so it is read twice: a file twice from disk, standard input once into memory.",
            HelpName = "in.jsonl",
        };
        var textFile = new Option<string?>("--text-file")
        {
            Description = "A single text to analyse (UTF-8). Without --batch or --text-file the whole of standard input is the single text. "
                + "A single text prints one line with \"id\": null.",
            HelpName = "file",
        };
        var command = new Command(
            "analyze",
            "Analyse texts: detected language, suggested themes of the default taxonomy (international-collaboration, technical-standards, "
            + "information-sharing, inclusion) and key phrases. Prints one JSON object per input text, in input order: "
            + "{\"id\": ..., \"language\": \"en\", \"themes\": [{\"theme\": \"<key>\", \"score\": 0.0-1.0}, ...best first], \"key_phrases\": [\"...\"]} "
            + $"(themes with a score above 0, from the taxonomy lexicon, scores to 4 decimals; up to {KeyPhrasesPerText} key phrases, most salient first). "
            + "The local engine (the default: offline, nothing leaves the machine) takes key phrases as written in the text and ranks them against the whole batch. "
            + $"With {AzureEndpointSetting} set (environment Analysis__Azure__Endpoint, and Analysis__Azure__Key or an Entra ID sign-in), language and key phrases "
            + "come from Azure AI Language instead, and from the local engine for any text it refuses or when it fails (said on standard error); themes are always local. "
            + "Suggestions only: nothing is stored. "
            + "Exit codes: 0 analysed, 1 unreadable or invalid input (nothing is printed for a batch with a bad line).")
        {
            batch,
            textFile,
        };
        JsonLines.AtMostOneInput(command, batch, textFile);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            hosts,
            parseResult.GetValue(batch),
            parseResult.GetValue(textFile),
            input,
            output,
            error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        StoreHost hosts,
        string? batchPath,
        string? textPath,
        TextReader input,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        try
        {
            using var host = hosts.BuildAnalysisHost();
            var corpus = new KeyPhrases();
            var analysis = new Analysis(new LocalTextAnalyzer(corpus), Remote(host.Services), output);
            if (batchPath == JsonLines.Stdin)
            {
                // Standard input can be read only once: keep its texts for the second pass (about twice the input's size in memory).
                var texts = new List<TextItem>();
                await foreach (var item in ReadBatchAsync(input, "standard input", cancellationToken))
                {
                    corpus.AddToCorpus(item.Text);
                    texts.Add(item);
                }

                await analysis.RunAsync(texts.ToAsyncEnumerable(), cancellationToken);
            }
            else if (batchPath is not null)
            {
                // Two passes over the file (corpus, then analysis) keep memory flat however long the batch; only word counts are held.
                using (var reader = JsonLines.OpenText(batchPath, "batch"))
                {
                    await foreach (var item in ReadBatchAsync(reader, batchPath, cancellationToken))
                    {
                        corpus.AddToCorpus(item.Text);
                    }
                }

                using var again = JsonLines.OpenText(batchPath, "batch");
                await analysis.RunAsync(ReadBatchAsync(again, batchPath, cancellationToken), cancellationToken);
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

                corpus.AddToCorpus(text);
                await analysis.RunAsync(new[] { new TextItem(null, text) }.ToAsyncEnumerable(), cancellationToken);
            }

            if (analysis.Fallback is { } fallback)
            {
                await error.WriteLineAsync(fallback);
            }

            return Succeeded;
        }
        catch (Exception ex) when (ex is CliInputException or IOException)
        {
            await error.WriteLineAsync($"Could not analyse: {ex.Message}");
            return Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("Interrupted.");
            return Interrupted;
        }
    }

    /// <summary>Azure AI Language when its endpoint is configured (the same "Analysis:Azure" settings and registration as the web app), else null.</summary>
    private static AzureLanguageClient? Remote(IServiceProvider services)
    {
        try
        {
            return services.GetService<AzureLanguageClient>();
        }
        catch (OptionsValidationException ex)
        {
            throw new CliInputException(string.Join(" ", ex.Failures));
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the setting it could not read, e.g. a Timeout that is not a time span.
            throw new CliInputException(ex.Message);
        }
    }

    /// <summary>The texts of a JSON Lines stream in order; throws at the first bad line, naming its number but never its text.</summary>
    private static async IAsyncEnumerable<TextItem> ReadBatchAsync(TextReader reader, string source, [EnumeratorCancellation] CancellationToken cancellationToken)
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

            var problem = JsonLines.ParseTextLine(line, $"line {lineNumber} of {source}", out var document, out var id, out var text);
            document?.Dispose();
            if (problem is not null)
            {
                throw new CliInputException(problem);
            }

            yield return new TextItem(id, text);
        }
    }

    /// <summary><see cref="Id"/> is raw JSON (copied as given) or null.</summary>
    private sealed record TextItem(string? Id, string Text);

    /// <summary>
    /// Analyses texts a chunk at a time and writes their lines in input order: language and key phrases from Azure AI
    /// Language when configured (the local engine for what it refuses or when it fails), themes from the local lexicon.
    /// </summary>
    private sealed class Analysis
    {
        private readonly LocalTextAnalyzer _local;
        private readonly ITextAnalyzer _engine;
        private readonly AnalysisHealth? _health;
        private readonly ThemeSuggester _suggester = new(ThemeTaxonomy.Default);
        private readonly int _maxThemes = ThemeTaxonomy.Default.Themes.Count;
        private readonly TextWriter _output;
        private int _texts;
        private int _localOnly;
        private string? _lastProblem;

        public Analysis(LocalTextAnalyzer local, AzureLanguageClient? remote, TextWriter output)
        {
            _local = local;
            _output = output;
            if (remote is null)
            {
                _engine = local;
            }
            else
            {
                _health = new AnalysisHealth(TimeProvider.System);
                _engine = new FallbackTextAnalyzer(remote, local, _health, RemoteChunkTimeout);
            }
        }

        /// <summary>With Azure AI Language configured, a one-line notice of how many texts the local engine analysed instead, and why; else null.</summary>
        public string? Fallback => _localOnly == 0 ? null
            : $"Azure AI Language did not analyse {_localOnly} of {_texts} texts ({_lastProblem ?? "no reason given"}): their language and key phrases come from the local engine.";

        public async Task RunAsync(IAsyncEnumerable<TextItem> texts, CancellationToken cancellationToken)
        {
            using var writer = new JsonLineWriter(_output);
            var chunk = new List<TextItem>(ChunkSize);
            await foreach (var item in texts.WithCancellation(cancellationToken))
            {
                chunk.Add(item);
                if (chunk.Count == ChunkSize)
                {
                    await WriteAsync(chunk, writer, cancellationToken);
                    chunk.Clear();
                }
            }

            await WriteAsync(chunk, writer, cancellationToken);
        }

        private async Task WriteAsync(List<TextItem> chunk, JsonLineWriter writer, CancellationToken cancellationToken)
        {
            if (chunk.Count == 0)
            {
                return;
            }

            // Positions as document ids: results map back whatever the input's ids look like (or when they repeat).
            var documents = chunk.Select((item, i) => new AnalysisDocument(i.ToString(CultureInfo.InvariantCulture), item.Text)).ToList();
            var languages = await CallAsync(documents, (engine, d) => engine.DetectLanguageAsync(d, cancellationToken), r => r.Id);

            // The detected language helps Azure's key phrases; the local engine ignores it.
            var detected = documents.Select(d => d with { Language = languages[d.Id].Language }).ToList();
            var phrases = await CallAsync(detected, (engine, d) => engine.ExtractKeyPhrasesAsync(d, cancellationToken), r => r.Id);
            _texts += chunk.Count;
            _localOnly += documents.Count(d => languages[d.Id].Engine != _engine.Engine || phrases[d.Id].Engine != _engine.Engine);
            for (var i = 0; i < chunk.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var id = documents[i].Id;
                var json = writer.BeginLine(chunk[i].Id);
                json.WriteString("language", languages[id].Language);
                json.WriteStartArray("themes");
                foreach (var suggestion in _suggester.Suggest(chunk[i].Text, _maxThemes))
                {
                    json.WriteStartObject();
                    json.WriteString("theme", suggestion.Theme);
                    json.WriteNumber("score", Math.Round(Math.Clamp(suggestion.Score, 0.0, 1.0), 4));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("key_phrases");
                foreach (var phrase in phrases[id].Phrases.Take(KeyPhrasesPerText))
                {
                    json.WriteStringValue(phrase);
                }

                json.WriteEndArray();
                writer.EndLine();
            }
        }

        /// <summary>One engine call for a chunk, by document id; the documents the engine refused are analysed locally.</summary>
        private async Task<Dictionary<string, T>> CallAsync<T>(
            List<AnalysisDocument> documents,
            Func<ITextAnalyzer, IReadOnlyList<AnalysisDocument>, Task<IReadOnlyList<T>>> call,
            Func<T, string> idOf)
        {
            var results = await call(_engine, documents);
            if (_health?.Outage is { } outage)
            {
                _lastProblem = $"{outage.Error}: {outage.Message}";
            }

            var byId = results.ToDictionary(idOf, StringComparer.Ordinal);
            var refused = documents.Where(d => !byId.ContainsKey(d.Id)).ToList();
            if (refused.Count > 0)
            {
                if (AzureLanguageClient.ErrorsOf(results) is [var first, ..])
                {
                    _lastProblem = $"{first.Code}: {first.Message}";
                }

                foreach (var result in await call(_local, refused))
                {
                    byId[idOf(result)] = result;
                }
            }

            return byId;
        }
    }
}
