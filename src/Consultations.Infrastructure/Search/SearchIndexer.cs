using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Consultations.Core.Domain;
using Consultations.Core.Search;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Guard;
using Microsoft.Extensions.Logging;

namespace Consultations.Infrastructure.Search;

/// <summary>
/// Makes search documents from the stores and brings the index in line with them: everything (a rebuild), a programme,
/// a consultation (its register or sessions changed: every note is gated again), a note, a brief version. Reader text
/// is only ever what <see cref="ReaderGate"/> hands out — published, not off the record, masked, nothing withheld — so
/// the index cannot hold for readers what a reader page would not show. Used by the web app on every change it sees
/// and by <c>consultations search-index rebuild</c>.
/// </summary>
public sealed partial class SearchIndexer(
    ISearchIndex index,
    IProgrammeStore programmes,
    IConsultationStore consultations,
    INoteStore notes,
    IBriefStore briefs,
    ConsultationGuards guards,
    ILogger<SearchIndexer> logger)
{
    // Registers are addressed by consultation alone; a change to one names no programme.
    private readonly ConcurrentDictionary<string, string> _programmeOfConsultation = new(StringComparer.Ordinal);

    public ISearchIndex Index => index;

    /// <summary>Replaces the whole index with one built from the stores (searches keep the old one until it is done).</summary>
    public async Task<int> RebuildAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        await index.RebuildAsync(Counted(ReadAllAsync(cancellationToken)), cancellationToken);
        index.Commit();
        return count;

        async IAsyncEnumerable<SearchDocument> Counted(IAsyncEnumerable<SearchDocument> documents)
        {
            await foreach (var document in documents)
            {
                count++;
                yield return document;
            }
        }
    }

    /// <summary>Every document of every programme.</summary>
    public async IAsyncEnumerable<SearchDocument> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var programme in await programmes.ListAsync(cancellationToken))
        {
            await foreach (var document in ReadProgrammeAsync(programme, cancellationToken))
            {
                yield return document;
            }
        }
    }

    /// <summary>Re-indexes one programme: its documents replaced, those whose source is gone removed. False when there is no such programme.</summary>
    public async Task<(bool Found, int Documents)> RefreshProgrammeAsync(string programmeId, CancellationToken cancellationToken)
    {
        var programme = await programmes.GetAsync(programmeId, cancellationToken);
        var documents = new List<SearchDocument>();
        if (programme is not null)
        {
            await foreach (var document in ReadProgrammeAsync(programme, cancellationToken))
            {
                documents.Add(document);
            }
        }

        await ReplaceAsync(programmeId, null, documents, cancellationToken);
        return (programme is not null, documents.Count);
    }

    /// <summary>Re-indexes one consultation's notes (after its register, sessions or facilitators changed).</summary>
    public async Task RefreshConsultationAsync(string? programmeId, string consultationId, CancellationToken cancellationToken)
    {
        var (programme, consultation) = await FindAsync(programmeId, consultationId, cancellationToken);
        if (programme is null)
        {
            return;
        }

        var documents = consultation is null ? [] : await ConsultationDocumentsAsync(programme, consultation, cancellationToken);
        await ReplaceAsync(programme.Id, consultationId, documents, cancellationToken);
    }

    /// <summary>Re-indexes notes of one consultation: each replaced as it is now, or removed when it is gone.</summary>
    public async Task RefreshNotesAsync(string? programmeId, string consultationId, IReadOnlyList<string> noteIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(noteIds);
        var (programme, consultation) = await FindAsync(programmeId, consultationId, cancellationToken);
        var guard = programme is null || consultation is null ? null : await guards.ForAsync(programme, consultation.Id, cancellationToken);
        var upserts = new List<SearchDocument>();
        var gone = new List<string>();
        foreach (var noteId in noteIds)
        {
            var note = guard is null ? null : await notes.GetAsync(consultationId, noteId, cancellationToken);
            if (note is null || consultation!.FindSession(note.SessionId) is null)
            {
                gone.Add(NoteSearchDocument.KeyOf(noteId));
            }
            else
            {
                upserts.Add(Document(programme!, consultation, note, guard!));
            }
        }

        await index.UpsertAsync(upserts, cancellationToken);
        await index.DeleteAsync(gone, cancellationToken);
    }

    /// <summary>Indexes a published brief version (published versions never change; their masking follows the registers on refresh).</summary>
    public async Task RefreshBriefVersionAsync(string programmeId, string versionId, CancellationToken cancellationToken)
    {
        var programme = await programmes.GetAsync(programmeId, cancellationToken);
        var version = programme is null ? null : (await briefs.ListVersionsAsync(programmeId, null, cancellationToken)).FirstOrDefault(v => v.Id == versionId);
        if (programme is null || version is null)
        {
            await index.DeleteAsync([BriefSearchDocument.KeyOf(versionId)], cancellationToken);
            return;
        }

        await index.UpsertAsync([await BriefDocumentAsync(programme, version, cancellationToken)], cancellationToken);
    }

    /// <summary>
    /// Applies store changes: each programme, consultation, note and brief version is read again once, however often it
    /// changed; a programme change (taxonomy, small-group threshold) re-indexes the programme, a register or consultation
    /// change re-gates the consultation's notes. Changes to an item that no longer exists remove its documents.
    /// </summary>
    public async Task ApplyAsync(IEnumerable<StoreChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var list = changes.ToList();
        var programmeIds = list.Where(c => c.Kind == StoreChangeKind.Programme).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var programmeId in programmeIds)
        {
            await RefreshProgrammeAsync(programmeId, cancellationToken);
        }

        var consultationIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in list.Where(c => c.Kind is StoreChangeKind.Consultation or StoreChangeKind.Register))
        {
            var consultationId = change.ConsultationId ?? change.Id;
            if ((change.ProgrammeId is null || !programmeIds.Contains(change.ProgrammeId)) && consultationIds.Add(consultationId))
            {
                await RefreshConsultationAsync(change.ProgrammeId, consultationId, cancellationToken);
            }
        }

        // Notes grouped by consultation: its programme, sessions and compiled guard are read once per group, not per note.
        var notesByConsultation = list
            .Where(c => c.Kind is StoreChangeKind.Note or StoreChangeKind.NoteDeleted)
            .Where(c => c.ConsultationId is { } id && !consultationIds.Contains(id) && (c.ProgrammeId is null || !programmeIds.Contains(c.ProgrammeId)))
            .GroupBy(c => c.ConsultationId!, StringComparer.Ordinal);
        foreach (var group in notesByConsultation)
        {
            await RefreshNotesAsync(group.Select(c => c.ProgrammeId).FirstOrDefault(p => p is not null), group.Key, [.. group.Select(c => c.Id).Distinct(StringComparer.Ordinal)], cancellationToken);
        }

        foreach (var change in list.Where(c => c.Kind == StoreChangeKind.BriefVersion && c.ProgrammeId is not null && !programmeIds.Contains(c.ProgrammeId)))
        {
            await RefreshBriefVersionAsync(change.ProgrammeId!, change.Id, cancellationToken);
        }
    }

    private async IAsyncEnumerable<SearchDocument> ReadProgrammeAsync(Programme programme, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var consultation in await consultations.ListByProgrammeAsync(programme.Id, cancellationToken))
        {
            _programmeOfConsultation[consultation.Id] = programme.Id;
            foreach (var document in await ConsultationDocumentsAsync(programme, consultation, cancellationToken))
            {
                yield return document;
            }
        }

        foreach (var version in await briefs.ListVersionsAsync(programme.Id, null, cancellationToken))
        {
            yield return await BriefDocumentAsync(programme, version, cancellationToken);
        }
    }

    private async Task<List<SearchDocument>> ConsultationDocumentsAsync(Programme programme, Consultation consultation, CancellationToken cancellationToken)
    {
        var guard = await guards.ForAsync(programme, consultation.Id, cancellationToken);
        var sessions = consultation.Sessions.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var documents = new List<SearchDocument>();
        await foreach (var note in notes.ReadAllAsync(consultation.Id, new NoteQuery(), cancellationToken))
        {
            // A note of a session that was removed is not reachable from any page either.
            if (sessions.Contains(note.SessionId))
            {
                documents.Add(Document(programme, consultation, note, guard));
            }
        }

        return documents;
    }

    private NoteSearchDocument Document(Programme programme, Consultation consultation, Note note, ConsultationGuard guard)
    {
        var session = consultation.Sessions.First(s => s.Id == note.SessionId);
        Note? readerCopy = null;
        if (note.Status == NoteStatus.Published && session.DisclosureRule != DisclosureRule.OffTheRecord)
        {
            readerCopy = ReaderGate.Filter([note], guard, logger).Shown is [var shown] ? shown : null;
        }

        return NoteSearchDocument.For(programme, consultation, note, readerCopy, guard.GroupCounts);
    }

    private async Task<BriefSearchDocument> BriefDocumentAsync(Programme programme, BriefVersion version, CancellationToken cancellationToken)
    {
        var title = await guards.MaskWrittenAsync(programme, version.Scope.ConsultationIds, version.Title, cancellationToken);
        var markdown = await guards.MaskWrittenAsync(programme, version.Scope.ConsultationIds, version.Markdown, cancellationToken);
        return BriefSearchDocument.For(version, title, markdown);
    }

    /// <summary>Upserts <paramref name="documents"/> and removes what the index holds of the same programme (consultation) beyond them.</summary>
    private async Task ReplaceAsync(string programmeId, string? consultationId, List<SearchDocument> documents, CancellationToken cancellationToken)
    {
        var before = await index.KeysAsync(programmeId, consultationId, cancellationToken);
        await index.UpsertAsync(documents, cancellationToken);
        var kept = documents.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var gone = before.Where(k => !kept.Contains(k)).ToList();
        if (gone.Count > 0)
        {
            await index.DeleteAsync(gone, cancellationToken);
        }

        LogReplaced(logger, programmeId, consultationId ?? "(all)", documents.Count, gone.Count);
    }

    private async Task<(Programme? Programme, Consultation? Consultation)> FindAsync(string? programmeId, string consultationId, CancellationToken cancellationToken)
    {
        programmeId ??= _programmeOfConsultation.GetValueOrDefault(consultationId);
        if (programmeId is not null && await programmes.GetAsync(programmeId, cancellationToken) is { } known)
        {
            return (known, await consultations.GetAsync(known.Id, consultationId, cancellationToken));
        }

        // Few programmes: looking through them is cheaper than a lookup table in every store.
        foreach (var programme in await programmes.ListAsync(cancellationToken))
        {
            if (await consultations.GetAsync(programme.Id, consultationId, cancellationToken) is { } consultation)
            {
                _programmeOfConsultation[consultationId] = programme.Id;
                return (programme, consultation);
            }
        }

        return (null, null);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Search index: programme {ProgrammeId}, consultation {ConsultationId}: {Documents} document(s) indexed, {Removed} removed")]
    private static partial void LogReplaced(ILogger logger, string programmeId, string consultationId, int documents, int removed);
}
