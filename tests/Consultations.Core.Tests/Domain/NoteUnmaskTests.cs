using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Storage;
using Consultations.Core.Tests.Guard;

namespace Consultations.Core.Tests.Domain;

/// <summary>Showing readers a matched name takes two people; a masked reader copy can never become the record.</summary>
public sealed class NoteUnmaskTests
{
    private static readonly UserRef Admin = new("admin", "Ada Admin");

    private readonly Programme _programme = TestData.Programme();
    private readonly Consultation _consultation;

    public NoteUnmaskTests() => _consultation = TestData.Consultation(_programme);

    [Fact]
    public void An_override_publishes_but_readers_still_see_the_name_masked()
    {
        var (note, findings) = Submitted("Antonio Reyes said peering costs too much.");
        note.OverrideGuard(findings, "A namesake, checked with the co-chair.", TestData.Lead, TestData.T0);
        note.Publish(_consultation.FindSession("plenary-1")!, findings, TestData.Lead, TestData.T0);

        Assert.Empty(note.UnmaskedKeys);
        var masked = ReaderMask.Apply(note.Text, findings, note.UnmaskedKeys);
        Assert.DoesNotContain("Reyes", masked, StringComparison.Ordinal);
        Assert.EndsWith(" said peering costs too much.", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_alone_changes_nothing_for_readers_and_its_author_cannot_confirm_it()
    {
        var (note, findings) = Submitted("Antonio Reyes said peering costs too much.");

        note.RequestUnmask(findings, "A public figure: the minister of the same name.", TestData.Lead, TestData.T0);

        Assert.Empty(note.UnmaskedKeys);
        var refused = Assert.Throws<DomainRuleException>(() => note.ConfirmUnmask(TestData.Lead, TestData.T0));
        Assert.Contains("second person", refused.Message, StringComparison.Ordinal);
        Assert.False(note.GuardUnmask!.IsConfirmed);
    }

    [Fact]
    public void A_second_person_confirms_and_readers_see_the_words_until_the_text_changes()
    {
        var (note, findings) = Submitted("Antonio Reyes said peering costs too much.");
        note.RequestUnmask(findings, "A public figure: the minister of the same name.", TestData.Lead, TestData.T0);

        note.ConfirmUnmask(Admin, TestData.T0.AddMinutes(5));

        Assert.Equal(Admin, note.GuardUnmask!.ConfirmedBy);
        Assert.Equal(note.Text, ReaderMask.Apply(note.Text, findings, note.UnmaskedKeys));

        note.ReturnToDraft(TestData.Facilitator, TestData.T0.AddMinutes(6));
        note.Revise(_programme, note.Content with { Text = "Antonio Reyes and Juan Dela Cruz said peering costs too much." }, TestData.Facilitator, TestData.T0.AddMinutes(7));
        Assert.Null(note.GuardUnmask);
        Assert.Empty(note.UnmaskedKeys);
    }

    [Fact]
    public void Withdrawing_masks_again()
    {
        var (note, findings) = Submitted("Antonio Reyes said peering costs too much.");
        note.RequestUnmask(findings, "A public figure: the minister of the same name.", TestData.Lead, TestData.T0);
        note.ConfirmUnmask(Admin, TestData.T0);

        note.WithdrawUnmask(TestData.Lead, TestData.T0);

        Assert.Null(note.GuardUnmask);
        Assert.Throws<DomainRuleException>(() => note.WithdrawUnmask(TestData.Lead, TestData.T0));
    }

    [Theory]
    [InlineData("Call 0917 123 4567 about the drill.")]
    [InlineData("Most firms adopt a standard, then customise it.")]
    public void Only_names_and_organisations_can_be_asked_for(string text)
    {
        var (note, findings) = Submitted(text);

        var refused = Assert.Throws<DomainRuleException>(() => note.RequestUnmask(findings, "Nothing to hide here at all.", TestData.Lead, TestData.T0));

        Assert.Contains("nothing to show unmasked", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_needs_a_reason_and_a_submitted_note()
    {
        var draft = TestData.Note(_programme, _consultation, content: TestData.Content("Antonio Reyes said so."));
        var findings = Check(draft.Text);
        Assert.Throws<DomainRuleException>(() => draft.RequestUnmask(findings, "A public figure, clearly.", TestData.Lead, TestData.T0));

        var (note, submittedFindings) = Submitted("Antonio Reyes said so.");
        Assert.Throws<DomainRuleException>(() => note.RequestUnmask(submittedFindings, "short", TestData.Lead, TestData.T0));
    }

    [Fact]
    public void A_reader_copy_carries_the_masked_text_and_can_be_neither_changed_nor_stored()
    {
        var (note, findings) = Submitted("Antonio Reyes said peering costs too much.");

        var copy = note.ForReaders(ReaderMask.Apply(note.Text, findings, note.UnmaskedKeys));

        Assert.True(copy.IsReaderCopy);
        Assert.False(note.IsReaderCopy);
        Assert.DoesNotContain("Reyes", copy.Text, StringComparison.Ordinal);
        Assert.StartsWith("Antonio Reyes", note.Text, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => copy.ReturnToDraft(TestData.Lead, TestData.T0));
        Assert.Throws<InvalidOperationException>(() => copy.RequestUnmask(findings, "A public figure, clearly.", TestData.Lead, TestData.T0));
        Assert.Throws<InvalidOperationException>(() => DocumentJson.Serialize(copy));
        Assert.DoesNotContain("readerCopy", DocumentJson.Serialize(note), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_unmasking_round_trips_through_the_stored_document()
    {
        var (note, findings) = Submitted("Antonio Reyes said peering costs too much.");
        note.RequestUnmask(findings, "A public figure: the minister of the same name.", TestData.Lead, TestData.T0);
        note.ConfirmUnmask(Admin, TestData.T0);

        var stored = DocumentJson.Deserialize<Note>(DocumentJson.Serialize(note));

        Assert.NotNull(stored.GuardUnmask);
        Assert.Equal(note.GuardUnmask!.Keys, stored.GuardUnmask.Keys);
        Assert.Equal(note.GuardUnmask.Reason, stored.GuardUnmask.Reason);
        Assert.Equal(Admin, stored.GuardUnmask.ConfirmedBy);
        Assert.True(stored.GuardUnmask.IsConfirmed);
        Assert.Equal(note.UnmaskedKeys, stored.UnmaskedKeys);
    }

    private (Note Note, IReadOnlyList<GuardFinding> Findings) Submitted(string text)
    {
        var note = TestData.Note(_programme, _consultation, content: TestData.Content(text));
        note.Submit(TestData.Facilitator, TestData.T0);
        return (note, Check(note.Text));
    }

    private static IReadOnlyList<GuardFinding> Check(string text) => AttributionGuardTests.Guard.Check(text, new Dictionary<string, int>());
}
