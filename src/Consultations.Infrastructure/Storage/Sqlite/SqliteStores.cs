using Consultations.Core.Domain;
using Consultations.Core.Storage;

namespace Consultations.Infrastructure.Storage.Sqlite;

public sealed class SqliteProgrammeStore(SqliteDatabase database) : IProgrammeStore
{
    private readonly SqliteDocuments _documents = new(database, "programmes", "id", "programme");

    public async Task<IReadOnlyList<Programme>> ListAsync(CancellationToken cancellationToken = default) =>
        StoreOrdering.Programmes(await _documents.QueryAsync<Programme>("SELECT doc, etag FROM programmes;", [], SetETag, cancellationToken));

    public async Task<Programme?> GetAsync(string programmeId, CancellationToken cancellationToken = default) =>
        (await _documents.QueryAsync<Programme>("SELECT doc, etag FROM programmes WHERE id = $id;", [("$id", programmeId)], SetETag, cancellationToken))
        .SingleOrDefault();

    public async Task<Programme> CreateAsync(Programme programme, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(programme);
        programme.ETag = await _documents.InsertAsync(programme.Id, Columns(programme), cancellationToken);
        return programme;
    }

    public async Task<Programme> UpdateAsync(Programme programme, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(programme);
        programme.ETag = await _documents.ReplaceAsync(programme.Id, programme.ETag, Columns(programme), cancellationToken);
        return programme;
    }

    private static void SetETag(Programme programme, string etag) => programme.ETag = etag;

    private static (string, object?)[] Columns(Programme programme) =>
        [("name", programme.Name), ("doc", DocumentJson.Serialize(programme))];
}

public sealed class SqliteConsultationStore(SqliteDatabase database) : IConsultationStore
{
    private readonly SqliteDocuments _documents = new(database, "consultations", "id", "consultation");

    public async Task<IReadOnlyList<Consultation>> ListByProgrammeAsync(string programmeId, CancellationToken cancellationToken = default) =>
        await _documents.QueryAsync<Consultation>(
            "SELECT doc, etag FROM consultations WHERE programme_id = $p ORDER BY start_date, country, id;",
            [("$p", programmeId)],
            SetETag,
            cancellationToken);

    public async Task<Consultation?> GetAsync(string programmeId, string consultationId, CancellationToken cancellationToken = default) =>
        (await _documents.QueryAsync<Consultation>(
            "SELECT doc, etag FROM consultations WHERE id = $id AND programme_id = $p;",
            [("$id", consultationId), ("$p", programmeId)],
            SetETag,
            cancellationToken)).SingleOrDefault();

    public async Task<Consultation> CreateAsync(Consultation consultation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        consultation.ETag = await _documents.InsertAsync(consultation.Id, Columns(consultation), cancellationToken);
        return consultation;
    }

    public async Task<Consultation> UpdateAsync(Consultation consultation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        consultation.ETag = await _documents.ReplaceAsync(consultation.Id, consultation.ETag, Columns(consultation), cancellationToken);
        return consultation;
    }

    private static void SetETag(Consultation consultation, string etag) => consultation.ETag = etag;

    private static (string, object?)[] Columns(Consultation c) =>
    [
        ("programme_id", c.ProgrammeId),
        ("country", c.CountryCode),
        ("start_date", c.StartDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        ("doc", DocumentJson.Serialize(c)),
    ];
}

public sealed class SqliteParticipantRegisterStore(SqliteDatabase database) : IParticipantRegisterStore
{
    private readonly SqliteDocuments _documents = new(database, "participant_registers", "consultation_id", "participant register");

    public async Task<ParticipantRegister?> GetAsync(string consultationId, CancellationToken cancellationToken = default) =>
        (await _documents.QueryAsync<ParticipantRegister>(
            "SELECT doc, etag FROM participant_registers WHERE consultation_id = $c;",
            [("$c", consultationId)],
            (r, etag) => r.ETag = etag,
            cancellationToken)).SingleOrDefault();

    public async Task<ParticipantRegister> SaveAsync(ParticipantRegister participantRegister, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(participantRegister);
        (string, object?)[] columns = [("programme_id", participantRegister.ProgrammeId), ("doc", DocumentJson.Serialize(participantRegister))];
        participantRegister.ETag = participantRegister.ETag is null
            ? await _documents.InsertAsync(participantRegister.ConsultationId, columns, cancellationToken)
            : await _documents.ReplaceAsync(participantRegister.ConsultationId, participantRegister.ETag, columns, cancellationToken);
        return participantRegister;
    }
}

public sealed class SqliteCaptureDraftStore(SqliteDatabase database) : ICaptureDraftStore
{
    private readonly SqliteDocuments _documents = new(database, "capture_drafts", "id", "capture draft");

    public async Task<CaptureDraft?> GetAsync(string consultationId, string draftId, CancellationToken cancellationToken = default) =>
        (await _documents.QueryAsync<CaptureDraft>(
            "SELECT doc, etag FROM capture_drafts WHERE id = $id AND consultation_id = $c;",
            [("$id", draftId), ("$c", consultationId)],
            static (d, etag) => d.ETag = etag,
            cancellationToken)).SingleOrDefault();

    public async Task<CaptureDraft> SaveAsync(CaptureDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        (string, object?)[] columns =
        [
            ("consultation_id", draft.ConsultationId),
            ("session_id", draft.SessionId),
            ("updated_at", StoreOrdering.SortableTimestamp(draft.UpdatedAt)),
            ("doc", DocumentJson.Serialize(draft)),
        ];
        draft.ETag = draft.ETag is null
            ? await _documents.InsertAsync(draft.Id, columns, cancellationToken)
            : await _documents.ReplaceAsync(draft.Id, draft.ETag, columns, cancellationToken);
        return draft;
    }

    public Task DeleteAsync(CaptureDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return _documents.DeleteAsync(draft.Id, draft.ETag, cancellationToken);
    }
}

public sealed class SqliteBriefStore(SqliteDatabase database) : IBriefStore
{
    private readonly SqliteDocuments _briefs = new(database, "briefs", "id", "brief");
    private readonly SqliteDocuments _versions = new(database, "brief_versions", "id", "brief version");

    public async Task<IReadOnlyList<Brief>> ListByProgrammeAsync(string programmeId, CancellationToken cancellationToken = default) =>
        StoreOrdering.Briefs(await _briefs.QueryAsync<Brief>("SELECT doc, etag FROM briefs WHERE programme_id = $p;", [("$p", programmeId)], SetETag, cancellationToken));

    public async Task<Brief?> GetAsync(string programmeId, string briefId, CancellationToken cancellationToken = default) =>
        (await _briefs.QueryAsync<Brief>(
            "SELECT doc, etag FROM briefs WHERE id = $id AND programme_id = $p;",
            [("$id", briefId), ("$p", programmeId)],
            SetETag,
            cancellationToken)).SingleOrDefault();

    public async Task<Brief> CreateAsync(Brief brief, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(brief);
        brief.ETag = await _briefs.InsertAsync(brief.Id, Columns(brief), cancellationToken);
        return brief;
    }

    public async Task<Brief> UpdateAsync(Brief brief, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(brief);
        brief.ETag = await _briefs.ReplaceAsync(brief.Id, brief.ETag, Columns(brief), cancellationToken);
        return brief;
    }

    public Task DeleteAsync(Brief brief, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(brief);
        return _briefs.DeleteAsync(brief.Id, brief.ETag, cancellationToken);
    }

    public async Task<BriefVersion> CreateVersionAsync(BriefVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        await _versions.InsertAsync(
            version.Id,
            [
                ("brief_id", version.BriefId),
                ("programme_id", version.ProgrammeId),
                ("number", version.Number),
                ("published_at", StoreOrdering.SortableTimestamp(version.PublishedAt)),
                ("doc", DocumentJson.Serialize(version)),
            ],
            cancellationToken);
        return version;
    }

    public async Task<BriefVersion?> GetVersionAsync(string programmeId, string briefId, int number, CancellationToken cancellationToken = default) =>
        (await _versions.QueryAsync<BriefVersion>(
            "SELECT doc, etag FROM brief_versions WHERE id = $id AND programme_id = $p;",
            [("$id", BriefVersion.IdOf(briefId, number)), ("$p", programmeId)],
            static (_, _) => { },
            cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<BriefVersion>> ListVersionsAsync(string programmeId, string? briefId = null, CancellationToken cancellationToken = default) =>
        StoreOrdering.BriefVersions(await _versions.QueryAsync<BriefVersion>(
            "SELECT doc, etag FROM brief_versions WHERE programme_id = $p AND ($b IS NULL OR brief_id = $b);",
            [("$p", programmeId), ("$b", briefId)],
            static (_, _) => { },
            cancellationToken));

    private static void SetETag(Brief brief, string etag) => brief.ETag = etag;

    private static (string, object?)[] Columns(Brief brief) =>
    [
        ("programme_id", brief.ProgrammeId),
        ("updated_at", StoreOrdering.SortableTimestamp(brief.UpdatedAt)),
        ("doc", DocumentJson.Serialize(brief)),
    ];
}
