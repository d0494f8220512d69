using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Consultations.Core.Domain;
using Consultations.Testing;
using Consultations.Testing.Web;

namespace Consultations.Web.Tests.Security;

/// <summary>
/// Every text field and import path fed the Big List of Naughty Strings: never a 5xx, never live markup, and each
/// string either stored and shown exactly (after the domain's normalisation) or refused with a visible reason.
/// Each test has its own app so the strings of one field cannot disturb another (e.g. register names feed the note guard).
/// </summary>
public sealed partial class NaughtyStringTests
{
    private const string Ph = "/programmes/demo/consultations/demo-ph";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Note_text_is_stored_and_shown_exactly_or_refused()
    {
        await using var app = new AppFactory();
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var strings = await NaughtyStrings.AllAsync();
        var form = Form(await client.GetOkAsync($"{Ph}/sessions/plenary-1"), "[data-testid=add-note-form]");
        var accepted = new Dictionary<string, string>(StringComparer.Ordinal);
        var before = (await app.Notes.ListBySessionAsync("demo-ph", "plenary-1", Ct)).Count;
        var rejected = 0;

        foreach (var s in strings)
        {
            var page = await client.PostAsync(form.Action, form.With(("Input.Text", s)));
            AssertInert(page, s);
            if (IsRedirect(page))
            {
                accepted[page.Location!.Split("#note-")[1]] = s;
            }
            else
            {
                AssertRefused(page, s);
                rejected++;
            }
        }

        var stored = await app.Notes.ListBySessionAsync("demo-ph", "plenary-1", Ct);
        Assert.Equal(before + accepted.Count, stored.Count);
        var shown = await client.GetOkAsync($"{Ph}/sessions/plenary-1");
        AssertInert(shown, string.Empty);
        foreach (var (id, s) in accepted)
        {
            var expected = NoteContent.NormaliseText(s);
            Assert.Equal(expected, stored.Single(n => n.Id == id).Text);
            Assert.Equal(AsParsed(expected), shown.Document.QuerySelector($"#note-{id} .note-text")?.TextContent);
        }

        Assert.True(rejected == strings.Count(s => NoteContent.NormaliseText(s).Length == 0), $"{rejected} refused");
    }

    [Fact]
    public async Task Note_edits_are_stored_and_shown_exactly_or_refused()
    {
        await using var app = new AppFactory();
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var strings = await NaughtyStrings.AllAsync();
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var consultation = (await app.Consultations.GetAsync("demo", "demo-ph", Ct))!;
        var session = consultation.FindSession("plenary-3")!;
        var form = default(HtmlForm);
        var outcomes = new List<(string Id, string Input, bool Accepted)>();

        foreach (var s in strings)
        {
            var note = await app.Notes.CreateAsync(Note.Create(programme, consultation, session, new NoteContent("Placeholder before the edit.", NoteKind.Finding, null, [], []), new UserRef("demo-facilitator", "Sam Okafor"), DateTimeOffset.UtcNow), Ct);
            var url = $"{Ph}/notes/{note.Id}/edit";
            form ??= Form(await client.GetOkAsync(url), "[data-testid=edit-note-form]");
            var page = await client.PostAsync(url, form.With(("Input.Text", s), ("ETag", note.ETag!)));
            AssertInert(page, s);
            if (!IsRedirect(page))
            {
                AssertRefused(page, s);
            }

            outcomes.Add((note.Id, s, IsRedirect(page)));
        }

        var shown = await client.GetOkAsync($"{Ph}/sessions/plenary-3");
        foreach (var (id, s, accepted) in outcomes)
        {
            var stored = (await app.Notes.GetAsync("demo-ph", id, Ct))!;
            var expected = accepted ? NoteContent.NormaliseText(s) : "Placeholder before the edit.";
            Assert.True(expected == stored.Text, $"note edit {Show(s)}: stored {Show(stored.Text)}");
            Assert.Equal(accepted ? 2 : 1, stored.Version);
            Assert.Equal(AsParsed(expected), shown.Document.QuerySelector($"#note-{id} .note-text")?.TextContent);
        }
    }

    [Fact]
    public async Task Session_titles_are_stored_and_shown_exactly_or_refused()
    {
        await using var app = new AppFactory();
        using var lead = await app.SignedInClientAsync("demo-lead");
        var url = $"{Ph}/sessions/plenary-4";
        var form = Form(await lead.GetOkAsync($"{url}/edit"), "main form");

        foreach (var s in await NaughtyStrings.AllAsync())
        {
            var before = (await app.Consultations.GetAsync("demo", "demo-ph", Ct))!;
            var page = await lead.PostAsync(form.Action, form.With(("Input.Title", s), ("ETag", before.ETag!)));
            AssertInert(page, s);
            var after = (await app.Consultations.GetAsync("demo", "demo-ph", Ct))!.FindSession("plenary-4")!.Title;
            if (IsRedirect(page))
            {
                Assert.True(s.Trim() == after, $"session title {Show(s)}: stored {Show(after)}");
                var shown = await lead.GetOkAsync(url);
                AssertInert(shown, s);
                Assert.Equal(AsParsed(after), shown.Document.QuerySelector("main h1")?.TextContent);
            }
            else
            {
                AssertRefused(page, s);
                Assert.Equal(before.FindSession("plenary-4")!.Title, after);
            }
        }
    }

    [Fact]
    public async Task Consultation_city_and_venue_are_stored_and_shown_exactly_or_refused()
    {
        await using var app = new AppFactory();
        using var admin = await app.SignedInClientAsync("demo-admin");
        var form = Form(await admin.GetOkAsync($"{Ph}/edit"), "main form");

        foreach (var s in await NaughtyStrings.AllAsync())
        {
            var before = (await app.Consultations.GetAsync("demo", "demo-ph", Ct))!;
            var page = await admin.PostAsync(form.Action, form.With(("Input.City", s), ("Input.Venue", s), ("ETag", before.ETag!)));
            AssertInert(page, s);
            var after = (await app.Consultations.GetAsync("demo", "demo-ph", Ct))!;
            if (IsRedirect(page))
            {
                Assert.True(s.Trim() == after.City, $"city {Show(s)}: stored {Show(after.City)}");
                Assert.Equal(s.Trim(), after.Venue);
                var shown = await admin.GetOkAsync(Ph);
                AssertInert(shown, s);
                Assert.EndsWith($" — {AsParsed(after.City)}", shown.Document.QuerySelector("main h1")?.TextContent, StringComparison.Ordinal);
                Assert.EndsWith($" · {AsParsed(after.Venue!)}", shown.Document.QuerySelector("main p.lead")?.TextContent, StringComparison.Ordinal);
            }
            else
            {
                AssertRefused(page, s);
                Assert.Equal((before.City, before.Venue), (after.City, after.Venue));
            }
        }
    }

    [Fact]
    public async Task Programme_name_description_and_funder_are_stored_and_shown_exactly_or_refused()
    {
        await using var app = new AppFactory();
        using var admin = await app.SignedInClientAsync("demo-admin");
        var form = Form(await admin.GetOkAsync("/programmes/demo/edit"), "main form");

        foreach (var s in await NaughtyStrings.AllAsync())
        {
            var before = (await app.Programmes.GetAsync("demo", Ct))!;
            var page = await admin.PostAsync(form.Action, form.With(("Input.Name", s), ("Input.Description", s), ("Input.Funder", s), ("ETag", before.ETag!)));
            AssertInert(page, s);
            var after = (await app.Programmes.GetAsync("demo", Ct))!;
            if (IsRedirect(page))
            {
                Assert.True(s.Trim() == after.Name, $"programme name {Show(s)}: stored {Show(after.Name)}");
                Assert.Equal(s.Trim(), after.Description);
                Assert.Equal(s.Trim(), after.Funder);
                var shown = await admin.GetOkAsync("/programmes/demo");
                AssertInert(shown, s);
                Assert.Equal(AsParsed(after.Name), shown.Document.QuerySelector("main h1")?.TextContent);
                Assert.Equal(AsParsed(after.Description), shown.Document.QuerySelector("main p.lead")?.TextContent);
                Assert.Contains(shown.Document.QuerySelectorAll("main p"), p => p.TextContent == $"Funded by {AsParsed(after.Funder!)}");
            }
            else
            {
                AssertRefused(page, s);
                Assert.Equal((before.Name, before.Description, before.Funder), (after.Name, after.Description, after.Funder));
            }
        }
    }

    [Fact]
    public async Task Theme_and_sub_theme_labels_are_stored_and_shown_exactly_or_refused()
    {
        await using var app = new AppFactory();
        using var admin = await app.SignedInClientAsync("demo-admin");
        var themes = await admin.GetOkAsync("/programmes/demo/themes");
        var addTheme = Form(themes, "form[action*='handler=AddTheme']");
        var addSub = Form(themes, "form[action*='handler=AddSubTheme']:has(input[value=inclusion])");
        var labels = new List<string>();
        var subLabels = new List<string>();

        foreach (var s in await NaughtyStrings.AllAsync())
        {
            foreach (var (form, list, sub) in new[] { (addTheme, labels, false), (addSub, subLabels, true) })
            {
                var before = (await app.Programmes.GetAsync("demo", Ct))!;
                var page = await admin.PostAsync(form.Action, form.With(("Label", s), ("ETag", before.ETag!)));
                AssertInert(page, s);
                var after = (await app.Programmes.GetAsync("demo", Ct))!;
                var count = (Func<Programme, int>)(p => sub ? p.Taxonomy.Themes.Single(t => t.Key == "inclusion").SubThemes.Count : p.Taxonomy.Themes.Count);
                if (IsRedirect(page))
                {
                    Assert.True(count(after) == count(before) + 1, $"{(sub ? "sub-theme" : "theme")} {Show(s)} was accepted but not added");
                    var label = sub ? after.Taxonomy.Themes.Single(t => t.Key == "inclusion").SubThemes[^1].Label : after.Taxonomy.Themes[^1].Label;
                    Assert.True(s.Trim() == label, $"{(sub ? "sub-theme" : "theme")} label {Show(s)}: stored {Show(label)}");
                    list.Add(label);
                }
                else
                {
                    AssertRefused(page, s);
                    Assert.Equal(count(before), count(after));
                }
            }
        }

        var shown = await admin.GetOkAsync("/programmes/demo/themes");
        AssertInert(shown, string.Empty);
        var headings = shown.Document.QuerySelectorAll("main h2").Select(h => h.ChildNodes.OfType<IText>().FirstOrDefault()?.Data.TrimEnd() ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        Assert.All(labels, l => Assert.True(headings.Contains(AsParsed(l).TrimEnd()), $"theme {Show(l)} not shown"));
        var chips = shown.Document.QuerySelectorAll("main li.chip").Select(c => c.TextContent).ToHashSet(StringComparer.Ordinal);
        Assert.All(subLabels, l => Assert.True(chips.Contains(AsParsed(l)), $"sub-theme {Show(l)} not shown"));
    }

    [Fact]
    public async Task Register_fields_are_stored_and_shown_exactly_or_refused()
    {
        await using var app = new AppFactory();
        using var lead = await app.SignedInClientAsync("demo-lead");
        var form = Form(await lead.GetOkAsync($"{Ph}/register/participants/new"), "[data-testid=participant-form]");
        var accepted = new List<string>();

        foreach (var s in await NaughtyStrings.AllAsync())
        {
            var before = (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.Count;
            var page = await lead.PostAsync(form.Action, form.With(("Input.Name", s), ("Input.Organisation", s), ("Input.Role", s)));
            AssertInert(page, s);
            var after = (await app.Registers.GetAsync("demo-ph", Ct))!.Participants;
            if (IsRedirect(page))
            {
                Assert.True(after.Count == before + 1, $"participant {Show(s)} accepted but not added");
                var added = after[^1];
                Assert.True(s.Trim() == added.Name, $"participant name {Show(s)}: stored {Show(added.Name)}");
                Assert.Equal(s.Trim(), added.Organisation);
                Assert.Equal(s.Trim(), added.Role);
                accepted.Add(s.Trim());
            }
            else
            {
                AssertRefused(page, s);
                Assert.Equal(before, after.Count);
            }
        }

        var shown = await lead.GetOkAsync($"{Ph}/register");
        AssertInert(shown, string.Empty);
        var cells = shown.Document.QuerySelectorAll("main td").Select(c => c.TextContent).ToHashSet(StringComparer.Ordinal);
        Assert.All(accepted, v => Assert.True(cells.Contains(AsParsed(v)), $"participant {Show(v)} not shown"));
    }

    [Fact]
    public async Task A_csv_import_of_every_string_is_stored_exactly_or_refused_by_row()
    {
        await using var app = new AppFactory();
        using var lead = await app.SignedInClientAsync("demo-lead");
        var strings = await NaughtyStrings.AllAsync();
        var importable = strings.Where(s => s.Trim().Length is > 0 and <= ParticipantRegister.MaxFieldLength).ToList();
        var form = await lead.GetOkAsync($"{Ph}/register/import");
        var before = (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.Count;

        var page = await lead.UploadAsync(form, "[data-testid=import-form]", "Upload", "naughty.csv", Csv(importable));
        AssertInert(page, string.Empty);
        if (page.Document.QuerySelector("[data-testid=import-errors]") is { } refusal)
        {
            // The register refuses look-alike duplicates (case, compatibility forms) by row; nothing may be stored, then the rest imports.
            var errors = refusal.TextContent;
            var rows = RowNumber().Matches(errors).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
            Assert.True(rows.Count > 0 && errors.Contains("Nothing was imported", StringComparison.Ordinal), $"import refused without rows: {page.MainText}");
            Assert.Equal(before, (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.Count);
            importable = [.. importable.Where((_, i) => !rows.Contains(i + 2))];
            page = await lead.UploadAsync(form, "[data-testid=import-form]", "Upload", "naughty.csv", Csv(importable));
            AssertInert(page, string.Empty);
        }

        // The preview lists every string back before anything is stored; confirming it imports them.
        Assert.True(page.Document.QuerySelector("[data-testid=import-confirm-form]") is not null, $"import refused: {page.Document.QuerySelector("[data-testid=import-errors]")?.TextContent ?? page.MainText}");
        Assert.Equal(before, (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.Count);
        page = await lead.SubmitAsync(page, "[data-testid=import-confirm-form]");
        Assert.True(IsRedirect(page), $"import refused: {page.Document.QuerySelector("[data-testid=import-errors]")?.TextContent ?? page.MainText}");
        var after = (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.Skip(before).ToList();
        Assert.Equal(importable.Count, after.Count);
        for (var i = 0; i < importable.Count; i++)
        {
            Assert.True(importable[i].Trim() == after[i].Name, $"CSV name {Show(importable[i])}: stored {Show(after[i].Name)}");
            Assert.Equal(importable[i].Trim(), after[i].Organisation);
            Assert.Equal(importable[i].Trim(), after[i].Role);
        }

        // A whitespace-only name next to an organisation is refused as a whole file, naming the row.
        foreach (var blank in strings.Where(s => s.Length > 0 && s.Trim().Length == 0))
        {
            var csv = Encoding.UTF8.GetBytes($"name,organisation,stakeholder_group,role\nFresh Person,Fresh Org,,\n\"{blank}\",Some Org,,\n");
            var refused = await lead.UploadAsync(form, "[data-testid=import-form]", "Upload", "blank.csv", csv);
            AssertInert(refused, blank);
            Assert.Equal(HttpStatusCode.OK, refused.Status);
            Assert.Contains("Row 3", refused.Document.QuerySelector("[data-testid=import-errors]")?.TextContent, StringComparison.Ordinal);
            Assert.Equal(before + importable.Count, (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.Count);
        }
    }

    [Fact]
    public async Task Brief_title_and_markdown_are_stored_exactly_or_refused_and_render_inert()
    {
        await using var app = new AppFactory();
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        var briefId = await GenerateBriefAsync(researcher);
        var url = $"/programmes/demo/briefs/{briefId}";
        var form = Form(await researcher.GetOkAsync($"{url}/edit"), "[data-testid=brief-form]");

        foreach (var s in await NaughtyStrings.AllAsync())
        {
            var before = (await app.Briefs.GetAsync("demo", briefId, Ct))!;
            var page = await researcher.PostAsync(form.Action, form.With(("Input.Title", s), ("Input.Markdown", s), ("ETag", before.ETag!)));
            AssertInert(page, s);
            var after = (await app.Briefs.GetAsync("demo", briefId, Ct))!;
            if (IsRedirect(page))
            {
                Assert.True(s.Trim() == after.Title, $"brief title {Show(s)}: stored {Show(after.Title)}");
                Assert.True(NoteContent.NormaliseText(s) == after.Markdown, $"brief markdown {Show(s)}: stored {Show(after.Markdown)}");
                var shown = await researcher.GetOkAsync(url);
                AssertInert(shown, s);
                Assert.Contains(shown.Document.QuerySelectorAll("main h1"), h => h.TextContent == AsParsed(after.Title));
                var edit = await researcher.GetOkAsync($"{url}/edit");
                Assert.Equal(AsParsed(after.Markdown), edit.Document.QuerySelector<IHtmlTextAreaElement>("[data-testid=brief-form] textarea")?.Value);
            }
            else
            {
                AssertRefused(page, s);
                Assert.Equal((before.Title, before.Markdown), (after.Title, after.Markdown));
            }
        }
    }

    [Fact]
    public async Task Audit_filters_and_comparison_query_strings_never_fail()
    {
        await using var app = new AppFactory();
        using var admin = await app.SignedInClientAsync("demo-admin");
        using var researcher = await app.SignedInClientAsync("demo-researcher");

        foreach (var s in await NaughtyStrings.AllAsync())
        {
            var q = Uri.EscapeDataString(s);
            var byWho = await admin.GetAsync($"/admin/audit?actor={q}&programme={q}");
            AssertInert(byWho, s);
            Assert.True(byWho.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.Redirect, $"audit ?actor={Show(s)} answered {(int)byWho.Status}");
            AssertInert(await admin.GetAsync($"/admin/audit?what={q}&from={q}&to={q}"), s);
            AssertInert(await admin.GetAsync($"/admin/audit?after={q}"), s);
            AssertInert(await researcher.GetAsync($"/programmes/demo/compare?c={q}&t={q}&kind={q}&sub={q}"), s);
            AssertInert(await researcher.GetAsync($"/programmes/demo/compare?c=demo-ph&c=demo-vn&t={q}&sub={q}"), s);
        }
    }

    /// <summary>No 5xx, no element the input could have created: no inline script, no event handler, no javascript: link.</summary>
    private static void AssertInert(Page page, string input)
    {
        Assert.True((int)page.Status < 500, $"{page.Url} answered {(int)page.Status} for {Show(input)}");
        Assert.Empty(page.Document.QuerySelectorAll("script:not([src])"));
        Assert.DoesNotContain(page.Document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(page.Document.All, e => e.Attributes.Any(a => a.Name is "href" or "src" or "action" or "formaction" && a.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)));
        if (TagLike().IsMatch(input))
        {
            Assert.False(page.Text.Contains(input.Trim(), StringComparison.Ordinal), $"{page.Url} echoes {Show(input)} unencoded");
        }
    }

    /// <summary>A refusal is a form page again with a visible reason.</summary>
    private static void AssertRefused(Page page, string input)
    {
        Assert.True(page.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{page.Url} answered {(int)page.Status} for {Show(input)}");
        var reasons = page.Document.QuerySelectorAll(".field-validation-error, .validation-summary-errors li, [data-testid=status-message], .alert-danger")
            .Select(e => e.TextContent.Trim()).Where(t => t.Length > 0).ToList();
        Assert.True(reasons.Count > 0, $"{page.Url} neither accepted nor explained refusing {Show(input)}");
    }

    private static bool IsRedirect(Page page) => page.Status is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther;

    /// <summary>The HTML parser turns CR and CRLF into LF; a browser shows the same.</summary>
    private static string AsParsed(string value) => value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static string Show(string? value) => value is null ? "null" : JsonEncode(value);

    private static string JsonEncode(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static byte[] Csv(IEnumerable<string> names)
    {
        var csv = new StringBuilder("name,organisation,stakeholder_group,role\n");
        foreach (var s in names)
        {
            var quoted = $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            csv.Append(quoted).Append(',').Append(quoted).Append(",,").Append(quoted).Append('\n');
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static async Task<string> GenerateBriefAsync(HtmlClient client)
    {
        var compare = await client.GetOkAsync("/programmes/demo/compare?c=demo-ph&c=demo-vn");
        var answer = await client.SubmitAsync(compare, "[data-testid=generate-brief]", [new("Input.Title", "Naughty strings")]);
        for (var i = 0; i < 60 && answer.Location?.Contains("/jobs/", StringComparison.Ordinal) == true; i++)
        {
            await Task.Delay(250, Ct);
            answer = await client.GetAsync(answer.Location);
            if (answer.Status == HttpStatusCode.OK)
            {
                answer = answer with { Location = answer.Url };
            }
        }

        var draft = await client.FollowAsync(answer);
        var id = Regex.Match(draft.Url, "/briefs/([a-z0-9-]+)$").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(id), $"not a brief page: {draft.Url}");
        return id;
    }

    /// <summary>A form's action and current fields, to post many values without reloading the page.</summary>
    private static HtmlForm Form(Page page, string selector)
    {
        var form = page.Document.QuerySelector<IHtmlFormElement>(selector) ?? throw new InvalidOperationException($"No form '{selector}' on {page.Url}.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Name.Length: > 0, IsDisabled: false } input when input.Type is not ("submit" or "button" or "file") && (input.Type is not ("checkbox" or "radio") || input.IsChecked):
                    fields.Add(new(input.Name!, input.Value));
                    break;
                case IHtmlTextAreaElement { Name.Length: > 0 } area:
                    fields.Add(new(area.Name!, area.Value));
                    break;
                case IHtmlSelectElement { Name.Length: > 0 } select:
                    fields.Add(new(select.Name!, select.Value ?? string.Empty));
                    break;
            }
        }

        var action = form.GetAttribute("action");
        return new HtmlForm(string.IsNullOrEmpty(action) ? page.Url : action, fields);
    }

    [GeneratedRegex(@"Row (\d+):")]
    private static partial Regex RowNumber();

    [GeneratedRegex("<[a-zA-Z/!?]")]
    private static partial Regex TagLike();

    private sealed record HtmlForm(string Action, IReadOnlyList<KeyValuePair<string, string>> Fields)
    {
        public List<KeyValuePair<string, string>> With(params (string Name, string Value)[] values) =>
            [.. Fields.Where(f => !values.Any(v => v.Name == f.Key)), .. values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value))];
    }
}
