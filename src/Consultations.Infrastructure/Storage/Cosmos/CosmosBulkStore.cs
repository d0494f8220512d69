using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Microsoft.Azure.Cosmos;

namespace Consultations.Infrastructure.Storage.Cosmos;

/// <summary>
/// Bulk writes on Cosmos DB: many point writes in flight at once (a transactional batch holds at most 100 items of one
/// partition, and the local test server has none), each observed and throttled like any other request.
/// </summary>
public sealed class CosmosBulkStore(CosmosStorage storage, TimeProvider? time = null) : IBulkStore
{
    // Enough requests in flight to hide the round trip; the SDK retries throttled ones (429) before a store error is raised.
    private const int Concurrency = 16;

    private readonly CosmosNoteStore _noteStore = new(storage, time);
    private readonly CosmosDeletionMarkers _markers = new(storage, time ?? TimeProvider.System);
    private readonly CosmosDocuments _programmeDocuments = storage.Documents(CosmosContainers.Programmes, "programme document", "programme-document");
    private readonly CosmosDocuments _notes = storage.Documents(CosmosContainers.Notes, "note", "note");
    private readonly CosmosDocuments _registers = storage.Documents(CosmosContainers.Registers, "participant register", "participant-register");
    private readonly CosmosDocuments _drafts = storage.Documents(CosmosContainers.Drafts, "capture draft", "capture-draft");

    public Task CreateNotesAsync(IReadOnlyList<Note> notes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notes);
        return Parallel.ForEachAsync(notes, Options(cancellationToken), async (note, ct) => await _noteStore.CreateAsync(note, ct));
    }

    public async Task<int> DeleteProgrammeAsync(string programmeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(programmeId);
        var documents = await _programmeDocuments.QueryAllAsync(
            new QueryDefinition("SELECT c.id, c.type FROM c WHERE c.pk = @pk").WithParameter("@pk", programmeId),
            programmeId,
            e => (Id: e.GetProperty("id").GetString()!, Type: e.TryGetProperty("type", out var t) ? t.GetString() : null),
            cancellationToken);

        var deletedNotes = 0;
        foreach (var consultationId in documents.Where(d => d.Type == "consultation").Select(d => d.Id))
        {
            var noteIds = await Ids(_notes, "SELECT c.id FROM c WHERE c.consultationId = @c", consultationId, scan: false, cancellationToken);
            await DeleteAllAsync(_notes, noteIds, consultationId, cancellationToken);
            deletedNotes += noteIds.Count;
            await DeleteAllAsync(_drafts, await Ids(_drafts, "SELECT c.id FROM c WHERE c.consultationId = @c", consultationId, scan: true, cancellationToken), consultationId, cancellationToken);
            await _registers.DeleteIfExistsAsync(consultationId, consultationId, cancellationToken);
        }

        // Consultations, briefs and brief versions, then the programme itself: a run interrupted before this point can be repeated.
        await DeleteAllAsync(_programmeDocuments, [.. documents.Select(d => d.Id)], programmeId, cancellationToken);
        await _programmeDocuments.DeleteIfExistsAsync(programmeId, CosmosContainers.ProgrammeCatalogPartition, cancellationToken);

        // One coarse change for the change feed (the programme is gone: drop everything of it), not a marker per note.
        await _markers.ProgrammeDeletedAsync(programmeId, cancellationToken);
        return deletedNotes;
    }

    private static Task<List<string>> Ids(CosmosDocuments documents, string sql, string consultationId, bool scan, CancellationToken cancellationToken) =>
        documents.QueryAllAsync(new QueryDefinition(sql).WithParameter("@c", consultationId), consultationId, e => e.GetProperty("id").GetString()!, scan, cancellationToken);

    private static Task DeleteAllAsync(CosmosDocuments documents, IReadOnlyList<string> ids, string partitionKey, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(ids, Options(cancellationToken), async (id, ct) => await documents.DeleteIfExistsAsync(id, partitionKey, ct));

    private static ParallelOptions Options(CancellationToken cancellationToken) => new() { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken };
}
