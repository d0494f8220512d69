using System.Text.Json;
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

public sealed class CosmosNoteStore(CosmosStorage storage) : INoteStore
{
    private readonly CosmosDocuments _documents = storage.Documents(CosmosContainers.Notes, "note", "note");

    public Task<Note?> GetAsync(string consultationId, string noteId, CancellationToken cancellationToken = default) =>
        _documents.ReadAsync<Note>(noteId, consultationId, SetETag, cancellationToken);

    public async Task<IReadOnlyList<Note>> ListBySessionAsync(string consultationId, string sessionId, CancellationToken cancellationToken = default)
    {
        var query = new QueryDefinition(
            "SELECT * FROM c WHERE c.consultationId = @c AND c.sessionId = @s ORDER BY c.sessionId, c.createdUtc, c.id")
            .WithParameter("@c", consultationId)
            .WithParameter("@s", sessionId);
        return await _documents.QueryAllAsync(query, consultationId, Read, cancellationToken);
    }

    public async Task<NotePage> QueryAsync(string consultationId, NoteQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Statuses is { Count: 0 } || query.SessionIds is { Count: 0 })
        {
            // An empty filter set matches nothing, never everything.
            return new NotePage([], null);
        }

        var sql = new System.Text.StringBuilder("SELECT * FROM c WHERE c.consultationId = @c");
        var definition = new List<(string Name, object Value)> { ("@c", consultationId) };
        if (query.Statuses is { } statuses)
        {
            sql.Append(" AND ARRAY_CONTAINS(@statuses, c.status)");
            definition.Add(("@statuses", statuses.Select(StatusValue).Order(StringComparer.Ordinal).ToArray()));
        }

        if (query.SessionIds is { } sessions)
        {
            sql.Append(" AND ARRAY_CONTAINS(@sessions, c.sessionId)");
            definition.Add(("@sessions", sessions.Order(StringComparer.Ordinal).ToArray()));
        }

        if (query.Theme is { } theme)
        {
            sql.Append(" AND ARRAY_CONTAINS(c.themes, @theme)");
            definition.Add(("@theme", theme));
        }

        if (query.Kind is { } kind)
        {
            sql.Append(" AND c.kind = @kind");
            definition.Add(("@kind", JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString())));
        }

        sql.Append(" ORDER BY c.createdUtc, c.id");
        var cosmosQuery = new QueryDefinition(sql.ToString());
        foreach (var (name, value) in definition)
        {
            cosmosQuery.WithParameter(name, value);
        }

        var pageSize = Math.Clamp(query.PageSize, 1, NoteQuery.MaxPageSize);
        var (notes, token) = await _documents.QueryPageAsync(cosmosQuery, consultationId, pageSize, ContinuationTokens.Decode(query.ContinuationToken), Read, cancellationToken);
        return new NotePage(notes, ContinuationTokens.Encode(token));
    }

    public async Task<IReadOnlyList<NoteTally>> TallyAsync(string consultationId, CancellationToken cancellationToken = default)
    {
        // Counted here rather than with GROUP BY: a projection of three small fields costs few RU, and works on every Cosmos DB server.
        var query = new QueryDefinition("SELECT c.sessionId, c.status, c.themes FROM c WHERE c.consultationId = @c")
            .WithParameter("@c", consultationId);
        var rows = await _documents.QueryAllAsync(
            query,
            consultationId,
            e => (Session: e.GetProperty("sessionId").GetString()!, Status: e.GetProperty("status").GetString()!, Themes: e.TryGetProperty("themes", out var t) ? t.EnumerateArray().Select(x => x.GetString()!).ToList() : []),
            cancellationToken);

        return [.. rows
            .GroupBy(r => (r.Session, r.Status))
            .OrderBy(g => g.Key.Session, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Status, StringComparer.Ordinal)
            .Select(g => new NoteTally(
                g.Key.Session,
                ParseStatus(g.Key.Status),
                g.Count(),
                g.SelectMany(r => r.Themes).GroupBy(t => t, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Count(), StringComparer.Ordinal)))];
    }

    public async Task<Note> CreateAsync(Note note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        note.ETag = await _documents.CreateAsync(note, note.Id, note.ConsultationId, Envelope(note), cancellationToken);
        return note;
    }

    public async Task<Note> UpdateAsync(Note note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        note.ETag = await _documents.ReplaceAsync(note, note.Id, note.ConsultationId, note.ETag, Envelope(note), cancellationToken);
        return note;
    }

    public Task DeleteAsync(Note note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        return _documents.DeleteAsync(note.Id, note.ConsultationId, note.ETag, cancellationToken);
    }

    private static void SetETag(Note note, string etag) => note.ETag = etag;

    private Note Read(JsonElement element) => _documents.Materialize<Note>(element, SetETag);

    // createdAt keeps the author's offset; createdUtc is fixed-width UTC so that ORDER BY is time order.
    private static KeyValuePair<string, string>[] Envelope(Note note) => [new("createdUtc", StoreOrdering.SortableTimestamp(note.CreatedAt))];

    private static string StatusValue(NoteStatus status) => JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());

    private static NoteStatus ParseStatus(string value) => Enum.GetValues<NoteStatus>().First(s => StatusValue(s) == value);
}

/// <summary>The SDK's continuation tokens are JSON; pages carry them base64url-encoded so they survive a query string.</summary>
internal static class ContinuationTokens
{
    public static string? Encode(string? token) =>
        token is null ? null : System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? token)
    {
        if (token is null)
        {
            return null;
        }

        try
        {
            return System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token));
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("The continuation token is not valid for this store.", nameof(token), ex);
        }
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
