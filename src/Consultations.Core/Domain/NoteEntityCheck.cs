using System.Security.Cryptography;
using System.Text;
using Consultations.Core.Guard;

namespace Consultations.Core.Domain;

/// <summary>
/// A name (<see cref="FindingKind.Participant"/>) or an organisation (<see cref="FindingKind.Organisation"/>) an entity
/// recogniser found in a note's text: its span in UTF-16 code units, the recogniser's confidence, and a keyed hash of the
/// words (<see cref="EntityFindings.KeyFor"/>) that an unmasking can name. The words themselves are not kept twice.
/// </summary>
public sealed record EntitySpan(FindingKind Kind, int Start, int Length, double Confidence, string Key);

/// <summary>
/// What an entity recogniser (Azure AI Language) found in a note's text when it was saved, kept with the note so the
/// reader gate and exports mask those spans without asking the service again. <see cref="TextHash"/> ties the spans to
/// the exact text they were found in: for any other text (an edit, a reader's masked copy) they do not apply.
/// </summary>
public sealed record NoteEntityCheck(string Engine, DateTimeOffset CheckedAt, string TextHash, IReadOnlyList<EntitySpan> Spans)
{
    /// <summary>Most spans kept for one note, so a note full of names cannot grow its document without bound.</summary>
    public const int MaxSpans = 500;

    /// <summary>A check of <paramref name="text"/> that found <paramref name="spans"/>.</summary>
    public static NoteEntityCheck For(string text, string engine, DateTimeOffset checkedAt, IReadOnlyList<EntitySpan> spans)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(engine);
        ArgumentNullException.ThrowIfNull(spans);
        return new NoteEntityCheck(engine, checkedAt, HashOf(text), [.. spans]);
    }

    /// <summary>SHA-256 of the text's UTF-8, in lower-case hex.</summary>
    public static string HashOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Whether these spans were found in exactly <paramref name="text"/>.</summary>
    public bool IsFor(string text) => string.Equals(TextHash, HashOf(text), StringComparison.Ordinal);
}
