using System.Text;
using Consultations.Core.Import;

namespace Consultations.Core.Tests.Import;

public sealed class EncodingTests
{
    private const string Note = "Le café “Chez Léa” — réunion\r\n\r\nSecond paragraph: naïve façade, 25 °C.";

    public static TheoryData<string, byte[]> Encoded => new()
    {
        { "UTF-8", Encoding.UTF8.GetBytes(Note) },
        { "UTF-8 with BOM", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Note)] },
        { "UTF-16 LE", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Note)] },
        { "UTF-16 BE", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Note)] },
        { "UTF-16 LE", Encoding.Unicode.GetBytes(Note) },
        { "UTF-16 BE", Encoding.BigEndianUnicode.GetBytes(Note) },
        { "Windows-1252", Windows1252(Note) },
    };

    [Theory]
    [MemberData(nameof(Encoded))]
    public void Text_in_each_encoding_reads_the_same_and_says_how_it_was_decoded(string encoding, byte[] bytes)
    {
        var document = ImportFiles.Read("notes.txt", bytes);

        Assert.Equal(encoding, document.Encoding);
        Assert.Equal(["Le café “Chez Léa” — réunion", "Second paragraph: naïve façade, 25 °C."], document.Blocks.Select(b => b.Text));
    }

    [Fact]
    public void A_windows_1252_csv_with_semicolons_as_excel_saves_it_in_europe_is_read()
    {
        var document = ImportFiles.Read("export.csv", Windows1252("Text;Session\r\n„Café“ – 3 €;Plénière 1\r\n"));

        Assert.Equal("Windows-1252", document.Encoding);
        var block = Assert.Single(document.Blocks);
        Assert.Equal(("„Café“ – 3 €", "Plénière 1"), (block.Text, block.Columns!.Session));
    }

    [Theory]
    [InlineData(0x81)]
    [InlineData(0x8D)]
    [InlineData(0x8F)]
    [InlineData(0x90)]
    [InlineData(0x9D)]
    public void A_byte_windows_1252_leaves_undefined_is_refused(byte undefined)
    {
        byte[] bytes = [.. Windows1252("caf\u00e9 and "), undefined, .. "more"u8];

        var message = Assert.Throws<ImportFileException>(() => ImportFiles.Read("notes.txt", bytes)).Message;

        Assert.Contains("Windows-1252", message, StringComparison.Ordinal);
        Assert.Contains("UTF-8", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00 }, "UTF-32")]
    [InlineData(new byte[] { 0x00, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x41 }, "UTF-32")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52 }, "does not look like text")]
    [InlineData(new byte[] { 0x4E, 0x6F, 0x74, 0x65, 0x00, 0x20, 0x74, 0x65, 0x78, 0x74 }, "does not look like text")]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x63, 0x61, 0x66, 0xE9 }, "not UTF-8")]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00 }, "not UTF-16")]
    public void Bytes_that_are_not_text_in_a_known_encoding_are_refused(byte[] bytes, string expected)
    {
        var message = Assert.Throws<ImportFileException>(() => ImportFiles.Read("notes.md", bytes)).Message;

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Contains("UTF-8", message, StringComparison.Ordinal);
    }

    private static byte[] Windows1252(string text) =>
        CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(text);
}
