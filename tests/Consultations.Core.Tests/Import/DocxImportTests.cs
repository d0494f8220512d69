using System.Diagnostics;
using Consultations.Core.Import;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using static Consultations.Core.Tests.Import.OfficeFiles;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace Consultations.Core.Tests.Import;

public sealed class DocxImportTests
{
    private const string CommenterName = "Amina Okonkwo-Reyes";

    [Fact]
    public void Headings_paragraphs_lists_quotes_and_tables_come_in_document_order()
    {
        var file = Word((_, body) => body.Append(
            Paragraph("Regional consultation on information sharing", "Title"),
            Paragraph("Plenary 1", "Heading1"),
            Paragraph("Participants asked for a shared incident taxonomy."),
            Paragraph(string.Empty),
            ListParagraph("Publish the contact list quarterly."),
            ListParagraph("Name a deputy for each focal point.", level: 1),
            Paragraph("Trust is built between people, not agencies.", "Quote"),
            Table(["Country", "Finding"], ["Atlantis", "No national CERT yet"], ["", ""], ["Utopia", ""]),
            Paragraph("Plenary 2", "Heading2")));

        var document = ImportFiles.Read("plenary.docx", file);

        Assert.Equal(ImportFormat.Word, document.Format);
        Assert.Null(document.Encoding);
        Assert.Equal(
            [
                (1, "paragraph 1", ImportBlockKind.Heading, "Regional consultation on information sharing"),
                (2, "paragraph 2", ImportBlockKind.Heading, "Plenary 1"),
                (3, "paragraph 3", ImportBlockKind.Paragraph, "Participants asked for a shared incident taxonomy."),
                (4, "paragraph 4", ImportBlockKind.ListItem, "Publish the contact list quarterly."),
                (5, "paragraph 5", ImportBlockKind.ListItem, "Name a deputy for each focal point."),
                (6, "paragraph 6", ImportBlockKind.Quote, "Trust is built between people, not agencies."),
                (7, "table 1, row 1", ImportBlockKind.Row, "Country — Finding"),
                (8, "table 1, row 2", ImportBlockKind.Row, "Atlantis — No national CERT yet"),
                (9, "table 1, row 4", ImportBlockKind.Row, "Utopia"),
                (10, "paragraph 7", ImportBlockKind.Heading, "Plenary 2"),
            ],
            document.Blocks.Select(b => (b.Position, b.Location, b.Kind, b.Text)));
        Assert.All(document.Blocks, b => Assert.Null(b.Columns));
    }

    [Fact]
    public void Styles_are_recognised_by_name_inheritance_outline_level_and_list_style()
    {
        var file = Word((_, body) => body.Append(
            Paragraph("Localised heading", "berschrift1"),
            Paragraph("Based on a heading", "PlenaryHeading"),
            Paragraph("Outline level in the style", "Chapter"),
            Paragraph(null, new ParagraphProperties(new OutlineLevel { Val = 1 }), Run("Outline level on the paragraph")),
            Paragraph("Bulleted by its style", "ListBullet"),
            Paragraph(null, new ParagraphProperties(new ParagraphStyleId { Val = "ListBullet" }, new NumberingProperties(new NumberingId { Val = 0 })), Run("Numbering removed")),
            Paragraph("An intense quote", "IntenseQuote"),
            Paragraph("A style the file does not define", "Missing")));

        var kinds = ImportFiles.Read("styles.docx", file).Blocks.Select(b => (b.Text, b.Kind));

        Assert.Equal(
            [
                ("Localised heading", ImportBlockKind.Heading),
                ("Based on a heading", ImportBlockKind.Heading),
                ("Outline level in the style", ImportBlockKind.Heading),
                ("Outline level on the paragraph", ImportBlockKind.Heading),
                ("Bulleted by its style", ImportBlockKind.ListItem),
                ("Numbering removed", ImportBlockKind.Paragraph),
                ("An intense quote", ImportBlockKind.Quote),
                ("A style the file does not define", ImportBlockKind.Paragraph),
            ],
            kinds);
    }

    [Fact]
    public void Tracked_changes_read_as_accepted_and_comments_footnotes_headers_and_field_codes_never_appear()
    {
        var file = Word((main, body) =>
        {
            var comments = main.AddNewPart<WordprocessingCommentsPart>();
            comments.Comments = new Comments(new Comment(Paragraph($"{CommenterName} should not be quoted here")) { Id = "0", Author = CommenterName, Initials = "AO" });
            var footnotes = main.AddNewPart<FootnotesPart>();
            footnotes.Footnotes = new Footnotes(new Footnote(Paragraph("Footnote: private source")) { Id = 1 });
            var header = main.AddNewPart<HeaderPart>();
            header.Header = new Header(Paragraph("Draft — do not circulate"));
            var link = main.AddHyperlinkRelationship(new Uri("https://example.org/report"), true);

            body.Append(
                Paragraph(
                    null,
                    Run("The ministry "),
                    new InsertedRun(Run("will ")) { Id = "1", Author = CommenterName },
                    new DeletedRun(new Run(new DeletedText("might ") { Space = SpaceProcessingModeValues.Preserve })) { Id = "2", Author = CommenterName },
                    Run("publish "),
                    new CommentRangeStart { Id = "0" },
                    Run("the roadmap"),
                    new CommentRangeEnd { Id = "0" },
                    new Run(new CommentReference { Id = "0" }),
                    Run(" by June"),
                    new Run(new FootnoteReference { Id = 1 }),
                    Run(".")),
                Paragraph(
                    null,
                    new MoveFromRun(Run("Moved away. ")) { Id = "3", Author = CommenterName },
                    Run("See "),
                    new Hyperlink(Run("the report")) { Id = link.Id },
                    Run(", dated "),
                    new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }),
                    new Run(new FieldCode(" DATE \\@ \"d MMMM yyyy\" ") { Space = SpaceProcessingModeValues.Preserve }),
                    new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }),
                    Run("12 March 2025"),
                    new Run(new FieldChar { FieldCharType = FieldCharValues.End }),
                    Run(", page "),
                    new SimpleField(Run("3")) { Instruction = " PAGE " },
                    new MoveToRun(Run(" Moved here.")) { Id = "4", Author = CommenterName }),
                Paragraph(null, new Run(new WordText("Country"), new TabChar(), new WordText("Atlantis"), new Break(), new WordText("Second line"))),
                Paragraph(null, new DeletedRun(new Run(new DeletedText("Deleted paragraph"))) { Id = "5", Author = CommenterName }),
                new SdtBlock(new SdtProperties(new SdtAlias { Val = "Summary" }), new SdtContentBlock(Paragraph("Inside a content control"))));
            header.Header.Save();
        });

        var document = ImportFiles.Read("tracked.docx", file);

        Assert.Equal(
            [
                "The ministry will publish the roadmap by June.",
                "See the report, dated 12 March 2025, page 3 Moved here.",
                "Country Atlantis\nSecond line",
                "Inside a content control",
            ],
            document.Blocks.Select(b => b.Text));
        Assert.Equal(["paragraph 1", "paragraph 2", "paragraph 3", "paragraph 4"], document.Blocks.Select(b => b.Location));
        var all = string.Join("\n", document.Blocks.Select(b => b.Text));
        Assert.DoesNotContain("Okonkwo", all, StringComparison.Ordinal);
        Assert.DoesNotContain("might", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Moved away", all, StringComparison.Ordinal);
        Assert.DoesNotContain("DATE", all, StringComparison.Ordinal);
        Assert.DoesNotContain("private source", all, StringComparison.Ordinal);
        Assert.DoesNotContain("circulate", all, StringComparison.Ordinal);
        Assert.DoesNotContain("example.org", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Hidden_text_and_content_control_prompts_are_not_read()
    {
        var hidden = new Run(new RunProperties(new Vanish()), new WordText(" (hidden: Amina's phone number)") { Space = SpaceProcessingModeValues.Preserve });
        var shownAgain = new Run(new RunProperties(new Vanish { Val = false }), new WordText(" shown") { Space = SpaceProcessingModeValues.Preserve });
        var prompt = new SdtRun(new SdtProperties(new ShowingPlaceholder()), new SdtContentRun(Run("Click or tap here to enter text.")));
        var filled = new SdtRun(new SdtProperties(new SdtAlias { Val = "Country" }), new SdtContentRun(Run(" Atlantis")));
        var file = Word((_, body) => body.Append(
            Paragraph(null, Run("Visible"), hidden, shownAgain, prompt, filled),
            new SdtBlock(new SdtProperties(new ShowingPlaceholder()), new SdtContentBlock(Paragraph("Click or tap here to enter text."))),
            new SdtBlock(new SdtProperties(), new SdtContentBlock(Paragraph("Filled in"), Table(["A table in a control"])))));

        var blocks = ImportFiles.Read("controls.docx", file).Blocks;

        Assert.Equal(
            [("paragraph 1", "Visible shown Atlantis"), ("paragraph 2", "Filled in"), ("table 1, row 1", "A table in a control")],
            blocks.Select(b => (b.Location, b.Text)));
    }

    [Fact]
    public void A_table_of_contents_is_not_read_as_notes()
    {
        var contents = new SdtBlock(
            new SdtProperties(new SdtContentDocPartObject(new DocPartGallery { Val = "Table of Contents" }, new DocPartUnique())),
            new SdtContentBlock(Paragraph("Contents", "TOCHeading"), Paragraph("Plenary 1 .......... 3", "TOC1")));
        var file = Word((_, body) => body.Append(
            contents,
            Paragraph("Plenary 2 .......... 4", "TOC2"),
            Paragraph("Plenary 1", "Heading1"),
            Paragraph("The first note.")));

        var blocks = ImportFiles.Read("contents.docx", file).Blocks;

        Assert.Equal([("paragraph 1", "Plenary 1"), ("paragraph 2", "The first note.")], blocks.Select(b => (b.Location, b.Text)));
    }

    [Fact]
    public void A_table_with_a_text_header_reads_like_a_spreadsheet()
    {
        var file = Word((_, body) => body.Append(
            Paragraph("Findings"),
            Table(
                ["Session", "Note", "Stakeholder group", "Themes", "Remarks"],
                [" Plenary 2 ", "Shared playbooks cut response times.", "government", "information-sharing; trust", "ignored"],
                ["", "", "", "", ""],
                ["", "An unattributed remark.", "", "", ""]),
            Table(["Text"], ["Second table, own numbering."])));

        var blocks = ImportFiles.Read("table.docx", file).Blocks;

        Assert.Equal(
            [
                (1, "paragraph 1", ImportBlockKind.Paragraph, "Findings", (ImportColumns?)null),
                (2, "table 1, row 2", ImportBlockKind.Row, "Shared playbooks cut response times.", new ImportColumns("Plenary 2", null, "government", "information-sharing; trust")),
                (3, "table 1, row 4", ImportBlockKind.Row, "An unattributed remark.", new ImportColumns(null, null, null, null)),
                (4, "table 2, row 2", ImportBlockKind.Row, "Second table, own numbering.", new ImportColumns(null, null, null, null)),
            ],
            blocks.Select(b => (b.Position, b.Location, b.Kind, b.Text, b.Columns)));
    }

    [Fact]
    public void Ten_thousand_paragraphs_stream_in_order_with_stable_positions()
    {
        const string note = "participants said that incident reports are shared too late, often after the damage is done, because national "
            + "teams wait for clearance; several asked for a standing agreement that lets technical teams share indicators at once.";
        var file = Word((_, body) =>
        {
            for (var i = 1; i <= 10_000; i++)
            {
                body.Append(i % 100 == 1 ? Paragraph($"Section {i / 100 + 1}", "Heading1") : Paragraph($"Note {i}: {note}"));
            }
        });

        ImportFiles.Read("warm.docx", Word((_, body) => body.Append(Paragraph("x"))));
        var timer = Stopwatch.StartNew();
        var first = ImportFiles.Read("long.docx", file);
        TestContext.Current.TestOutputHelper?.WriteLine($"10,000 paragraphs: DOCX {file.Length / 1024} KB in {timer.ElapsedMilliseconds} ms");
        var second = ImportFiles.Read("long.docx", file.ToArray());

        Assert.Equal(10_000, first.Blocks.Count);
        Assert.Equal(Enumerable.Range(1, 10_000), first.Blocks.Select(b => b.Position));
        Assert.Equal($"Note 10000: {note}", first.Blocks[^1].Text);
        Assert.Equal("paragraph 10000", first.Blocks[^1].Location);
        Assert.Equal(100, first.Blocks.Count(b => b.Kind == ImportBlockKind.Heading));
        Assert.Equal(first.Blocks, second.Blocks);
        Assert.Equal(first.Sha256, second.Sha256);
    }
}
