using Consultations.Core.Domain;
using Consultations.Core.Storage;

namespace Consultations.Web.Search;

// Each store the index derives from, wrapped so that a successful write tells the search index at once. Reads pass
// straight through; a write that throws tells nothing, since nothing changed.

internal sealed class SignallingNoteStore(INoteStore inner, SearchChanges changes) : INoteStore
{
    public Task<Note?> GetAsync(string consultationId, string noteId, CancellationToken cancellationToken = default) => inner.GetAsync(consultationId, noteId, cancellationToken);

    public Task<IReadOnlyList<Note>> ListBySessionAsync(string consultationId, string sessionId, CancellationToken cancellationToken = default) => inner.ListBySessionAsync(consultationId, sessionId, cancellationToken);

    public Task<NotePage> QueryAsync(string consultationId, NoteQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(consultationId, query, cancellationToken);

    public Task<IReadOnlyList<NoteTally>> TallyAsync(string consultationId, CancellationToken cancellationToken = default) => inner.TallyAsync(consultationId, cancellationToken);

    public async Task<Note> CreateAsync(Note note, CancellationToken cancellationToken = default) => Signal(await inner.CreateAsync(note, cancellationToken));

    public async Task<Note> UpdateAsync(Note note, CancellationToken cancellationToken = default) => Signal(await inner.UpdateAsync(note, cancellationToken));

    public async Task DeleteAsync(Note note, CancellationToken cancellationToken = default)
    {
        await inner.DeleteAsync(note, cancellationToken);
        changes.Post(new StoreChange(StoreChangeKind.NoteDeleted, note.Id, note.ConsultationId, note.ProgrammeId));
    }

    private Note Signal(Note note)
    {
        changes.Post(new StoreChange(StoreChangeKind.Note, note.Id, note.ConsultationId, note.ProgrammeId));
        return note;
    }
}

internal sealed class SignallingRegisterStore(IParticipantRegisterStore inner, SearchChanges changes) : IParticipantRegisterStore
{
    public Task<ParticipantRegister?> GetAsync(string consultationId, CancellationToken cancellationToken = default) => inner.GetAsync(consultationId, cancellationToken);

    public async Task<ParticipantRegister> SaveAsync(ParticipantRegister participantRegister, CancellationToken cancellationToken = default)
    {
        var saved = await inner.SaveAsync(participantRegister, cancellationToken);
        changes.Post(new StoreChange(StoreChangeKind.Register, saved.ConsultationId, saved.ConsultationId, string.IsNullOrEmpty(saved.ProgrammeId) ? null : saved.ProgrammeId));
        return saved;
    }
}

internal sealed class SignallingConsultationStore(IConsultationStore inner, SearchChanges changes) : IConsultationStore
{
    public Task<IReadOnlyList<Consultation>> ListByProgrammeAsync(string programmeId, CancellationToken cancellationToken = default) => inner.ListByProgrammeAsync(programmeId, cancellationToken);

    public Task<Consultation?> GetAsync(string programmeId, string consultationId, CancellationToken cancellationToken = default) => inner.GetAsync(programmeId, consultationId, cancellationToken);

    public async Task<Consultation> CreateAsync(Consultation consultation, CancellationToken cancellationToken = default) => Signal(await inner.CreateAsync(consultation, cancellationToken));

    public async Task<Consultation> UpdateAsync(Consultation consultation, CancellationToken cancellationToken = default) => Signal(await inner.UpdateAsync(consultation, cancellationToken));

    private Consultation Signal(Consultation consultation)
    {
        changes.Post(new StoreChange(StoreChangeKind.Consultation, consultation.Id, consultation.Id, consultation.ProgrammeId));
        return consultation;
    }
}

internal sealed class SignallingProgrammeStore(IProgrammeStore inner, SearchChanges changes) : IProgrammeStore
{
    public Task<IReadOnlyList<Programme>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

    public Task<Programme?> GetAsync(string programmeId, CancellationToken cancellationToken = default) => inner.GetAsync(programmeId, cancellationToken);

    public async Task<Programme> CreateAsync(Programme programme, CancellationToken cancellationToken = default) => Signal(await inner.CreateAsync(programme, cancellationToken));

    public async Task<Programme> UpdateAsync(Programme programme, CancellationToken cancellationToken = default) => Signal(await inner.UpdateAsync(programme, cancellationToken));

    private Programme Signal(Programme programme)
    {
        changes.Post(new StoreChange(StoreChangeKind.Programme, programme.Id, null, programme.Id));
        return programme;
    }
}

internal sealed class SignallingBriefStore(IBriefStore inner, SearchChanges changes) : IBriefStore
{
    public Task<IReadOnlyList<Brief>> ListByProgrammeAsync(string programmeId, CancellationToken cancellationToken = default) => inner.ListByProgrammeAsync(programmeId, cancellationToken);

    public Task<Brief?> GetAsync(string programmeId, string briefId, CancellationToken cancellationToken = default) => inner.GetAsync(programmeId, briefId, cancellationToken);

    public Task<Brief> CreateAsync(Brief brief, CancellationToken cancellationToken = default) => inner.CreateAsync(brief, cancellationToken);

    public Task<Brief> UpdateAsync(Brief brief, CancellationToken cancellationToken = default) => inner.UpdateAsync(brief, cancellationToken);

    public Task DeleteAsync(Brief brief, CancellationToken cancellationToken = default) => inner.DeleteAsync(brief, cancellationToken);

    public async Task<BriefVersion> CreateVersionAsync(BriefVersion version, CancellationToken cancellationToken = default)
    {
        var created = await inner.CreateVersionAsync(version, cancellationToken);
        changes.Post(new StoreChange(StoreChangeKind.BriefVersion, created.Id, null, created.ProgrammeId));
        return created;
    }

    public Task<BriefVersion?> GetVersionAsync(string programmeId, string briefId, int number, CancellationToken cancellationToken = default) => inner.GetVersionAsync(programmeId, briefId, number, cancellationToken);

    public Task<IReadOnlyList<BriefVersion>> ListVersionsAsync(string programmeId, string? briefId = null, CancellationToken cancellationToken = default) => inner.ListVersionsAsync(programmeId, briefId, cancellationToken);
}
