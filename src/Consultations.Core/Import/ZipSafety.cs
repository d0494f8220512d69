using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Consultations.Core.Import;

/// <summary>
/// Checks a Word or Excel package before the OpenXml SDK opens it: that it is a zip at all, that it unpacks to a sane
/// size (counting the bytes actually inflated, since the sizes a zip declares can lie), and that it carries no macros.
/// </summary>
internal static class ZipSafety
{
    // The OLE compound file signature: an encrypted (password-protected) Office file, or an old .doc/.xls.
    private static readonly byte[] CompoundFileSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private const int ContentTypesMaxBytes = 1024 * 1024;

    public static void Check(ReadOnlyMemory<byte> content, ImportLimits limits, ImportFormat format)
    {
        if (content.Span.StartsWith(CompoundFileSignature))
        {
            var (old, modern) = format == ImportFormat.Excel ? (".xls", ".xlsx") : (".doc", ".docx");
            throw new ImportFileException(
                $"The file is protected with a password, or saved in the old {old} format. Remove the password (or save it as {modern}) and choose it again.");
        }

        try
        {
            using var archive = new ZipArchive(ImportFiles.AsStream(content), ZipArchiveMode.Read);
            if (archive.Entries.Count > limits.MaxEntries)
            {
                throw new ImportFileException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The file holds {archive.Entries.Count:N0} parts; a {Name(format)} of notes needs far fewer than {limits.MaxEntries:N0}, so it is not read."));
            }

            long total = 0;
            var buffer = new byte[81920];
            foreach (var entry in archive.Entries)
            {
                if (IsMacroPart(entry.FullName))
                {
                    throw ContainsMacros(format);
                }

                var isContentTypes = entry.FullName.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase);
                using var contentTypes = isContentTypes ? new MemoryStream() : null;
                using var stream = entry.Open();
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    total += read;
                    if (total > limits.MaxUncompressedBytes)
                    {
                        throw new ImportFileException(string.Create(
                            CultureInfo.InvariantCulture,
                            $"The file unpacks to more than {limits.MaxUncompressedBytes / 1024 / 1024:N0} MB, far more than a {Name(format)} of notes: it may be a “zip bomb”, and is not read."));
                    }

                    if (contentTypes is not null && contentTypes.Length < ContentTypesMaxBytes)
                    {
                        contentTypes.Write(buffer, 0, read);
                    }
                }

                if (contentTypes is not null
                    && Encoding.UTF8.GetString(contentTypes.GetBuffer(), 0, (int)contentTypes.Length).Contains("macroEnabled", StringComparison.OrdinalIgnoreCase))
                {
                    throw ContainsMacros(format);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or IOException or ArgumentException)
        {
            throw Damaged(format, ex);
        }
    }

    public static ImportFileException ContainsMacros(ImportFormat format) =>
        new(format == ImportFormat.Excel
            ? "The file contains macros, which this import never opens. Save it in Excel as an “Excel Workbook (.xlsx)” and choose that file."
            : "The file contains macros, which this import never opens. Save it in Word as a “Word Document (.docx)” and choose that file.");

    public static ImportFileException Damaged(ImportFormat format, Exception? inner = null)
    {
        var message = format == ImportFormat.Excel
            ? "The file could not be read as an Excel workbook: it may be damaged, or be another kind of file with an .xlsx name. Open it in Excel, save it again as .xlsx and choose it again."
            : "The file could not be read as a Word document: it may be damaged, or be another kind of file with a .docx name. Open it in Word, save it again as .docx and choose it again.";
        return inner is null ? new ImportFileException(message) : new ImportFileException(message, inner);
    }

    private static string Name(ImportFormat format) => format == ImportFormat.Excel ? "workbook" : "document";

    private static bool IsMacroPart(string name) =>
        name.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase) || name.EndsWith("vbaData.xml", StringComparison.OrdinalIgnoreCase);
}
