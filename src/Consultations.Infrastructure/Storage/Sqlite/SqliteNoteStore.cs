using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Consultations.Core.Domain;
using Consultations.Core.Storage;

namespace Consultations.Infrastructure.Storage.Sqlite;

public sealed class SqliteNoteStore(SqliteDatabase database) : INoteStore
{
    private readonly SqliteDocuments _documents = new(database, "notes", "id", "note");

    public async Task<Note?> GetAsync(string consultationId, string noteId, CancellationToken cancellationToken = default) =>
        (await _documents.QueryAsync<Note>(
            "SELECT doc, etag FROM notes WHERE id = $id AND consultation_id = $c;",
            [("$id", noteId), ("$c", consultationId)],
            SetETag,
            cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<Note>> ListBySessionAsync(string consultationId, string sessionId, CancellationToken cancellationToken = default) =>
        await _documents.QueryAsync<Note>(
            "SELECT doc, etag FROM notes WHERE consultation_id = $c AND session_id = $s ORDER BY created_at, id;",
            [("$c", consultationId), ("$s", sessionId)],
            SetETag,
            cancellationToken);

    public async Task<NotePage> QueryAsync(string consultationId, NoteQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, NoteQuery.MaxPageSize);
        var sql = new StringBuilder("SELECT doc, etag, created_at, id FROM notes WHERE consultation_id = $c");
        var parameters = new List<(string, object?)> { ("$c", consultationId) };

        AddInList(sql, parameters, "status", "$st", query.Statuses?.Select(StatusValue));
        AddInList(sql, parameters, "session_id", "$se", query.SessionIds);
        if (query.Theme is not null)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM json_each(doc, '$.themes') WHERE value = $theme)");
            parameters.Add(("$theme", query.Theme));
        }

        if (query.Kind is { } kind)
        {
            sql.Append(" AND json_extract(doc, '$.kind') = $kind");
            parameters.Add(("$kind", JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString())));
        }

        if (query.SubTheme is not null)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM json_each(doc, '$.subThemes') WHERE value = $sub)");
            parameters.Add(("$sub", query.SubTheme));
        }

        if (query.StakeholderGroup is not null)
        {
            sql.Append(" AND json_extract(doc, '$.stakeholderGroup') = $group");
            parameters.Add(("$group", query.StakeholderGroup));
        }

        if (query.PublishedSince is { } since)
        {
            // publishedAt keeps the publisher's offset; julianday compares the instants.
            sql.Append(" AND julianday(json_extract(doc, '$.publishedAt')) >= julianday($since)");
            parameters.Add(("$since", since.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (query.CreatedBy is not null)
        {
            sql.Append(" AND json_extract(doc, '$.createdBy.id') = $author");
            parameters.Add(("$author", query.CreatedBy));
        }

        if (query.Returned is { } returned)
        {
            sql.Append(returned ? " AND json_type(doc, '$.returned') = 'object'" : " AND json_type(doc, '$.returned') IS NOT 'object'");
        }

        if (query.ContinuationToken is not null)
        {
            var (createdAt, id) = DecodeToken(query.ContinuationToken);
            sql.Append(" AND (created_at > $after_at OR (created_at = $after_at AND id > $after_id))");
            parameters.Add(("$after_at", createdAt));
            parameters.Add(("$after_id", id));
        }

        sql.Append(" ORDER BY created_at, id LIMIT $limit;");
        parameters.Add(("$limit", pageSize + 1));

        var notes = await _documents.QueryAsync<Note>(sql.ToString(), parameters, SetETag, cancellationToken);
        if (notes.Count <= pageSize)
        {
            return new NotePage(notes, null);
        }

        notes.RemoveAt(notes.Count - 1);
        var last = notes[^1];
        return new NotePage(notes, EncodeToken(StoreOrdering.SortableTimestamp(last.CreatedAt), last.Id));
    }

    public async Task<IReadOnlyList<NoteTally>> TallyAsync(string consultationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var totals = new Dictionary<(string Session, string Status), (int Notes, Dictionary<string, int> ByTheme)>();

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT session_id, status, COUNT(*) FROM notes WHERE consultation_id = $c GROUP BY session_id, status;";
            command.Parameters.AddWithValue("$c", consultationId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                totals[(reader.GetString(0), reader.GetString(1))] = (reader.GetInt32(2), new Dictionary<string, int>(StringComparer.Ordinal));
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT n.session_id, n.status, t.value, COUNT(*)
                FROM notes n, json_each(n.doc, '$.themes') t
                WHERE n.consultation_id = $c
                GROUP BY n.session_id, n.status, t.value;
                """;
            command.Parameters.AddWithValue("$c", consultationId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                totals[(reader.GetString(0), reader.GetString(1))].ByTheme[reader.GetString(2)] = reader.GetInt32(3);
            }
        }

        return [.. totals
            .OrderBy(t => t.Key.Session, StringComparer.Ordinal)
            .ThenBy(t => t.Key.Status, StringComparer.Ordinal)
            .Select(t => new NoteTally(t.Key.Session, ParseStatus(t.Key.Status), t.Value.Notes, t.Value.ByTheme))];
    }

    public async Task<Note> CreateAsync(Note note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        note.ETag = await _documents.InsertAsync(note.Id, Columns(note), cancellationToken);
        return note;
    }

    public async Task<Note> UpdateAsync(Note note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        note.ETag = await _documents.ReplaceAsync(note.Id, note.ETag, Columns(note), cancellationToken);
        return note;
    }

    public Task DeleteAsync(Note note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        return _documents.DeleteAsync(note.Id, note.ETag, cancellationToken);
    }

    private static void SetETag(Note note, string etag) => note.ETag = etag;

    /// <summary>The row of a note: its query columns and the document.</summary>
    internal static (string, object?)[] Columns(Note note) =>
    [
        ("programme_id", note.ProgrammeId),
        ("consultation_id", note.ConsultationId),
        ("session_id", note.SessionId),
        ("status", StatusValue(note.Status)),
        ("created_at", StoreOrdering.SortableTimestamp(note.CreatedAt)),
        ("doc", DocumentJson.Serialize(note)),
    ];

    private static string StatusValue(NoteStatus status) => JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());

    private static NoteStatus ParseStatus(string value) =>
        Enum.GetValues<NoteStatus>().First(s => StatusValue(s) == value);

    private static void AddInList(StringBuilder sql, List<(string, object?)> parameters, string column, string prefix, IEnumerable<string>? values)
    {
        if (values is null)
        {
            return;
        }

        var list = values.ToList();
        if (list.Count == 0)
        {
            // An empty filter set matches nothing, never everything.
            sql.Append(" AND 0");
            return;
        }

        var names = list.Select((_, i) => $"{prefix}{i}").ToList();
        sql.Append(" AND ").Append(column).Append(" IN (").AppendJoin(", ", names).Append(')');
        parameters.AddRange(names.Zip(list, (n, v) => (n, (object?)v)));
    }

    private static string EncodeToken(string createdAt, string id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{createdAt}|{id}"));

    private static (string CreatedAt, string Id) DecodeToken(string token)
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
