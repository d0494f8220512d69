using System.Globalization;
using Consultations.Core.Analysis;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Infrastructure.Analysis.Azure;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Guard;

/// <summary>
/// Asks Azure AI Language (when configured and <see cref="EntityRecognitionOptions.Enabled"/>) which names and
/// organisations a note's text holds, and keeps the answer with the note (<see cref="Note.RecordEntityCheck"/>), so
/// readers' pages and exports mask those spans without asking again. Never in the way of a save: the call has its own
/// time budget, any failure is logged (without the text) and the note goes on with the register's findings only, and
/// after a failure the service is left alone for <see cref="AnalysisHealth.CoolDown"/> so every save does not wait again.
/// </summary>
public sealed partial class NoteEntityRecognizer
{
    private readonly ITextAnalyzer? _engine;
    private readonly EntityRecognitionOptions _options;
    private readonly GuardKey _key;
    private readonly TimeProvider _time;
    private readonly ILogger<NoteEntityRecognizer> _logger;

    // Its own state rather than the pages' shared one: a slow summary job must not stop saves from being checked, nor this the other way round.
    private readonly AnalysisHealth _health;

    /// <summary>A recogniser over <paramref name="engine"/>, the remote engine (Azure AI Language), or over nothing when it is null: then nothing is ever asked.</summary>
    public NoteEntityRecognizer(IOptions<EntityRecognitionOptions> options, GuardKey key, TimeProvider time, ILogger<NoteEntityRecognizer> logger, ITextAnalyzer? engine)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _key = key ?? throw new ArgumentNullException(nameof(key));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _engine = engine;
        _health = new AnalysisHealth(time);
    }

    /// <summary>Whether saves and publications ask for entities: Azure AI Language is configured and the feature is on.</summary>
    public bool Enabled => _engine is not null && _options.Enabled;

    /// <summary>Whether the live check while typing asks too (<see cref="EntityRecognitionOptions.LiveCheck"/>).</summary>
    public bool LiveCheck => Enabled && _options.LiveCheck;

    /// <summary>
    /// Records a check on each of <paramref name="notes"/> whose current text has none, a request's worth of notes at a
    /// time. Answers how many are left unchecked because the service failed, refused them or did not answer in time (0
    /// when not enabled).
    /// </summary>
    public async Task<int> CheckAsync(IReadOnlyList<Note> notes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notes);
        if (!Enabled)
        {
            return 0;
        }

        var due = notes.Where(n => n.NeedsEntityCheck && !n.IsReaderCopy).ToList();
        if (due.Count == 0)
        {
            return 0;
        }

        var missed = 0;

        // Each request gets the whole time budget, so a large "publish all" is not lost to one slow answer; after a failure the cool-down skips the rest.
        foreach (var chunk in due.Chunk(AzureLanguageLimits.PiiDocuments))
        {
            var found = await FindAsync([.. chunk.Select(n => n.Text)], "note save", cancellationToken);
            var now = _time.GetUtcNow();
            for (var i = 0; i < chunk.Length; i++)
            {
                if (found[i] is { } spans)
                {
                    chunk[i].RecordEntityCheck(NoteEntityCheck.For(chunk[i].Text, _engine!.Engine, now, spans));
                }
                else
                {
                    missed++;
                }
            }
        }

        return missed;
    }

    /// <summary>For the live check: the entities in <paramref name="text"/>, or null when <see cref="LiveCheck"/> is off or the service did not answer.</summary>
    public async Task<IReadOnlyList<EntitySpan>?> FindForLiveCheckAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        return LiveCheck ? (await FindAsync([text], "live check", cancellationToken))[0] : null;
    }

    /// <summary>The spans of each text, null for a text the service did not answer for.</summary>
    private async Task<IReadOnlyList<EntitySpan>?[]> FindAsync(IReadOnlyList<string> texts, string purpose, CancellationToken cancellationToken)
    {
        var found = new IReadOnlyList<EntitySpan>?[texts.Count];
        if (_health.CoolingDown)
        {
            LogSkipped(_logger, texts.Count, purpose);
            return found;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.Timeout);
        try
        {
            var documents = texts.Select((t, i) => new AnalysisDocument(i.ToString(CultureInfo.InvariantCulture), t)).ToList();
            foreach (var result in await _engine!.FindEntitiesAsync(documents, budget.Token))
            {
                if (int.TryParse(result.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < texts.Count)
                {
                    found[i] = EntityFindings.FromHints(texts[i], result.Entities, _options.MinimumConfidence, _key);
                }
            }

            _health.Recovered();
            if (found.Count(f => f is null) is > 0 and var refused)
            {
                LogRefused(_logger, refused, texts.Count, purpose);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong (network, throttling, a timeout, a malformed answer), the register's findings stand alone.
            var error = ex is OperationCanceledException ? "Timeout" : ex.GetType().Name;
            _health.Report(nameof(ITextAnalyzer.FindEntitiesAsync), error, ex.Message);
            LogUnavailable(_logger, texts.Count, purpose, error, ex.Message);
        }

        return found;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entity recognition unavailable for {Count} text(s) ({Purpose}): {Error}: {Reason}. Only the register's findings apply until they are saved again.")]
    private static partial void LogUnavailable(ILogger logger, int count, string purpose, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entity recognition refused {Refused} of {Count} text(s) ({Purpose}); only the register's findings apply to them.")]
    private static partial void LogRefused(ILogger logger, int refused, int count, string purpose);

    [LoggerMessage(Level = LogLevel.Information, Message = "Entity recognition skipped for {Count} text(s) ({Purpose}): the service failed less than a minute ago.")]
    private static partial void LogSkipped(ILogger logger, int count, string purpose);
}
