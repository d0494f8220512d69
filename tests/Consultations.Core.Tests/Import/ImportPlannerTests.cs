using Consultations.Core.Analysis;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Import;

namespace Consultations.Core.Tests.Import;

public sealed class ImportPlannerTests
{
    private readonly Programme _programme = TestData.Programme();
    private readonly Consultation _consultation;

    public ImportPlannerTests()
    {
        _consultation = TestData.Consultation(_programme);
    }

    [Fact]
    public void Headings_naming_a_session_switch_where_the_rows_after_them_go()
    {
        var plan = Plan(
            Doc(
                Heading("Manila consultation — rapporteur's notes"),
                Para("Before any heading."),
                Heading("Plenary 1"),
                Para("Firms adopt a standard and customise it."),
                Heading("CLOSED"),
                Para("A recent incident was discussed."),
                Heading("Coffee break"),
                Para("Still in the closed session.")),
            defaultSession: "opening");

        Assert.Equal(["opening", "plenary-1", "closed", "closed"], plan.Rows.Select(r => r.SessionId));
        Assert.Equal(["Manila consultation — rapporteur's notes", "Coffee break"], plan.UnmatchedHeadings);
        Assert.Equal([1, 2, 3, 4], plan.Rows.Select(r => r.Row));
    }

    [Fact]
    public void A_numbered_heading_or_a_theme_name_finds_its_session()
    {
        var theme = _programme.Taxonomy.Find("information-sharing")!.Label;
        var plan = Plan(Doc(Heading("Session 2"), Para("Second session."), Heading(theme), Para("About sharing."), Heading("plenary 1: standards and more"), Para("Third.")));

        // "Session 2" is the consultation's second session; the theme heading is the first session about that theme (the closed one).
        Assert.Equal(["plenary-1", "closed", "plenary-1"], plan.Rows.Select(r => r.SessionId));
    }

    [Fact]
    public void Without_a_default_or_a_heading_a_row_has_no_session_and_says_so()
    {
        var plan = Plan(Doc(Para("Nothing tells where this goes.")));

        var row = Assert.Single(plan.Rows);
        Assert.Null(row.SessionId);
        Assert.Contains("No session: choose one.", row.Problems);
        Assert.False(row.WillImport);
        Assert.Equal(1, plan.BlockedByProblems);
    }

    [Theory]
    [InlineData("Recommendation: Publish a regional directory.", NoteKind.Recommendation, "Publish a regional directory.")]
    [InlineData("challenge — SMEs cannot afford audits.", NoteKind.Challenge, "SMEs cannot afford audits.")]
    [InlineData("Quote: “We share when we trust.”", NoteKind.Quote, "“We share when we trust.”")]
    [InlineData("“We share when we trust.” — a regulator", NoteKind.Quote, "“We share when we trust.” — a regulator")]
    [InlineData("\"Standards are a trade question.\"", NoteKind.Quote, "\"Standards are a trade question.\"")]
    [InlineData("Recommendations are still pending from the ministry.", NoteKind.Finding, "Recommendations are still pending from the ministry.")]
    public void A_leading_label_or_quotation_marks_set_the_kind(string text, NoteKind kind, string expected)
    {
        var row = Assert.Single(Plan(Doc(Para(text)), defaultSession: "plenary-1").Rows);

        Assert.Equal(kind, row.Kind);
        Assert.Equal(expected, row.Text);
    }

    [Fact]
    public void A_quote_block_is_a_quote()
    {
        var row = Assert.Single(Plan(Doc(new ImportBlock(1, "line 1", ImportBlockKind.Quote, "We cannot report what we cannot see.")), defaultSession: "plenary-1").Rows);

        Assert.Equal(NoteKind.Quote, row.Kind);
    }

    [Fact]
    public void Spreadsheet_columns_are_matched_by_key_or_label_and_unknown_values_are_problems()
    {
        var plan = Plan(
            Doc(
                Row(1, "Good row.", session: "Plenary 1", kind: "Challenges", group: "civil society", themes: "Technical standards; ISO/IEC 27001; Space law"),
                Row(2, "Bad row.", session: "Breakout Z", kind: "Opinion", group: "Astronauts")),
            defaultSession: "opening");

        var good = plan.Rows[0];
        Assert.Equal("plenary-1", good.SessionId);
        Assert.Equal(NoteKind.Challenge, good.Kind);
        Assert.Equal("civil-society", good.StakeholderGroup);
        Assert.Equal(["technical-standards"], good.Themes);
        Assert.Equal(["technical-standards/iso-27001"], good.SubThemes);
        Assert.Equal(["Space law"], good.UnknownThemes);
        Assert.False(good.ThemesSuggested);
        Assert.Empty(good.Problems);

        var bad = plan.Rows[1];
        Assert.Null(bad.SessionId);
        Assert.Null(bad.Kind);
        Assert.Null(bad.StakeholderGroup);
        Assert.Equal(3, bad.Problems.Count);
        Assert.Contains(bad.Problems, p => p.Contains("Breakout Z", StringComparison.Ordinal));
        Assert.Contains(bad.Problems, p => p.Contains("Opinion", StringComparison.Ordinal));
        Assert.Contains(bad.Problems, p => p.Contains("Astronauts", StringComparison.Ordinal));
    }

    [Fact]
    public void Empty_and_oversized_texts_are_problems()
    {
        var plan = Plan(Doc(Para("   "), Para(new string('a', Note.MaxTextLength + 1)), Para(new string('b', Note.MaxTextLength))), defaultSession: "opening");

        Assert.Contains("The text is empty.", plan.Rows[0].Problems);
        Assert.Contains(plan.Rows[1].Problems, p => p.Contains("20,001", StringComparison.Ordinal));
        Assert.Empty(plan.Rows[2].Problems);
    }

    [Fact]
    public void Every_row_goes_through_the_guard()
    {
        var checkedTexts = new List<string>();
        IReadOnlyList<GuardFinding> Guard(string text)
        {
            checkedTexts.Add(text);
            var at = text.IndexOf("Maria Santos", StringComparison.Ordinal);
            return at < 0 ? [] : [new GuardFinding(FindingKind.Participant, FindingSeverity.Block, at, 12, "Maria Santos", "a participant", "k1")];
        }

        var plan = ImportPlanner.Plan(Doc(Para("Maria Santos said standards matter."), Para("No names here.")), Context("opening", guard: Guard));

        Assert.Equal(2, checkedTexts.Count);
        Assert.Single(plan.Rows[0].Findings);
        Assert.Empty(plan.Rows[1].Findings);
        Assert.Equal(1, plan.WithFindings);
    }

    [Fact]
    public void Keys_are_stable_for_the_same_file_and_differ_by_consultation_position_and_text()
    {
        var document = Doc(Para("Same text."), Para("Same text."));
        var first = Plan(document, defaultSession: "opening");
        var again = Plan(document, defaultSession: "opening");

        Assert.Equal(first.Rows.Select(r => r.Key), again.Rows.Select(r => r.Key));
        Assert.NotEqual(first.Rows[0].Key, first.Rows[1].Key);
        Assert.All(first.Rows, r => Assert.True(Ids.IsValid(r.Key), r.Key));
        Assert.NotEqual(ImportKeys.NoteId("cons", document.Sha256, 1, "Same text."), ImportKeys.NoteId("other", document.Sha256, 1, "Same text."));
        Assert.NotEqual(ImportKeys.NoteId("cons", document.Sha256, 1, "Same text."), ImportKeys.NoteId("cons", document.Sha256, 1, "Other text."));
    }

    [Fact]
    public void Rows_already_in_the_consultation_are_found_by_key_or_by_text()
    {
        var document = Doc(Para("Imported before."), Para("Typed by hand before."), Para("New."));
        var first = Plan(document, defaultSession: "opening");
        var existing = new ImportExisting();
        existing.Add(Note.Create(_programme, _consultation, _consultation.FindSession("opening")!, new NoteContent("Imported before.", NoteKind.Finding, null, [], []), TestData.Facilitator, TestData.T0, first.Rows[0].Key));
        existing.Add(TestData.Note(_programme, _consultation, "plenary-1", new NoteContent("Typed by hand before.", NoteKind.Finding, null, [], [])));

        var again = ImportPlanner.Plan(document, Context("opening", existing: existing));

        Assert.True(again.Rows[0].ImportedBefore);
        Assert.True(again.Rows[1].IsAlreadyThere);
        Assert.False(again.Rows[1].ImportedBefore);
        Assert.False(again.Rows[2].IsAlreadyThere);
        Assert.Equal(2, again.AlreadyThere);
        Assert.Equal(1, again.WillImport);
    }

    [Fact]
    public void An_edited_note_is_still_recognised_by_the_text_it_was_imported_with()
    {
        var original = Plan(Doc(Para("Original words.")), defaultSession: "opening").Rows[0];
        var note = Note.Create(_programme, _consultation, _consultation.FindSession("opening")!, new NoteContent("Original words.", NoteKind.Finding, null, [], []), TestData.Facilitator, TestData.T0, original.Key,
            new NoteSource("old.docx", "paragraph 1", new string('0', 64), original.TextSha256));
        note.Revise(_programme, new NoteContent("Edited words.", NoteKind.Finding, null, [], []), TestData.Facilitator, TestData.T0);
        var existing = new ImportExisting();
        existing.Add(note);

        // Another file (another hash, another position) with the same paragraph.
        var overlapping = ImportPlanner.Plan(Doc(Para("Something new."), Para("Original words.")), Context("opening", existing: existing));

        Assert.False(overlapping.Rows[0].IsAlreadyThere);
        Assert.Equal(note.Id, overlapping.Rows[1].ExistingNoteId);
    }

    [Fact]
    public void Fixes_change_rows_and_clear_their_problems()
    {
        var plan = Plan(Doc(Row(1, "One.", group: "Astronauts"), Row(2, "Two.", kind: "Opinion"), Row(3, "Three.")), defaultSession: null);
        Assert.Equal(3, plan.BlockedByProblems);

        plan.Fix([1, 2, 3], new ImportFix { SessionId = "plenary-1" }, _consultation, _programme);
        plan.Fix([1], new ImportFix { ClearGroup = true }, _consultation, _programme);
        plan.Fix([2], new ImportFix { Kind = NoteKind.Recommendation }, _consultation, _programme);
        plan.Fix([3], new ImportFix { Include = false, StakeholderGroup = "government" }, _consultation, _programme);

        Assert.Equal(0, plan.BlockedByProblems);
        Assert.Equal(2, plan.WillImport);
        Assert.Equal(1, plan.Unticked);
        Assert.Null(plan.Rows[0].StakeholderGroup);
        Assert.Equal(NoteKind.Recommendation, plan.Rows[1].Kind);
        Assert.Equal("government", plan.Rows[2].StakeholderGroup);
        Assert.Throws<DomainRuleException>(() => plan.Fix([1], new ImportFix { SessionId = "nope" }, _consultation, _programme));
        Assert.Throws<DomainRuleException>(() => plan.Fix([1], new ImportFix { StakeholderGroup = "astronauts" }, _consultation, _programme));
    }

    [Fact]
    public void Suggested_themes_are_marked_and_only_applied_when_accepted()
    {
        var plan = ImportPlanner.Plan(
            Doc(Para("Most firms adopt ISO 27001 or the NIST framework and customise the standard."), Row(2, "Tagged in the file.", themes: "inclusion")),
            Context("plenary-1", suggester: new ThemeSuggester(_programme.Taxonomy)));

        var suggested = plan.Rows[0];
        Assert.True(suggested.ThemesSuggested);
        Assert.Contains("technical-standards", suggested.Themes);
        Assert.Empty(plan.ContentOf(suggested).Themes);
        Assert.Equal(["inclusion"], plan.ContentOf(plan.Rows[1]).Themes);

        plan.AcceptSuggestedThemes = true;
        Assert.Contains("technical-standards", plan.ContentOf(suggested).Themes);
    }

    [Fact]
    public void A_default_session_outside_the_consultation_is_refused()
    {
        Assert.Throws<DomainRuleException>(() => Plan(Doc(Para("x")), defaultSession: "elsewhere"));
    }

    private ImportPlan Plan(ImportDocument document, string? defaultSession = null) => ImportPlanner.Plan(document, Context(defaultSession));

    private ImportContext Context(string? defaultSession, Func<string, IReadOnlyList<GuardFinding>>? guard = null, ThemeSuggester? suggester = null, ImportExisting? existing = null) =>
        new(_programme, _consultation, defaultSession, guard ?? (_ => []), suggester, existing ?? ImportExisting.None);

    private static ImportDocument Doc(params ImportBlock[] blocks)
    {
        var numbered = blocks.Select((b, i) => b with { Position = i + 1 }).ToList();
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", numbered.Select(b => b.Text)))));
        return new ImportDocument("notes.docx", ImportFormat.Word, sha, 1234, numbered);
    }

    private static ImportBlock Heading(string text) => new(0, "paragraph", ImportBlockKind.Heading, text);

    private static ImportBlock Para(string text) => new(0, "paragraph", ImportBlockKind.Paragraph, text);

    private static ImportBlock Row(int row, string text, string? session = null, string? kind = null, string? group = null, string? themes = null) =>
        new(0, $"row {row + 1}", ImportBlockKind.Row, text, new ImportColumns(session, kind, group, themes));
}
