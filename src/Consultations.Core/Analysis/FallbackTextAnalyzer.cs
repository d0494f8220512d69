using Consultations.Core.Domain;

namespace Consultations.Core.Analysis;

/// <summary>
/// Uses the configured engine (Azure AI Language) and falls back to the local engine when it fails or takes longer
/// than <paramref name="primaryTimeout"/>, so analysis always answers in time. Failures are reported to the shared
/// <see cref="AnalysisHealth"/> for a visible notice; the next success clears it.
/// </summary>
public sealed class FallbackTextAnalyzer(ITextAnalyzer primary, ITextAnalyzer fallback, AnalysisHealth health, TimeSpan primaryTimeout) : ITextAnalyzer
{
    public string Engine => primary.Engine;

    public AnalysisOutage? Outage => health.Outage;

    public Task<IReadOnlyList<LanguageResult>> DetectLanguageAsync(IReadOnlyList<AnalysisDocument> documents, CancellationToken cancellationToken = default) =>
        TryAsync(nameof(DetectLanguageAsync), (a, ct) => a.DetectLanguageAsync(documents, ct), cancellationToken);

    public Task<IReadOnlyList<KeyPhraseResult>> ExtractKeyPhrasesAsync(IReadOnlyList<AnalysisDocument> documents, CancellationToken cancellationToken = default) =>
        TryAsync(nameof(ExtractKeyPhrasesAsync), (a, ct) => a.ExtractKeyPhrasesAsync(documents, ct), cancellationToken);

    /// <summary>Always local: only the local engine knows the programme's taxonomy.</summary>
    public Task<IReadOnlyList<ThemeSuggestionResult>> SuggestThemesAsync(IReadOnlyList<AnalysisDocument> documents, ThemeTaxonomy taxonomy, CancellationToken cancellationToken = default) =>
        fallback.SuggestThemesAsync(documents, taxonomy, cancellationToken);

    public Task<IReadOnlyList<EntityHintResult>> FindEntitiesAsync(IReadOnlyList<AnalysisDocument> documents, CancellationToken cancellationToken = default) =>
        TryAsync(nameof(FindEntitiesAsync), (a, ct) => a.FindEntitiesAsync(documents, ct), cancellationToken);

    public Task<SummaryResult> SummarizeAsync(IReadOnlyList<AnalysisDocument> documents, int maxSentences, CancellationToken cancellationToken = default) =>
        TryAsync(nameof(SummarizeAsync), (a, ct) => a.SummarizeAsync(documents, maxSentences, ct), cancellationToken);

    private async Task<T> TryAsync<T>(string operation, Func<ITextAnalyzer, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (health.CoolingDown)
        {
            // Right after a failure, pages go straight to the local engine instead of waiting on the remote one again.
            return await call(fallback, cancellationToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(primaryTimeout);
        try
        {
            var result = await call(primary, timeout.Token);
            health.Recovered();
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Anything the primary engine does wrong (network, throttling, timeouts, bad answers) degrades, never fails.
            health.Report(operation, ex is OperationCanceledException ? "Timeout" : ex.GetType().Name, ex.Message);
            return await call(fallback, cancellationToken);
        }
    }
}

/// <summary>When the configured engine last failed and why (shown as a notice; details in the log).</summary>
public sealed record AnalysisOutage(DateTimeOffset At, string Operation, string Error, string Message);

/// <summary>The configured engine's state, shared by every analyzer instance: the latest outage until it answers again.</summary>
public sealed class AnalysisHealth(TimeProvider time)
{
    /// <summary>After a failure the remote engine is left alone this long before it is tried again.</summary>
    public static readonly TimeSpan CoolDown = TimeSpan.FromSeconds(60);

    private readonly Lock _lock = new();
    private AnalysisOutage? _outage;

    public AnalysisOutage? Outage
    {
        get
        {
            lock (_lock)
            {
                return _outage;
            }
        }
    }

    /// <summary>True while the latest failure is more recent than <see cref="CoolDown"/>.</summary>
    public bool CoolingDown
    {
        get
        {
            lock (_lock)
            {
                return _outage is { } outage && time.GetUtcNow() - outage.At < CoolDown;
            }
        }
    }

    public void Report(string operation, string error, string message)
    {
        lock (_lock)
        {
            _outage = new AnalysisOutage(time.GetUtcNow(), operation, error, message);
        }
    }

    public void Recovered()
    {
        lock (_lock)
        {
            _outage = null;
        }
    }
}
