using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using DocumentFormat.OpenXml.Packaging;

namespace Consultations.Core.Import;

/// <summary>
/// Reads a file chosen for import into its blocks, or refuses it with a message for the person who chose it. The one
/// way in for every format; any file, however damaged or hostile, ends in an <see cref="ImportDocument"/> or an
/// <see cref="ImportFileException"/>.
/// </summary>
public static class ImportFiles
{
    /// <summary>The formats an import reads, as a person would list them.</summary>
    public const string Accepted = "Word (.docx), Markdown (.md), text (.txt), CSV (.csv) or Excel (.xlsx)";

    /// <summary>The format a file name's extension says, or null when it is not one an import reads.</summary>
    public static ImportFormat? FormatOf(string fileName) =>
        Path.GetExtension(fileName ?? string.Empty).ToUpperInvariant() switch
        {
            ".DOCX" => ImportFormat.Word,
            ".MD" or ".MARKDOWN" => ImportFormat.Markdown,
            ".TXT" => ImportFormat.Text,
            ".CSV" => ImportFormat.Csv,
            ".XLSX" => ImportFormat.Excel,
            _ => null,
        };

    /// <summary>Reads a whole file. Throws <see cref="ImportFileException"/>, and nothing else, for a file that cannot be imported.</summary>
    public static ImportDocument Read(string fileName, ReadOnlyMemory<byte> content, ImportLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        limits ??= ImportLimits.Default;
        var format = FormatOf(fileName) ?? throw new ImportFileException(NotAccepted(fileName));
        if (content.IsEmpty)
        {
            throw new ImportFileException("The file is empty.");
        }

        if (content.Length > limits.MaxBytes)
        {
            throw new ImportFileException(string.Create(
                CultureInfo.InvariantCulture,
                $"The file is {Megabytes(content.Length)}; the largest file an import reads is {Megabytes(limits.MaxBytes)}. Split it into smaller files and import each."));
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        try
        {
            return format switch
            {
                ImportFormat.Word or ImportFormat.Excel => ReadPackage(fileName, format, content, sha256, limits),
                _ => ReadText(fileName, format, content, sha256, limits),
            };
        }
        catch (ImportFileException)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Whatever else a hostile or damaged file makes a library throw, it is a file that cannot be read, never an error page.
            throw format switch
            {
                ImportFormat.Word or ImportFormat.Excel => ZipSafety.Damaged(format, ex),
                _ => new ImportFileException("The file could not be read: it may be damaged. Open it, save it again as UTF-8 text and choose it again.", ex),
            };
        }
    }

    internal static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    internal static OpenSettings OpenSettings(ImportLimits limits) => new()
    {
        // A second bound beside ZipSafety's: no part is read into more characters than the whole file may unpack to.
        MaxCharactersInPart = limits.MaxUncompressedBytes,
        AutoSave = false,
    };

    private static ImportDocument ReadPackage(string fileName, ImportFormat format, ReadOnlyMemory<byte> content, string sha256, ImportLimits limits)
    {
        ZipSafety.Check(content, limits, format);
        using var stream = AsStream(content);
        var blocks = format == ImportFormat.Word ? DocxImportReader.Read(stream, limits) : XlsxImportReader.Read(stream, limits);
        return new ImportDocument(fileName, format, sha256, content.Length, blocks);
    }

    private static ImportDocument ReadText(string fileName, ImportFormat format, ReadOnlyMemory<byte> content, string sha256, ImportLimits limits)
    {
        var decoded = TextDecoding.Decode(content.Span);
        var blocks = format switch
        {
            ImportFormat.Markdown => MarkdownImportReader.Read(decoded.Text, limits),
            ImportFormat.Csv => CsvImportReader.Read(decoded.Text, limits),
            _ => TextImportReader.Read(decoded.Text, limits),
        };
        return new ImportDocument(fileName, format, sha256, content.Length, blocks, decoded.EncodingName);
    }

    private static string NotAccepted(string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension switch
        {
            ".docm" or ".dotm" => "The file is a Word document with macros (.docm), which this import never opens. Save it in Word as a “Word Document (.docx)” and choose that file.",
            ".xlsm" or ".xltm" or ".xlsb" or ".xlam" => "The file is an Excel workbook that may contain macros, which this import never opens. Save it in Excel as an “Excel Workbook (.xlsx)” and choose that file.",
            ".doc" or ".rtf" or ".odt" or ".dotx" => $"The file is saved as {extension}. Save it in Word as a “Word Document (.docx)” and choose that file; this import reads {Accepted}.",
            ".xls" or ".ods" or ".xltx" => $"The file is saved as {extension}. Save it in Excel as an “Excel Workbook (.xlsx)” and choose that file; this import reads {Accepted}.",
            "" => $"The file has no extension, so its format cannot be told. This import reads {Accepted}.",
            _ => $"Files ending in {extension} cannot be imported. This import reads {Accepted}.",
        };
    }

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB");
}
