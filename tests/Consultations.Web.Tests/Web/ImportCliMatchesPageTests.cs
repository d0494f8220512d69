using System.Text.Json;
using AngleSharp.Dom;
using Consultations.Testing;
using Consultations.Testing.Web;

namespace Consultations.Web.Tests.Web;

/// <summary>
/// The import page and `consultations import --dry-run` propose the same notes for the same file: the Word example uploaded
/// through the page and previewed by the command against the app's own SQLite folder and guard key.
/// </summary>
public sealed class ImportCliMatchesPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Import = "/programmes/demo/consultations/demo-ph/import";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_command_line_dry_run_proposes_the_rows_the_page_previews()
    {
        var file = Path.Combine(TestPaths.RepositoryRoot, "docs", "examples", "plenary-notes.docx");
        using var facilitator = await app.SignedInClientAsync("demo-facilitator");
        var form = await facilitator.GetOkAsync(Import);
        var preview = await facilitator.FollowAsync(await facilitator.UploadAsync(form, "[data-testid=import-form]", "Upload", "plenary-notes.docx", await File.ReadAllBytesAsync(file, Ct)));
        for (var wait = 0; preview.Document.QuerySelector("[data-testid=import-progress]") is not null && wait < 120; wait++)
        {
            // Still reading and checking in the background: the page refreshes itself until the preview is ready.
            await Task.Delay(250, Ct);
            preview = await facilitator.GetOkAsync(preview.Url);
        }

        var page = preview.Document.QuerySelectorAll("[data-testid=import-preview] tr[data-row]").Select(PageRow).ToList();

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Consultations.Cli.Program.Run(
            ["import", "--programme", "demo", "--consultation", "demo-ph", "--file", file, "--dry-run", "--data-dir", app.DataDirectory, "--store", "sqlite"],
            output,
            error);
        var cli = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(CliRow).ToList();

        Assert.True(code == 0, error.ToString());
        Assert.Equal(14, page.Count);
        Assert.Equal(page, cli);

        // Not two empty answers agreeing: the rows differ in session and kind, and one carries the guard's mark.
        Assert.Equal(2, page.Select(r => r.Session).Distinct().Count());
        Assert.Equal(4, page.Select(r => r.Kind).Distinct().Count());
        Assert.Equal(1, page.Sum(r => r.Findings));
    }

    /// <summary>What the preview shows of a row: the values selected in its session, kind and group, its marks and its problems.</summary>
    private static Row PageRow(IElement tr) => new(
        int.Parse(tr.GetAttribute("data-row")!, System.Globalization.CultureInfo.InvariantCulture),
        Selected(tr, "SessionId"),
        Selected(tr, "Kind") is { } kind ? JsonNamingPolicy.KebabCaseLower.ConvertName(kind) : null,
        Selected(tr, "Group"),
        tr.QuerySelectorAll("[data-testid=row-findings] li").Length,
        string.Join("|", tr.QuerySelectorAll("[data-testid=row-problems] li").Select(li => li.TextContent.Trim())));

    private static Row CliRow(string line)
    {
        var o = JsonDocument.Parse(line).RootElement;
        return new Row(
            o.GetProperty("row").GetInt32(),
            o.GetProperty("session").GetString(),
            o.GetProperty("kind").GetString(),
            o.GetProperty("stakeholder_group").GetString(),
            o.GetProperty("findings").GetInt32(),
            string.Join("|", o.GetProperty("problems").EnumerateArray().Select(p => p.GetString())));
    }

    /// <summary>The value of the selected option of a row's select, null for none or the empty "choose" option.</summary>
    private static string? Selected(IElement tr, string field) =>
        tr.QuerySelector($"select[name$='.{field}'] option[selected]")?.GetAttribute("value") is { Length: > 0 } value ? value : null;

    private sealed record Row(int Number, string? Session, string? Kind, string? Group, int Findings, string Problems);
}
