using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Import;

namespace Consultations.Cli.Tests;

/// <summary>One demo folder for the tests that only read it.</summary>
public sealed class SeededDemo : IAsyncLifetime
{
    public DemoFolder Folder { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Folder = await DemoFolder.SeedAsync();

    public ValueTask DisposeAsync()
    {
        Folder.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The example files in docs/examples, read and planned against the Manila consultation of the demo programme (demo-ph) as the
/// import page plans them: which session, kind and group each row gets, which row the guard marks and which has a problem.
/// They are what docs/import.md walks through, so they must keep meaning what it says.
/// </summary>
public sealed class ExampleFilesTests(SeededDemo demo) : IClassFixture<SeededDemo>
{
    private const NoteKind F = NoteKind.Finding;
    private const NoteKind R = NoteKind.Recommendation;
    private const NoteKind C = NoteKind.Challenge;
    private const NoteKind Q = NoteKind.Quote;

    [Fact]
    public async Task The_word_file_follows_its_headings_accepts_tracked_changes_ignores_the_comment_and_reads_the_table()
    {
        var plan = await demo.Folder.PlanAsync("plenary-notes.docx");

        Assert.Equal(ImportFormat.Word, plan.Format);
        Assert.Equal([.. Enumerable.Repeat("plenary-2", 8), .. Enumerable.Repeat("plenary-4", 6)], plan.Rows.Select(r => r.SessionId));
        Assert.Equal([F, F, F, F, F, R, Q, F, F, C, Q, C, F, R], plan.Rows.Select(r => r.Kind));
        Assert.Equal(["Manila consultation — rapporteur's notes, day 2"], plan.UnmatchedHeadings);

        // The tracked deletion is gone and the insertion kept; the comment on the first paragraph is not text.
        Assert.Equal("Smaller firms said the cost of a certification audit can exceed their whole annual security budget.", plan.Rows[1].Text);
        Assert.DoesNotContain(plan.Rows, r => r.Text.Contains("often higher", StringComparison.Ordinal) || r.Text.Contains("co-chairs before", StringComparison.Ordinal));
        Assert.StartsWith("Publish one national crosswalk", plan.Rows[5].Text, StringComparison.Ordinal);
        Assert.Equal("Inclusion has to be in the first draft of a policy, not added in the last consultation round.", plan.Rows[10].Text);

        // The table's header row names its columns (Note, Kind, Group), so each row below it is a note with its own kind and group.
        Assert.Equal(["table 1, row 2", "table 1, row 3", "table 1, row 4"], plan.Rows.Skip(11).Select(r => r.Location));
        Assert.Equal(["academia", "cert", "civil-society"], plan.Rows.Skip(11).Select(r => r.StakeholderGroup));
        Assert.All(plan.Rows.Take(11), r => Assert.Null(r.StakeholderGroup));

        // The guard marks the one paragraph that names an organisation of the Manila register.
        var marked = Assert.Single(plan.Rows, r => r.Findings.Count > 0);
        Assert.Equal(8, marked.Row);
        var finding = Assert.Single(marked.Findings);
        Assert.Equal(FindingKind.Organisation, finding.Kind);
        Assert.Equal("Luzon Digital Telecom Corporation", finding.Text);

        Assert.All(plan.Rows, r => Assert.Empty(r.Problems));
        Assert.Equal(14, plan.WillImport);
    }

    [Fact]
    public async Task The_markdown_file_reads_headings_list_items_a_block_quote_and_labels()
    {
        var plan = await demo.Folder.PlanAsync("rapporteur-notes.md");

        Assert.Equal(["opening", "plenary-1", "plenary-1", "plenary-1", "plenary-1", "plenary-1", "plenary-3", "plenary-3", "plenary-3"], plan.Rows.Select(r => r.SessionId));
        Assert.Equal([F, F, F, F, R, Q, C, F, Q], plan.Rows.Select(r => r.Kind));
        Assert.Equal(["Manila consultation — rapporteur's notes, day 1"], plan.UnmatchedHeadings);
        Assert.Equal("A directory nobody tests is a list of people who used to work there.", plan.Rows[5].Text);
        Assert.Equal("Firms fear that reporting an incident invites a fine rather than help.", plan.Rows[6].Text);

        // Emphasis is formatting, not text; "Quote:" sets the kind and is dropped.
        Assert.StartsWith("Participants saw sector sharing groups", plan.Rows[7].Text, StringComparison.Ordinal);
        Assert.Equal("“We share with the people we have had coffee with.”", plan.Rows[8].Text);
        Assert.All(plan.Rows, r => Assert.Empty(r.Findings));
        Assert.All(plan.Rows, r => Assert.Empty(r.Problems));
    }

    [Fact]
    public async Task The_text_file_is_paragraphs_for_the_session_chosen_and_has_none_without_one()
    {
        var plan = await demo.Folder.PlanAsync("session-notes.txt", session: "plenary-3");
        var unplaced = await demo.Folder.PlanAsync("session-notes.txt");

        Assert.Equal(Enumerable.Repeat("plenary-3", 5), plan.Rows.Select(r => r.SessionId));
        Assert.Equal([F, R, C, Q, F], plan.Rows.Select(r => r.Kind));
        Assert.Equal("\"If sharing only ever costs us, nobody will share.\" — a participant from the financial sector", plan.Rows[3].Text);

        // The lines of one paragraph keep their breaks.
        Assert.Equal(3, plan.Rows[4].Text.Split('\n').Length);
        Assert.All(plan.Rows, r => Assert.Empty(r.Findings));
        Assert.Equal(5, plan.WillImport);
        Assert.All(unplaced.Rows, r => Assert.Equal(["No session: choose one."], r.Problems));
    }

    [Theory]
    [InlineData("findings.csv")]
    [InlineData("findings.xlsx")]
    public async Task The_spreadsheets_name_sessions_kinds_groups_and_themes_with_one_unknown_group_and_one_participant(string example)
    {
        var plan = await demo.Folder.PlanAsync(example);

        Assert.Equal(
            ["opening", "plenary-1", "plenary-1", "plenary-2", "plenary-2", "plenary-3", "plenary-3", "plenary-3", "plenary-3", "plenary-4", "plenary-4", "plenary-4"],
            plan.Rows.Select(r => r.SessionId));
        Assert.Equal([F, C, R, F, C, F, F, R, Q, F, C, R], plan.Rows.Select(r => r.Kind));
        Assert.Equal(
            ["government", "government", "cert", "private-sector", "private-sector", "telecoms", "telecoms", "cert", "private-sector", "civil-society", "academia", null],
            plan.Rows.Select(r => r.StakeholderGroup));
        Assert.Equal(Enumerable.Range(2, 12).Select(n => $"row {n}"), plan.Rows.Select(r => r.Location));

        // Themes and sub-themes by label or key, never suggested where the file names them.
        Assert.Equal(["international-collaboration"], plan.Rows[1].Themes);
        Assert.Equal(["international-collaboration/points-of-contact"], plan.Rows[1].SubThemes);
        Assert.Equal(["information-sharing/incentives"], plan.Rows[7].SubThemes);
        Assert.All(plan.Rows.Skip(1), r => Assert.False(r.ThemesSuggested));
        Assert.All(plan.Rows, r => Assert.Empty(r.UnknownThemes));

        // The unknown group is the one problem; the participant's name is the one finding.
        var problem = Assert.Single(plan.Rows, r => r.HasProblems);
        Assert.Equal(12, problem.Row);
        Assert.Equal(["“Youth groups” is not a stakeholder group of this programme: choose one, or none."], problem.Problems);
        var named = Assert.Single(plan.Rows, r => r.Findings.Count > 0);
        Assert.Equal(7, named.Row);
        Assert.Equal((FindingKind.Participant, "Jerome Lacson"), (named.Findings[0].Kind, named.Findings[0].Text));
        Assert.Equal(11, plan.WillImport);
        Assert.Equal(1, plan.BlockedByProblems);
    }

    [Fact]
    public async Task The_csv_and_the_workbook_hold_the_same_notes_so_importing_both_adds_them_once()
    {
        var csv = await demo.Folder.PlanAsync("findings.csv");
        var xlsx = await demo.Folder.PlanAsync("findings.xlsx");

        Assert.Equal(csv.Rows.Select(r => r.TextSha256), xlsx.Rows.Select(r => r.TextSha256));
        Assert.NotEqual(csv.FileSha256, xlsx.FileSha256);
        Assert.Equal(12, csv.Rows.Select(r => r.Text).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task No_example_names_a_participant_of_another_demo_consultation_by_accident()
    {
        // Only the two planted mentions of the Manila register are marked; the same files against the other registers mark nothing.
        foreach (var consultation in new[] { "demo-vn", "demo-id", "demo-my" })
        {
            foreach (var example in new[] { "plenary-notes.docx", "rapporteur-notes.md", "session-notes.txt", "findings.csv", "findings.xlsx" })
            {
                var plan = await demo.Folder.PlanAsync(example, consultation, session: "plenary-1");
                Assert.True(plan.WithFindings == 0, $"{example} against {consultation}: {string.Join("; ", plan.Rows.SelectMany(r => r.Findings).Select(f => $"{f.Kind} {f.Text}"))}");
            }
        }
    }
}
