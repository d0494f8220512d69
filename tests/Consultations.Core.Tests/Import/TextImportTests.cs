using System.Text;
using Consultations.Core.Import;

namespace Consultations.Core.Tests.Import;

public sealed class TextImportTests
{
    [Fact]
    public void Text_paragraphs_are_separated_by_blank_lines_and_keep_their_line_breaks()
    {
        var text = "\r\n  Opening remarks by the chair.\r\nSecond line of the same paragraph.\r\n\r\n \t \r\nCountries asked for a shared taxonomy.\rOld Mac line end.\n\n\n\nLast paragraph without a newline";

        var document = ImportFiles.Read("notes.txt", Encoding.UTF8.GetBytes(text));

        Assert.Equal(
            [
                (1, "paragraph 1", ImportBlockKind.Paragraph, "Opening remarks by the chair.\nSecond line of the same paragraph."),
                (2, "paragraph 2", ImportBlockKind.Paragraph, "Countries asked for a shared taxonomy.\nOld Mac line end."),
                (3, "paragraph 3", ImportBlockKind.Paragraph, "Last paragraph without a newline"),
            ],
            document.Blocks.Select(b => (b.Position, b.Location, b.Kind, b.Text)));
        Assert.Equal(ImportFormat.Text, document.Format);
        Assert.Equal("notes.txt", document.FileName);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), document.Bytes);
    }

    [Fact]
    public void A_text_file_of_only_whitespace_has_no_blocks()
    {
        var document = ImportFiles.Read("blank.txt", Encoding.UTF8.GetBytes(" \n\t\n  \r\n"));

        Assert.Empty(document.Blocks);
    }

    [Fact]
    public void Markdown_gives_each_block_kind_with_its_line()
    {
        const string markdown = """
            # Plenary 1: incident response

            Participants *stressed* that **trust** comes first,
            and asked for a [shared taxonomy](https://example.org/taxonomy) and `CVE` numbers.\
            A hard break before this.

            - Publish the contact list
              quarterly.
              - Nested: name a deputy.
            - Second item

              with a second paragraph.
            1. Numbered item

            > A regional network is only as strong as its weakest link.
            >
            > Said twice for emphasis.

            ---

            <div class="note">HTML block text is not a note</div>

            Inline <span>html tags</span> are dropped &amp; text kept; see <https://example.org/auto>.

            ```text
            raw = "kept literally"
            ```

            Plenary 2
            ---------

                indented code
            """;

        var document = ImportFiles.Read("notes.md", Encoding.UTF8.GetBytes(markdown));

        Assert.Equal(
            [
                (1, "line 1", ImportBlockKind.Heading, "Plenary 1: incident response"),
                (2, "line 3", ImportBlockKind.Paragraph, "Participants stressed that trust comes first, and asked for a shared taxonomy and CVE numbers.\nA hard break before this."),
                (3, "line 7", ImportBlockKind.ListItem, "Publish the contact list quarterly."),
                (4, "line 9", ImportBlockKind.ListItem, "Nested: name a deputy."),
                (5, "line 10", ImportBlockKind.ListItem, "Second item\n\nwith a second paragraph."),
                (6, "line 13", ImportBlockKind.ListItem, "Numbered item"),
                (7, "line 15", ImportBlockKind.Quote, "A regional network is only as strong as its weakest link.\n\nSaid twice for emphasis."),
                (8, "line 23", ImportBlockKind.Paragraph, "Inline html tags are dropped & text kept; see https://example.org/auto."),
                (9, "line 25", ImportBlockKind.Paragraph, "raw = \"kept literally\""),
                (10, "line 29", ImportBlockKind.Heading, "Plenary 2"),
                (11, "line 32", ImportBlockKind.Paragraph, "indented code"),
            ],
            document.Blocks.Select(b => (b.Position, b.Location, b.Kind, b.Text)));
        Assert.Equal(ImportFormat.Markdown, document.Format);
        Assert.DoesNotContain(document.Blocks, b => b.Text.Contains("HTML block", StringComparison.Ordinal) || b.Text.Contains("example.org/taxonomy", StringComparison.Ordinal));
    }

    [Fact]
    public void A_multi_line_setext_heading_is_located_at_its_first_line()
    {
        var block = Assert.Single(ImportFiles.Read("setext.md", Encoding.UTF8.GetBytes("\n\nPlenary two:\nafternoon\n===\n")).Blocks);

        Assert.Equal(("line 3", ImportBlockKind.Heading, "Plenary two: afternoon"), (block.Location, block.Kind, block.Text));
    }

    [Fact]
    public void Markdown_nested_hundreds_of_levels_deep_is_refused()
    {
        var markdown = new string('>', 5_000) + " deep\n";

        var message = Assert.Throws<ImportFileException>(() => ImportFiles.Read("deep.md", Encoding.UTF8.GetBytes(markdown))).Message;

        Assert.Contains("nests lists or quotes", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_bytes_give_the_same_positions_and_hash_and_other_bytes_another_hash()
    {
        var bytes = Encoding.UTF8.GetBytes("# Session\n\nFirst note.\n\nSecond note.\n");

        var first = ImportFiles.Read("a.md", bytes);
        var again = ImportFiles.Read("renamed.md", bytes.ToArray());
        var changed = ImportFiles.Read("a.md", Encoding.UTF8.GetBytes("# Session\n\nFirst note!\n\nSecond note.\n"));

        Assert.Equal(first.Blocks, again.Blocks);
        Assert.Equal(first.Sha256, again.Sha256);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), first.Sha256);
        Assert.Matches("^[0-9a-f]{64}$", first.Sha256);
        Assert.NotEqual(first.Sha256, changed.Sha256);
    }
}
