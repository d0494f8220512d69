using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Consultations.Core.Audit;
using Consultations.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Consultations.Infrastructure.Storage.Sqlite;

/// <summary>The audit trail in the audit_entries table (migration 0003), whose triggers refuse any update or delete.</summary>
public sealed class SqliteAuditStore(SqliteDatabase database) : IAuditStore
{
    private const int SqliteConstraint = 19;

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.EnsureValid();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO audit_entries (id, at, actor_id, action, programme_id, consultation_id, doc)
            VALUES ($id, $at, $actor, $action, $programme, $consultation, $doc);
            """;
        command.Parameters.AddWithValue("$id", entry.Id);
        command.Parameters.AddWithValue("$at", StoreOrdering.SortableTimestamp(entry.At));
        command.Parameters.AddWithValue("$actor", entry.ActorId);
        command.Parameters.AddWithValue("$action", ActionValue(entry.Action));
        command.Parameters.AddWithValue("$programme", (object?)entry.ProgrammeId ?? DBNull.Value);
        command.Parameters.AddWithValue("$consultation", (object?)entry.ConsultationId ?? DBNull.Value);
        command.Parameters.AddWithValue("$doc", DocumentJson.Serialize(entry));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
        {
            throw new ConcurrencyConflictException("audit entry", entry.Id, ConflictReason.AlreadyExists);
        }
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, AuditQuery.MaxPageSize);
        var sql = new StringBuilder("SELECT doc, at, id FROM audit_entries WHERE 1 = 1");
        var parameters = new List<(string Name, object Value)>();
        void Filter(string condition, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(condition);
                parameters.Add((name, value));
            }
        }

        Filter("at >= $from", "$from", query.From is { } from ? StoreOrdering.SortableTimestamp(from) : null);
        Filter("at < $to", "$to", query.To is { } to ? StoreOrdering.SortableTimestamp(to) : null);
        Filter("actor_id = $actor", "$actor", query.ActorId);
        Filter("action = $action", "$action", query.Action is { } action ? ActionValue(action) : null);
        Filter("programme_id = $programme", "$programme", query.ProgrammeId);
        if (query.ContinuationToken is not null)
        {
            var (at, id) = DecodeToken(query.ContinuationToken);
            sql.Append(" AND (at < $before_at OR (at = $before_at AND id < $before_id))");
            parameters.Add(("$before_at", at));
            parameters.Add(("$before_id", id));
        }

        sql.Append(" ORDER BY at DESC, id DESC LIMIT $limit;");
        parameters.Add(("$limit", pageSize + 1));

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql.ToString();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<(AuditEntry Entry, string At, string Id)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((DocumentJson.Deserialize<AuditEntry>(reader.GetString(0)), reader.GetString(1), reader.GetString(2)));
            }
        }

        if (rows.Count <= pageSize)
        {
            return new AuditPage([.. rows.Select(r => r.Entry)], null);
        }

        rows.RemoveAt(rows.Count - 1);
        return new AuditPage([.. rows.Select(r => r.Entry)], EncodeToken(rows[^1].At, rows[^1].Id));
    }

    internal static string ActionValue(AuditAction action) => JsonNamingPolicy.KebabCaseLower.ConvertName(action.ToString());

    private static string EncodeToken(string at, string id) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{at}|{id}"));

    private static (string At, string Id) DecodeToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0)
            {
                return (text[..bar], text[(bar + 1)..]);
            }
        }
        catch (FormatException)
        {
        }

        throw new ArgumentException("The continuation token is not valid for this store.", nameof(token));
    }
}
