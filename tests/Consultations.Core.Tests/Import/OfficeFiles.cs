using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace Consultations.Core.Tests.Import;

/// <summary>Word and Excel files built in the tests with the OpenXml SDK, as Word and Excel would save them.</summary>
internal static partial class OfficeFiles
{
    /// <summary>A Word document whose body <paramref name="fill"/> writes; its styles include headings, a title, quotes and a list style.</summary>
    public static byte[] Word(Action<MainDocumentPart, Body> fill)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body());
            main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(
                ParagraphStyle("Normal", "Normal", isDefault: true),
                ParagraphStyle("Title", "Title"),
                ParagraphStyle("Heading1", "heading 1"),
                ParagraphStyle("Heading2", "heading 2"),
                ParagraphStyle("berschrift1", "heading 1"),
                ParagraphStyle("PlenaryHeading", "Plenary heading", basedOn: "Heading2"),
                ParagraphStyle("Quote", "Quote"),
                ParagraphStyle("IntenseQuote", "Intense Quote"),
                ParagraphStyle("ListBullet", "List Bullet", numberingId: 1),
                ParagraphStyle("Chapter", "Chapter", outlineLevel: 0));
            fill(main, main.Document.Body!);
        }

        return stream.ToArray();
    }

    public static Paragraph Paragraph(string text, string? style = null) =>
        Paragraph(style, new Run(new WordText(text) { Space = SpaceProcessingModeValues.Preserve }));

    public static Paragraph Paragraph(string? style, params OpenXmlElement[] content)
    {
        var paragraph = new Paragraph();
        if (style is not null)
        {
            paragraph.Append(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        }

        paragraph.Append(content);
        return paragraph;
    }

    public static Run Run(string text) => new(new WordText(text) { Space = SpaceProcessingModeValues.Preserve });

    /// <summary>A list paragraph numbered directly (numPr), as Word writes a bulleted line.</summary>
    public static Paragraph ListParagraph(string text, int level = 0) =>
        new(
            new ParagraphProperties(
                new ParagraphStyleId { Val = "ListParagraph" },
                new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = 1 })),
            Run(text));

    public static Table Table(params string[][] rows)
    {
        var table = new Table(new TableProperties(new TableStyle { Val = "TableGrid" }));
        foreach (var row in rows)
        {
            table.Append(new TableRow(row.Select(cell => new TableCell(Paragraph(cell)))));
        }

        return table;
    }

    /// <summary>A zip holding the given entries, compressed, for packages that are not a valid Office file.</summary>
    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(content);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Adds a part to an existing package (a valid Word or Excel file), as a macro-enabled file carries one.</summary>
    public static byte[] WithEntry(byte[] package, string name, byte[] content) => WithEntry(package, name, entry => entry.Write(content));

    /// <summary>Adds a part whose content <paramref name="write"/> streams in, so a huge part never sits in memory.</summary>
    public static byte[] WithEntry(byte[] package, string name, Action<Stream> write)
    {
        using var stream = new MemoryStream();
        stream.Write(package);
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var entry = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
            write(entry);
        }

        return stream.ToArray();
    }

    private static Style ParagraphStyle(string id, string name, bool isDefault = false, string? basedOn = null, int? numberingId = null, int? outlineLevel = null)
    {
        var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };
        if (isDefault)
        {
            style.Default = true;
        }

        if (basedOn is not null)
        {
            style.Append(new BasedOn { Val = basedOn });
        }

        var properties = new StyleParagraphProperties();
        if (numberingId is { } numbering)
        {
            properties.Append(new NumberingProperties(new NumberingId { Val = numbering }));
        }

        if (outlineLevel is { } level)
        {
            properties.Append(new OutlineLevel { Val = level });
        }

        if (properties.HasChildren)
        {
            style.Append(properties);
        }

        return style;
    }
}
