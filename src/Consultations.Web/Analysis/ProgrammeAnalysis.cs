using System.Collections.Concurrent;
using Consultations.Core.Analysis;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Analysis;
using Microsoft.Extensions.Caching.Memory;

namespace Consultations.Web.Analysis;

/// <summary>
/// What the local engine knows of one programme: its notes as the key-phrase corpus and its people's theme tags
/// as the classifier's training set. Rebuilt in the background on a schedule, never on a request's critical path:
/// until the first build finishes, suggestions come from the taxonomy lexicon alone.
/// </summary>
public sealed partial class ProgrammeAnalysis(
    IConsultationStore consultations,
    INoteStore notes,
    AnalysisHealth health,
    IMemoryCache cache,
    TimeProvider time,
    ILogger<ProgrammeAnalysis> logger,
    RemoteTextAnalyzer? remote = null)
{
    /// <summary>How long a page waits for the remote engine before it uses the local one instead.</summary>
    public static readonly TimeSpan RemoteTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a trained model and corpus serve before the next request starts a rebuild.</summary>
    public static readonly TimeSpan RebuildAfter = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, State> _states = new(StringComparer.Ordinal);

    /// <summary>The programme's current model (possibly the lexicon-only one while the first build runs).</summary>
    public ProgrammeModel ModelFor(Programme programme)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var state = _states.GetOrAdd(programme.Id, _ => new State());
        var now = time.GetUtcNow();
        lock (state)
        {
            if (state.Building is null && (state.Model is null || now - state.Model.BuiltAt > RebuildAfter))
            {
                state.Building = Task.Run(async () =>
                {
                    try
                    {
                        var model = await BuildAsync(programme, CancellationToken.None);
                        lock (state)
                        {
                            state.Model = model;
                        }
                    }
                    catch (Exception ex) when (ex is StoreUnavailableException or InvalidOperationException or ArgumentException)
                    {
                        LogBuildFailed(ex, programme.Id);
                    }
                    finally
                    {
                        lock (state)
                        {
                            state.Building = null;
                        }
                    }
                });
            }

            return state.Model ?? new ProgrammeModel(new KeyPhrases(), null, programme.Taxonomy, DateTimeOffset.MinValue);
        }
    }

    /// <summary>Which engine pages use: Azure AI Language when configured, else the local engine.</summary>
    public string EngineName => remote?.Analyzer.Engine ?? LocalTextAnalyzer.EngineName;

    /// <summary>The remote engine's latest failure, for a visible notice (null when it answers, or when there is none).</summary>
    public AnalysisOutage? Outage => remote is null ? null : health.Outage;

    /// <summary>
    /// An extractive summary of these notes by the active engine (falling back to the local one), cached by content
    /// so a page view does not start a remote job for notes already summarised.
    /// </summary>
    public async Task<SummaryResult> SummarizeAsync(Programme programme, IReadOnlyList<AnalysisDocument> documents, int maxSentences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var key = "summary:" + EngineName + ":" + maxSentences + ":" + Fingerprint(documents);
        if (cache.TryGetValue(key, out SummaryResult? cached) && cached is not null)
        {
            return cached;
        }

        var result = await AnalyzerFor(programme).SummarizeAsync(documents, maxSentences, cancellationToken);

        // A fallback answer is not cached: the remote engine should get its turn once it recovers.
        if (result.Engine == EngineName)
        {
            cache.Set(key, result, TimeSpan.FromMinutes(30));
        }

        return result;
    }

    /// <summary>The analyzer for a programme: its local engine (corpus and classifier), behind the remote engine when configured.</summary>
    public ITextAnalyzer AnalyzerFor(Programme programme)
    {
        var model = ModelFor(programme);
        var local = new LocalTextAnalyzer(model.Corpus, model.Classifier);
        return remote is null ? local : new FallbackTextAnalyzer(remote.Analyzer, local, health, RemoteTimeout);
    }

    private static string Fingerprint(IReadOnlyList<AnalysisDocument> documents)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var document in documents)
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(document.Id + "\u0001" + document.Text + "\u0002"));
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }

    /// <summary>Waits for a build in progress (tests and the command line; pages never wait).</summary>
    public async Task<ProgrammeModel> ReadyModelAsync(Programme programme)
    {
        ModelFor(programme);
        var state = _states[programme.Id];
        Task? building;
        lock (state)
        {
            building = state.Building;
        }

        if (building is not null)
        {
            await building;
        }

        return ModelFor(programme);
    }

    private async Task<ProgrammeModel> BuildAsync(Programme programme, CancellationToken cancellationToken)
    {
        var corpus = new KeyPhrases();
        var tags = new List<ConfirmedTag>();
        foreach (var consultation in await consultations.ListByProgrammeAsync(programme.Id, cancellationToken))
        {
            await foreach (var note in notes.ReadAllAsync(consultation.Id, new NoteQuery(), cancellationToken))
            {
                corpus.AddToCorpus(note.Text);

                // Every theme on a saved note was chosen or accepted by a person: that is the training signal.
                tags.AddRange(note.Themes.Select(theme => new ConfirmedTag(note.Text, theme)));
            }
        }

        var classifier = ThemeClassifier.TryTrain(tags);
        LogBuilt(programme.Id, tags.Count, classifier is not null);
        return new ProgrammeModel(corpus, classifier, programme.Taxonomy, time.GetUtcNow());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Text analysis model for programme {ProgrammeId}: {Tags} confirmed tags, classifier trained: {Trained}")]
    private partial void LogBuilt(string programmeId, int tags, bool trained);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not build the text analysis model for programme {ProgrammeId}; the lexicon stays in use")]
    private partial void LogBuildFailed(Exception exception, string programmeId);

    private sealed class State
    {
        public ProgrammeModel? Model { get; set; }

        public Task? Building { get; set; }
    }
}

/// <summary>A programme's corpus and classifier at one point in time.</summary>
public sealed record ProgrammeModel(KeyPhrases Corpus, ThemeClassifier? Classifier, ThemeTaxonomy Taxonomy, DateTimeOffset BuiltAt)
{
    public ThemeSuggester Suggester { get; } = new(Taxonomy, Classifier);
}
