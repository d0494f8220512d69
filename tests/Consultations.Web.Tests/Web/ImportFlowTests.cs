using System.IO.Compression;
using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Testing.Web;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Web.Tests.Web;

/// <summary>
/// Importing notes through the pages: upload on the consultation page, a preview of every row with the guard's marks,
/// fixes, drafts written once and audited once, a second import that adds nothing, and bad files that save nothing.
/// </summary>
public abstract class ImportFlowTests(AppFactory app)
{
    private const string Ph = "/programmes/demo/consultations/demo-ph";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IAuditStore Audit => app.Services.GetRequiredService<IAuditStore>();

    [Fact]
    public async Task A_facilitator_previews_a_word_file_fixes_two_rows_imports_drafts_and_the_same_file_again_adds_nothing()
    {
        var marker = Marker();
        var docx = WordFile(
            ("Heading1", "Manila plenary notes"),
            ("Heading2", "Plenary 2"),
            (null, $"{marker} Most firms adopt ISO 27001 and customise it."),
            (null, $"{marker} Maria Teresa Dela Cruz said SMEs cannot afford certification audits."),
            ("Heading2", "Plenary 4: Inclusion"),
            (null, $"Recommendation: {marker} publish a roster of women in national CERT teams."),
            (null, $"“{marker} We share when we trust the other side.”"));
        using var sam = await app.SignedInClientAsync("demo-facilitator");
        var before = await CountAsync(marker);

        var preview = await UploadFromConsultationPageAsync(sam, $"plenary-{marker}.docx", docx);

        // Every row, with its session from the headings, its kind, and the guard's marks, before anything is saved.
        Assert.Equal(0, await CountAsync(marker) - before);
        var rows = Rows(preview);
        Assert.Equal(4, rows.Count);
        Assert.Equal(["plenary-2", "plenary-2", "plenary-4", "plenary-4"], rows.Select(r => Selected(r, "SessionId")));
        Assert.Equal(["Finding", "Finding", "Recommendation", "Quote"], rows.Select(r => Selected(r, "Kind")));
        var mark = Assert.Single(preview.Document.QuerySelectorAll("[data-testid=import-preview] mark.guard-mark"));
        Assert.Equal("Maria Teresa Dela Cruz", mark.TextContent);
        Assert.Contains("guard-block", mark.ClassName, StringComparison.Ordinal);
        Assert.Contains("“Manila plenary notes”", preview.Document.QuerySelector("[data-testid=unmatched-headings]")!.TextContent, StringComparison.Ordinal);

        // Two fixes: the first row is a challenge, the second belongs to plenary 3; then import.
        var saved = await SubmitRowsAsync(sam, preview, "Rows", new() { [(1, "Kind")] = "Challenge", [(2, "SessionId")] = "plenary-3" });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        preview = await sam.FollowAsync(saved);
        Assert.Equal("Challenge", Selected(Row(preview, 1), "Kind"));
        Assert.Equal("plenary-3", Selected(Row(preview, 2), "SessionId"));
        Assert.Equal(0, await CountAsync(marker) - before);

        var imported = await SubmitRowsAsync(sam, preview, "Import", []);
        var consultation = await sam.FollowAsync(imported);
        Assert.Contains($"Imported 4 notes from plenary-{marker}.docx as drafts.", consultation.MainText, StringComparison.Ordinal);

        var notes = await NotesAsync(marker);
        Assert.Equal(4, notes.Count);
        Assert.All(notes, n => Assert.Equal(NoteStatus.Draft, n.Status));
        Assert.All(notes, n => Assert.Equal("demo-facilitator", n.CreatedBy.Id));
        Assert.All(notes, n => Assert.Equal($"plenary-{marker}.docx", n.Source?.FileName));
        var first = Assert.Single(notes, n => n.Text.Contains("ISO 27001", StringComparison.Ordinal));
        Assert.Equal((NoteKind.Challenge, "plenary-2", "paragraph 3"), (first.Kind, first.SessionId, first.Source!.Location));
        Assert.Equal("plenary-3", Assert.Single(notes, n => n.Text.Contains("Dela Cruz", StringComparison.Ordinal)).SessionId);
        var recommendation = Assert.Single(notes, n => n.Kind == NoteKind.Recommendation);
        Assert.StartsWith(marker, recommendation.Text, StringComparison.Ordinal);

        // The note page tells the team where it came from.
        var edit = await sam.GetOkAsync($"{Ph}/notes/{first.Id}/edit");
        Assert.Contains($"Imported from plenary-{marker}.docx, paragraph 3", edit.Document.QuerySelector("[data-testid=note-source]")!.TextContent, StringComparison.Ordinal);

        // One audit entry: counts, the file's name and hash, never a note's words.
        var entry = Assert.Single(await EntriesAsync(), e => e.Detail.Contains(marker, StringComparison.Ordinal));
        Assert.Equal(("demo-facilitator", "demo-ph"), (entry.ActorId, entry.ConsultationId));
        Assert.StartsWith($"4 draft note(s) imported from plenary-{marker}.docx (SHA-256 ", entry.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("ISO 27001", entry.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Dela Cruz", entry.Detail, StringComparison.Ordinal);

        // The same file again: every row is already here, and importing adds nothing.
        var again = await UploadFromConsultationPageAsync(sam, $"plenary-{marker}.docx", docx);
        Assert.Equal(4, again.Document.QuerySelectorAll("[data-testid=already-there]").Length);
        Assert.Contains("0 will be imported", again.Document.QuerySelector("[data-testid=will-import]")!.TextContent, StringComparison.Ordinal);
        var second = await sam.FollowAsync(await SubmitRowsAsync(sam, again, "Import", []));
        Assert.Contains("Imported 0 notes", second.MainText, StringComparison.Ordinal);
        Assert.Contains("4 were already in this consultation", second.MainText, StringComparison.Ordinal);
        Assert.Equal(4, (await NotesAsync(marker)).Count);
    }

    [Fact]
    public async Task An_overlapping_file_skips_the_paragraphs_already_imported()
    {
        var marker = Marker();
        using var sam = await app.SignedInClientAsync("demo-facilitator");
        var firstFile = Encoding.UTF8.GetBytes($"{marker} one: shared incident reporting.\n\n{marker} two: regional directories.\n");
        var secondFile = Encoding.UTF8.GetBytes($"{marker} zero: new at the top.\n\n{marker} two: regional directories.\n\n{marker} three: new at the end.\n");
        await ImportAsync(sam, "day-1.txt", firstFile, "plenary-1");

        var preview = await UploadAsync(sam, "day-1-and-2.txt", secondFile, "plenary-1");

        var already = Assert.Single(preview.Document.QuerySelectorAll("[data-testid=already-there]"));
        Assert.Equal("2", already.Closest("tr")!.GetAttribute("data-row"));
        await sam.FollowAsync(await SubmitRowsAsync(sam, preview, "Import", []));
        Assert.Equal(4, (await NotesAsync(marker)).Count);
    }

    [Fact]
    public async Task Rows_with_problems_stop_the_import_until_they_are_fixed_for_all_rows_at_once()
    {
        var marker = Marker();
        var csv = Encoding.UTF8.GetBytes(
            "text,session,stakeholder_group,themes\n"
            + $"{marker} regulators want one reporting form.,Plenary 3,Astronauts,information sharing\n"
            + $"{marker} no session named here.,,government,\n"
            + $"{marker} a good row.,Plenary 1,civil society,International collaboration\n");
        using var sam = await app.SignedInClientAsync("demo-facilitator");
        var preview = await UploadAsync(sam, "findings.csv", csv, sessionId: null);
        Assert.Equal(2, preview.Document.QuerySelectorAll("[data-testid=row-problems]").Length);
        Assert.Contains("“Astronauts” is not a stakeholder group", preview.MainText, StringComparison.Ordinal);
        Assert.Contains("No session: choose one.", preview.MainText, StringComparison.Ordinal);

        var refused = await sam.FollowAsync(await SubmitRowsAsync(sam, preview, "Import", []));
        Assert.Contains("2 ticked rows still have problems", refused.MainText, StringComparison.Ordinal);
        Assert.Empty(await NotesAsync(marker));

        var fixedAll = await sam.SubmitAsync(refused, "[data-testid=bulk-form]", [new("Bulk.Scope", "problems"), new("Bulk.SessionId", "plenary-1"), new("Bulk.Group", "none")]);
        var fixedPage = await sam.FollowAsync(fixedAll);
        Assert.Contains("Changed 2 rows.", fixedPage.MainText, StringComparison.Ordinal);
        Assert.Empty(fixedPage.Document.QuerySelectorAll("[data-testid=row-problems]"));

        await sam.FollowAsync(await SubmitRowsAsync(sam, fixedPage, "Import", []));
        var notes = await NotesAsync(marker);
        Assert.Equal(3, notes.Count);
        var wasUnknown = Assert.Single(notes, n => n.Text.Contains("one reporting form", StringComparison.Ordinal));
        Assert.Equal(("plenary-1", null), (wasUnknown.SessionId, wasUnknown.StakeholderGroup));
        Assert.Equal(["information-sharing"], wasUnknown.Themes);
        var good = Assert.Single(notes, n => n.Text.Contains("a good row", StringComparison.Ordinal));
        Assert.Equal(("plenary-1", "civil-society"), (good.SessionId, good.StakeholderGroup));
    }

    [Fact]
    public async Task Unticked_rows_are_left_out_and_suggested_themes_are_applied_only_when_accepted()
    {
        var marker = Marker();
        var markdown = Encoding.UTF8.GetBytes($"- {marker} most firms adopt ISO 27001 and the NIST framework as a standard.\n- {marker} this row is unticked.\n");
        using var sam = await app.SignedInClientAsync("demo-facilitator");
        var preview = await UploadAsync(sam, "notes.md", markdown, "plenary-2");
        Assert.NotNull(Row(preview, 1).QuerySelector("[data-testid=suggested]"));

        var done = await sam.FollowAsync(await SubmitRowsAsync(sam, preview, "Import", new() { [(2, "Include")] = "false" }, [new("AcceptSuggestedThemes", "true")]));

        Assert.Contains("1 unticked row was left out.", done.MainText, StringComparison.Ordinal);
        var note = Assert.Single(await NotesAsync(marker));
        Assert.Contains("technical-standards", note.Themes);
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "macros.docm", "docm", "macro" },
        { "report.pdf", "pdf", ".docx" },
        { "corrupt.docx", "random", "could not be read" },
        { "protected.docx", "cfb", "password" },
        { "protected.xlsx", "cfb", "password" },
        { "bomb.xlsx", "bomb", "" },
        { "binary.txt", "binary", "" },
        { "empty.csv", "empty", "" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_gets_a_clear_message_and_nothing_is_saved(string name, string kind, string expected)
    {
        using var sam = await app.SignedInClientAsync("demo-facilitator");
        var before = await app.Notes.TallyAsync("demo-ph", Ct);

        var answer = await UploadAnswerAsync(sam, name, BadContent(kind), "plenary-1");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var error = answer.Document.QuerySelector("[data-testid=import-error]");
        Assert.True(error is not null, $"No error message for {name}:\n{answer.MainText}");
        Assert.Contains(expected, error!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Nothing was imported", error.TextContent, StringComparison.Ordinal);
        Assert.Equal(before.Sum(t => t.Notes), (await app.Notes.TallyAsync("demo-ph", Ct)).Sum(t => t.Notes));
    }

    [Fact]
    public async Task Every_naughty_string_in_every_column_is_previewed_as_written_and_nothing_breaks()
    {
        var naughty = (await Consultations.Testing.NaughtyStrings.AllAsync()).Where(s => s.Trim().Length > 0 && !s.Contains('\0', StringComparison.Ordinal)).ToList();
        static string Cell(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var csv = new StringBuilder("text,session,kind,stakeholder_group,themes\n");
        foreach (var value in naughty)
        {
            csv.Append(Cell(value)).Append(',').Append(Cell(value)).Append(',').Append(Cell(value)).Append(',').Append(Cell(value)).Append(',').Append(Cell(value)).Append('\n');
        }

        using var sam = await app.SignedInClientAsync("demo-facilitator");
        var before = (await app.Notes.TallyAsync("demo-ph", Ct)).Sum(t => t.Notes);
        var preview = await UploadAsync(sam, "naughty.csv", Encoding.UTF8.GetBytes(csv.ToString()), "plenary-1");

        Assert.Equal(HttpStatusCode.OK, preview.Status);
        var shown = preview.Document.QuerySelectorAll("[data-testid=row-text]").Select(e => e.TextContent).ToList();
        Assert.NotEmpty(shown);
        Assert.Empty(preview.Document.QuerySelectorAll("[data-testid=import-preview] script"));
        var texts = naughty.Select(v => Consultations.Core.Domain.NoteContent.NormaliseText(v)).ToHashSet(StringComparer.Ordinal);
        Assert.All(shown.Where(t => !t.Contains("more characters", StringComparison.Ordinal)), t => Assert.Contains(t, texts));

        // Every page of rows renders, and nothing was saved by looking.
        foreach (var link in preview.Document.QuerySelectorAll("[data-testid=import-pages] a").Select(a => WebUtility.HtmlDecode(a.GetAttribute("href")!)).Distinct().ToList())
        {
            Assert.Equal(HttpStatusCode.OK, (await sam.GetAsync(link)).Status);
        }

        Assert.Equal(before, (await app.Notes.TallyAsync("demo-ph", Ct)).Sum(t => t.Notes));
    }

    [Fact]
    public async Task A_row_of_a_hundred_thousand_characters_is_a_problem_row_not_a_failure()
    {
        var marker = Marker();
        var csv = $"text\n{marker} {new string('x', 100_000)}\n{marker} a normal row.\n";
        using var sam = await app.SignedInClientAsync("demo-facilitator");
        var preview = await UploadAsync(sam, "long.csv", Encoding.UTF8.GetBytes(csv), "plenary-1");

        Assert.Contains("a note can have at most 20,000", Row(preview, 1).TextContent, StringComparison.Ordinal);
        Assert.Contains("more characters", Row(preview, 1).TextContent, StringComparison.Ordinal);
        var done = await sam.FollowAsync(await SubmitRowsAsync(sam, preview, "Import", new() { [(1, "Include")] = "false" }));
        Assert.Contains("Imported 1 note", done.MainText, StringComparison.Ordinal);
        Assert.Single(await NotesAsync(marker));
    }

    [Theory]
    [InlineData("utf-8-bom", "UTF-8")]
    [InlineData("utf-16", "UTF-16")]
    [InlineData("windows-1252", "Windows-1252")]
    public async Task Text_in_other_encodings_is_read_and_says_how(string encoding, string said)
    {
        var marker = Marker();
        var text = $"text\n\"{marker} café owners asked for “plain” guidance, naïvely.\"\n";
        var bytes = encoding switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-16" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            _ => CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(text),
        };
        using var sam = await app.SignedInClientAsync("demo-facilitator");

        var preview = await UploadAsync(sam, $"{encoding}.csv", bytes, "plenary-1");

        Assert.Contains($"read as {said}", preview.Document.QuerySelector("[data-testid=import-summary]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"{marker} café owners asked for “plain” guidance, naïvely.", Row(preview, 1).QuerySelector("[data-testid=row-text]")!.TextContent);
    }

    [Fact]
    public async Task A_file_far_over_the_limit_is_refused_with_the_413_page_before_it_is_read()
    {
        using var sam = await app.SignedInClientAsync("demo-facilitator");
        var form = await sam.GetOkAsync($"{Ph}/import");

        var answer = await sam.UploadAsync(form, "[data-testid=import-form]", "Upload", "huge.csv", new byte[50 * 1024 * 1024]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Contains("That was too large", answer.MainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_users_preview_is_not_found_and_cannot_be_imported()
    {
        var marker = Marker();
        using var sam = await app.SignedInClientAsync("demo-facilitator");
        var preview = await UploadAsync(sam, "mine.txt", Encoding.UTF8.GetBytes($"{marker} only mine."), "plenary-1");

        using var lead = await app.SignedInClientAsync("demo-lead");
        var theirs = await lead.GetAsync(preview.Url);
        Assert.Equal(HttpStatusCode.NotFound, theirs.Status);
        Assert.NotNull(theirs.Document.QuerySelector("[data-testid=import-lost]"));
        var post = await lead.PostAsync(preview.Url + "?handler=Import", [new("__RequestVerificationToken", (await lead.GetOkAsync($"{Ph}/import")).AntiforgeryToken)]);
        Assert.Equal(HttpStatusCode.Redirect, post.Status);
        Assert.Empty(await NotesAsync(marker));
    }

    private static string Marker() => "imp" + Ids.New()[..8];

    private static async Task<Page> UploadFromConsultationPageAsync(HtmlClient client, string name, byte[] content)
    {
        var page = await client.GetOkAsync(Ph);
        var answer = await client.UploadAsync(page, "[data-testid=inline-import-form]", "Upload", name, content);
        return await WhenReadyAsync(client, answer);
    }

    private static async Task<Page> UploadAsync(HtmlClient client, string name, byte[] content, string? sessionId) =>
        await WhenReadyAsync(client, await UploadAnswerAsync(client, name, content, sessionId));

    /// <summary>The page the upload ends on: the import page with its error, or the preview (followed until read).</summary>
    private static async Task<Page> UploadAnswerAsync(HtmlClient client, string name, byte[] content, string? sessionId)
    {
        var form = await client.GetOkAsync($"{Ph}/import");
        var answer = await client.UploadAsync(form, "[data-testid=import-form]", "Upload", name, content, [new("SessionId", sessionId ?? string.Empty)]);
        return answer.Status == HttpStatusCode.Redirect ? await WhenReadyAsync(client, answer) : answer;
    }

    private static async Task<Page> WhenReadyAsync(HtmlClient client, Page answer)
    {
        var page = answer.Status == HttpStatusCode.Redirect ? await client.FollowAsync(answer) : answer;
        for (var i = 0; i < 120 && page.Document.QuerySelector("[data-testid=import-progress]") is not null; i++)
        {
            await Task.Delay(250, Ct);
            page = await client.GetOkAsync(page.Url);
        }

        return page;
    }

    private static async Task ImportAsync(HtmlClient client, string name, byte[] content, string sessionId)
    {
        var preview = await UploadAsync(client, name, content, sessionId);
        var done = await client.FollowAsync(await SubmitRowsAsync(client, preview, "Import", []));
        Assert.Contains("Imported", done.MainText, StringComparison.Ordinal);
    }

    /// <summary>Presses a button of the rows form with some rows' fields changed, as a person would on the page.</summary>
    private static async Task<Page> SubmitRowsAsync(HtmlClient client, Page preview, string handler, Dictionary<(int Row, string Field), string> changes, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var form = preview.Document.QuerySelector<IHtmlFormElement>("[data-testid=rows-form]") ?? throw new InvalidOperationException($"No rows form:\n{preview.MainText}");
        var submission = HtmlClient.BrowserSubmissions(preview, form).Single(s => s.Handler == handler);
        var fields = submission.Fields.ToList();
        foreach (var ((row, field), value) in changes)
        {
            var name = Row(preview, row).QuerySelector($"[name$='.{field}']")!.GetAttribute("name")!;
            fields.RemoveAll(f => f.Key == name);
            fields.Add(new(name, value));
        }

        foreach (var group in (extra ?? []).GroupBy(e => e.Key))
        {
            fields.RemoveAll(f => f.Key == group.Key);
            fields.AddRange(group);
        }

        return await client.SubmitAsync(submission with { Fields = fields });
    }

    private static List<IElement> Rows(Page preview) => [.. preview.Document.QuerySelectorAll("[data-testid=import-preview] tr[data-row]")];

    private static IElement Row(Page preview, int row) =>
        preview.Document.QuerySelector($"[data-testid=import-preview] tr[data-row='{row}']") ?? throw new InvalidOperationException($"No row {row}:\n{preview.MainText}");

    private static string? Selected(IElement row, string field) =>
        (row.QuerySelector($"select[name$='.{field}'] option[selected]") ?? row.QuerySelector($"select[name$='.{field}'] option"))?.GetAttribute("value");

    private async Task<int> CountAsync(string marker) => (await NotesAsync(marker)).Count;

    private async Task<List<Note>> NotesAsync(string marker) =>
        await app.Notes.ReadAllAsync("demo-ph", new NoteQuery(), Ct).Where(n => n.Text.Contains(marker, StringComparison.Ordinal)).ToListAsync(Ct);

    private async Task<List<AuditEntry>> EntriesAsync() =>
        await Audit.ReadAllAsync(new AuditQuery { Action = AuditAction.NotesImported }, Ct).ToListAsync(Ct);

    private static byte[] BadContent(string kind)
    {
        switch (kind)
        {
            case "docm":
                return WordFile((null, "A note in a macro-enabled file."));
            case "pdf":
                return Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj <<>> endobj\n");
            case "random":
                var random = new byte[4096];
                new Random(20).NextBytes(random);
                random[0] = (byte)'P';
                random[1] = (byte)'K';
                return random;
            case "cfb":
                var cfb = new byte[4096];
                new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(cfb, 0);
                return cfb;
            case "bomb":
                using (var buffer = new MemoryStream())
                {
                    using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
                    {
                        using var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
                        var zeros = new byte[1024 * 1024];
                        for (var i = 0; i < 260; i++)
                        {
                            entry.Write(zeros);
                        }
                    }

                    return buffer.ToArray();
                }

            case "binary":
                return [0x00, 0x01, 0x02, 0x00, 0xFF, 0xFE, 0x00, 0x00, 0x7F, 0x00];
            default:
                return [];
        }
    }

    /// <summary>A Word file with the given paragraphs; a style id makes a paragraph a heading.</summary>
    private static byte[] WordFile(params (string? Style, string Text)[] paragraphs)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                new Style(new StyleName { Val = "heading 1" }) { Type = StyleValues.Paragraph, StyleId = "Heading1" },
                new Style(new StyleName { Val = "heading 2" }) { Type = StyleValues.Paragraph, StyleId = "Heading2" });
            main.Document = new DocumentFormat.OpenXml.Wordprocessing.Document(new Body(paragraphs.Select(p => new Paragraph(
                p.Style is null ? new ParagraphProperties() : new ParagraphProperties(new ParagraphStyleId { Val = p.Style }),
                new Run(new Text(p.Text) { Space = SpaceProcessingModeValues.Preserve })))));
        }

        return stream.ToArray();
    }
}

public sealed class ImportFlowTestsOnSqlite(AppFactory app) : ImportFlowTests(app), IClassFixture<AppFactory>;

[Trait("Store", "Cosmos")]
public sealed class ImportFlowTestsOnCosmos(CosmosAppFactory app) : ImportFlowTests(app), IClassFixture<CosmosAppFactory>;
