using System.Security.Cryptography;
using System.Text;
using Consultations.Core.Domain;
using Consultations.Core.Storage;

namespace Consultations.Core.Import;

/// <summary>
/// What a consultation already holds, as an import recognises it: note ids (a row's key is the id its note got), and the
/// SHA-256 of each note's text and of the text it was imported with (so an overlapping file, or one whose notes were
/// edited since, adds nothing twice).
/// </summary>
public sealed class ImportExisting
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byText = new(StringComparer.Ordinal);

    public static ImportExisting None { get; } = new();

    public int Notes => _ids.Count;

    public static async Task<ImportExisting> ReadAsync(INoteStore notes, string consultationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var existing = new ImportExisting();
        await foreach (var note in notes.ReadAllAsync(consultationId, new NoteQuery(), cancellationToken))
        {
            existing.Add(note);
        }

        return existing;
    }

    public void Add(Note note)
    {
        ArgumentNullException.ThrowIfNull(note);
        _ids.Add(note.Id);
        _byText.TryAdd(ImportKeys.TextSha256(note.Text), note.Id);
        if (note.Source is { } source)
        {
            _byText.TryAdd(source.TextSha256, note.Id);
        }
    }

    /// <summary>The note this row already is: the one with its key as id, else one with the same text; null when there is none.</summary>
    public string? Find(string key, string textSha256) =>
        _ids.Contains(key) ? key : _byText.GetValueOrDefault(textSha256);
}

/// <summary>The stable keys of imported notes.</summary>
public static class ImportKeys
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>
    /// A note id from the consultation, the file's hash, the row's position and its text: the same row of the same file into
    /// the same consultation always gets the same id, so importing it again (or finishing an interrupted import) writes nothing twice.
    /// "imp-" and 26 letters (130 bits of SHA-256), a valid id on both stores.
    /// </summary>
    public static string NoteId(string consultationId, string fileSha256, int position, string text)
    {
        ArgumentNullException.ThrowIfNull(consultationId);
        ArgumentNullException.ThrowIfNull(fileSha256);
        ArgumentNullException.ThrowIfNull(text);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{consultationId}\n{fileSha256}\n{position}\n{text}"));
        var id = new StringBuilder("imp-", 30);
        for (var i = 0; i < 26; i++)
        {
            // Five bits per letter, read across byte boundaries.
            var bit = i * 5;
            var value = ((hash[bit / 8] << 8) | hash[(bit / 8) + 1]) >> (11 - (bit % 8)) & 31;
            id.Append(Alphabet[value]);
        }

        return id.ToString();
    }

    /// <summary>SHA-256 (lower-case hex) of a note text as it is stored (ends trimmed, line endings unified).</summary>
    public static string TextSha256(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(NoteContent.NormaliseText(text))));
}
