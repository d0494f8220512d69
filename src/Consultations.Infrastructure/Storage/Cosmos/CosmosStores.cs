using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Microsoft.Azure.Cosmos;

namespace Consultations.Infrastructure.Storage.Cosmos;

public sealed class CosmosProgrammeStore(CosmosStorage storage) : IProgrammeStore
{
    private const string Partition = CosmosContainers.ProgrammeCatalogPartition;

    private readonly CosmosDocuments _documents = storage.Documents(CosmosContainers.Programmes, "programme", "programme");

    public async Task<IReadOnlyList<Programme>> ListAsync(CancellationToken cancellationToken = default)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.pk = @pk AND c.type = 'programme'").WithParameter("@pk", Partition);

        // Sorted here with the comparer SQLite uses too: Cosmos DB cannot ORDER BY a case-folded name.
        return StoreOrdering.Programmes(await _documents.QueryAllAsync(query, Partition, e => _documents.Materialize<Programme>(e, SetETag), cancellationToken));
    }

    public Task<Programme?> GetAsync(string programmeId, CancellationToken cancellationToken = default) =>
        _documents.ReadAsync<Programme>(programmeId, Partition, SetETag, cancellationToken);

    public async Task<Programme> CreateAsync(Programme programme, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(programme);
        programme.ETag = await _documents.CreateAsync(programme, programme.Id, Partition, null, cancellationToken);
        return programme;
    }

    public async Task<Programme> UpdateAsync(Programme programme, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(programme);
        programme.ETag = await _documents.ReplaceAsync(programme, programme.Id, Partition, programme.ETag, null, cancellationToken);
        return programme;
    }

    private static void SetETag(Programme programme, string etag) => programme.ETag = etag;
}

public sealed class CosmosConsultationStore(CosmosStorage storage) : IConsultationStore
{
    private readonly CosmosDocuments _documents = storage.Documents(CosmosContainers.Programmes, "consultation", "consultation");

    public async Task<IReadOnlyList<Consultation>> ListByProgrammeAsync(string programmeId, CancellationToken cancellationToken = default)
    {
        var query = new QueryDefinition(
            "SELECT * FROM c WHERE c.pk = @pk AND c.type = 'consultation' ORDER BY c.startDate, c.countryCode, c.id")
            .WithParameter("@pk", programmeId);
        return await _documents.QueryAllAsync(query, programmeId, e => _documents.Materialize<Consultation>(e, SetETag), cancellationToken);
    }

    public Task<Consultation?> GetAsync(string programmeId, string consultationId, CancellationToken cancellationToken = default) =>
        _documents.ReadAsync<Consultation>(consultationId, programmeId, SetETag, cancellationToken);

    public async Task<Consultation> CreateAsync(Consultation consultation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        consultation.ETag = await _documents.CreateAsync(consultation, consultation.Id, consultation.ProgrammeId, null, cancellationToken);
        return consultation;
    }

    public async Task<Consultation> UpdateAsync(Consultation consultation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        consultation.ETag = await _documents.ReplaceAsync(consultation, consultation.Id, consultation.ProgrammeId, consultation.ETag, null, cancellationToken);
        return consultation;
    }

    private static void SetETag(Consultation consultation, string etag) => consultation.ETag = etag;
}

public sealed class CosmosParticipantRegisterStore(CosmosStorage storage) : IParticipantRegisterStore
{
    private readonly CosmosDocuments _documents = storage.Documents(CosmosContainers.Registers, "participant register", "participant-register");

    public Task<ParticipantRegister?> GetAsync(string consultationId, CancellationToken cancellationToken = default) =>
        _documents.ReadAsync<ParticipantRegister>(consultationId, consultationId, (r, etag) => r.ETag = etag, cancellationToken);

    public async Task<ParticipantRegister> SaveAsync(ParticipantRegister participantRegister, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(participantRegister);
        var id = participantRegister.ConsultationId;
        participantRegister.ETag = participantRegister.ETag is null
            ? await _documents.CreateAsync(participantRegister, id, id, null, cancellationToken)
            : await _documents.ReplaceAsync(participantRegister, id, id, participantRegister.ETag, null, cancellationToken);
        return participantRegister;
    }
}

public sealed class CosmosCaptureDraftStore(CosmosStorage storage) : ICaptureDraftStore
{
    private readonly CosmosDocuments _documents = storage.Documents(CosmosContainers.Drafts, "capture draft", "capture-draft");

    public Task<CaptureDraft?> GetAsync(string consultationId, string draftId, CancellationToken cancellationToken = default) =>
        _documents.ReadAsync<CaptureDraft>(draftId, consultationId, static (d, etag) => d.ETag = etag, cancellationToken);

    public async Task<CaptureDraft> SaveAsync(CaptureDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        draft.ETag = draft.ETag is null
            ? await _documents.CreateAsync(draft, draft.Id, draft.ConsultationId, null, cancellationToken)
            : await _documents.ReplaceAsync(draft, draft.Id, draft.ConsultationId, draft.ETag, null, cancellationToken);
        return draft;
    }

    public Task DeleteAsync(CaptureDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return _documents.DeleteAsync(draft.Id, draft.ConsultationId, draft.ETag, cancellationToken);
    }
}

/// <summary>Briefs and their published versions live in their programme's partition beside its consultations.</summary>
public sealed class CosmosBriefStore(CosmosStorage storage) : IBriefStore
{
    private readonly CosmosDocuments _briefs = storage.Documents(CosmosContainers.Programmes, "brief", "brief");
    private readonly CosmosDocuments _versions = storage.Documents(CosmosContainers.Programmes, "brief version", "brief-version");

    public async Task<IReadOnlyList<Brief>> ListByProgrammeAsync(string programmeId, CancellationToken cancellationToken = default)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.pk = @pk AND c.type = 'brief'").WithParameter("@pk", programmeId);
        return StoreOrdering.Briefs(await _briefs.QueryAllAsync(query, programmeId, e => _briefs.Materialize<Brief>(e, SetETag), cancellationToken));
    }

    public Task<Brief?> GetAsync(string programmeId, string briefId, CancellationToken cancellationToken = default) =>
        _briefs.ReadAsync<Brief>(briefId, programmeId, SetETag, cancellationToken);

    public async Task<Brief> CreateAsync(Brief brief, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(brief);
        brief.ETag = await _briefs.CreateAsync(brief, brief.Id, brief.ProgrammeId, null, cancellationToken);
        return brief;
    }

    public async Task<Brief> UpdateAsync(Brief brief, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(brief);
        brief.ETag = await _briefs.ReplaceAsync(brief, brief.Id, brief.ProgrammeId, brief.ETag, null, cancellationToken);
        return brief;
    }

    public Task DeleteAsync(Brief brief, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(brief);
        return _briefs.DeleteAsync(brief.Id, brief.ProgrammeId, brief.ETag, cancellationToken);
    }

    public async Task<BriefVersion> CreateVersionAsync(BriefVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);

        // Create, never upsert: the id carries the number, so a second publication of the same number is a 409.
        await _versions.CreateAsync(version, version.Id, version.ProgrammeId, null, cancellationToken);
        return version;
    }

    public Task<BriefVersion?> GetVersionAsync(string programmeId, string briefId, int number, CancellationToken cancellationToken = default) =>
        _versions.ReadAsync<BriefVersion>(BriefVersion.IdOf(briefId, number), programmeId, static (_, _) => { }, cancellationToken);

    public async Task<IReadOnlyList<BriefVersion>> ListVersionsAsync(string programmeId, string? briefId = null, CancellationToken cancellationToken = default)
    {
        var query = briefId is null
            ? new QueryDefinition("SELECT * FROM c WHERE c.pk = @pk AND c.type = 'brief-version'").WithParameter("@pk", programmeId)
            : new QueryDefinition("SELECT * FROM c WHERE c.pk = @pk AND c.type = 'brief-version' AND c.briefId = @b").WithParameter("@pk", programmeId).WithParameter("@b", briefId);
        return StoreOrdering.BriefVersions(await _versions.QueryAllAsync(query, programmeId, e => _versions.Materialize<BriefVersion>(e, static (_, _) => { }), cancellationToken));
    }

    private static void SetETag(Brief brief, string etag) => brief.ETag = etag;
}
