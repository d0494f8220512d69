using System.Text.Json.Nodes;
using Consultations.Core.Domain;
using Consultations.Core.Storage;

namespace Consultations.Core.Tests.Storage;

public sealed class DocumentJsonTests
{
    private readonly Programme _programme = TestData.Programme();

    [Fact]
    public void A_note_round_trips_every_field_and_serialises_identically_again()
    {
        var consultation = TestData.Consultation(_programme);
        var note = TestData.Note(_programme, consultation, content: new NoteContent("Đức's \"view\"\n<b>not html</b> 🙂", NoteKind.Quote, "cert", ["technical-standards"], ["technical-standards/nist-csf"]));
        note.Submit(TestData.Facilitator, TestData.T0.AddMinutes(5));
        note.Publish(consultation.FindSession("plenary-1")!, TestData.Lead, TestData.T0.AddHours(2));
        note.ETag = "not-stored";

        var json = DocumentJson.Serialize(note);
        var copy = DocumentJson.Deserialize<Note>(json);

        Assert.Equal(json, DocumentJson.Serialize(copy));
        Assert.Equal(note.Text, copy.Text);
        Assert.Equal(note.Kind, copy.Kind);
        Assert.Equal(note.Status, copy.Status);
        Assert.Equal(note.PublishedBy, copy.PublishedBy);
        Assert.Equal(note.PublishedAt, copy.PublishedAt);
        Assert.Equal(note.SubThemes, copy.SubThemes);
        Assert.Null(copy.ETag);
    }

    [Fact]
    public void Documents_use_camel_case_kebab_enums_and_keep_unicode_readable()
    {
        var consultation = TestData.Consultation(_programme);
        var note = TestData.Note(_programme, consultation, content: TestData.Content("Nguyễn"));

        var node = JsonNode.Parse(DocumentJson.Serialize(note))!.AsObject();

        Assert.Equal("draft", (string?)node["status"]);
        Assert.Equal("finding", (string?)node["kind"]);
        Assert.Equal("cons", (string?)node["consultationId"]);
        Assert.False(node.ContainsKey("eTag"));
        Assert.False(node.ContainsKey("content"));
        Assert.Contains("Nguyễn", DocumentJson.Serialize(note), StringComparison.Ordinal);
    }

    [Fact]
    public void A_consultation_round_trips_sessions_rules_and_assignments()
    {
        var consultation = TestData.Consultation(_programme);

        var copy = DocumentJson.Deserialize<Consultation>(DocumentJson.Serialize(consultation));

        Assert.Equal(consultation.Sessions, copy.Sessions, (a, b) => a.Id == b.Id && a.DisclosureRule == b.DisclosureRule && a.Themes.SequenceEqual(b.Themes));
        Assert.Equal(consultation.Facilitators, copy.Facilitators);
        Assert.Equal(consultation.StartDate, copy.StartDate);
        Assert.Equal("chatham-house", (string?)JsonNode.Parse(DocumentJson.Serialize(consultation))!["disclosureRule"]);
    }

    [Fact]
    public void A_programme_round_trips_its_edited_taxonomy()
    {
        _programme.ReviseTaxonomy(_programme.Taxonomy.AddTheme("Critical infrastructure", null, out _), UserRef.System, TestData.T0);
        _programme.SetSmallGroupThreshold(4, UserRef.System, TestData.T0);

        var copy = DocumentJson.Deserialize<Programme>(DocumentJson.Serialize(_programme));

        Assert.Equal(5, copy.Taxonomy.Themes.Count);
        Assert.Equal(4, copy.SmallGroupThreshold);
        Assert.Equal(_programme.StakeholderGroups, copy.StakeholderGroups);
    }

    [Fact]
    public void Unknown_fields_from_a_newer_document_are_ignored()
    {
        var json = DocumentJson.Serialize(TestData.Programme());
        var node = JsonNode.Parse(json)!.AsObject();
        node["addedLater"] = "x";

        var copy = DocumentJson.Deserialize<Programme>(node.ToJsonString());

        Assert.Equal("prog", copy.Id);
    }
}
