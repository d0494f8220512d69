using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Consultations.Infrastructure.Analysis.Azure;

/// <summary>
/// One document as sent: a whole note, or one part of a note longer than the per-document limit. <see cref="Id"/> is
/// the note's position in the caller's batch ("3"), or position and part ("3.1"), so results map back whatever the
/// caller's ids look like, and note ids never leave the app.
/// </summary>
internal sealed record DocumentPiece(string Id, int Document, int Part, int Parts, int Start, string Text, byte[] Json);

internal static class DocumentPieces
{
    // An HTTP body is not HTML: escaping only what JSON requires keeps non-Latin notes at their UTF-8 size against the 1 MB limit.
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Room for everything in a request body except its documents (kind, parameters, brackets).
    private const int EnvelopeBytes = 2_048;

    public static DocumentPiece Create(int document, int part, int parts, int start, string text, string? language)
    {
        var id = parts == 1
            ? document.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{document}.{part}");
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("text", text);
            if (language is not null)
            {
                writer.WriteString("language", language);
            }

            writer.WriteEndObject();
        }

        return new DocumentPiece(id, document, part, parts, start, text, buffer.WrittenSpan.ToArray());
    }

    /// <summary>
    /// Consecutive spans of at most <paramref name="maxLength"/> UTF-16 code units covering <paramref name="text"/>,
    /// cut between text elements, preferring a line end, then a sentence end, then white space in the last quarter.
    /// </summary>
    public static IReadOnlyList<(int Start, int Length)> Split(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return [(0, text.Length)];
        }

        var boundaries = StringInfo.ParseCombiningCharacters(text);
        var spans = new List<(int Start, int Length)>();
        var start = 0;
        while (text.Length - start > maxLength)
        {
            var cut = Cut(text, boundaries, start, start + maxLength, start + (maxLength * 3 / 4));
            spans.Add((start, cut - start));
            start = cut;
        }

        spans.Add((start, text.Length - start));
        return spans;
    }

    /// <summary>Greedy batches in input order, each within the document count, the character total and the request size.</summary>
    public static List<List<DocumentPiece>> Batch(IReadOnlyList<DocumentPiece> pieces, int maxDocuments, int maxCharacters)
    {
        var batches = new List<List<DocumentPiece>>();
        var current = new List<DocumentPiece>();
        long characters = 0;
        long bytes = EnvelopeBytes;
        foreach (var piece in pieces)
        {
            if (current.Count > 0
                && (current.Count == maxDocuments || characters + piece.Text.Length > maxCharacters || bytes + piece.Json.Length + 1 > AzureLanguageLimits.RequestBytes))
            {
                batches.Add(current);
                current = [];
                characters = 0;
                bytes = EnvelopeBytes;
            }

            current.Add(piece);
            characters += piece.Text.Length;
            bytes += piece.Json.Length + 1;
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }

    private static int Cut(string text, int[] boundaries, int start, int limit, int floor)
    {
        var index = Array.BinarySearch(boundaries, limit);
        var hard = index >= 0 ? boundaries[index] : boundaries[~index - 1];
        if (hard <= start)
        {
            // A single text element longer than the limit: nothing legal to cut at, so keep it whole.
            var next = Array.BinarySearch(boundaries, start + 1);
            return next >= 0 ? boundaries[next] : ~next < boundaries.Length ? boundaries[~next] : text.Length;
        }

        foreach (var preferred in new Func<int, bool>[]
        {
            c => text[c - 1] == '\n',
            c => c >= 2 && char.IsWhiteSpace(text[c - 1]) && text[c - 2] is '.' or '!' or '?' or '。',
            c => char.IsWhiteSpace(text[c - 1]),
        })
        {
            for (var c = hard; c > floor && c > start; c--)
            {
                if (Array.BinarySearch(boundaries, c) >= 0 && preferred(c))
                {
                    return c;
                }
            }
        }

        return hard;
    }
}
