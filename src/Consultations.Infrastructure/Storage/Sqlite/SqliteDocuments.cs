using Consultations.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Consultations.Infrastructure.Storage.Sqlite;

/// <summary>
/// The write and read patterns every SQLite store shares: a JSON document plus query columns,
/// an ETag column that changes on every write, and conditional replace/delete on that ETag.
/// </summary>
internal sealed class SqliteDocuments(SqliteDatabase database, string table, string keyColumn, string documentType)
{
    private const int SqliteConstraint = 19;

    public static string NewETag() => Guid.NewGuid().ToString("N");

    public async Task<string> InsertAsync(string id, IReadOnlyList<(string Column, object? Value)> columns, CancellationToken cancellationToken)
    {
        EnsureWithinLimit(columns);
        var etag = NewETag();
        var names = string.Join(", ", columns.Select(c => c.Column));
        var values = string.Join(", ", columns.Select(c => "$" + c.Column));
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {table} ({keyColumn}, {names}, etag) VALUES ($key, {values}, $etag);";
        command.Parameters.AddWithValue("$key", id);
        command.Parameters.AddWithValue("$etag", etag);
        foreach (var (column, value) in columns)
        {
            command.Parameters.AddWithValue("$" + column, value ?? DBNull.Value);
        }

        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
        {
            throw new ConcurrencyConflictException(documentType, id, ConflictReason.AlreadyExists);
        }

        return etag;
    }

    /// <summary>
    /// Inserts every row in one transaction, all or none (one durable commit instead of one per row); returns their ETags in order.
    /// <see cref="ConcurrencyConflictException"/> (AlreadyExists) names the first id that is taken.
    /// </summary>
    public async Task<IReadOnlyList<string>> InsertManyAsync(IReadOnlyList<(string Id, IReadOnlyList<(string Column, object? Value)> Columns)> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return [];
        }

        foreach (var row in rows)
        {
            EnsureWithinLimit(row.Columns);
        }

        var columns = rows[0].Columns.Select(c => c.Column).ToList();
        var names = string.Join(", ", columns);
        var values = string.Join(", ", columns.Select(c => "$" + c));
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table} ({keyColumn}, {names}, etag) VALUES ($key, {values}, $etag);";
        var key = command.Parameters.Add("$key", SqliteType.Text);
        var etagParameter = command.Parameters.Add("$etag", SqliteType.Text);
        var parameters = columns.Select(c => command.Parameters.Add(new SqliteParameter { ParameterName = "$" + c })).ToList();
        var etags = new string[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var (id, row) = rows[i];
            if (row.Count != parameters.Count)
            {
                throw new ArgumentException("Every row of a batch must have the same columns.", nameof(rows));
            }

            key.Value = id;
            etagParameter.Value = etags[i] = NewETag();
            for (var c = 0; c < row.Count; c++)
            {
                parameters[c].Value = row[c].Value ?? DBNull.Value;
            }

            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
            {
                // Disposing the transaction without a commit rolls back the rows already inserted.
                throw new ConcurrencyConflictException(documentType, id, ConflictReason.AlreadyExists);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return etags;
    }

    /// <summary>Replaces the row only if its ETag is still <paramref name="expectedETag"/>; returns the new ETag.</summary>
    public async Task<string> ReplaceAsync(string id, string? expectedETag, IReadOnlyList<(string Column, object? Value)> columns, CancellationToken cancellationToken)
    {
        if (expectedETag is null)
        {
            // A document that was never read cannot be replaced safely: treat it as a lost race.
            throw new ConcurrencyConflictException(documentType, id, ConflictReason.StaleVersion);
        }

        EnsureWithinLimit(columns);
        var etag = NewETag();
        var assignments = string.Join(", ", columns.Select(c => $"{c.Column} = ${c.Column}"));
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE {table} SET {assignments}, etag = $etag WHERE {keyColumn} = $key AND etag = $expected;";
        command.Parameters.AddWithValue("$key", id);
        command.Parameters.AddWithValue("$etag", etag);
        command.Parameters.AddWithValue("$expected", expectedETag);
        foreach (var (column, value) in columns)
        {
            command.Parameters.AddWithValue("$" + column, value ?? DBNull.Value);
        }

        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return etag;
        }

        throw await ExistsAsync(connection, id, cancellationToken)
            ? new ConcurrencyConflictException(documentType, id, ConflictReason.StaleVersion)
            : new DocumentNotFoundException(documentType, id);
    }

    public async Task DeleteAsync(string id, string? expectedETag, CancellationToken cancellationToken)
    {
        if (expectedETag is null)
        {
            throw new ConcurrencyConflictException(documentType, id, ConflictReason.StaleVersion);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM {table} WHERE {keyColumn} = $key AND etag = $expected;";
        command.Parameters.AddWithValue("$key", id);
        command.Parameters.AddWithValue("$expected", expectedETag);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return;
        }

        throw await ExistsAsync(connection, id, cancellationToken)
            ? new ConcurrencyConflictException(documentType, id, ConflictReason.StaleVersion)
            : new DocumentNotFoundException(documentType, id);
    }

    /// <summary>Runs a query whose first two columns are doc and etag, and rehydrates each row.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, IReadOnlyList<(string Name, object? Value)> parameters, Action<T, string> setETag, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var results = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var document = DocumentJson.Deserialize<T>(reader.GetString(0));
            setETag(document, reader.GetString(1));
            results.Add(document);
        }

        return results;
    }

    private void EnsureWithinLimit(IReadOnlyList<(string Column, object? Value)> columns)
    {
        foreach (var (column, value) in columns)
        {
            if (column == "doc" && value is string json)
            {
                DocumentLimits.EnsureWithinLimit(documentType, System.Text.Encoding.UTF8.GetByteCount(json));
            }
        }
    }

    private async Task<bool> ExistsAsync(SqliteConnection connection, string id, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT 1 FROM {table} WHERE {keyColumn} = $key;";
        command.Parameters.AddWithValue("$key", id);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
