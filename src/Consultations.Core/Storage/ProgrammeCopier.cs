using Consultations.Core.Domain;

namespace Consultations.Core.Storage;

/// <summary>What copying one document did (or, in a dry run, would do) to the target.</summary>
public enum CopyOutcome
{
    /// <summary>The target lacked the document; it was created.</summary>
    Created,

    /// <summary>The target already held an identical document.</summary>
    Unchanged,

    /// <summary>The target held a different document and it was replaced (overwrite only).</summary>
    Overwritten,

    /// <summary>The target holds a different document, left alone because overwrite was not asked for.</summary>
    Differs,
}

/// <summary>How a copy treats the target.</summary>
public sealed record ProgrammeCopyOptions
{
    /// <summary>Replace target documents that differ from the source (otherwise they are only reported).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Compare only: nothing is written; the report says what a real run would do.</summary>
    public bool DryRun { get; init; }

    /// <summary>Called after each consultation (with its register and notes) has been copied.</summary>
    public Action<ConsultationCopyProgress>? Progress { get; init; }
}

public sealed record CopyCounts(int Created, int Unchanged, int Overwritten, int Differing)
{
    public int Total => Created + Unchanged + Overwritten + Differing;
}

/// <summary>One consultation done: <paramref name="Position"/> of <paramref name="Count"/>, with what happened to each of its documents.</summary>
public sealed record ConsultationCopyProgress(string ConsultationId, int Position, int Count, CopyOutcome Consultation, CopyOutcome? Register, CopyCounts Notes);

/// <summary>The ids of one document type, by what the copy did with them.</summary>
public sealed record DocumentCopyResult(IReadOnlyList<string> Created, IReadOnlyList<string> Unchanged, IReadOnlyList<string> Overwritten, IReadOnlyList<string> Differing)
{
    public CopyCounts Counts => new(Created.Count, Unchanged.Count, Overwritten.Count, Differing.Count);
}

/// <summary>
/// One consultation compared by identity after the copy: which of its note ids (every status) and whether its
/// register exist in source and target. Ids missing from the target or extra in it are listed.
/// </summary>
public sealed record ConsultationCountCheck(
    string ConsultationId,
    bool InSource,
    bool InTarget,
    int SourceNotes,
    int TargetNotes,
    IReadOnlyList<string> MissingNoteIds,
    IReadOnlyList<string> ExtraNoteIds,
    bool SourceHasRegister,
    bool TargetHasRegister)
{
    public bool Matches => InSource == InTarget && MissingNoteIds.Count == 0 && ExtraNoteIds.Count == 0 && SourceHasRegister == TargetHasRegister;
}

/// <summary>
/// The outcome of <see cref="ProgrammeCopier.CopyAsync"/>. In a dry run the count check counts the documents the
/// run would create as present, so the report reads as a real run's would.
/// </summary>
public sealed record ProgrammeCopyReport(
    string ProgrammeId,
    bool DryRun,
    bool Overwrite,
    DocumentCopyResult Programme,
    DocumentCopyResult Consultations,
    DocumentCopyResult Registers,
    DocumentCopyResult Notes,
    DocumentCopyResult Briefs,
    DocumentCopyResult BriefVersions,
    IReadOnlyList<ConsultationCountCheck> CountCheck)
{
    public IReadOnlyList<ConsultationCountCheck> Mismatches => [.. CountCheck.Where(c => !c.Matches)];

    /// <summary>Target documents that differ from the source and were not replaced.</summary>
    public int Differences => Programme.Differing.Count + Consultations.Differing.Count + Registers.Differing.Count + Notes.Differing.Count
        + Briefs.Differing.Count + BriefVersions.Differing.Count;

    public bool Succeeded => Mismatches.Count == 0 && Differences == 0;
}

/// <summary>
/// Copies one programme (the programme, its consultations, their registers and notes of every status) from one
/// set of stores to another, document by document: absent → created, identical → left, different → reported
/// (or replaced with <see cref="ProgrammeCopyOptions.Overwrite"/>). Re-running is safe and continues an
/// interrupted copy, because each document is read from the target before anything is written.
/// </summary>
public sealed class ProgrammeCopier(StoreSet source, StoreSet target)
{
    // A write that loses a race is re-read and decided again; a few rounds settle any honest race.
    private const int MaxAttempts = 3;

    public async Task<ProgrammeCopyReport> CopyAsync(string programmeId, ProgrammeCopyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(programmeId);
        var run = new Run(options ?? new ProgrammeCopyOptions(), cancellationToken);
        var programme = await source.Programmes.GetAsync(programmeId, cancellationToken)
            ?? throw new DocumentNotFoundException("programme", programmeId);

        run.Programmes.Add(programme.Id, await CopyDocumentAsync(
            programme,
            ct => target.Programmes.GetAsync(programme.Id, ct),
            (p, ct) => target.Programmes.CreateAsync(p, ct),
            (p, ct) => target.Programmes.UpdateAsync(p, ct),
            (p, etag) => p.ETag = etag,
            p => p.ETag,
            run));

        var consultations = await source.Consultations.ListByProgrammeAsync(programmeId, cancellationToken);
        for (var i = 0; i < consultations.Count; i++)
        {
            var progress = await CopyConsultationAsync(consultations[i], i + 1, consultations.Count, run);
            run.Options.Progress?.Invoke(progress);
        }

        foreach (var brief in await source.Briefs.ListByProgrammeAsync(programmeId, cancellationToken))
        {
            run.Briefs.Add(brief.Id, await CopyDocumentAsync(
                brief,
                ct => target.Briefs.GetAsync(programmeId, brief.Id, ct),
                (b, ct) => target.Briefs.CreateAsync(b, ct),
                (b, ct) => target.Briefs.UpdateAsync(b, ct),
                (b, etag) => b.ETag = etag,
                b => b.ETag,
                run));
        }

        foreach (var version in await source.Briefs.ListVersionsAsync(programmeId, cancellationToken: cancellationToken))
        {
            // Published versions are immutable: a different one in the target is reported, never replaced.
            run.BriefVersions.Add(version.Id, await CopyDocumentAsync(
                version,
                ct => target.Briefs.GetVersionAsync(programmeId, version.BriefId, version.Number, ct),
                (v, ct) => target.Briefs.CreateVersionAsync(v, ct),
                null,
                static (_, _) => { },
                static _ => null,
                run));
        }

        var countCheck = await CountCheckAsync(programmeId, run.Planned, cancellationToken);
        return new ProgrammeCopyReport(
            programmeId,
            run.Options.DryRun,
            run.Options.Overwrite,
            run.Programmes.ToResult(),
            run.Consultations.ToResult(),
            run.Registers.ToResult(),
            run.Notes.ToResult(),
            run.Briefs.ToResult(),
            run.BriefVersions.ToResult(),
            countCheck);
    }

    private async Task<ConsultationCopyProgress> CopyConsultationAsync(Consultation consultation, int position, int count, Run run)
    {
        var consultationOutcome = await CopyDocumentAsync(
            consultation,
            ct => target.Consultations.GetAsync(consultation.ProgrammeId, consultation.Id, ct),
            (c, ct) => target.Consultations.CreateAsync(c, ct),
            (c, ct) => target.Consultations.UpdateAsync(c, ct),
            (c, etag) => c.ETag = etag,
            c => c.ETag,
            run);
        run.Consultations.Add(consultation.Id, consultationOutcome);
        if (run.Options.DryRun && consultationOutcome == CopyOutcome.Created)
        {
            run.Planned.Consultations.Add(consultation.Id);
        }

        CopyOutcome? registerOutcome = null;
        if (await source.Registers.GetAsync(consultation.Id, run.CancellationToken) is { } register)
        {
            registerOutcome = await CopyDocumentAsync(
                register,
                ct => target.Registers.GetAsync(consultation.Id, ct),
                (r, ct) => target.Registers.SaveAsync(r, ct),
                (r, ct) => target.Registers.SaveAsync(r, ct),
                (r, etag) => r.ETag = etag,
                r => r.ETag,
                run);
            run.Registers.Add(consultation.Id, registerOutcome.Value);
            if (run.Options.DryRun && registerOutcome == CopyOutcome.Created)
            {
                run.Planned.Registers.Add(consultation.Id);
            }
        }

        var notes = new Tally();
        await foreach (var note in source.Notes.ReadAllAsync(consultation.Id, new NoteQuery(), run.CancellationToken))
        {
            var outcome = await CopyDocumentAsync(
                note,
                ct => target.Notes.GetAsync(consultation.Id, note.Id, ct),
                (n, ct) => target.Notes.CreateAsync(n, ct),
                (n, ct) => target.Notes.UpdateAsync(n, ct),
                (n, etag) => n.ETag = etag,
                n => n.ETag,
                run);
            notes.Add(note.Id, outcome);
            run.Notes.Add(note.Id, outcome);
            if (run.Options.DryRun && outcome == CopyOutcome.Created)
            {
                run.Planned.NotesOf(consultation.Id).Add(note.Id);
            }
        }

        return new ConsultationCopyProgress(consultation.Id, position, count, consultationOutcome, registerOutcome, notes.ToResult().Counts);
    }

    private static async Task<CopyOutcome> CopyDocumentAsync<T>(
        T document,
        Func<CancellationToken, Task<T?>> readTarget,
        Func<T, CancellationToken, Task> create,
        Func<T, CancellationToken, Task>? replace,
        Action<T, string?> setETag,
        Func<T, string?> getETag,
        Run run)
        where T : class
    {
        var (options, cancellationToken) = (run.Options, run.CancellationToken);
        var json = DocumentJson.Serialize(document);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var existing = await readTarget(cancellationToken);
            if (existing is null)
            {
                if (options.DryRun)
                {
                    return CopyOutcome.Created;
                }

                // The source's ETag means nothing to the target; without one the store inserts.
                setETag(document, null);
                try
                {
                    await create(document, cancellationToken);
                    return CopyOutcome.Created;
                }
                catch (ConcurrencyConflictException ex) when (ex.Reason == ConflictReason.AlreadyExists && attempt < MaxAttempts)
                {
                    continue;
                }
            }

            if (DocumentJson.Serialize(existing) == json)
            {
                return CopyOutcome.Unchanged;
            }

            if (!options.Overwrite || replace is null)
            {
                return CopyOutcome.Differs;
            }

            if (options.DryRun)
            {
                return CopyOutcome.Overwritten;
            }

            setETag(document, getETag(existing));
            try
            {
                await replace(document, cancellationToken);
                return CopyOutcome.Overwritten;
            }
            catch (ConcurrencyConflictException ex) when (ex.Reason == ConflictReason.StaleVersion && attempt < MaxAttempts)
            {
                // Changed in the target meanwhile: read it again and decide afresh.
            }
            catch (DocumentNotFoundException) when (attempt < MaxAttempts)
            {
                // Deleted in the target meanwhile: the next round creates it.
            }
        }
    }

    private async Task<IReadOnlyList<ConsultationCountCheck>> CountCheckAsync(string programmeId, Planned planned, CancellationToken cancellationToken)
    {
        // Re-read both sides rather than trusting the copy's own bookkeeping: this is the check that nothing was lost.
        var sourceIds = (await source.Consultations.ListByProgrammeAsync(programmeId, cancellationToken)).Select(c => c.Id).ToList();
        var targetIds = (await target.Consultations.ListByProgrammeAsync(programmeId, cancellationToken)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        targetIds.UnionWith(planned.Consultations);
        var checks = new List<ConsultationCountCheck>();
        foreach (var consultationId in sourceIds.Concat(targetIds.Where(id => !sourceIds.Contains(id, StringComparer.Ordinal)).Order(StringComparer.Ordinal)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sourceNotes = await NoteIdsAsync(source.Notes, consultationId, cancellationToken);
            var targetNotes = await NoteIdsAsync(target.Notes, consultationId, cancellationToken);
            targetNotes.UnionWith(planned.NotesOf(consultationId));
            var sourceRegister = await source.Registers.GetAsync(consultationId, cancellationToken) is not null;
            var targetRegister = planned.Registers.Contains(consultationId) || await target.Registers.GetAsync(consultationId, cancellationToken) is not null;
            checks.Add(new ConsultationCountCheck(
                consultationId,
                sourceIds.Contains(consultationId, StringComparer.Ordinal),
                targetIds.Contains(consultationId),
                sourceNotes.Count,
                targetNotes.Count,
                [.. sourceNotes.Except(targetNotes).Order(StringComparer.Ordinal)],
                [.. targetNotes.Except(sourceNotes).Order(StringComparer.Ordinal)],
                sourceRegister,
                targetRegister));
        }

        return checks;
    }

    private static async Task<HashSet<string>> NoteIdsAsync(INoteStore notes, string consultationId, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var note in notes.ReadAllAsync(consultationId, new NoteQuery(), cancellationToken))
        {
            ids.Add(note.Id);
        }

        return ids;
    }

    private sealed class Tally
    {
        private readonly List<string> _created = [];
        private readonly List<string> _unchanged = [];
        private readonly List<string> _overwritten = [];
        private readonly List<string> _differing = [];

        public void Add(string id, CopyOutcome outcome) => (outcome switch
        {
            CopyOutcome.Created => _created,
            CopyOutcome.Unchanged => _unchanged,
            CopyOutcome.Overwritten => _overwritten,
            _ => _differing,
        }).Add(id);

        public DocumentCopyResult ToResult() => new([.. _created], [.. _unchanged], [.. _overwritten], [.. _differing]);
    }

    /// <summary>One call of <see cref="CopyAsync"/>: its options, token and what it has done so far.</summary>
    private sealed class Run(ProgrammeCopyOptions options, CancellationToken cancellationToken)
    {
        public ProgrammeCopyOptions Options => options;

        public CancellationToken CancellationToken => cancellationToken;

        public Tally Programmes { get; } = new();

        public Tally Consultations { get; } = new();

        public Tally Registers { get; } = new();

        public Tally Notes { get; } = new();

        public Tally Briefs { get; } = new();

        public Tally BriefVersions { get; } = new();

        public Planned Planned { get; } = new();
    }

    /// <summary>What a dry run would have created, so its count check predicts a real run's.</summary>
    private sealed class Planned
    {
        private readonly Dictionary<string, HashSet<string>> _notes = new(StringComparer.Ordinal);

        public HashSet<string> Consultations { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Registers { get; } = new(StringComparer.Ordinal);

        public HashSet<string> NotesOf(string consultationId)
        {
            if (!_notes.TryGetValue(consultationId, out var ids))
            {
                _notes[consultationId] = ids = new HashSet<string>(StringComparer.Ordinal);
            }

            return ids;
        }
    }
}
