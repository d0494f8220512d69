using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Consultations.Infrastructure.Storage.Sqlite;

/// <summary>Bulk writes on SQLite: a batch of notes is one transaction, and a programme is deleted in one.</summary>
public sealed class SqliteBulkStore(SqliteDatabase database) : IBulkStore
{
    private readonly SqliteDocuments _notes = new(database, "notes", "id", "note");

    public async Task CreateNotesAsync(IReadOnlyList<Note> notes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var etags = await _notes.InsertManyAsync([.. notes.Select(n => (n.Id, (IReadOnlyList<(string, object?)>)SqliteNoteStore.Columns(n)))], cancellationToken);
        for (var i = 0; i < notes.Count; i++)
        {
            notes[i].ETag = etags[i];
        }
    }

    public async Task<int> DeleteProgrammeAsync(string programmeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(programmeId);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var deletedNotes = 0;

        // One transaction: SQLite removes the whole programme or nothing. The audit trail is append-only and stays.
        foreach (var sql in new[]
        {
            "DELETE FROM notes WHERE programme_id = $p;",
            "DELETE FROM capture_drafts WHERE consultation_id IN (SELECT id FROM consultations WHERE programme_id = $p);",
            "DELETE FROM participant_registers WHERE programme_id = $p;",
            "DELETE FROM brief_versions WHERE programme_id = $p;",
            "DELETE FROM briefs WHERE programme_id = $p;",
            "DELETE FROM consultations WHERE programme_id = $p;",
            "DELETE FROM programmes WHERE id = $p;",
        })
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$p", programmeId);
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            if (deletedNotes == 0 && sql.StartsWith("DELETE FROM notes", StringComparison.Ordinal))
            {
                deletedNotes = deleted;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return deletedNotes;
    }
}
