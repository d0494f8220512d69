using System.Globalization;
using Consultations.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Consultations.Infrastructure.Storage.Sqlite;

/// <summary>
/// The change sequence of the SQLite file (table <c>changes</c>, filled by triggers in the writing transaction, see
/// migration 0005): the checkpoint is the last sequence number read, so every app instance on the same file follows
/// every other's writes. Reading also prunes rows older than <see cref="ChangeFeedRetention.Period"/>, at most every
/// ten minutes per instance, and remembers the last pruned number so that an older checkpoint is refused as expired.
/// </summary>
public sealed class SqliteChangeFeed(SqliteDatabase database, TimeProvider time) : IChangeFeed
{
    private const string Prefix = "sqlite:";
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(10);
    private DateTimeOffset _prunedAt = DateTimeOffset.MinValue;

    public async Task<ChangePage> ReadAsync(string? checkpoint, int max = 500, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var after = checkpoint is null ? (long?)null : Parse(checkpoint);
        await PruneIfDueAsync(cancellationToken);

        await using var connection = await database.OpenAsync(cancellationToken);

        // A deferred transaction is one read snapshot: the prune mark, the end and the page agree with each other.
        await using var transaction = connection.BeginTransaction(deferred: true);
        long prunedThrough, end;
        await using (var bounds = connection.CreateCommand())
        {
            bounds.Transaction = transaction;
            bounds.CommandText = """
                SELECT (SELECT through_seq FROM changes_pruned),
                       COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0);
                """;
            await using var reader = await bounds.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (prunedThrough, end) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        if (after is not { } from)
        {
            return new ChangePage([], Format(end), false);
        }

        if (from < prunedThrough || from > end)
        {
            throw new ChangeFeedCheckpointExpiredException(from > end
                ? $"The change feed checkpoint {from} is beyond the end of {database.FilePath} ({end}): it belongs to another database. Rebuild and read again from a null checkpoint."
                : $"Changes after checkpoint {from} of {database.FilePath} were pruned (kept {ChangeFeedRetention.Period.TotalHours:0} h). Rebuild and read again from a null checkpoint.");
        }

        var changes = new List<StoreChange>(Math.Min(max, 1000));
        var last = from;
        var more = false;
        await using (var page = connection.CreateCommand())
        {
            page.Transaction = transaction;
            page.CommandText = "SELECT seq, kind, id, consultation_id, programme_id FROM changes WHERE seq > $after ORDER BY seq LIMIT $limit;";
            page.Parameters.AddWithValue("$after", from);
            page.Parameters.AddWithValue("$limit", (long)max + 1);
            await using var reader = await page.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (changes.Count == max)
                {
                    more = true;
                    break;
                }

                last = reader.GetInt64(0);
                changes.Add(new StoreChange(
                    Enum.Parse<StoreChangeKind>(reader.GetString(1)),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }

        return new ChangePage(changes, Format(last), more);
    }

    /// <summary>Removes rows older than the retention period now, whatever the interval (tests, maintenance).</summary>
    public async Task PruneAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow() - ChangeFeedRetention.Period;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var prune = connection.CreateCommand();
        prune.Transaction = transaction;

        // A prefix of the sequence goes, so "after the mark" still means "everything after the checkpoint" even if the clock stepped back.
        prune.CommandText = """
            UPDATE changes_pruned SET through_seq = MAX(through_seq, COALESCE((SELECT MAX(seq) FROM changes WHERE at < $cutoff), 0));
            DELETE FROM changes WHERE seq <= (SELECT through_seq FROM changes_pruned);
            """;
        prune.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeSeconds());
        await prune.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _prunedAt = time.GetUtcNow();
    }

    private async Task PruneIfDueAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - _prunedAt >= PruneEvery)
        {
            await PruneAsync(cancellationToken);
        }
    }

    private static string Format(long seq) => Prefix + seq.ToString(CultureInfo.InvariantCulture);

    private static long Parse(string checkpoint) =>
        checkpoint.StartsWith(Prefix, StringComparison.Ordinal)
        && long.TryParse(checkpoint.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            ? seq
            : throw new ArgumentException("The change feed checkpoint was not made by the SQLite store.", nameof(checkpoint));
}
