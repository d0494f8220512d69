using System.Diagnostics;
using System.Text;
using Consultations.Core.Import;
using static Consultations.Core.Tests.Import.OfficeFiles;

namespace Consultations.Core.Tests.Import;

/// <summary>Each kind of file an import refuses, and the message its chooser reads.</summary>
public sealed class BadFileTests
{
    private static readonly byte[] CompoundFileSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    [Theory]
    [InlineData("notes.docx", ImportFormat.Word)]
    [InlineData("NOTES.DOCX", ImportFormat.Word)]
    [InlineData("notes.md", ImportFormat.Markdown)]
    [InlineData("notes.Markdown", ImportFormat.Markdown)]
    [InlineData("notes.txt", ImportFormat.Text)]
    [InlineData("archive.2024.csv", ImportFormat.Csv)]
    [InlineData("Findings.XLSX", ImportFormat.Excel)]
    [InlineData("notes.pdf", null)]
    [InlineData("notes.docm", null)]
    [InlineData("notes", null)]
    [InlineData("docx", null)]
    public void The_format_is_told_by_the_extension(string name, ImportFormat? format) => Assert.Equal(format, ImportFiles.FormatOf(name));

    [Theory]
    [InlineData("minutes.pdf", "Files ending in .pdf cannot be imported.")]
    [InlineData("minutes", "has no extension")]
    [InlineData("minutes.doc", "Save it in Word as a “Word Document (.docx)”")]
    [InlineData("minutes.xls", "Save it in Excel as an “Excel Workbook (.xlsx)”")]
    public void Another_format_is_refused_with_the_list_of_accepted_ones(string name, string expected)
    {
        var message = Refused(name, Encoding.UTF8.GetBytes("Some notes"));

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Contains(ImportFiles.Accepted, message, StringComparison.Ordinal);
        Assert.Equal("Word (.docx), Markdown (.md), text (.txt), CSV (.csv) or Excel (.xlsx)", ImportFiles.Accepted);
    }

    [Theory]
    [InlineData("plenary.docm")]
    [InlineData("template.dotm")]
    [InlineData("findings.xlsm")]
    public void Macro_enabled_files_are_refused_by_name_whatever_they_hold(string name)
    {
        var message = Refused(name, Word((_, body) => body.Append(Paragraph("A harmless paragraph."))));

        Assert.Contains("macros", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_word_or_excel_file_carrying_a_macro_project_is_refused()
    {
        var word = WithEntry(Word((_, body) => body.Append(Paragraph("A harmless paragraph."))), "word/vbaProject.bin", [1, 2, 3]);
        var excel = WithEntry(Excel([["text"], ["A note"]]), "xl/vbaProject.bin", [1, 2, 3]);

        Assert.Contains("contains macros", Refused("plenary.docx", word), StringComparison.Ordinal);
        Assert.Contains("contains macros", Refused("findings.xlsx", excel), StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_whose_content_types_say_macro_enabled_is_refused()
    {
        var contentTypes = """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>""";
        var file = Zip(("[Content_Types].xml", Encoding.UTF8.GetBytes(contentTypes)), ("word/document.xml", Encoding.UTF8.GetBytes("<w:document/>")));

        Assert.Contains("contains macros", Refused("renamed.docx", file), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plenary.docx", ".doc")]
    [InlineData("findings.xlsx", ".xls")]
    public void A_password_protected_or_old_format_file_is_refused(string name, string oldFormat)
    {
        var file = CompoundFileSignature.Concat(new byte[4096]).ToArray();

        var message = Refused(name, file);

        Assert.Contains("protected with a password", message, StringComparison.Ordinal);
        Assert.Contains($"old {oldFormat} format", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_word_and_excel_files_are_refused_as_damaged()
    {
        var word = Word((_, body) => body.Append(Paragraph("A paragraph that will be cut off.")));
        var excel = Excel([["text"], ["A note"]]);
        var random = new byte[2048];
        new Random(20).NextBytes(random);

        Assert.Contains("could not be read as a Word document", Refused("random.docx", random), StringComparison.Ordinal);
        Assert.Contains("could not be read as a Word document", Refused("cut.docx", word[..(word.Length / 2)]), StringComparison.Ordinal);
        Assert.Contains("could not be read as a Word document", Refused("excel.docx", excel), StringComparison.Ordinal);
        Assert.Contains("could not be read as a Word document", Refused("plain.docx", Zip(("notes.txt", Encoding.UTF8.GetBytes("Not a Word file")))), StringComparison.Ordinal);
        Assert.Contains("could not be read as an Excel workbook", Refused("random.xlsx", random), StringComparison.Ordinal);
        Assert.Contains("could not be read as an Excel workbook", Refused("cut.xlsx", excel[..(excel.Length * 2 / 3)]), StringComparison.Ordinal);
        Assert.Contains("could not be read as an Excel workbook", Refused("word.xlsx", word), StringComparison.Ordinal);
    }

    [Fact]
    public void Xml_that_is_not_well_formed_inside_a_valid_package_is_refused_as_damaged()
    {
        var file = WithDocumentXml("<w:body><w:p><w:r><w:t>Unclosed");

        Assert.Contains("could not be read as a Word document", Refused("broken.docx", file), StringComparison.Ordinal);
    }

    [Fact]
    public void Xml_with_entity_definitions_is_refused_without_expanding_them()
    {
        const string laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>
            """;
        var file = Zip(("[Content_Types].xml", Encoding.UTF8.GetBytes("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")), ("word/document.xml", Encoding.UTF8.GetBytes(laughs)));

        Assert.Contains("could not be read as a Word document", Refused("laughs.docx", file), StringComparison.Ordinal);
    }

    [Fact]
    public void Content_nested_deeper_than_office_ever_nests_is_refused_before_it_can_exhaust_the_stack()
    {
        // Tens of thousands of nested elements compress to a few kilobytes, and loading them recursively would end the process.
        var deep = WithDocumentXml($"<w:body><w:p>{string.Concat(Enumerable.Repeat("<w:hyperlink>", 50_000))}<w:r><w:t>deep</w:t></w:r>{string.Concat(Enumerable.Repeat("</w:hyperlink>", 50_000))}</w:p></w:body>");
        var nestedTables = WithDocumentXml($"<w:body>{string.Concat(Enumerable.Repeat("<w:tbl><w:tr><w:tc>", 10))}<w:p><w:r><w:t>Ten tables deep</w:t></w:r></w:p>{string.Concat(Enumerable.Repeat("</w:tc></w:tr></w:tbl>", 10))}</w:body>");

        Assert.Contains("more than 256 levels deep", Refused("deep.docx", deep), StringComparison.Ordinal);
        Assert.Equal("Ten tables deep", Assert.Single(ImportFiles.Read("tables.docx", nestedTables).Blocks).Text);
    }

    [Fact]
    public void A_zip_bomb_is_refused_after_reading_no_more_than_the_limit()
    {
        // 300 MB of zeros deflate to a few hundred KB: a small file that would unpack to far more than any document.
        var file = WithEntry(Word((_, body) => body.Append(Paragraph("Innocent looking."))), "word/media/image1.bin", entry =>
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 300; i++)
            {
                entry.Write(zeros);
            }
        });
        Assert.True(file.Length < 2 * 1024 * 1024, $"The bomb is {file.Length} bytes.");

        var timer = Stopwatch.StartNew();
        var message = Refused("bomb.docx", file);

        Assert.Contains("unpacks to more than 200 MB", message, StringComparison.Ordinal);
        Assert.Contains("zip bomb", message, StringComparison.Ordinal);
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(30), $"Refusing took {timer.Elapsed}.");
    }

    [Fact]
    public void A_package_of_too_many_parts_is_refused()
    {
        var file = Word((_, body) => body.Append(Paragraph("Fine")));

        var message = Refused("parts.docx", file, ImportLimits.Default with { MaxEntries = 3 });

        Assert.Contains("parts", message, StringComparison.Ordinal);
        Assert.Equal("Fine", Assert.Single(ImportFiles.Read("parts.docx", file).Blocks).Text);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        Assert.Equal("The file is empty.", Refused("empty.txt", []));
        Assert.Equal("The file is empty.", Refused("empty.docx", []));
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_with_its_size_and_the_limit()
    {
        var file = new byte[(21 * 1024 * 1024) + 1];
        file.AsSpan().Fill((byte)'a');

        var message = Refused("huge.txt", file);

        Assert.Contains("21 MB", message, StringComparison.Ordinal);
        Assert.Contains("20 MB", message, StringComparison.Ordinal);
        Assert.Contains("1.5 MB", Refused("big.csv", new byte[1536 * 1024], ImportLimits.Default with { MaxBytes = 1024 * 1024 }), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_more_blocks_than_the_limit_is_refused_with_the_count_and_the_limit()
    {
        var csv = Encoding.UTF8.GetBytes("text\n" + string.Concat(Enumerable.Range(1, 20_001).Select(i => $"Note {i}\n")));
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 30).Select(i => $"Paragraph {i}.\n\n")));

        var csvMessage = Refused("rows.csv", csv);
        var textMessage = Refused("notes.txt", text, ImportLimits.Default with { MaxBlocks = 20 });

        Assert.Contains("20,001", csvMessage, StringComparison.Ordinal);
        Assert.Contains("at most 20,000", csvMessage, StringComparison.Ordinal);
        Assert.Contains("Split the file", csvMessage, StringComparison.Ordinal);
        Assert.Contains("30", textMessage, StringComparison.Ordinal);
        Assert.Contains("at most 20.", textMessage, StringComparison.Ordinal);
        Assert.Equal(30, ImportFiles.Read("notes.txt", text, ImportLimits.Default with { MaxBlocks = 30 }).Blocks.Count);
    }

    /// <summary>A valid Word file whose document part is replaced by a w:document holding <paramref name="inner"/>.</summary>
    private static byte[] WithDocumentXml(string inner)
    {
        using var stream = new MemoryStream();
        stream.Write(Word((_, body) => body.Append(Paragraph("Replaced"))));
        using (var archive = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            archive.GetEntry("word/document.xml")!.Delete();
            using var entry = archive.CreateEntry("word/document.xml").Open();
            entry.Write(Encoding.UTF8.GetBytes($"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{inner}</w:document>"));
        }

        return stream.ToArray();
    }

    private static string Refused(string name, byte[] content, ImportLimits? limits = null) =>
        Assert.Throws<ImportFileException>(() => ImportFiles.Read(name, content, limits)).Message;
}
