using Consultations.Core.Storage;
using Microsoft.Azure.Cosmos;

namespace Consultations.Infrastructure.Storage.Cosmos;

/// <summary>
/// Deletions for the change feed: a deleted item leaves no trace a "changed since" read could find, so each deletion
/// writes a small marker (type <see cref="Type"/>) in the programmes container, in the programme's partition (a note) or
/// the catalogue partition (a whole programme removed by a bulk delete). Every listing there filters on its own type,
/// so no store ever returns a marker; markers older than <see cref="ChangeFeedRetention.Period"/> are removed from
/// the partition each time one is written there (the test server has no TTL).
/// </summary>
internal sealed class CosmosDeletionMarkers(CosmosStorage storage, TimeProvider time)
{
    public const string Type = "deletion-marker";

    private readonly CosmosDocuments _documents = storage.Documents(CosmosContainers.Programmes, "deletion marker", Type);

    public Task NoteDeletedAsync(string noteId, string consultationId, string programmeId, CancellationToken cancellationToken) =>
        WriteAsync(new DeletionMarker(StoreChangeKind.NoteDeleted, noteId, consultationId, programmeId), programmeId, cancellationToken);

    public Task ProgrammeDeletedAsync(string programmeId, CancellationToken cancellationToken) =>
        WriteAsync(new DeletionMarker(StoreChangeKind.Programme, programmeId, null, programmeId), CosmosContainers.ProgrammeCatalogPartition, cancellationToken);

    private async Task WriteAsync(DeletionMarker marker, string partitionKey, CancellationToken cancellationToken)
    {
        // Upsert: deleting the same id again (re-created, deleted twice) moves the marker's _ts on, so the feed sees it again.
        await _documents.UpsertAsync(marker, $"deleted~{marker.Kind}~{marker.TargetId}", partitionKey, cancellationToken);

        var cutoff = (time.GetUtcNow() - ChangeFeedRetention.Period).ToUnixTimeSeconds();
        var expired = await _documents.QueryAllAsync(
            new QueryDefinition("SELECT c.id FROM c WHERE c.pk = @pk AND c.type = @type AND c._ts < @cutoff")
                .WithParameter("@pk", partitionKey)
                .WithParameter("@type", Type)
                .WithParameter("@cutoff", cutoff),
            partitionKey,
            e => e.GetProperty("id").GetString()!,
            cancellationToken);
        foreach (var id in expired)
        {
            await _documents.DeleteIfExistsAsync(id, partitionKey, cancellationToken);
        }
    }
}

/// <summary>The body of a deletion marker: what the change feed reports for it.</summary>
internal sealed record DeletionMarker(StoreChangeKind Kind, string TargetId, string? ConsultationId, string? ProgrammeId);
