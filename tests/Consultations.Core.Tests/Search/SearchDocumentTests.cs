using Consultations.Core.Domain;
using Consultations.Core.Search;

namespace Consultations.Core.Tests.Search;

public sealed class SearchDocumentTests
{
    private readonly Programme _programme = TestData.Programme();
    private readonly Consultation _consultation;

    public SearchDocumentTests() => _consultation = TestData.Consultation(_programme);

    [Fact]
    public void A_published_note_carries_its_full_text_and_the_masked_reader_text()
    {
        var note = Published("Ms Dela Cruz said most firms adopt a standard.");
        var readerCopy = note.ForReaders("A government representative said most firms adopt a standard.");

        var document = NoteSearchDocument.For(_programme, _consultation, note, readerCopy, new Dictionary<string, int> { ["private-sector"] = 2 });

        Assert.Equal("note/" + note.Id, document.Key);
        Assert.Equal(note.Text, document.Text);
        Assert.Equal(readerCopy.Text, document.ReaderText);
        Assert.Equal(NoteStatus.Published, document.Status);
        Assert.Equal(DisclosureRule.ChathamHouse, document.DisclosureRule);
        Assert.Equal("PH", document.CountryCode);
        Assert.Equal("Plenary 1", document.SessionTitle);
        Assert.Equal(1, document.AgendaOrder);
        Assert.Equal(2023, document.Year);
        Assert.Equal(2, document.StakeholderGroupSize);
        Assert.Equal(TestData.Facilitator.Id, document.AuthorId);
    }

    [Fact]
    public void A_draft_has_no_reader_text()
    {
        var note = TestData.Note(_programme, _consultation);

        var document = NoteSearchDocument.For(_programme, _consultation, note, null, null);

        Assert.Null(document.ReaderText);
        Assert.Null(document.StakeholderGroupSize);
    }

    [Fact]
    public void Reader_text_for_a_note_readers_never_see_is_refused()
    {
        var draft = TestData.Note(_programme, _consultation);

        Assert.Throws<ArgumentException>(() => NoteSearchDocument.For(_programme, _consultation, draft, draft.ForReaders("masked"), null));
        Assert.Throws<ArgumentException>(() => (NoteSearchDocument.For(_programme, _consultation, draft, null, null) with { ReaderText = "masked" }).EnsureValid());
    }

    [Fact]
    public void Reader_text_comes_from_the_gates_copy_of_this_note_only()
    {
        var note = Published("Most firms adopt a standard.");
        var other = Published("Another note.");

        Assert.Throws<ArgumentException>(() => NoteSearchDocument.For(_programme, _consultation, note, other.ForReaders("x"), null));
        Assert.Throws<ArgumentException>(() => NoteSearchDocument.For(_programme, _consultation, note, note, null));
        Assert.Throws<ArgumentException>(() => NoteSearchDocument.For(_programme, _consultation, note.ForReaders("x"), null, null));
    }

    [Fact]
    public void A_note_of_another_consultation_is_refused()
    {
        var note = TestData.Note(_programme, _consultation);
        var elsewhere = TestData.Consultation(_programme, "elsewhere");

        Assert.Throws<ArgumentException>(() => NoteSearchDocument.For(_programme, elsewhere, note, null, null));
    }

    [Fact]
    public void A_brief_version_is_indexed_without_its_citations()
    {
        var version = new BriefVersion(
            BriefVersion.IdOf("brief-1", 2), "brief-1", _programme.Id, 2, "Standards", "Most firms adopt a standard [@n1; @n2]. Regulators differ [@n3].",
            new BriefScope(["cons"], ["technical-standards"], NoteKind.Finding, null), BriefCoverage.Empty, [], TestData.Lead, TestData.Facilitator, TestData.T0);

        var document = BriefSearchDocument.For(version, version.Title, version.Markdown);

        Assert.Equal("brief/brief-1-v2", document.Key);
        Assert.Equal("Most firms adopt a standard. Regulators differ.", document.Text);
        Assert.Equal(["cons"], document.ConsultationIds);
        Assert.Throws<ArgumentException>(() => (document with { Text = "cites [@n1]" }).EnsureValid());
    }

    private Note Published(string text)
    {
        var note = TestData.Note(_programme, _consultation, content: TestData.Content(text));
        note.Submit(TestData.Facilitator, TestData.T0);
        note.Publish(_consultation.FindSession("plenary-1")!, TestData.Lead, TestData.T0);
        return note;
    }
}
