using Consultations.Core.Comparison;
using Consultations.Core.Domain;
using Consultations.Core.Storage;

namespace Consultations.Core.Tests.Domain;

public sealed class BriefTests
{
    private const string Text = "## Inclusion\n\nWomen lead response teams [@n1; @n2]. Rural access lags [@n3].";

    private static readonly UserRef Researcher = new("r1", "Rae Researcher");
    private static readonly UserRef Reviewer = new("r2", "Rob Reviewer");

    private static readonly BriefScope Scope = new(["cons-ph", "cons-vn"], ["inclusion"], NoteKind.Finding, "inclusion/gender");

    private static readonly BriefCoverage Coverage = new(
        [new ComparedCountry("cons-ph", "Philippines"), new ComparedCountry("cons-vn", "Viet Nam")],
        [new BriefCoverageRow("inclusion", "Inclusion", [new BriefCoverageCell("cons-ph", CoverageState.Recorded, 2), new BriefCoverageCell("cons-vn", CoverageState.NotRecorded, 0)])]);

    private readonly Programme _programme = TestData.Programme();

    private Brief NewBrief(string markdown = Text, string title = "Inclusion across the region") =>
        Brief.Create(_programme, title, Scope, Coverage, markdown, Researcher, TestData.T0, "brief-1");

    private static CitedNote Cited(string id, string consultation = "cons-ph") =>
        new(id, consultation, consultation == "cons-ph" ? "Philippines" : "Viet Nam", "plenary-1", NoteKind.Finding, $"Text of {id}.", 3);

    private static CitedNote[] AllCited() => [Cited("n3"), Cited("n1"), Cited("n2", "cons-vn")];

    private Brief InReview(string markdown = Text)
    {
        var brief = NewBrief(markdown);
        brief.SubmitForReview(Researcher, TestData.T0.AddHours(1));
        return brief;
    }

    [Fact]
    public void A_new_brief_is_a_draft_with_its_title_scope_and_coverage()
    {
        var brief = Brief.Create(_programme, "  Inclusion across the region  ", Scope, Coverage, "\r\n" + Text + "\r\n", Researcher, TestData.T0, "brief-1");

        Assert.Equal(("brief-1", "prog", BriefStatus.Draft, 0), (brief.Id, brief.ProgrammeId, brief.Status, brief.PublishedVersion));
        Assert.Equal("Inclusion across the region", brief.Title);
        Assert.Equal(Text, brief.Markdown);
        Assert.Same(Scope, brief.Scope);
        Assert.Same(Coverage, brief.Coverage);
        Assert.Equal((Researcher, TestData.T0), (brief.CreatedBy, brief.CreatedAt));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void A_brief_without_a_title_is_refused(string? title)
    {
        var ex = Assert.Throws<DomainRuleException>(() => NewBrief(title: title!));

        Assert.Equal("A brief needs a title of 1 to 160 characters.", ex.Message);
    }

    [Fact]
    public void A_title_one_character_too_long_is_refused_and_the_longest_accepted()
    {
        Assert.Equal(Brief.MaxTitleLength, NewBrief(title: new string('t', Brief.MaxTitleLength)).Title.Length);

        var ex = Assert.Throws<DomainRuleException>(() => NewBrief(title: new string('t', Brief.MaxTitleLength + 1)));
        Assert.Contains("1 to 160 characters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_over_the_limit_is_refused_with_both_counts()
    {
        Assert.Equal(Brief.MaxMarkdownLength, NewBrief(new string('m', Brief.MaxMarkdownLength)).Markdown.Length);

        var ex = Assert.Throws<DomainRuleException>(() => NewBrief(new string('m', Brief.MaxMarkdownLength + 1)));
        Assert.Equal("A brief can be at most 200,000 characters; this one has 200,001.", ex.Message);
    }

    [Fact]
    public void Editing_a_draft_validates_the_same_way_and_records_who_edited()
    {
        var brief = NewBrief();

        Assert.Throws<DomainRuleException>(() => brief.Edit(" ", "Text", Reviewer, TestData.T0.AddHours(1)));
        Assert.Throws<DomainRuleException>(() => brief.Edit("Title", new string('m', Brief.MaxMarkdownLength + 1), Reviewer, TestData.T0.AddHours(1)));
        Assert.Equal(Text, brief.Markdown);

        brief.Edit("New title", "New text [@n1]", Reviewer, TestData.T0.AddHours(2));
        Assert.Equal(("New title", "New text [@n1]"), (brief.Title, brief.Markdown));
        Assert.Equal((Reviewer, TestData.T0.AddHours(2)), (brief.UpdatedBy, brief.UpdatedAt));
    }

    [Fact]
    public void Submitting_puts_the_brief_in_review_and_freezes_it()
    {
        var brief = NewBrief();

        brief.SubmitForReview(Researcher, TestData.T0.AddHours(1));

        Assert.Equal(BriefStatus.InReview, brief.Status);
        Assert.Equal((Researcher, TestData.T0.AddHours(1)), (brief.SubmittedBy, brief.SubmittedAt));
        var ex = Assert.Throws<DomainRuleException>(() => brief.Edit("Changed", "Changed", Researcher, TestData.T0.AddHours(2)));
        Assert.Contains("waiting for review", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Text, brief.Markdown);
        Assert.Throws<DomainRuleException>(() => brief.SubmitForReview(Researcher, TestData.T0.AddHours(2)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    public void Returning_to_draft_needs_a_reason(string reason)
    {
        var brief = InReview();

        var ex = Assert.Throws<DomainRuleException>(() => brief.ReturnToDraft(reason, Reviewer, TestData.T0.AddHours(2)));

        Assert.Contains("Say why", ex.Message, StringComparison.Ordinal);
        Assert.Equal(BriefStatus.InReview, brief.Status);
    }

    [Fact]
    public void A_returned_brief_is_a_draft_again_with_the_reason_until_it_is_resubmitted()
    {
        var brief = InReview();
        Assert.Throws<DomainRuleException>(() => brief.ReturnToDraft(new string('r', Brief.MaxReasonLength + 1), Reviewer, TestData.T0));

        brief.ReturnToDraft("  Cite the Viet Nam notes.  ", Reviewer, TestData.T0.AddHours(2));

        Assert.Equal((BriefStatus.Draft, "Cite the Viet Nam notes."), (brief.Status, brief.ReturnReason));
        brief.Edit("Inclusion", Text + " More.", Researcher, TestData.T0.AddHours(3));
        brief.SubmitForReview(Researcher, TestData.T0.AddHours(4));
        Assert.Null(brief.ReturnReason);
        Assert.Throws<DomainRuleException>(() => NewBrief().ReturnToDraft("Not in review", Reviewer, TestData.T0));
    }

    [Fact]
    public void The_researcher_who_submitted_cannot_publish_it()
    {
        var brief = InReview();

        Assert.False(brief.CanBeApprovedBy(Researcher));
        var ex = Assert.Throws<DomainRuleException>(() => brief.Publish(AllCited(), new UserRef(Researcher.Id, "Same person, other name"), TestData.T0.AddHours(2)));

        Assert.Contains("reviewer other than the researcher who submitted it", ex.Message, StringComparison.Ordinal);
        Assert.Equal((BriefStatus.InReview, 0), (brief.Status, brief.PublishedVersion));
    }

    [Fact]
    public void A_draft_cannot_be_published()
    {
        var brief = NewBrief();

        var ex = Assert.Throws<DomainRuleException>(() => brief.Publish(AllCited(), Reviewer, TestData.T0));

        Assert.Contains("Submit the brief for review", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_reviewer_publishes_version_1_with_the_submitted_text_and_only_the_cited_notes()
    {
        var brief = InReview();
        CitedNote[] snapshots = [.. AllCited(), Cited("n9"), Cited("n10", "cons-vn")];

        var version = brief.Publish(snapshots, Reviewer, TestData.T0.AddHours(2));

        Assert.Equal(("brief-1-v1", "brief-1", "prog", 1), (version.Id, version.BriefId, version.ProgrammeId, version.Number));
        Assert.Equal(("Inclusion across the region", Text), (version.Title, version.Markdown));
        Assert.Same(Scope, version.Scope);
        Assert.Same(Coverage, version.Coverage);
        Assert.Equal(["n1", "n2", "n3"], version.Citations.Select(c => c.NoteId));
        Assert.Equal(Cited("n2", "cons-vn"), version.Citations[1]);
        Assert.Equal((Researcher, Reviewer, TestData.T0.AddHours(2)), (version.Author, version.ApprovedBy, version.PublishedAt));
        Assert.Equal((1, BriefStatus.Draft), (brief.PublishedVersion, brief.Status));
        Assert.Null(brief.SubmittedBy);
        Assert.Null(brief.SubmittedAt);
    }

    [Fact]
    public void Publishing_a_citation_without_a_snapshot_is_refused_and_names_the_note()
    {
        var brief = InReview();

        var ex = Assert.Throws<DomainRuleException>(() => brief.Publish([Cited("n1"), Cited("n3"), Cited("n9")], Reviewer, TestData.T0.AddHours(2)));

        Assert.Contains("1 note(s)", ex.Message, StringComparison.Ordinal);
        Assert.Contains(": n2.", ex.Message, StringComparison.Ordinal);
        Assert.Equal((BriefStatus.InReview, 0), (brief.Status, brief.PublishedVersion));
    }

    [Fact]
    public void The_next_publication_is_version_2_and_editing_never_changes_a_published_version()
    {
        var brief = InReview();
        var first = brief.Publish(AllCited(), Reviewer, TestData.T0.AddHours(2));

        brief.Edit("Second edition", "Only one note now [@n3].", Researcher, TestData.T0.AddDays(1));
        brief.SubmitForReview(Researcher, TestData.T0.AddDays(1));
        var second = brief.Publish(AllCited(), Reviewer, TestData.T0.AddDays(2));
        brief.Edit("Third edition", "Draft of the third.", Researcher, TestData.T0.AddDays(3));

        Assert.Equal(("brief-1-v2", 2, "Second edition"), (second.Id, second.Number, second.Title));
        Assert.Equal(["n3"], second.Citations.Select(c => c.NoteId));
        Assert.Equal(2, brief.PublishedVersion);
        Assert.Equal((1, "Inclusion across the region", Text), (first.Number, first.Title, first.Markdown));
        Assert.Equal("Only one note now [@n3].", second.Markdown);
        Assert.Equal(3, first.Citations.Count);
    }

    [Fact]
    public void Recording_a_published_version_ignores_older_ones_and_other_briefs()
    {
        var brief = InReview();
        var published = brief.Publish(AllCited(), Reviewer, TestData.T0.AddHours(2));
        brief.SubmitForReview(Researcher, TestData.T0.AddHours(3));

        brief.RecordPublished(published);
        brief.RecordPublished(published with { Id = "other-v5", BriefId = "other", Number = 5 });

        Assert.Equal((1, BriefStatus.InReview), (brief.PublishedVersion, brief.Status));

        brief.RecordPublished(published with { Id = "brief-1-v2", Number = 2, PublishedAt = TestData.T0.AddHours(4) });

        Assert.Equal((2, BriefStatus.Draft), (brief.PublishedVersion, brief.Status));
        Assert.Null(brief.SubmittedBy);
        Assert.Equal((Reviewer, TestData.T0.AddHours(4)), (brief.UpdatedBy, brief.UpdatedAt));
    }

    [Fact]
    public void The_citation_index_keeps_only_cited_notes_and_the_rest_are_unindexed()
    {
        var brief = NewBrief();

        brief.IndexCitations(new Dictionary<string, string> { ["n1"] = "cons-ph", ["n9"] = "cons-vn" });

        Assert.Equal(new Dictionary<string, string> { ["n1"] = "cons-ph" }, brief.CitationIndex);
        Assert.Equal(["n2", "n3"], brief.UnindexedCitations());

        // A located note stays located while it is cited; one no longer cited leaves the index.
        brief.Edit("Title", "Now [@n3; @n1] and [@n4].", Researcher, TestData.T0.AddHours(1));
        brief.IndexCitations(new Dictionary<string, string> { ["n3"] = "cons-vn" });

        Assert.Equal(new Dictionary<string, string> { ["n1"] = "cons-ph", ["n3"] = "cons-vn" }, brief.CitationIndex);
        Assert.Equal(["n4"], brief.UnindexedCitations());
    }

    [Fact]
    public void A_brief_round_trips_through_the_stored_document_shape()
    {
        var brief = InReview();
        brief.IndexCitations(new Dictionary<string, string> { ["n1"] = "cons-ph", ["n2"] = "cons-vn" });
        brief.ReturnToDraft("Check the numbers.", Reviewer, TestData.T0.AddHours(2));
        brief.SubmitForReview(Researcher, TestData.T0.AddHours(3));
        brief.Publish(AllCited(), Reviewer, TestData.T0.AddHours(4));
        brief.SubmitForReview(Researcher, TestData.T0.AddHours(5));
        brief.ReturnToDraft("Once more.", Reviewer, TestData.T0.AddHours(6));

        var json = DocumentJson.Serialize(brief);
        var copy = DocumentJson.Deserialize<Brief>(json);

        Assert.Equal(json, DocumentJson.Serialize(copy));
        Assert.Equal((brief.Id, brief.Title, brief.Markdown, brief.Status, brief.PublishedVersion, brief.ReturnReason), (copy.Id, copy.Title, copy.Markdown, copy.Status, copy.PublishedVersion, copy.ReturnReason));
        Assert.Equal(brief.CitationIndex, copy.CitationIndex);
        Assert.Equal(Scope.ConsultationIds, copy.Scope.ConsultationIds);
        Assert.Equal((Scope.Kind, Scope.SubTheme), (copy.Scope.Kind, copy.Scope.SubTheme));
        Assert.Equal(Coverage.Rows[0].Cells, copy.Coverage.Rows[0].Cells);
        Assert.Equal(Coverage.Countries, copy.Coverage.Countries);
        Assert.Equal((Reviewer, TestData.T0.AddHours(6)), (copy.UpdatedBy, copy.UpdatedAt));
        Assert.Equal((Researcher, TestData.T0), (copy.CreatedBy, copy.CreatedAt));
    }

    [Fact]
    public void A_published_version_round_trips_through_the_stored_document_shape()
    {
        var version = InReview().Publish(AllCited(), Reviewer, TestData.T0.AddHours(2));

        var json = DocumentJson.Serialize(version);
        var copy = DocumentJson.Deserialize<BriefVersion>(json);

        Assert.Equal(json, DocumentJson.Serialize(copy));
        Assert.Equal((version.Id, version.Number, version.Title, version.Markdown, version.PublishedAt), (copy.Id, copy.Number, copy.Title, copy.Markdown, copy.PublishedAt));
        Assert.Equal(version.Citations, copy.Citations);
        Assert.Equal((version.Author, version.ApprovedBy), (copy.Author, copy.ApprovedBy));
        Assert.Equal(Coverage.Rows[0].Cells, copy.Coverage.Rows[0].Cells);
        Assert.Equal(Scope.Themes, copy.Scope.Themes);
    }
}
