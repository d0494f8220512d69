using System.Text.Json;
using System.Text.RegularExpressions;
using Consultations.Core.Audit;
using Consultations.Core.Domain;

namespace Consultations.Cli.Tests;

/// <summary>`consultations import` on SQLite with the demo seeded: the dry run, refusals, writing drafts, audit and re-runs.</summary>
public sealed class ImportCommandTests : IAsyncLifetime
{
    private const int DemoNotesInManila = 53;

    private static readonly string[] Keys =
        ["row", "location", "session", "kind", "stakeholder_group", "themes", "sub_themes", "themes_suggested", "findings", "problems", "already_there"];

    private DemoFolder _demo = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _demo = await DemoFolder.SeedAsync();

    public ValueTask DisposeAsync()
    {
        _demo.Dispose();
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData("plenary-notes.docx", null)]
    [InlineData("rapporteur-notes.md", null)]
    [InlineData("session-notes.txt", "plenary-3")]
    [InlineData("findings.csv", null)]
    [InlineData("findings.xlsx", null)]
    public async Task A_dry_run_prints_each_row_of_the_plan_as_a_json_line_and_writes_nothing(string example, string? session)
    {
        var before = await CountNotesAsync();
        string[] sessionArgs = session is null ? [] : ["--session", session];

        var (code, output, error) = await ImportAsync(example, ["--dry-run", .. sessionArgs]);

        Assert.True(code == 0, error);
        var plan = await _demo.PlanAsync(example, session: session);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(plan.Rows.Count, lines.Length);
        foreach (var (line, row) in lines.Zip(plan.Rows))
        {
            using var json = JsonDocument.Parse(line);
            var o = json.RootElement;
            Assert.Equal(Keys, o.EnumerateObject().Select(p => p.Name));
            Assert.Equal(row.Row, o.GetProperty("row").GetInt32());
            Assert.Equal(row.Location, o.GetProperty("location").GetString());
            Assert.Equal(row.SessionId, o.GetProperty("session").GetString());
            Assert.Equal(row.Kind is { } kind ? JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString()) : null, o.GetProperty("kind").GetString());
            Assert.Equal(row.StakeholderGroup, o.GetProperty("stakeholder_group").GetString());
            Assert.Equal(row.Themes, Strings(o, "themes"));
            Assert.Equal(row.SubThemes, Strings(o, "sub_themes"));
            Assert.Equal(row.ThemesSuggested, o.GetProperty("themes_suggested").GetBoolean());
            Assert.Equal(row.Findings.Count, o.GetProperty("findings").GetInt32());
            Assert.Equal(row.Problems, Strings(o, "problems"));
            Assert.Equal(JsonValueKind.Null, o.GetProperty("already_there").ValueKind);
        }

        Assert.Matches($@"^Dry run of {Regex.Escape(example)} \(.+\) for demo-ph: {plan.Rows.Count} proposed notes; {plan.WillImport} would be imported as drafts, 0 already there, {plan.BlockedByProblems} with problems, {plan.WithFindings} with possible identifiers marked by the guard.*\. Nothing was written\.$", error.Trim());
        Assert.Equal(before, await CountNotesAsync());
    }

    [Fact]
    public async Task The_dry_run_of_the_spreadsheet_shows_its_problem_row_and_its_marked_row_and_exits_0()
    {
        var (code, output, _) = await ImportAsync("findings.csv", "--dry-run");

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(12, lines.Count);
        Assert.Equal(["“Youth groups” is not a stakeholder group of this programme: choose one, or none."], Strings(lines[11], "problems"));
        Assert.Equal(JsonValueKind.Null, lines[11].GetProperty("stakeholder_group").ValueKind);
        Assert.Equal("recommendation", lines[11].GetProperty("kind").GetString());
        Assert.Equal(1, lines[6].GetProperty("findings").GetInt32());
        Assert.Equal(11, lines.Count(l => l.GetProperty("problems").GetArrayLength() == 0));
        Assert.Equal(11, lines.Count(l => l.GetProperty("findings").GetInt32() == 0));

        // The preview names no one: no note text is printed, and so not the participant's name.
        Assert.DoesNotContain("Lacson", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_word_file_and_a_macro_enabled_one_are_refused_with_exit_1_and_the_reason()
    {
        var folder = Path.Combine(_demo.Path, "bad");
        Directory.CreateDirectory(folder);
        var corrupt = Path.Combine(folder, "plenary-notes.docx");
        var content = await File.ReadAllBytesAsync(DemoFolder.Example("plenary-notes.docx"), Ct);
        await File.WriteAllBytesAsync(corrupt, content[..(content.Length / 2)], Ct);
        var macros = Path.Combine(folder, "plenary-notes.docm");
        await File.WriteAllBytesAsync(macros, content, Ct);

        var (corruptCode, corruptOutput, corruptError) = await CliRun.RunAsync(Args(corrupt, "--dry-run"));
        var (macroCode, macroOutput, macroError) = await CliRun.RunAsync(Args(macros));

        Assert.Equal(1, corruptCode);
        Assert.Empty(corruptOutput);
        Assert.StartsWith("Could not import: The file could not be read as a Word document", corruptError, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was imported.", corruptError.Trim(), StringComparison.Ordinal);
        Assert.Equal(1, macroCode);
        Assert.Empty(macroOutput);
        Assert.Contains("Word document with macros (.docm)", macroError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", corruptError + macroError, StringComparison.Ordinal);
        Assert.Equal(DemoNotesInManila, await CountNotesAsync());
        Assert.Empty(await _demo.AuditAsync(AuditAction.NotesImported));
    }

    [Fact]
    public async Task A_missing_file_is_refused_with_exit_1()
    {
        var (code, _, error) = await CliRun.RunAsync(Args(Path.Combine(_demo.Path, "nowhere", "notes.md")));

        Assert.Equal(1, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_writes_drafts_with_their_source_and_one_audit_entry_without_note_text()
    {
        var plan = await _demo.PlanAsync("plenary-notes.docx");

        var (code, output, error) = await ImportAsync("plenary-notes.docx");

        Assert.True(code == 0, error);
        Assert.Equal("Imported 14 draft notes from plenary-notes.docx into demo-ph (0 already there, 0 left out).", output.Trim());
        var imported = (await _demo.NotesAsync()).Where(n => n.Source is not null).OrderBy(n => plan.Rows.First(r => r.Key == n.Id).Row).ToList();
        Assert.Equal(plan.Rows.Select(r => r.Key), imported.Select(n => n.Id));
        Assert.All(imported, n => Assert.Equal(NoteStatus.Draft, n.Status));
        Assert.All(imported, n => Assert.Equal(UserRef.System, n.CreatedBy));
        Assert.All(imported, n => Assert.Equal("plenary-notes.docx", n.Source!.FileName));
        Assert.All(imported, n => Assert.Equal(plan.FileSha256, n.Source!.FileSha256));
        Assert.Equal(plan.Rows.Select(r => r.Location), imported.Select(n => n.Source!.Location));
        Assert.Equal(plan.Rows.Select(r => r.SessionId), imported.Select(n => n.SessionId));
        Assert.Equal(plan.Rows.Select(r => r.Kind), imported.Select(n => (NoteKind?)n.Kind));

        // Suggested themes are not applied unless asked for.
        Assert.All(imported.Where(n => plan.Rows.First(r => r.Key == n.Id).ThemesSuggested), n => Assert.Empty(n.Themes));

        var entry = Assert.Single(await _demo.AuditAsync(AuditAction.NotesImported));
        Assert.Equal(("system", "demo", "demo-ph"), (entry.ActorId, entry.ProgrammeId, entry.ConsultationId));
        Assert.StartsWith($"14 draft note(s) imported from plenary-notes.docx (SHA-256 {plan.FileSha256[..16]}…); 0 already there, 0 left out", entry.Detail, StringComparison.Ordinal);
        foreach (var row in plan.Rows)
        {
            Assert.DoesNotContain(row.Text[..24], entry.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Suggested_themes_are_applied_when_accepted()
    {
        var plan = await _demo.PlanAsync("plenary-notes.docx");

        var (code, _, error) = await ImportAsync("plenary-notes.docx", "--accept-suggested-themes");

        Assert.True(code == 0, error);
        var notes = (await _demo.NotesAsync()).Where(n => n.Source is not null).ToDictionary(n => n.Id);
        Assert.Contains(plan.Rows, r => r.ThemesSuggested);
        Assert.All(plan.Rows, r => Assert.Equal(r.Themes, notes[r.Key].Themes));
    }

    [Fact]
    public async Task Running_the_same_import_twice_creates_nothing_the_second_time_and_says_so()
    {
        var (first, firstOutput, _) = await ImportAsync("rapporteur-notes.md");
        var afterFirst = await CountNotesAsync();

        var (second, secondOutput, secondError) = await ImportAsync("rapporteur-notes.md");
        var (preview, previewOutput, _) = await ImportAsync("rapporteur-notes.md", "--dry-run");

        Assert.Equal((0, 0, 0), (first, second, preview));
        Assert.Equal("Imported 9 draft notes from rapporteur-notes.md into demo-ph (0 already there, 0 left out).", firstOutput.Trim());
        Assert.Equal("Imported 0 draft notes from rapporteur-notes.md into demo-ph (9 already there, 0 left out).", secondOutput.Trim());
        Assert.Empty(secondError);
        Assert.Equal(DemoNotesInManila + 9, afterFirst);
        Assert.Equal(afterFirst, await CountNotesAsync());
        var ids = (await _demo.NotesAsync()).Where(n => n.Source is not null).Select(n => n.Id).ToHashSet();
        Assert.All(previewOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Contains(JsonDocument.Parse(line).RootElement.GetProperty("already_there").GetString()!, ids));
        Assert.Equal(2, (await _demo.AuditAsync(AuditAction.NotesImported)).Count);
    }

    [Fact]
    public async Task Rows_with_problems_stop_the_import_and_are_listed()
    {
        var (code, output, error) = await ImportAsync("findings.csv");
        var (unplaced, _, unplacedError) = await ImportAsync("session-notes.txt");

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("  row 12 (row 13): “Youth groups” is not a stakeholder group of this programme: choose one, or none.", error, StringComparison.Ordinal);
        Assert.Contains("Could not import: 1 row has problems (listed above).", error, StringComparison.Ordinal);
        Assert.Contains("--skip-problem-rows", error, StringComparison.Ordinal);
        Assert.Equal(1, unplaced);
        Assert.Equal(5, Regex.Count(unplacedError, @"row \d \(paragraph \d\): No session: choose one\."));
        Assert.Contains("Could not import: 5 rows have problems", unplacedError, StringComparison.Ordinal);
        Assert.Equal(DemoNotesInManila, await CountNotesAsync());
        Assert.Empty(await _demo.AuditAsync(AuditAction.NotesImported));
    }

    [Fact]
    public async Task Skip_problem_rows_leaves_them_out_and_counts_them_and_the_workbook_adds_nothing_after_the_csv()
    {
        var (code, output, error) = await ImportAsync("findings.csv", "--skip-problem-rows");
        var (again, againOutput, _) = await ImportAsync("findings.xlsx", "--skip-problem-rows");

        Assert.True(code == 0, error);
        Assert.Equal("Imported 11 draft notes from findings.csv into demo-ph (0 already there, 1 left out).", output.Trim());
        Assert.Equal(0, again);
        Assert.Equal("Imported 0 draft notes from findings.xlsx into demo-ph (11 already there, 1 left out).", againOutput.Trim());
        var imported = (await _demo.NotesAsync()).Where(n => n.Source is not null).ToList();
        Assert.Equal(11, imported.Count);
        Assert.DoesNotContain(imported, n => n.Text.StartsWith("Build inclusion into the first draft", StringComparison.Ordinal));
        Assert.All(imported, n => Assert.Equal("findings.csv", n.Source!.FileName));
        var details = (await _demo.AuditAsync(AuditAction.NotesImported)).Select(e => e.Detail).ToList();
        Assert.Contains(details, d => d.StartsWith("11 draft note(s) imported from findings.csv", StringComparison.Ordinal) && d.EndsWith("0 already there, 1 left out", StringComparison.Ordinal));
        Assert.Contains(details, d => d.StartsWith("0 draft note(s) imported from findings.xlsx", StringComparison.Ordinal) && d.EndsWith("11 already there, 1 left out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_programme_consultation_or_session_is_refused()
    {
        var (programme, _, programmeError) = await CliRun.RunAsync(["import", "--programme", "nope", "--consultation", "demo-ph", "--file", DemoFolder.Example("findings.csv"), "--data-dir", _demo.Path]);
        var (consultation, consultationOutput, consultationError) = await CliRun.RunAsync(["import", "--programme", "demo", "--consultation", "demo-xx", "--file", DemoFolder.Example("findings.csv"), "--data-dir", _demo.Path, "--dry-run"]);
        var (session, _, sessionError) = await ImportAsync("session-notes.txt", "--session", "plenary-9", "--dry-run");

        Assert.Equal((1, 1, 1), (programme, consultation, session));
        Assert.Equal("Could not import: there is no programme 'nope'.", programmeError.Trim());
        Assert.Empty(consultationOutput);
        Assert.Equal("Could not import: there is no consultation 'demo-xx' in programme 'demo'.", consultationError.Trim());
        Assert.StartsWith("Could not import: there is no session 'plenary-9' in demo-ph. Its sessions: opening (Opening and welcome), plenary-1 (Plenary 1: International collaboration),", sessionError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task As_a_facilitator_of_the_consultation_the_notes_are_theirs_and_anyone_else_is_refused()
    {
        var (researcher, _, researcherError) = await ImportAsync("session-notes.txt", "--session", "plenary-3", "--as", "demo-researcher");
        var (otherCountry, _, otherError) = await ImportAsync("session-notes.txt", "--session", "plenary-3", "--as", "demo-facilitator-2");
        Assert.Equal(DemoNotesInManila, await CountNotesAsync());

        var (code, output, error) = await ImportAsync("session-notes.txt", "--session", "plenary-3", "--as", "demo-facilitator");

        Assert.Equal((1, 1), (researcher, otherCountry));
        Assert.Contains("'demo-researcher' is not a facilitator assigned to demo-ph", researcherError, StringComparison.Ordinal);
        Assert.Contains("'demo-facilitator-2' is not a facilitator assigned to demo-ph", otherError, StringComparison.Ordinal);
        Assert.True(code == 0, error);
        Assert.Equal("Imported 5 draft notes from session-notes.txt into demo-ph (0 already there, 0 left out).", output.Trim());
        var imported = (await _demo.NotesAsync()).Where(n => n.Source is not null).ToList();
        Assert.Equal(5, imported.Count);
        Assert.All(imported, n => Assert.Equal(new UserRef("demo-facilitator", "Sam Okafor"), n.CreatedBy));
        var entry = Assert.Single(await _demo.AuditAsync(AuditAction.NotesImported));
        Assert.Equal(("demo-facilitator", "Sam Okafor"), (entry.ActorId, entry.ActorName));
        Assert.Equal([Core.Access.Role.Facilitator], entry.ActorRoles);
    }

    [Fact]
    public async Task A_participant_named_in_the_file_name_is_withheld_from_the_audit_trail()
    {
        var file = Path.Combine(_demo.Path, "Notes from Jerome Lacson.txt");
        File.Copy(DemoFolder.Example("session-notes.txt"), file);

        var (code, _, error) = await CliRun.RunAsync(Args(file, "--session", "plenary-3"));

        Assert.True(code == 0, error);
        var entry = Assert.Single(await _demo.AuditAsync(AuditAction.NotesImported));
        Assert.StartsWith("5 draft note(s) imported from Notes from [withheld].txt (SHA-256", entry.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Lacson", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_guard_key_nothing_is_checked_or_written()
    {
        File.Delete(Path.Combine(_demo.Path, "guard.key"));

        var (code, _, error) = await ImportAsync("findings.csv", "--dry-run");

        Assert.Equal(1, code);
        Assert.Contains("There is no guard key: set Guard:HashKey", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_demo.Path, "guard.key")));
    }

    private static IEnumerable<string> Strings(JsonElement element, string name) =>
        element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!);

    private string[] Args(string file, params string[] more) =>
        ["import", "--programme", "demo", "--consultation", "demo-ph", "--file", file, "--data-dir", _demo.Path, .. more];

    private Task<(int Code, string Output, string Error)> ImportAsync(string example, params string[] more) =>
        CliRun.RunAsync(Args(DemoFolder.Example(example), more));

    private async Task<int> CountNotesAsync() => (await _demo.NotesAsync()).Count;
}
