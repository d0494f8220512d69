using Consultations.Core.Domain;

namespace Consultations.Core.Tests.Domain;

public sealed class NoteTests
{
    private readonly Programme _programme = TestData.Programme();
    private readonly Consultation _consultation;

    public NoteTests() => _consultation = TestData.Consultation(_programme);

    [Fact]
    public void A_new_note_is_a_draft_at_version_1_with_its_author()
    {
        var note = TestData.Note(_programme, _consultation);

        Assert.Equal(NoteStatus.Draft, note.Status);
        Assert.Equal(1, note.Version);
        Assert.Equal(TestData.Facilitator, note.CreatedBy);
        Assert.Equal(TestData.T0, note.CreatedAt);
        Assert.Equal(_consultation.Id, note.ConsultationId);
        Assert.Equal(_programme.Id, note.ProgrammeId);
        Assert.Equal(16, note.Id.Length);
    }

    [Fact]
    public void Text_is_trimmed_and_line_endings_unified_but_otherwise_kept_exactly()
    {
        var note = TestData.Note(_programme, _consultation, content: TestData.Content("  Nguyễn said\r\n\r\n  two   things.\r  "));

        Assert.Equal("Nguyễn said\n\n  two   things.", note.Text);
    }

    [Fact]
    public void A_sub_theme_brings_its_parent_theme_along()
    {
        var content = new NoteContent("Text", NoteKind.Finding, null, [], ["information-sharing/incentives"]);

        var note = TestData.Note(_programme, _consultation, content: content);

        Assert.Equal(["information-sharing"], note.Themes);
        Assert.Equal(["information-sharing/incentives"], note.SubThemes);
    }

    [Fact]
    public void Revising_increments_the_version_only_when_something_changed()
    {
        var note = TestData.Note(_programme, _consultation);

        note.Revise(_programme, note.Content, TestData.Lead, TestData.T0.AddMinutes(1));
        Assert.Equal(1, note.Version);

        note.Revise(_programme, note.Content with { Text = "Changed" }, TestData.Lead, TestData.T0.AddMinutes(2));
        Assert.Equal(2, note.Version);
        Assert.Equal(TestData.Lead, note.UpdatedBy);
        Assert.Equal(TestData.T0.AddMinutes(2), note.UpdatedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n  ")]
    public void Empty_text_is_refused(string text)
    {
        var ex = Assert.Throws<DomainRuleException>(() => TestData.Note(_programme, _consultation, content: TestData.Content(text)));
        Assert.Contains("Write the note", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_longer_than_the_limit_is_refused_with_the_counts()
    {
        var content = TestData.Content(new string('a', Note.MaxTextLength + 1));

        var errors = content.Validate(_programme);

        var error = Assert.Single(errors);
        Assert.Equal(nameof(NoteContent.Text), error.Field);
        Assert.Contains("20,001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_themes_groups_and_sub_themes_are_reported_per_field()
    {
        var content = new NoteContent("Text", NoteKind.Finding, "astronauts", ["space"], ["technical-standards/cobit"]);

        var fields = content.Validate(_programme).Select(e => e.Field).ToList();

        Assert.Equal(["StakeholderGroup", "Themes", "SubThemes"], fields);
    }

    [Fact]
    public void The_review_path_runs_draft_submitted_published()
    {
        var note = TestData.Note(_programme, _consultation);
        var session = _consultation.FindSession("plenary-1")!;

        note.Submit(TestData.Facilitator, TestData.T0);
        Assert.Equal(NoteStatus.Submitted, note.Status);

        note.Publish(session, TestData.Lead, TestData.T0.AddHours(1));
        Assert.Equal(NoteStatus.Published, note.Status);
        Assert.Equal(TestData.Lead, note.PublishedBy);
        Assert.Equal(TestData.T0.AddHours(1), note.PublishedAt);
    }

    [Fact]
    public void A_draft_cannot_be_published_without_review()
    {
        var note = TestData.Note(_programme, _consultation);

        var ex = Assert.Throws<DomainRuleException>(() => note.Publish(_consultation.FindSession("plenary-1")!, TestData.Lead, TestData.T0));
        Assert.Contains("submitted for review", ex.Message, StringComparison.Ordinal);
        Assert.Equal(NoteStatus.Draft, note.Status);
    }

    [Fact]
    public void A_published_note_cannot_be_edited_or_deleted_until_returned_to_review()
    {
        var note = TestData.Note(_programme, _consultation);
        note.Submit(TestData.Facilitator, TestData.T0);
        note.Publish(_consultation.FindSession("plenary-1")!, TestData.Lead, TestData.T0);

        Assert.Throws<DomainRuleException>(() => note.Revise(_programme, note.Content with { Text = "Sneaky change" }, TestData.Facilitator, TestData.T0));
        Assert.Throws<DomainRuleException>(note.EnsureDeletable);
        Assert.Equal("Most firms adopt a standard, then customise it.", note.Text);

        note.ReturnToReview(TestData.Lead, TestData.T0);
        Assert.Equal(NoteStatus.Submitted, note.Status);
        Assert.Null(note.PublishedAt);
        note.Revise(_programme, note.Content with { Text = "Corrected" }, TestData.Facilitator, TestData.T0);
        Assert.Equal("Corrected", note.Text);
        note.EnsureDeletable();
    }

    [Fact]
    public void Off_the_record_notes_can_never_be_published()
    {
        var note = TestData.Note(_programme, _consultation, "closed", new NoteContent("Side discussion", NoteKind.Finding, null, ["information-sharing"], []));
        note.Submit(TestData.Facilitator, TestData.T0);

        var ex = Assert.Throws<DomainRuleException>(() => note.Publish(_consultation.FindSession("closed")!, TestData.Lead, TestData.T0));

        Assert.Contains("off-the-record", ex.Message, StringComparison.Ordinal);
        Assert.Equal(NoteStatus.Submitted, note.Status);
    }

    [Fact]
    public void Publishing_against_another_session_is_refused()
    {
        var note = TestData.Note(_programme, _consultation);
        note.Submit(TestData.Facilitator, TestData.T0);

        Assert.Throws<DomainRuleException>(() => note.Publish(_consultation.FindSession("opening")!, TestData.Lead, TestData.T0));
    }

    [Fact]
    public void Submitting_twice_or_returning_a_draft_to_draft_is_refused()
    {
        var note = TestData.Note(_programme, _consultation);

        Assert.Throws<DomainRuleException>(() => note.ReturnToDraft(TestData.Facilitator, TestData.T0));
        note.Submit(TestData.Facilitator, TestData.T0);
        Assert.Throws<DomainRuleException>(() => note.Submit(TestData.Facilitator, TestData.T0));
        Assert.Throws<DomainRuleException>(() => note.ReturnToReview(TestData.Lead, TestData.T0));
        note.ReturnToDraft(TestData.Facilitator, TestData.T0);
        Assert.Equal(NoteStatus.Draft, note.Status);
    }

    [Fact]
    public void A_note_must_belong_to_a_session_of_its_consultation()
    {
        var other = TestData.Consultation(_programme, "other");
        var foreignSession = new Session("not-here", "Elsewhere", [], DisclosureRule.ChathamHouse);

        Assert.Throws<DomainRuleException>(() => Note.Create(_programme, other, foreignSession, TestData.Content(), TestData.Facilitator, TestData.T0));
    }

    [Fact]
    public void A_note_a_reviewer_sends_back_is_marked_returned_until_it_goes_through_review_again()
    {
        var note = TestData.Note(_programme, _consultation);
        note.Submit(TestData.Facilitator, TestData.T0);

        note.ReturnToDraft(TestData.Lead, TestData.T0.AddHours(1), "  Say which sector, not which firm.  ");
        Assert.Equal(NoteStatus.Draft, note.Status);
        Assert.Equal(new NoteReturn(TestData.Lead, TestData.T0.AddHours(1), "Say which sector, not which firm."), note.Returned);

        // Editing keeps the mark; submitting again clears it.
        note.Revise(_programme, note.Content with { Text = "A private-sector participant said so." }, TestData.Facilitator, TestData.T0.AddHours(2));
        Assert.NotNull(note.Returned);
        note.Submit(TestData.Facilitator, TestData.T0.AddHours(3));
        Assert.Null(note.Returned);

        // An author taking back their own note is not a return.
        note.ReturnToDraft(TestData.Facilitator, TestData.T0.AddHours(4), "changed my mind");
        Assert.Null(note.Returned);

        // Returned from publication: marked until it is published again.
        note.Submit(TestData.Facilitator, TestData.T0.AddHours(5));
        note.Publish(_consultation.FindSession("plenary-1")!, TestData.Lead, TestData.T0.AddHours(6));
        note.ReturnToReview(TestData.Lead, TestData.T0.AddHours(7));
        Assert.Equal(new NoteReturn(TestData.Lead, TestData.T0.AddHours(7), null), note.Returned);
        note.Publish(_consultation.FindSession("plenary-1")!, TestData.Lead, TestData.T0.AddHours(8));
        Assert.Null(note.Returned);
    }

    [Fact]
    public void A_return_reason_over_the_limit_is_refused_and_the_note_stays_submitted()
    {
        var note = TestData.Note(_programme, _consultation);
        note.Submit(TestData.Facilitator, TestData.T0);

        Assert.Throws<DomainRuleException>(() => note.ReturnToDraft(TestData.Lead, TestData.T0, new string('r', NoteReturn.MaxReasonLength + 1)));
        Assert.Equal(NoteStatus.Submitted, note.Status);
        Assert.Null(note.Returned);
    }
}
