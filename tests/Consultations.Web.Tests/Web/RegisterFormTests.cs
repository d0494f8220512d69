using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Consultations.Core.Domain;
using Consultations.Testing.Web;

namespace Consultations.Web.Tests.Web;

/// <summary>
/// The participant register through the real forms: add, edit, remove, CSV import, conflicts, purge and history, and who may
/// do each. Tests share one app, so each works on its own consultation or its own participants.
/// </summary>
public abstract class RegisterFormTests(AppFactory app)
{
    private const string Ph = "/programmes/demo/consultations/demo-ph/register";
    private const string Id = "/programmes/demo/consultations/demo-id/register";
    private const string My = "/programmes/demo/consultations/demo-my/register";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_facilitator_adds_edits_and_removes_a_participant()
    {
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var register = await client.GetOkAsync(Ph);
        var addUrl = register.Document.QuerySelector("[data-testid=register-actions] a[href$='/participants/new']")!.GetAttribute("href")!;

        var added = await client.SubmitAsync(await client.GetOkAsync(addUrl), "[data-testid=participant-form]",
        [
            new("Input.Name", "Corazon Añonuevo"),
            new("Input.Organisation", "Philippine Test Institute (PTI)"),
            new("Input.StakeholderGroup", "academia"),
            new("Input.Role", "Lecturer"),
        ]);
        var listed = await client.FollowAsync(added);
        Assert.Contains("Corazon Añonuevo added to the register.", listed.MainText, StringComparison.Ordinal);
        Assert.Contains("Philippine Test Institute (PTI)", listed.Document.QuerySelector("[data-testid=register-table]")!.TextContent, StringComparison.Ordinal);
        var participant = (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.Single(p => p.Name == "Corazon Añonuevo");
        Assert.Equal("academia", participant.StakeholderGroup);

        var row = listed.Document.QuerySelector($"tr[data-participant-id='{participant.Id}']")!;
        var edit = await client.GetOkAsync(row.QuerySelector("a[href$='/edit']")!.GetAttribute("href")!);
        Assert.Equal("Lecturer", edit.Document.QuerySelector<IHtmlInputElement>("input[name='Input.Role']")!.Value);
        var saved = await client.SubmitAsync(edit, "[data-testid=participant-form]", [new("Input.Role", "Professor"), new("Input.StakeholderGroup", "civil-society")]);
        Assert.Contains("Corazon Añonuevo saved.", (await client.FollowAsync(saved)).MainText, StringComparison.Ordinal);
        participant = (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.Single(p => p.Id == participant.Id);
        Assert.Equal(("Professor", "civil-society"), (participant.Role, participant.StakeholderGroup));

        var confirm = await client.GetOkAsync(row.QuerySelector("a[href$='/remove']")!.GetAttribute("href")!);
        Assert.Contains("Remove this participant?", confirm.MainText, StringComparison.Ordinal);
        Assert.Contains("Professor", confirm.Document.QuerySelector("[data-testid=participant-details]")!.TextContent, StringComparison.Ordinal);
        var removed = await client.SubmitAsync(confirm, "main form");
        Assert.Contains("Corazon Añonuevo removed from the register.", (await client.FollowAsync(removed)).MainText, StringComparison.Ordinal);
        var stored = (await app.Registers.GetAsync("demo-ph", Ct))!;
        Assert.DoesNotContain(stored.Participants, p => p.Id == participant.Id);
        Assert.Equal(
            [(RegisterAction.Added, 1), (RegisterAction.Updated, 1), (RegisterAction.Removed, 1)],
            stored.History.Where(h => h.By.Id == "demo-facilitator").TakeLast(3).Select(h => (h.Action, h.Count)));

        var again = await client.SubmitAsync(confirm, "main form");
        Assert.Contains("already been removed", (await client.FollowAsync(again)).MainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adding_explains_what_is_wrong_and_keeps_the_typed_entry()
    {
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var form = await client.GetOkAsync($"{Ph}/participants/new");
        var before = (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.Count;

        var nameless = await client.SubmitAsync(form, "[data-testid=participant-form]", [new("Input.Name", " "), new("Input.Organisation", "Kept Organisation")]);
        Assert.Equal(HttpStatusCode.OK, nameless.Status);
        Assert.Contains("Enter the participant's name.", nameless.MainText, StringComparison.Ordinal);
        Assert.Equal("Kept Organisation", nameless.Document.QuerySelector<IHtmlInputElement>("input[name='Input.Organisation']")!.Value);

        var duplicate = await client.SubmitAsync(form, "[data-testid=participant-form]",
            [new("Input.Name", "maria teresa dela cruz"), new("Input.Organisation", "Department of Information and Communications Technology (DICT)")]);
        Assert.Equal(HttpStatusCode.OK, duplicate.Status);
        Assert.Contains("is already in the register", duplicate.MainText, StringComparison.Ordinal);

        var unknownGroup = await client.SubmitAsync(form, "[data-testid=participant-form]", [new("Input.Name", "Someone New"), new("Input.StakeholderGroup", "media")]);
        Assert.Contains("Choose a stakeholder group from the list.", unknownGroup.MainText, StringComparison.Ordinal);
        Assert.Equal(before, (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.Count);
    }

    [Fact]
    public async Task A_group_posted_as_a_label_to_the_participant_form_is_stored_as_its_key()
    {
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var form = await client.GetOkAsync($"{Ph}/participants/new");

        var added = await client.SubmitAsync(form, "[data-testid=participant-form]", [new("Input.Name", "Form Label-Tester"), new("Input.StakeholderGroup", " Private  Sector ")]);

        Assert.Equal(HttpStatusCode.Redirect, added.Status);
        Assert.Equal("private-sector", (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.Single(p => p.Name == "Form Label-Tester").StakeholderGroup);
    }

    [Fact]
    public async Task A_csv_file_imports_every_row_with_quotes_and_diacritics()
    {
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var register = await client.GetOkAsync(Id);
        var before = (await app.Registers.GetAsync("demo-id", Ct))!.Participants.Count;
        var form = await client.GetOkAsync(register.Document.QuerySelector("a[href$='/import']")!.GetAttribute("href")!);
        var csv = Utf8WithBom("""
            name,organisation,stakeholder_group,role
            "Santoso, Agus",Test Telekomunikasi,Telecommunications,"Head, Security Operations"

            Nguyễn Văn Thử,Department of Information and Communications Technology Testing (DICTT),government,
            Siti Percobaan,Universitas Percobaan,academia,Lecturer
            """);

        var preview = await client.UploadAsync(form, "[data-testid=import-form]", "Upload", "participants.csv", csv);
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Equal(before, (await app.Registers.GetAsync("demo-id", Ct))!.Participants.Count);
        var imported = await client.SubmitAsync(preview, "[data-testid=import-confirm-form]");

        var listed = await client.FollowAsync(imported);
        Assert.Contains("Imported 3 participants from participants.csv.", listed.MainText, StringComparison.Ordinal);
        var stored = (await app.Registers.GetAsync("demo-id", Ct))!;
        Assert.Equal(before + 3, stored.Participants.Count);
        Assert.Contains(stored.Participants, p => p is { Name: "Santoso, Agus", StakeholderGroup: "telecoms", Role: "Head, Security Operations" });
        Assert.Contains(stored.Participants, p => p is { Name: "Nguyễn Văn Thử", Organisation: "Department of Information and Communications Technology Testing (DICTT)", Role: null });
        var last = stored.History[^1];
        Assert.Equal((RegisterAction.Imported, 3, "demo-facilitator"), (last.Action, last.Count, last.By.Id));
    }

    [Fact]
    public async Task A_csv_file_with_a_bad_row_imports_nothing_and_names_the_row()
    {
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var form = await client.GetOkAsync($"{Id}/import");
        var before = (await app.Registers.GetAsync("demo-id", Ct))!;
        var csv = Encoding.UTF8.GetBytes("name,organisation,stakeholder_group,role\nValid Person,Valid Org,government,\nWrong Group,Some Org,journalists,\n");

        var refused = await client.UploadAsync(form, "[data-testid=import-form]", "Upload", "bad.csv", csv);

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        var errors = refused.Document.QuerySelector("[data-testid=import-errors]")!.TextContent;
        Assert.Contains("Nothing was imported", errors, StringComparison.Ordinal);
        Assert.Contains("Row 3: “journalists” is not a stakeholder group", errors, StringComparison.Ordinal);
        Assert.Contains("“Government” (government), “Armed forces and defence” (armed-forces)", errors, StringComparison.Ordinal);
        var after = (await app.Registers.GetAsync("demo-id", Ct))!;
        Assert.Equal(before.ETag, after.ETag);
        Assert.DoesNotContain(after.Participants, p => p.Name == "Valid Person");

        var empty = await client.UploadAsync(form, "[data-testid=import-form]", "Upload", "empty.csv", []);
        Assert.Contains("Choose a CSV file to import.", empty.MainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csv_file_with_group_labels_shows_how_each_was_read_and_imports_their_keys()
    {
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var form = await client.GetOkAsync($"{Id}/import");
        var before = (await app.Registers.GetAsync("demo-id", Ct))!;
        var csv = Utf8WithBom("""
            name,organisation,stakeholder_group,role
            Label Tester-One,Bank Percobaan,Private sector,Analyst
            Label Tester-Two,Yayasan Percobaan,Civil society,
            Label Tester-Three,Bank Percobaan Dua, private_SECTOR ,
            Label Tester-Four,Universitas Label,Academia and research,
            """);

        var preview = await client.UploadAsync(form, "[data-testid=import-form]", "Upload", "labels.csv", csv);

        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Null(preview.Document.QuerySelector("[data-testid=import-errors]"));
        Assert.Contains("labels.csv has 4 participants", preview.Document.QuerySelector("[data-testid=import-summary]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(
        [
            "“Private sector” → Other private sector (private-sector) key 1",
            "“Civil society” → Civil society (civil-society) label 1",
            "“private_SECTOR” → Other private sector (private-sector) key 1",
            "“Academia and research” → Academia and research (academia) label 1",
        ],
        preview.Document.QuerySelectorAll("[data-testid=group-matches] tbody tr").Select(Cells));
        Assert.Contains("2 Label Tester-One Bank Percobaan Other private sector Analyst", preview.Document.QuerySelectorAll("[data-testid=import-preview] tbody tr").Select(Cells));
        Assert.Equal(before.ETag, (await app.Registers.GetAsync("demo-id", Ct))!.ETag);

        var imported = await client.SubmitAsync(preview, "[data-testid=import-confirm-form]");

        Assert.Contains("Imported 4 participants from labels.csv.", (await client.FollowAsync(imported)).MainText, StringComparison.Ordinal);
        var stored = (await app.Registers.GetAsync("demo-id", Ct))!.Participants.Where(p => p.Name.StartsWith("Label Tester-", StringComparison.Ordinal));
        Assert.Equal(
            [("Label Tester-One", "private-sector"), ("Label Tester-Two", "civil-society"), ("Label Tester-Three", "private-sector"), ("Label Tester-Four", "academia")],
            stored.Select(p => (p.Name, p.StakeholderGroup)));
    }

    [Fact]
    public async Task An_import_preview_that_became_a_duplicate_is_refused_on_confirming_and_an_altered_one_imports_nothing()
    {
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var form = await client.GetOkAsync($"{Id}/import");
        var csv = Encoding.UTF8.GetBytes("name,organisation,stakeholder_group\nRace Tester,Race Org,civil society\n");
        var first = await client.UploadAsync(form, "[data-testid=import-form]", "Upload", "race.csv", csv);
        var second = await client.UploadAsync(form, "[data-testid=import-form]", "Upload", "race.csv", csv);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(first, "[data-testid=import-confirm-form]")).Status);

        var again = await client.SubmitAsync(second, "[data-testid=import-confirm-form]");

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains("Race Tester of Race Org is already in the register", again.Document.QuerySelector("[data-testid=import-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.Single((await app.Registers.GetAsync("demo-id", Ct))!.Participants, p => p.Name == "Race Tester");

        var before = (await app.Registers.GetAsync("demo-id", Ct))!.ETag;
        var altered = await client.SubmitAsync(second, "[data-testid=import-confirm-form]", [new("FileContent", "not base64url!")]);
        Assert.Contains("could not be read back from the preview", altered.Document.QuerySelector("[data-testid=import-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, (await app.Registers.GetAsync("demo-id", Ct))!.ETag);
    }

    [Fact]
    public async Task A_stale_edit_is_refused_keeps_what_was_typed_and_saves_on_purpose_the_second_time()
    {
        var participant = (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.First(p => p.Name == "Ramon Delos Santos");
        var editUrl = $"{Ph}/participants/{participant.Id}/edit";
        using var facilitator = await app.SignedInClientAsync("demo-facilitator");
        using var lead = await app.SignedInClientAsync("demo-lead");
        var mine = await facilitator.GetOkAsync(editUrl);
        var theirs = await lead.GetOkAsync(editUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await lead.SubmitAsync(theirs, "[data-testid=participant-form]", [new("Input.Role", "Their role")])).Status);

        var stale = await facilitator.SubmitAsync(mine, "[data-testid=participant-form]", [new("Input.Role", "My role")]);

        Assert.Equal(HttpStatusCode.OK, stale.Status);
        Assert.Contains("Someone else changed the register since you opened this page, so nothing was saved.", stale.MainText, StringComparison.Ordinal);
        Assert.Contains("Their role", stale.Document.QuerySelector("[data-testid=their-version]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("My role", stale.Document.QuerySelector<IHtmlInputElement>("[data-testid=participant-form] input[name='Input.Role']")!.Value);
        Assert.Equal("Their role", (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.Single(p => p.Id == participant.Id).Role);

        var resolved = await facilitator.SubmitAsync(stale, "[data-testid=participant-form]");
        Assert.Equal(HttpStatusCode.Redirect, resolved.Status);
        Assert.Equal("My role", (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.Single(p => p.Id == participant.Id).Role);
    }

    [Fact]
    public async Task Saving_a_participant_someone_removed_meanwhile_keeps_the_entry_and_offers_to_add_it_again()
    {
        using var facilitator = await app.SignedInClientAsync("demo-facilitator");
        using var lead = await app.SignedInClientAsync("demo-lead");
        var added = await facilitator.SubmitAsync(await facilitator.GetOkAsync($"{Ph}/participants/new"), "[data-testid=participant-form]", [new("Input.Name", "Gone Meanwhile"), new("Input.Organisation", "Vanishing Org")]);
        Assert.Equal(HttpStatusCode.Redirect, added.Status);
        var id = (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.Single(p => p.Name == "Gone Meanwhile").Id;
        var edit = await facilitator.GetOkAsync($"{Ph}/participants/{id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, (await lead.SubmitAsync(await lead.GetOkAsync($"{Ph}/participants/{id}/remove"), "main form")).Status);

        var saved = await facilitator.SubmitAsync(edit, "[data-testid=participant-form]", [new("Input.Role", "Typed role")]);

        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Contains("This participant is no longer in the register", saved.Document.QuerySelector("[data-testid=removed-panel]")!.TextContent, StringComparison.Ordinal);
        var again = await facilitator.SubmitAsync(saved, "form[action$='/participants/new']");
        Assert.Contains("Gone Meanwhile added to the register.", (await facilitator.FollowAsync(again)).MainText, StringComparison.Ordinal);
        Assert.Contains((await app.Registers.GetAsync("demo-ph", Ct))!.Participants, p => p is { Name: "Gone Meanwhile", Role: "Typed role" });
    }

    [Fact]
    public async Task The_lead_purges_the_register_and_only_group_counts_and_a_nameless_history_remain()
    {
        using var lead = await app.SignedInClientAsync("demo-lead");
        var before = (await app.Registers.GetAsync("demo-my", Ct))!;
        var names = before.Participants.SelectMany(p => new[] { p.Name, p.Organisation }).ToList();
        var counts = before.GroupCounts();
        var register = await lead.GetOkAsync(My);
        var confirm = await lead.GetOkAsync(register.Document.QuerySelector("a[href$='/purge']")!.GetAttribute("href")!);
        Assert.Contains("This cannot be undone.", confirm.MainText, StringComparison.Ordinal);
        Assert.Contains($"deletes the name, organisation and role of all {before.Participants.Count} participants", confirm.MainText, StringComparison.Ordinal);

        var unconfirmed = await lead.SubmitAsync(confirm, "[data-testid=purge-form]");
        Assert.Equal(HttpStatusCode.OK, unconfirmed.Status);
        Assert.Contains("Tick the box to confirm", unconfirmed.MainText, StringComparison.Ordinal);
        Assert.False((await app.Registers.GetAsync("demo-my", Ct))!.IsPurged);

        var purged = await lead.SubmitAsync(confirm, "[data-testid=purge-form]", [new("Confirm", "true")]);

        var page = await lead.FollowAsync(purged);
        Assert.Contains($"Register purged: the names, organisations and roles of {before.Participants.Count} participants were deleted.", page.MainText, StringComparison.Ordinal);
        Assert.Contains("Rin Castillo-Webb purged it on", page.Document.QuerySelector("[data-testid=purged-panel]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.Document.QuerySelector("[data-testid=register-table]"));
        Assert.Empty(page.Document.QuerySelectorAll("a[href$='/participants/new'], a[href$='/import'], a[href$='/purge']"));
        Assert.Contains("Government:", page.Document.QuerySelector("[data-testid=group-counts]")!.TextContent, StringComparison.Ordinal);
        Assert.All(names, n => Assert.DoesNotContain(n, page.Text, StringComparison.Ordinal));

        var stored = (await app.Registers.GetAsync("demo-my", Ct))!;
        Assert.True(stored.IsPurged);
        Assert.Empty(stored.Participants);
        Assert.NotEmpty(stored.Guard!.Patterns);
        Assert.Equal(counts, stored.GroupCounts());
        Assert.Equal("demo-lead", stored.PurgedBy!.Id);
        var json = Core.Storage.DocumentJson.Serialize(stored);
        Assert.All(names, n => Assert.DoesNotContain(n, json, StringComparison.Ordinal));

        var history = await lead.GetOkAsync($"{My}/history");
        var newest = history.Document.QuerySelector("[data-testid=history-table] tbody tr")!.TextContent;
        Assert.Contains("Rin Castillo-Webb", newest, StringComparison.Ordinal);
        Assert.Contains("Purged", newest, StringComparison.Ordinal);
        Assert.Contains(before.Participants.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), newest, StringComparison.Ordinal);
        Assert.Contains("Imported", history.MainText, StringComparison.Ordinal);
        Assert.All(names, n => Assert.DoesNotContain(n, history.Text, StringComparison.Ordinal));

        // The add form of a purged register says so, and a forced post is refused by the domain.
        var add = await lead.GetOkAsync($"{My}/participants/new");
        Assert.Contains("This register was purged", add.MainText, StringComparison.Ordinal);
        var token = add.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forced = await lead.PostAsync($"{My}/participants/new", [new("Input.Name", "Late Arrival"), new("__RequestVerificationToken", token)]);
        Assert.Equal(HttpStatusCode.OK, forced.Status);
        Assert.Contains("names can no longer be added", forced.MainText, StringComparison.Ordinal);
        Assert.Contains("already purged", (await lead.GetOkAsync($"{My}/purge")).MainText, StringComparison.Ordinal);
        Assert.Empty((await app.Registers.GetAsync("demo-my", Ct))!.Participants);
    }

    [Fact]
    public async Task A_facilitator_who_is_not_the_lead_cannot_purge()
    {
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var register = await client.GetOkAsync(Ph);
        Assert.Null(register.Document.QuerySelector("a[href$='/purge']"));

        var page = await client.GetAsync($"{Ph}/purge");
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("Only the consultation's lead facilitator or an administrator can purge", page.MainText, StringComparison.Ordinal);

        var token = register.Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? (await client.GetOkAsync($"{Ph}/participants/new")).Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forced = await client.PostAsync($"{Ph}/purge", [new("Confirm", "true"), new("__RequestVerificationToken", token)]);
        Assert.Equal(HttpStatusCode.Forbidden, forced.Status);
        Assert.False((await app.Registers.GetAsync("demo-ph", Ct))!.IsPurged);
    }

    [Theory]
    [InlineData("demo-researcher")]
    [InlineData("demo-funder")]
    [InlineData("demo-facilitator-2")]
    public async Task Others_are_refused_every_register_page_and_action(string persona)
    {
        var participant = (await app.Registers.GetAsync("demo-ph", Ct))!.Participants[0];
        using var client = await app.SignedInClientAsync(persona);
        var before = (await app.Registers.GetAsync("demo-ph", Ct))!.ETag;

        foreach (var url in new[] { Ph, $"{Ph}/participants/new", $"{Ph}/participants/{participant.Id}/edit", $"{Ph}/participants/{participant.Id}/remove", $"{Ph}/import", $"{Ph}/import?handler=Template", $"{Ph}/history", $"{Ph}/purge" })
        {
            var page = await client.GetAsync(url);
            Assert.True(page.Status == HttpStatusCode.Forbidden, $"{persona} GET {url}: {(int)page.Status}");
            Assert.DoesNotContain(participant.Name, page.Text, StringComparison.Ordinal);
        }

        var token = (await client.GetOkAsync("/")).Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        foreach (var url in new[] { $"{Ph}/participants/new", $"{Ph}/participants/{participant.Id}/remove", $"{Ph}/purge" })
        {
            var forced = await client.PostAsync(url, [new("Input.Name", "Sneaky"), new("Confirm", "true"), new("__RequestVerificationToken", token)]);
            Assert.True(forced.Status == HttpStatusCode.Forbidden, $"{persona} POST {url}: {(int)forced.Status}");
        }

        Assert.Equal(before, (await app.Registers.GetAsync("demo-ph", Ct))!.ETag);
    }

    [Fact]
    public async Task The_import_template_has_the_header_row()
    {
        using var client = await app.SignedInClientAsync("demo-admin");
        using var response = await client.Http.GetAsync($"{Ph}/import?handler=Template", Ct);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("\uFEFFname,organisation,stakeholder_group,role\r\n", text);
    }

    /// <summary>A table row's cells as one line of text, whitespace collapsed.</summary>
    private static string Cells(IElement row) =>
        string.Join(' ', row.QuerySelectorAll("td").Select(c => string.Join(' ', c.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));

    private static byte[] Utf8WithBom(string text) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];
}

public sealed class RegisterFormTestsOnSqlite(AppFactory app) : RegisterFormTests(app), IClassFixture<AppFactory>;

[Trait("Store", "Cosmos")]
public sealed class RegisterFormTestsOnCosmos(CosmosAppFactory app) : RegisterFormTests(app), IClassFixture<CosmosAppFactory>;
