using System.Collections.Concurrent;
using Consultations.Core.Access;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Comparison;

namespace Consultations.Web.Briefs;

/// <summary>Builds the comparison, writes the first draft from it and saves it as a new brief.</summary>
public sealed class BriefGenerator(ComparisonBuilder builder, IBriefStore briefs, TimeProvider time)
{
    public async Task<Brief> GenerateAsync(Actor actor, Programme programme, string title, ComparisonRequest request, IProgress<ComparisonProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(programme);
        var comparison = await builder.BuildAsync(actor, programme, request, progress, cancellationToken);
        progress?.Report(new ComparisonProgress(1, 1, "Writing the draft"));
        var markdown = BriefComposer.Compose(comparison, programme.Taxonomy);
        var scope = new BriefScope([.. comparison.Countries.Select(c => c.ConsultationId)], [.. comparison.Themes.Select(t => t.Key)], request.Kind, request.SubTheme);
        var brief = Brief.Create(programme, title, scope, comparison.Coverage(), markdown, actor.Ref, time.GetUtcNow());
        var notes = comparison.NotesById();
        brief.IndexCitations(BriefCitations.Extract(markdown).Where(notes.ContainsKey).ToDictionary(id => id, id => notes[id].ConsultationId, StringComparer.Ordinal));
        return await briefs.CreateAsync(brief, cancellationToken);
    }
}

public enum BriefJobState
{
    Running,
    Succeeded,
    Failed,
}

/// <summary>A brief generation running in the background: its progress, and the brief or a message when it ends.</summary>
public sealed class BriefJob(string id, string programmeId, string userId, DateTimeOffset startedAt)
{
    private volatile ComparisonProgress _progress = new(0, 1, "Starting");

    public string Id => id;

    public string ProgrammeId => programmeId;

    public string UserId => userId;

    public DateTimeOffset StartedAt => startedAt;

    public ComparisonProgress Progress => _progress;

    public BriefJobState State { get; private set; }

    public string? BriefId { get; private set; }

    public string? Error { get; private set; }

    public Task Completion { get; internal set; } = Task.CompletedTask;

    internal void Report(ComparisonProgress progress) => _progress = progress;

    internal void Succeed(string briefId)
    {
        BriefId = briefId;
        State = BriefJobState.Succeeded;
    }

    internal void Fail(string error)
    {
        Error = error;
        State = BriefJobState.Failed;
    }
}

/// <summary>
/// Runs brief generations off the request so a large comparison never times out a page: the request waits briefly
/// and, if the draft is not ready, shows a progress page. Jobs live in memory for an hour (this instance only);
/// a restart loses a running job, never a saved brief.
/// </summary>
public sealed partial class BriefJobs(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<BriefJobs> logger)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, BriefJob> _jobs = new(StringComparer.Ordinal);

    public BriefJob Start(Actor actor, Programme programme, string title, ComparisonRequest request)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(programme);
        Prune();
        var job = new BriefJob(Ids.New(), programme.Id, actor.UserId, time.GetUtcNow());
        _jobs[job.Id] = job;
        var progress = new Progress(job);
        job.Completion = Task.Run(async () =>
        {
            try
            {
                using var scope = scopes.CreateScope();
                var generator = scope.ServiceProvider.GetRequiredService<BriefGenerator>();
                var brief = await generator.GenerateAsync(actor, programme, title, request, progress, lifetime.ApplicationStopping);
                job.Succeed(brief.Id);
            }
            catch (StoreUnavailableException)
            {
                job.Fail("The repository is busy right now, so the brief could not be generated. Nothing was saved; try again in a minute.");
            }
            catch (DomainRuleException ex)
            {
                job.Fail(ex.Message);
            }
            catch (OperationCanceledException)
            {
                job.Fail("The server stopped while the brief was being generated. Nothing was saved; start it again.");
            }
#pragma warning disable CA1031 // A background job must end in a state the user can read, whatever went wrong.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(logger, ex, job.Id, programme.Id);
                job.Fail("The brief could not be generated because of an unexpected error. Nothing was saved; try again, and tell an administrator if it happens again.");
            }
        });
        return job;
    }

    /// <summary>The job, only for the user who started it.</summary>
    public BriefJob? Find(string jobId, string userId) =>
        _jobs.TryGetValue(jobId, out var job) && job.UserId == userId ? job : null;

    private void Prune()
    {
        var cutoff = time.GetUtcNow() - KeepFor;
        foreach (var (id, job) in _jobs)
        {
            if (job.StartedAt < cutoff && job.State != BriefJobState.Running)
            {
                _jobs.TryRemove(id, out _);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Brief generation {JobId} for programme {ProgrammeId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string jobId, string programmeId);

    private sealed class Progress(BriefJob job) : IProgress<ComparisonProgress>
    {
        public void Report(ComparisonProgress value) => job.Report(value);
    }
}
