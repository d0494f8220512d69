using System.Text;

namespace Consultations.Core.Import;

/// <summary>The text of a file and the name of the encoding it was read with ("UTF-8", "Windows-1252", …).</summary>
internal sealed record DecodedText(string Text, string EncodingName);

/// <summary>
/// Turns the bytes of a text file (.txt, .md, .csv) into text: byte order marks first, then strict UTF-8, then UTF-16
/// recognised by its NUL bytes, then Windows-1252 (what Excel and Notepad save as "ANSI" in most of Europe). Refuses
/// what would only decode to garbage. Line endings come out as "\n".
/// </summary>
internal static class TextDecoding
{
    private const string SaveAsUtf8 = "Save it as UTF-8 text (in Excel: “CSV UTF-8”; in Notepad or Word: encoding “UTF-8”) and choose it again.";

    // Bytes Windows-1252 gives no character: text in that encoding never has them.
    private static readonly byte[] UndefinedIn1252 = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

    private static readonly Encoding Windows1252 = CreateWindows1252();

    public static DecodedText Decode(ReadOnlySpan<byte> bytes)
    {
        var decoded = DecodeRaw(bytes);
        if (decoded.Text.Contains('\0', StringComparison.Ordinal))
        {
            throw NotText();
        }

        return decoded with { Text = UnifyLineEndings(decoded.Text) };
    }

    /// <summary>"\r\n" and a lone "\r" become "\n".</summary>
    public static string UnifyLineEndings(string text) =>
        text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;

    private static DecodedText DecodeRaw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            throw new ImportFileException($"The file is saved as UTF-32 text, which this import does not read. {SaveAsUtf8}");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new DecodedText(Strict(new UTF8Encoding(false, true), bytes[3..], "UTF-8"), "UTF-8 with BOM");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new DecodedText(Strict(new UnicodeEncoding(false, false, true), bytes[2..], "UTF-16"), "UTF-16 LE");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new DecodedText(Strict(new UnicodeEncoding(true, false, true), bytes[2..], "UTF-16"), "UTF-16 BE");
        }

        if (Utf16ByNulBytes(bytes) is { } bigEndian)
        {
            return new DecodedText(Strict(new UnicodeEncoding(bigEndian, false, true), bytes, "UTF-16"), bigEndian ? "UTF-16 BE" : "UTF-16 LE");
        }

        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return new DecodedText(Encoding.UTF8.GetString(bytes), "UTF-8");
        }

        return new DecodedText(FromWindows1252(bytes), "Windows-1252");
    }

    private static string Strict(Encoding encoding, ReadOnlySpan<byte> bytes, string name)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ImportFileException($"The file starts as {name} text but has bytes that are not {name}: it may be damaged. {SaveAsUtf8}", ex);
        }
    }

    /// <summary>
    /// UTF-16 without a byte order mark, told by its NUL bytes: mostly-Latin text in UTF-16 has a zero in every other
    /// byte (the second of each pair for little-endian). Null when the bytes do not look like that.
    /// </summary>
    private static bool? Utf16ByNulBytes(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, 8192)];
        var pairs = sample.Length / 2;
        if (pairs == 0 || bytes.Length % 2 != 0)
        {
            return null;
        }

        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i + 1 < sample.Length; i += 2)
        {
            evenZeros += sample[i] == 0 ? 1 : 0;
            oddZeros += sample[i + 1] == 0 ? 1 : 0;
        }

        if (oddZeros * 10 >= pairs * 3 && evenZeros * 20 <= pairs)
        {
            return false;
        }

        if (evenZeros * 10 >= pairs * 3 && oddZeros * 20 <= pairs)
        {
            return true;
        }

        return null;
    }

    private static string FromWindows1252(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOfAny(UndefinedIn1252) >= 0)
        {
            throw new ImportFileException($"The file is not UTF-8 text, and its bytes are not Windows-1252 (Western European) text either, so its encoding cannot be told. {SaveAsUtf8}");
        }

        foreach (var b in bytes)
        {
            // Text files have tabs, line breaks and form feeds; other control bytes here mean a binary file.
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0C or 0x0D))
            {
                throw NotText();
            }
        }

        return Windows1252.GetString(bytes);
    }

    private static ImportFileException NotText() =>
        new($"The file does not look like text: it has bytes that only binary files have. If it is a Word or Excel file, give it its .docx or .xlsx name; otherwise {char.ToLowerInvariant(SaveAsUtf8[0])}{SaveAsUtf8[1..]}");

    // From the provider directly: registering it would change Encoding.GetEncoding for the whole process.
    private static Encoding CreateWindows1252() =>
        CodePagesEncodingProvider.Instance.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
        ?? throw new InvalidOperationException("The Windows-1252 code page is not available.");
}
