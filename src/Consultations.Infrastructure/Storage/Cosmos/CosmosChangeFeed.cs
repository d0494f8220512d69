using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Consultations.Core.Storage;
using Microsoft.Azure.Cosmos;

namespace Consultations.Infrastructure.Storage.Cosmos;

/// <summary>
/// The change feed on Cosmos DB as a "changed since" read: per container (programmes, notes, registers) one query
/// across its partitions for items whose <c>_ts</c> is at or after the checkpoint's second, oldest first, plus the
/// deletion markers the stores write (<see cref="CosmosDeletionMarkers"/>), since a deleted item leaves nothing to find.
/// Why not Cosmos DB's own change feed: the test server answers a change feed read from a continuation with "not
/// modified" whatever changed, so it could not be tested; the <c>_ts</c> read behaves the same there and on Azure.
/// <para>
/// Real Cosmos DB semantics it relies on: <c>_ts</c> is the server's commit time in whole seconds and is always
/// indexed (whatever the indexing policy excludes), so many items share a second, and a write from another client can
/// become visible after its second was read (replica lag, clock skew between partitions). So the checkpoint is a
/// second plus how far changes were handed out, and every second younger than <see cref="Settle"/> (by this instance's
/// clock) is read and handed out again on each call, so recent changes come more than once, never not at all. Beyond
/// those repeats a page holds at most <c>max</c> new changes in whole seconds, except that one second is never split
/// (a bulk load may put thousands in one); an item changed twice in a page appears once, where it last appears.
/// The reads cross partitions: this is the one reader in the app that does (docs/cosmos.md), a few RU per container
/// per call when little changed.
/// </para>
/// </summary>
public sealed class CosmosChangeFeed(CosmosStorage storage, TimeProvider time) : IChangeFeed
{
    /// <summary>How long a second stays open to late writes (commit latency, clock skew) before the checkpoint moves past it.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    private const string Prefix = "cosmos:";

    private static readonly string[] Containers = [CosmosContainers.Programmes, CosmosContainers.Notes, CosmosContainers.Registers];

    private readonly CosmosDocuments[] _containers =
        [.. Containers.Select(name => storage.Documents(name, "change", "change"))];

    public async Task<ChangePage> ReadAsync(string? checkpoint, int max = 500, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var now = time.GetUtcNow();
        var open = (now - Settle).ToUnixTimeSeconds();
        if (checkpoint is null)
        {
            return new ChangePage([], Format(new Position(open, open - 1)), false);
        }

        var from = Parse(checkpoint);
        if (from.Since < (now - ChangeFeedRetention.Period).ToUnixTimeSeconds())
        {
            throw new ChangeFeedCheckpointExpiredException(
                $"The change feed checkpoint is older than {ChangeFeedRetention.Period.TotalHours:0} h: deletion markers from then may be gone. Rebuild and read again from a null checkpoint.");
        }

        var reads = await Task.WhenAll(_containers.Select((c, i) => ReadContainerAsync(c, i, from, max, cancellationToken)));

        // Only seconds every container has read to the end are safe to hand out.
        var complete = reads.Min(r => r.CompleteThrough);
        var items = reads.SelectMany(r => r.Items).Where(i => i.Ts <= complete)
            .OrderBy(i => i.Ts).ThenBy(i => i.Container).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();

        // Seconds up to Delivered are handed out again whole (a late write may have joined them); newer ones count against max.
        var taken = items.Count(i => i.Ts <= from.Delivered);
        var delivered = from.Delivered;
        var fresh = 0;
        foreach (var second in items.Skip(taken).GroupBy(i => i.Ts))
        {
            var count = second.Count();
            if (fresh > 0 && fresh + count > max)
            {
                break;
            }

            fresh += count;
            delivered = second.Key;
        }

        taken += fresh;
        var more = taken < items.Count || reads.Any(r => !r.Exhausted);

        // Settled seconds are not read again; with nothing left unread, every second before the settling ones is settled.
        var since = Math.Max(from.Since, more ? Math.Min(delivered + 1, open) : open);

        // One change per item and kind, where it last appears: the consumer re-reads the item anyway.
        var changes = items.Take(taken).Select(i => i.Change).OfType<StoreChange>().Reverse().Distinct().Reverse().ToList();
        return new ChangePage(changes, Format(new Position(since, Math.Max(delivered, since - 1))), more);
    }

    private static async Task<ContainerRead> ReadContainerAsync(CosmosDocuments container, int index, Position from, int max, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition(
            "SELECT c.id, c.type, c.pk, c.programmeId, c.consultationId, c.kind, c.targetId, c._ts FROM c WHERE c._ts >= @since ORDER BY c._ts")
            .WithParameter("@since", from.Since);
        var items = new List<Item>();
        var fresh = 0;
        long? boundary = null;
        var exhausted = await container.ReadAcrossPartitionsAsync(query, Math.Min(max + 1, 1000), element =>
        {
            var item = new Item(element.GetProperty("_ts").GetInt64(), index, element.GetProperty("id").GetString() ?? string.Empty, ToChange(index, element));
            items.Add(item);
            if (item.Ts <= from.Delivered)
            {
                return true;
            }

            // Read on to the end of the second the max-th new item is in, so that no page splits a second.
            if (++fresh == max)
            {
                boundary = item.Ts;
            }

            return boundary is null || item.Ts <= boundary;
        }, cancellationToken);

        return new ContainerRead(items, exhausted, exhausted ? long.MaxValue : items[^1].Ts - 1);
    }

    private static StoreChange? ToChange(int container, JsonElement e)
    {
        string? Text(string name) => e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var id = Text("id") ?? string.Empty;
        return (Containers[container], Text("type")) switch
        {
            (CosmosContainers.Notes, "note") => new StoreChange(StoreChangeKind.Note, id, Text("consultationId"), Text("programmeId")),
            (CosmosContainers.Registers, "participant-register") => new StoreChange(StoreChangeKind.Register, id, id, Text("programmeId")),
            (CosmosContainers.Programmes, "programme") => new StoreChange(StoreChangeKind.Programme, id, null, id),
            (CosmosContainers.Programmes, "consultation") => new StoreChange(StoreChangeKind.Consultation, id, id, Text("pk")),
            (CosmosContainers.Programmes, "brief-version") => new StoreChange(StoreChangeKind.BriefVersion, id, null, Text("pk")),
            (CosmosContainers.Programmes, CosmosDeletionMarkers.Type) when e.TryGetProperty("kind", out var kind) =>
                new StoreChange(kind.Deserialize<StoreChangeKind>(DocumentJson.Options), Text("targetId") ?? string.Empty, Text("consultationId"), Text("programmeId")),

            // Briefs (drafts, never searchable until published as a version) and anything newer are not in the feed.
            _ => null,
        };
    }

    private static string Format(Position position) =>
        Prefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new CheckpointBody(1, position.Since, position.Delivered))));

    private static Position Parse(string checkpoint)
    {
        try
        {
            if (checkpoint.StartsWith(Prefix, StringComparison.Ordinal)
                && JsonSerializer.Deserialize<CheckpointBody>(Base64Url.DecodeFromChars(checkpoint.AsSpan(Prefix.Length))) is { V: 1 } body
                && body.Delivered >= body.Since - 1)
            {
                return new Position(body.Since, body.Delivered);
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
        }

        throw new ArgumentException("The change feed checkpoint was not made by the Cosmos DB store.", nameof(checkpoint));
    }

    /// <summary>Read again from second <paramref name="Since"/>; seconds up to <paramref name="Delivered"/> were handed out already.</summary>
    private sealed record Position(long Since, long Delivered);

    private sealed record CheckpointBody(int V, long Since, long Delivered);

    private sealed record Item(long Ts, int Container, string Id, StoreChange? Change);

    private sealed record ContainerRead(List<Item> Items, bool Exhausted, long CompleteThrough);
}
