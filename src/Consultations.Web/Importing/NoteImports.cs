using System.Collections.Concurrent;
using Consultations.Core.Access;
using Consultations.Core.Analysis;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Import;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Guard;
using Consultations.Web.Audit;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Importing;

public enum ImportJobState
{
    /// <summary>Reading the file and checking every row.</summary>
    Reading,

    /// <summary>The preview is ready: the person reviews, fixes and imports.</summary>
    Ready,

    Importing,

    Imported,

    /// <summary>The file could not be read, or the import could not be written; <see cref="ImportJob.Error"/> says why. Nothing was saved.</summary>
    Failed,
}

/// <summary>One file on its way in: read and checked in the background, previewed and fixed by the person, then written.</summary>
public sealed class ImportJob(string id, string userId, string programmeId, string consultationId, string fileName, DateTimeOffset startedAt)
{
    private volatile ImportProgress _progress = new(0, 1, "Reading the file");

    public string Id => id;

    public string UserId => userId;

    public string ProgrammeId => programmeId;

    public string ConsultationId => consultationId;

    public string FileName => fileName;

    public DateTimeOffset StartedAt => startedAt;

    public ImportJobState State { get; private set; } = ImportJobState.Reading;

    public ImportProgress Progress => _progress;

    public ImportPlan? Plan { get; private set; }

    public ImportResult? Result { get; private set; }

    /// <summary>Why it failed; for a write that failed, the preview stays so the person can try again.</summary>
    public string? Error { get; private set; }

    public Task Completion { get; internal set; } = Task.CompletedTask;

    /// <summary>Serialises the person's fixes with each other and with the start of the write.</summary>
    internal SemaphoreSlim Gate { get; } = new(1, 1);

    internal void Report(ImportProgress progress) => _progress = progress;

    internal void Ready(ImportPlan plan)
    {
        Plan = plan;
        State = ImportJobState.Ready;
    }

    internal void Importing() => State = ImportJobState.Importing;

    internal void Imported(ImportResult result)
    {
        Result = result;
        State = ImportJobState.Imported;
    }

    internal void Fail(string error)
    {
        Error = error;

        // A write that failed keeps its preview: the fixes are not lost and the same import can be run again.
        State = Plan is null ? ImportJobState.Failed : ImportJobState.Ready;
    }

    internal void ClearError() => Error = null;
}

/// <summary>
/// Imports in progress, in memory for <see cref="KeepFor"/> on this instance (like brief generations): reading and checking a
/// large file, and writing its notes, run off the request so neither times out; the pages follow them. A restart loses
/// a preview (choose the file again), never a saved note, and a re-run of the same file adds nothing twice.
/// </summary>
public sealed partial class NoteImports(
    ConsultationGuards guards,
    INoteStore notes,
    NoteImporter importer,
    AuditTrail audit,
    IOptions<ImportOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<NoteImports> logger)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromHours(1);

    /// <summary>Previews one person keeps at once; the oldest goes first (each can hold a large file's rows).</summary>
    public const int MaxPerUser = 3;

    private readonly ConcurrentDictionary<string, ImportJob> _jobs = new(StringComparer.Ordinal);

    /// <summary>Starts reading and checking a file; the job becomes Ready with its plan, or Failed with the reason.</summary>
    public ImportJob StartPreview(Actor actor, Programme programme, Consultation consultation, string fileName, byte[] content, string? defaultSessionId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(content);
        Prune(actor.UserId);
        var job = new ImportJob(Ids.New(), actor.UserId, programme.Id, consultation.Id, NoteImporter.FileNameForSource(fileName), time.GetUtcNow());
        _jobs[job.Id] = job;
        var limits = new ImportLimits { MaxBytes = options.Value.MaxFileBytes };
        job.Completion = RunAsync(job, consultation.Id, "The file could not be checked because of an unexpected error. Nothing was imported; try again, and tell an administrator if it happens again.", async () =>
        {
            try
            {
                var document = ImportFiles.Read(job.FileName, content, limits);
                job.Report(new ImportProgress(0, document.Blocks.Count, "Checking every row with the guard"));
                var cancellationToken = lifetime.ApplicationStopping;
                var existing = await ImportExisting.ReadAsync(notes, consultation.Id, cancellationToken);
                var guard = await guards.ForAsync(programme, consultation.Id, cancellationToken);
                var context = new ImportContext(programme, consultation, defaultSessionId, guard.Check, new ThemeSuggester(programme.Taxonomy), existing);
                var plan = ImportPlanner.Plan(document, context, new Progress<int>(done => job.Report(new ImportProgress(done, document.Blocks.Count, "Checking every row with the guard"))));
                job.Ready(plan);
            }
            catch (ImportFileException ex)
            {
                job.Fail(ex.Message + " Nothing was imported.");
            }
        });
        return job;
    }

    /// <summary>Writes the previewed rows as drafts and records one audit entry; false when the job is not ready (already importing or imported).</summary>
    public async Task<bool> StartImportAsync(ImportJob job, Actor actor, Programme programme, Consultation consultation)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(actor);
        await job.Gate.WaitAsync();
        try
        {
            if (job.State != ImportJobState.Ready || job.Plan is not { } plan)
            {
                return false;
            }

            if (plan.BlockedByProblems > 0)
            {
                throw new DomainRuleException($"{plan.BlockedByProblems:N0} ticked {(plan.BlockedByProblems == 1 ? "row still has" : "rows still have")} problems. Fix them or untick them, then import.");
            }

            job.ClearError();
            job.Importing();
            job.Report(new ImportProgress(0, 1, "Starting"));
        }
        finally
        {
            job.Gate.Release();
        }

        job.Completion = RunAsync(job, consultation.Id, "The notes could not be saved because of an unexpected error. Import again: what was saved is recognised and nothing is added twice.", async () =>
        {
            var plan = job.Plan!;
            try
            {
                var result = await importer.ImportAsync(plan, programme, consultation, actor.Ref, new Progress<ImportProgress>(job.Report), lifetime.ApplicationStopping);
                var fileName = await audit.QuoteAsync(programme, [consultation.Id], plan.FileName, 80);
                await audit.RecordAsync(actor, AuditAction.NotesImported, AuditSubject.Consultation(programme.Id, consultation.Id), result.AuditDetail(fileName, plan.FileSha256));
                job.Imported(result);
            }
            catch (OperationCanceledException)
            {
                job.Fail("The server stopped while the notes were being saved. Import the same file again: what was saved is recognised and nothing is added twice.");
            }
        });
        return true;
    }

    /// <summary>Applies a person's fixes under the job's lock; false when the preview is no longer open to changes.</summary>
    public async Task<bool> FixAsync(ImportJob job, Action<ImportPlan> change)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(change);
        await job.Gate.WaitAsync();
        try
        {
            if (job.State != ImportJobState.Ready || job.Plan is not { } plan)
            {
                return false;
            }

            change(plan);
            return true;
        }
        finally
        {
            job.Gate.Release();
        }
    }

    /// <summary>The job, only for the person who started it.</summary>
    public ImportJob? Find(string jobId, string userId) =>
        _jobs.TryGetValue(jobId, out var job) && job.UserId == userId ? job : null;

    /// <summary>Runs a job's work off the request; whatever ends it, the job ends in a state its page can explain.</summary>
    private Task RunAsync(ImportJob job, string consultationId, string unexpected, Func<Task> work) => Task.Run(async () =>
    {
        try
        {
            await work();
        }
        catch (DomainRuleException ex)
        {
            job.Fail(ex.Message);
        }
        catch (OperationCanceledException)
        {
            job.Fail("The server stopped before this was done. Nothing more was saved; start again.");
        }
        catch (Exception ex) when (Describe(ex) is { } message)
        {
            job.Fail(message);
        }
#pragma warning disable CA1031 // A background job must end in a state the user can read, whatever went wrong.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex, job.Id, consultationId);
            job.Fail(unexpected);
        }
    });

    private static string? Describe(Exception ex) => ex switch
    {
        StoreUnavailableException => "The repository is busy right now, so nothing was imported. Try again in a minute.",
        DocumentRejectedException rejected => rejected.Message + " Nothing was imported.",
        _ => null,
    };

    private void Prune(string userId)
    {
        var cutoff = time.GetUtcNow() - KeepFor;
        foreach (var (id, job) in _jobs)
        {
            if (job.StartedAt < cutoff && job.State is not (ImportJobState.Reading or ImportJobState.Importing))
            {
                _jobs.TryRemove(id, out _);
            }
        }

        var mine = _jobs.Values.Where(j => j.UserId == userId && j.State is not (ImportJobState.Reading or ImportJobState.Importing)).OrderByDescending(j => j.StartedAt).Skip(MaxPerUser - 1);
        foreach (var old in mine)
        {
            _jobs.TryRemove(old.Id, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Note import {JobId} into consultation {ConsultationId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string jobId, string consultationId);
}
