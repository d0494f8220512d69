using Consultations.Core.Analysis;
using Consultations.Core.Domain;

namespace Consultations.Core.Tests.Analysis;

public sealed class FallbackTextAnalyzerTests
{
    private static readonly AnalysisDocument[] Documents = [new("n1", "Agencies want one incident reporting portal for every sector.")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failing_engine_is_replaced_by_the_local_one_and_the_outage_is_kept_until_it_recovers()
    {
        var azure = new Unreliable { Failing = true };
        var clock = new Clock();
        var analyzer = new FallbackTextAnalyzer(azure, new LocalTextAnalyzer(), new AnalysisHealth(clock), TimeSpan.FromSeconds(5));

        var phrases = await analyzer.ExtractKeyPhrasesAsync(Documents, Ct);

        Assert.Equal("local", phrases.Single().Engine);
        Assert.Equal("ExtractKeyPhrasesAsync", analyzer.Outage!.Operation);
        Assert.Equal(nameof(HttpRequestException), analyzer.Outage.Error);

        // Within the cool-down the remote engine is not asked again, even though it would answer.
        azure.Failing = false;
        Assert.Equal("local", (await analyzer.SummarizeAsync(Documents, 1, Ct)).Engine);

        clock.Advance(AnalysisHealth.CoolDown);
        var summary = await analyzer.SummarizeAsync(Documents, 1, Ct);

        Assert.Equal("unreliable", summary.Engine);
        Assert.Null(analyzer.Outage);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_an_outage()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var analyzer = new FallbackTextAnalyzer(new Unreliable(), new LocalTextAnalyzer(), new AnalysisHealth(TimeProvider.System), TimeSpan.FromSeconds(5));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => analyzer.DetectLanguageAsync(Documents, cancelled.Token));
        Assert.Null(analyzer.Outage);
    }

    [Fact]
    public async Task An_engine_slower_than_its_time_limit_is_replaced_too()
    {
        var analyzer = new FallbackTextAnalyzer(new Unreliable { Delay = TimeSpan.FromSeconds(30) }, new LocalTextAnalyzer(), new AnalysisHealth(TimeProvider.System), TimeSpan.FromMilliseconds(200));

        var started = System.Diagnostics.Stopwatch.StartNew();
        var phrases = await analyzer.ExtractKeyPhrasesAsync(Documents, Ct);

        Assert.Equal("local", phrases.Single().Engine);
        Assert.Equal("Timeout", analyzer.Outage!.Error);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Themes_always_come_from_the_local_engine()
    {
        var analyzer = new FallbackTextAnalyzer(new Unreliable(), new LocalTextAnalyzer(), new AnalysisHealth(TimeProvider.System), TimeSpan.FromSeconds(5));

        var themes = await analyzer.SuggestThemesAsync(Documents, ThemeTaxonomy.Default, Ct);

        Assert.Equal("local", themes.Single().Engine);
        Assert.Equal("information-sharing", themes.Single().Themes[0].Theme);
    }

    private sealed class Clock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    /// <summary>A remote engine whose network can be cut: it fails the way an HTTP client does.</summary>
    private sealed class Unreliable : ITextAnalyzer
    {
        public bool Failing { get; set; }

        public TimeSpan Delay { get; set; }

        public string Engine => "unreliable";

        public Task<IReadOnlyList<LanguageResult>> DetectLanguageAsync(IReadOnlyList<AnalysisDocument> documents, CancellationToken cancellationToken = default) =>
            Answer<IReadOnlyList<LanguageResult>>([.. documents.Select(d => new LanguageResult(d.Id, "en", 1, Engine))], cancellationToken);

        public Task<IReadOnlyList<KeyPhraseResult>> ExtractKeyPhrasesAsync(IReadOnlyList<AnalysisDocument> documents, CancellationToken cancellationToken = default) =>
            Answer<IReadOnlyList<KeyPhraseResult>>([.. documents.Select(d => new KeyPhraseResult(d.Id, ["portal"], Engine))], cancellationToken);

        public Task<IReadOnlyList<ThemeSuggestionResult>> SuggestThemesAsync(IReadOnlyList<AnalysisDocument> documents, ThemeTaxonomy taxonomy, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("No taxonomy classifier in this engine.");

        public Task<IReadOnlyList<EntityHintResult>> FindEntitiesAsync(IReadOnlyList<AnalysisDocument> documents, CancellationToken cancellationToken = default) =>
            Answer<IReadOnlyList<EntityHintResult>>([], cancellationToken);

        public Task<SummaryResult> SummarizeAsync(IReadOnlyList<AnalysisDocument> documents, int maxSentences, CancellationToken cancellationToken = default) =>
            Answer(new SummaryResult([], Engine), cancellationToken);

        private async Task<T> Answer<T>(T value, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Delay(Delay, cancellationToken);
            return Failing ? throw new HttpRequestException("Connection refused") : value;
        }
    }
}
