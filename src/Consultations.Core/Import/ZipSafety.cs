using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace Consultations.Core.Import;

/// <summary>
/// Checks a Word or Excel package before the OpenXml SDK opens it: that it is a zip at all, that it unpacks to a sane
/// size (counting the bytes actually inflated, since the sizes a zip declares can lie), that its XML is well formed and
/// not nested deeply enough to exhaust the stack of the SDK's recursive loader, and that it carries no macros.
/// </summary>
internal static class ZipSafety
{
    /// <summary>Far deeper than Word or Excel nest (a table in a table in a table is about 20); the SDK overflows the stack in the thousands.</summary>
    public const int MaxXmlDepth = 256;

    // The OLE compound file signature: an encrypted (password-protected) Office file, or an old .doc/.xls.
    private static readonly byte[] CompoundFileSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

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

            var budget = new Budget(limits.MaxUncompressedBytes, format);
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase) || entry.FullName.EndsWith("vbaData.xml", StringComparison.OrdinalIgnoreCase))
                {
                    throw ContainsMacros(format);
                }

                // Part names say nothing certain about content, so any part that starts like XML is checked as XML.
                var isXml = StartsLikeXml(entry);
                using var stream = new CountingStream(entry.Open(), budget);
                if (isXml)
                {
                    CheckXml(stream, entry.FullName.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase), format);
                }
                else
                {
                    stream.CopyTo(Stream.Null);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or IOException or ArgumentException or XmlException)
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

    private static bool StartsLikeXml(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        Span<byte> start = stackalloc byte[64];
        var length = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        var text = start[..length];
        if (text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            text = text[3..];
        }
        else if (text.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || text.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return true;
        }

        var first = text.IndexOfAnyExcept((ReadOnlySpan<byte>)" \t\r\n"u8);
        return first >= 0 && text[first] == (byte)'<';
    }

    private static void CheckXml(Stream stream, bool isContentTypes, ImportFormat format)
    {
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, CloseInput = false });
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.Depth > MaxXmlDepth)
            {
                throw new ImportFileException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The file nests its content more than {MaxXmlDepth} levels deep, which no {Name(format)} saved by Office does: it may be damaged or built to harm, and is not read."));
            }

            if (isContentTypes && xml.GetAttribute("ContentType") is { } type && type.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase))
            {
                throw ContainsMacros(format);
            }
        }
    }

    /// <summary>How many bytes all the parts of one file may inflate to together.</summary>
    private sealed class Budget(long max, ImportFormat format)
    {
        private long _used;

        public void Spend(int bytes)
        {
            _used += bytes;
            if (_used > max)
            {
                throw new ImportFileException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The file unpacks to more than {max / 1024 / 1024:N0} MB, far more than a {Name(format)} of notes: it may be a “zip bomb”, and is not read."));
            }
        }
    }

    /// <summary>A part's inflated bytes, counted against the file's budget as they are read.</summary>
    private sealed class CountingStream(Stream inner, Budget budget) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            budget.Spend(read);
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
