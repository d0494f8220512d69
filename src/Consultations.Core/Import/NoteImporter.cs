using System.Globalization;
using Consultations.Core.Domain;
using Consultations.Core.Storage;

namespace Consultations.Core.Import;

/// <summary>How an import ended: notes written, rows found already there (at preview or while writing), rows left out.</summary>
public sealed record ImportResult(int Created, int AlreadyThere, int LeftOut, IReadOnlyList<string> CreatedIds)
{
    /// <summary>One line for the audit trail: counts, file name (already masked by the caller where needed) and hash; never note text.</summary>
    public string AuditDetail(string fileName, string fileSha256) =>
        string.Create(CultureInfo.InvariantCulture, $"{Created} draft note(s) imported from {fileName} (SHA-256 {fileSha256[..Math.Min(16, fileSha256.Length)]}…); {AlreadyThere} already there, {LeftOut} left out");
}

/// <summary>How far a write has got, for a progress page.</summary>
public sealed record ImportProgress(int Done, int Total, string Stage);

/// <summary>
/// Writes an <see cref="ImportPlan"/>'s rows as draft notes. Each note's id is its row's stable key, so a second run of
/// the same plan (or of an interrupted one) writes only what is missing: on SQLite the notes go in one transaction (all or
/// none), on Cosmos DB they are written one by one and a re-run completes them.
/// </summary>
public sealed class NoteImporter(INoteStore notes, IBulkStore bulk, TimeProvider time)
{
    public async Task<ImportResult> ImportAsync(ImportPlan plan, Programme programme, Consultation consultation, UserRef by, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(consultation);
        if (plan.ConsultationId != consultation.Id || plan.ProgrammeId != programme.Id)
        {
            throw new DomainRuleException("This import was prepared for another consultation.");
        }

        if (plan.BlockedByProblems > 0)
        {
            throw new DomainRuleException($"{plan.BlockedByProblems} ticked row(s) still have problems. Fix them or untick them, then import.");
        }

        // Read again now: since the preview, someone may have imported the same file, or this import may be a re-run.
        progress?.Report(new ImportProgress(0, 1, "Checking what the consultation already holds"));
        var existing = await ImportExisting.ReadAsync(notes, consultation.Id, cancellationToken);
        var at = time.GetUtcNow();
        var leftOut = plan.Rows.Count(r => !r.Included && !r.IsAlreadyThere);
        var alreadyThere = 0;
        var pending = new List<Note>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in plan.Rows)
        {
            if (!row.Included && !row.IsAlreadyThere)
            {
                continue;
            }

            if (row.IsAlreadyThere || existing.Find(row.Key, row.TextSha256) is not null || !seen.Add(row.Key))
            {
                alreadyThere++;
                continue;
            }

            var session = consultation.FindSession(row.SessionId!) ?? throw new DomainRuleException($"Row {row.Row}'s session is no longer part of this consultation. Choose another session for it.");
            var source = new NoteSource(FileNameForSource(plan.FileName), row.Location, plan.FileSha256, row.TextSha256);
            pending.Add(Note.Create(programme, consultation, session, plan.ContentOf(row), by, at, row.Key, source));
        }

        progress?.Report(new ImportProgress(0, pending.Count, $"Saving {pending.Count:N0} draft notes"));
        var created = new List<string>(pending.Count);
        try
        {
            await bulk.CreateNotesAsync(pending, cancellationToken);
            created.AddRange(pending.Select(n => n.Id));
        }
        catch (ConcurrencyConflictException)
        {
            // Some were written meanwhile (a parallel import of the same file, or what an interrupted run left): add the rest one by one.
            var done = 0;
            foreach (var note in pending)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (note.ETag is not null)
                {
                    // Written by this run's bulk attempt before the conflict (Cosmos DB writes them one by one).
                    created.Add(note.Id);
                }
                else if (await notes.GetAsync(consultation.Id, note.Id, cancellationToken) is null)
                {
                    try
                    {
                        await notes.CreateAsync(note, cancellationToken);
                        created.Add(note.Id);
                    }
                    catch (ConcurrencyConflictException)
                    {
                        alreadyThere++;
                    }
                }
                else
                {
                    alreadyThere++;
                }

                progress?.Report(new ImportProgress(++done, pending.Count, $"Saving {pending.Count:N0} draft notes"));
            }
        }

        progress?.Report(new ImportProgress(pending.Count, pending.Count, "Done"));
        return new ImportResult(created.Count, alreadyThere, leftOut, created);
    }

    /// <summary>The file's own name without folders, kept short enough for a note.</summary>
    public static string FileNameForSource(string fileName)
    {
        var name = Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        if (name.Length == 0)
        {
            return "the file";
        }

        return name.Length <= NoteSource.MaxFileNameLength ? name : string.Concat(name.AsSpan(0, NoteSource.MaxFileNameLength - 1), "…");
    }
}
