using System.Text.Json.Nodes;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Storage;
using Consultations.Core.Tests.Guard;

namespace Consultations.Core.Tests.Domain;

/// <summary>What Azure AI Language found in a note's text is kept with the note, for exactly that text.</summary>
public sealed class NoteEntityCheckTests
{
    private const string Text = "Jonathan Whitfield of Acme Widgets said reporting should be simpler.";

    private readonly Programme _programme = TestData.Programme();

    private static readonly EntitySpan Person = new(FindingKind.Participant, 0, 18, 0.95, EntityFindings.KeyFor(FindingKind.Participant, "Jonathan Whitfield", AttributionGuardTests.Key));

    private static readonly EntitySpan Organisation = new(FindingKind.Organisation, 22, 12, 0.9, EntityFindings.KeyFor(FindingKind.Organisation, "Acme Widgets", AttributionGuardTests.Key));

    private Note NewNote(string text = Text) => TestData.Note(_programme, TestData.Consultation(_programme), content: TestData.Content(text));

    private static NoteEntityCheck CheckOf(string text, params EntitySpan[] spans) => NoteEntityCheck.For(text, "azure-ai-language", TestData.T0, spans);

    [Fact]
    public void A_new_note_needs_a_check_and_has_no_spans()
    {
        var note = NewNote();

        Assert.True(note.NeedsEntityCheck);
        Assert.Empty(note.EntitySpans);
        Assert.Null(note.EntityCheck);
    }

    [Fact]
    public void A_recorded_check_gives_its_spans_without_counting_as_an_edit()
    {
        var note = NewNote();
        var (version, updatedAt, updatedBy) = (note.Version, note.UpdatedAt, note.UpdatedBy);

        note.RecordEntityCheck(CheckOf(Text, Person, Organisation));

        Assert.False(note.NeedsEntityCheck);
        Assert.Equal([Person, Organisation], note.EntitySpans);
        Assert.Equal((version, updatedAt, updatedBy), (note.Version, note.UpdatedAt, note.UpdatedBy));
    }

    [Fact]
    public void A_check_made_for_another_text_or_with_spans_outside_it_is_refused()
    {
        var note = NewNote();

        Assert.Throws<ArgumentException>(() => note.RecordEntityCheck(CheckOf(Text + " More.", Person)));
        Assert.Throws<ArgumentException>(() => note.RecordEntityCheck(CheckOf(Text, Person with { Start = 60 })));
        Assert.Throws<ArgumentException>(() => note.RecordEntityCheck(CheckOf(Text, Person with { Kind = FindingKind.Contact })));
        Assert.Null(note.EntityCheck);
    }

    [Fact]
    public void New_words_clear_the_check_and_other_changes_keep_it()
    {
        var note = NewNote();
        note.RecordEntityCheck(CheckOf(Text, Person));

        note.Revise(_programme, note.Content with { Themes = ["information-sharing"] }, TestData.Facilitator, TestData.T0.AddMinutes(1));
        note.Submit(TestData.Facilitator, TestData.T0.AddMinutes(2));
        Assert.Equal([Person], note.EntitySpans);

        note.ReturnToDraft(TestData.Facilitator, TestData.T0.AddMinutes(3));
        note.Revise(_programme, note.Content with { Text = "Someone else spoke." }, TestData.Facilitator, TestData.T0.AddMinutes(4));

        Assert.Null(note.EntityCheck);
        Assert.True(note.NeedsEntityCheck);
        Assert.Empty(note.EntitySpans);
    }

    [Fact]
    public void A_published_note_can_still_be_checked()
    {
        var consultation = TestData.Consultation(_programme);
        var note = TestData.Note(_programme, consultation, content: TestData.Content(Text));
        note.Submit(TestData.Facilitator, TestData.T0);
        note.Publish(consultation.FindSession("plenary-1")!, TestData.Lead, TestData.T0);

        note.RecordEntityCheck(CheckOf(Text, Person));

        Assert.Equal(NoteStatus.Published, note.Status);
        Assert.Single(note.EntitySpans);
    }

    [Fact]
    public void A_reader_s_copy_carries_no_spans_and_cannot_be_checked()
    {
        var note = NewNote();
        note.RecordEntityCheck(CheckOf(Text, Person));

        var copy = note.ForReaders("A person of Acme Widgets said reporting should be simpler.");

        Assert.Empty(copy.EntitySpans);
        Assert.Throws<InvalidOperationException>(() => copy.RecordEntityCheck(CheckOf(copy.Text)));
    }

    [Fact]
    public void The_check_round_trips_through_the_stored_document_without_the_words()
    {
        var note = NewNote();
        note.RecordEntityCheck(CheckOf(Text, Person, Organisation));

        var json = DocumentJson.Serialize(note);
        var copy = DocumentJson.Deserialize<Note>(json);

        Assert.Equal(json, DocumentJson.Serialize(copy));
        Assert.Equal(note.EntityCheck!.Spans, copy.EntitySpans);
        Assert.Equal(note.EntityCheck.TextHash, copy.EntityCheck!.TextHash);
        var stored = JsonNode.Parse(json)!["entityCheck"]!;
        Assert.Equal("participant", (string?)stored["spans"]![0]!["kind"]);
        Assert.Equal("azure-ai-language", (string?)stored["engine"]);
        Assert.DoesNotContain("Whitfield", stored.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(JsonNode.Parse(json)!["entitySpans"]);
        Assert.Null(JsonNode.Parse(json)!["needsEntityCheck"]);
    }

    [Fact]
    public void A_note_stored_before_entity_checks_existed_reads_as_unchecked()
    {
        var json = DocumentJson.Serialize(NewNote());
        Assert.DoesNotContain("entityCheck", json, StringComparison.Ordinal);

        Assert.True(DocumentJson.Deserialize<Note>(json).NeedsEntityCheck);
    }
}
