using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Consultations.Core.Access;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Core.Text;
using Consultations.Testing.Web;
using Consultations.Web.Audit;
using Consultations.Web.Pages.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Web.Tests.Web;

/// <summary>
/// The audit trail through the real app on SQLite: what each flow records (with counts and reasons, never names or
/// note text), the administrators' page with its filters, paging and CSV, and a leak check over every detail written.
/// </summary>
public sealed partial class AuditTrailTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Ph = "/programmes/demo/consultations/demo-ph";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IAuditStore Audit => app.Services.GetRequiredService<IAuditStore>();

    [Fact]
    public async Task Signing_in_is_recorded_with_the_persons_roles()
    {
        var since = DateTimeOffset.UtcNow;

        using var client = await app.SignedInClientAsync("demo-reviewer");

        var entry = Assert.Single(await EntriesAsync(new AuditQuery { From = since, ActorId = "demo-reviewer", Action = AuditAction.SignedIn }));
        Assert.Equal(("Tomás Reyes", AuditOutcome.Succeeded), (entry.ActorName, entry.Outcome));
        Assert.Equal(new[] { Role.Researcher }, entry.ActorRoles);
        Assert.Equal(("user", "demo-reviewer"), (entry.TargetType, entry.TargetId));
    }

    [Fact]
    public async Task Publishing_overriding_with_a_reason_and_returning_a_note_are_recorded_without_its_text()
    {
        var name = (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.First(p => p.Name.Split(' ').Length >= 2).Name;
        var clean = await SubmittedNoteAsync("demo-ph", "plenary-2", $"Firms adopt a standard first and adapt it later ({Guid.NewGuid():N}).");
        var named = await SubmittedNoteAsync("demo-ph", "plenary-2", $"{name} said the checklist must stay short ({Guid.NewGuid():N}).");
        using var lead = await app.SignedInClientAsync("demo-lead");

        await lead.FollowAsync(await lead.SubmitAsync(await lead.GetOkAsync(EditUrl(clean.Id)), "form[action*='handler=Publish']"));
        var reason = $"A namesake: {name} was not in the room, checked with the co-chair.";
        await lead.FollowAsync(await lead.SubmitAsync(await lead.GetOkAsync(EditUrl(named.Id)), "[data-testid=override-form]", [new("OverrideReason", reason)]));
        await lead.FollowAsync(await lead.SubmitAsync(await lead.GetOkAsync(EditUrl(clean.Id)), "form[action*='handler=ReturnToReview']"));

        var published = Assert.Single(await EntriesAsync(new AuditQuery { Action = AuditAction.NotePublished }), e => e.TargetId == clean.Id);
        Assert.Equal(("demo-lead", "demo", "demo-ph", "note"), (published.ActorId, published.ProgrammeId, published.ConsultationId, published.TargetType));
        Assert.Single(await EntriesAsync(new AuditQuery { Action = AuditAction.NoteReturnedToReview }), e => e.TargetId == clean.Id);
        Assert.Single(await EntriesAsync(new AuditQuery { Action = AuditAction.NotePublished }), e => e.TargetId == named.Id);

        // The lead's own words are kept; the participant's name in them is not, and neither is the note.
        var overridden = Assert.Single(await EntriesAsync(new AuditQuery { Action = AuditAction.GuardOverridden }), e => e.TargetId == named.Id);
        Assert.Contains("A namesake:", overridden.Detail, StringComparison.Ordinal);
        Assert.Contains("was not in the room, checked with the co-chair.", overridden.Detail, StringComparison.Ordinal);
        Assert.Contains(AuditTrail.Withheld, overridden.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(name, overridden.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("checklist", overridden.Detail, StringComparison.Ordinal);
        Assert.StartsWith("A namesake", (await app.Notes.GetAsync("demo-ph", named.Id, Ct))!.GuardOverride!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_imports_and_purges_are_recorded_as_counts_only()
    {
        using var facilitator = await app.SignedInClientAsync("demo-facilitator");
        var form = await facilitator.GetOkAsync("/programmes/demo/consultations/demo-id/register/import");
        var csv = Encoding.UTF8.GetBytes("name,organisation,stakeholder_group,role\nAudit Imported-One,Imported Org,government,\nAudit Imported-Two,Imported Org,academia,Lecturer\n");
        var preview = await facilitator.UploadAsync(form, "[data-testid=import-form]", "Upload", "people.csv", csv);
        Assert.Empty(await EntriesAsync(new AuditQuery { Action = AuditAction.RegisterImported, ActorId = "demo-facilitator" }));
        var imported = await facilitator.SubmitAsync(preview, "[data-testid=import-confirm-form]");
        Assert.Equal(HttpStatusCode.Redirect, imported.Status);

        var import = Assert.Single(await EntriesAsync(new AuditQuery { Action = AuditAction.RegisterImported, ActorId = "demo-facilitator" }));
        Assert.StartsWith("2 participant(s) imported", import.Detail, StringComparison.Ordinal);
        Assert.Equal(("participant-register", "demo-id"), (import.TargetType, import.TargetId));
        Assert.DoesNotContain("Audit Imported", import.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("people.csv", import.Detail, StringComparison.Ordinal);

        // Purged on a consultation of its own, so the demo registers stay whole for the other tests here.
        var consultation = await ConsultationWithRegisterAsync(["Purged Person-One", "Purged Person-Two", "Purged Person-Three"]);
        using var lead = await app.SignedInClientAsync("demo-lead");
        var confirm = await lead.GetOkAsync($"/programmes/demo/consultations/{consultation.Id}/register/purge");
        Assert.Equal(HttpStatusCode.Redirect, (await lead.SubmitAsync(confirm, "[data-testid=purge-form]", [new("Confirm", "true")])).Status);

        var purge = Assert.Single(await EntriesAsync(new AuditQuery { Action = AuditAction.RegisterPurged }), e => e.ConsultationId == consultation.Id);
        Assert.Equal("demo-lead", purge.ActorId);
        Assert.Contains("of 3 participant(s) deleted", purge.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Purged Person", purge.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_a_brief_a_funders_read_and_a_docx_download_are_recorded()
    {
        var brief = await DraftBriefAsync("Audited brief", "## Inclusion\n\nGender equity goes beyond head-counts.");
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        using var reviewer = await app.SignedInClientAsync("demo-reviewer");
        using var funder = await app.SignedInClientAsync("demo-funder");

        await researcher.FollowAsync(await researcher.SubmitAsync(await researcher.GetOkAsync(BriefUrl(brief.Id)), "form[action*='handler=Submit']"));
        var approved = await reviewer.SubmitAsync(await reviewer.GetOkAsync(BriefUrl(brief.Id)), "form[action*='handler=Approve']");
        Assert.EndsWith("/v/1", approved.Location, StringComparison.Ordinal);
        await funder.GetOkAsync($"{BriefUrl(brief.Id)}/v/1");
        using (var docx = await funder.Http.GetAsync($"{BriefUrl(brief.Id)}/v/1?handler=docx", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        }

        var versionId = BriefVersion.IdOf(brief.Id, 1);
        Assert.Single(await EntriesAsync(new AuditQuery { Action = AuditAction.BriefSubmitted, ActorId = "demo-researcher" }), e => e.TargetId == brief.Id);
        var published = Assert.Single(await EntriesAsync(new AuditQuery { Action = AuditAction.BriefPublished }), e => e.TargetId == versionId);
        Assert.Equal("demo-reviewer", published.ActorId);
        Assert.Contains("version 1", published.Detail, StringComparison.Ordinal);
        var read = Assert.Single(await EntriesAsync(new AuditQuery { Action = AuditAction.BriefReadByFunder }), e => e.TargetId == versionId);
        Assert.Equal(("demo-funder", "demo"), (read.ActorId, read.ProgrammeId));
        var exported = Assert.Single(await EntriesAsync(new AuditQuery { Action = AuditAction.BriefExported, ActorId = "demo-funder" }), e => e.TargetId == versionId);
        Assert.Contains("DOCX", exported.Detail, StringComparison.Ordinal);

        // A researcher's read is not a funder's read.
        await researcher.GetOkAsync($"{BriefUrl(brief.Id)}/v/1");
        Assert.Single(await EntriesAsync(new AuditQuery { Action = AuditAction.BriefReadByFunder }), e => e.TargetId == versionId);
    }

    [Fact]
    public async Task A_download_the_gate_stops_is_recorded_as_refused()
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var name = (await app.Registers.GetAsync("demo-ph", Ct))!.Participants.First(p => p.Name.Split(' ').Length >= 2).Name;
        var brief = Brief.Create(programme, "Gated", new BriefScope(["demo-ph"], ["inclusion"], null, null), BriefCoverage.Empty, $"## Inclusion\n\n{name} argued for more time.", new UserRef("demo-researcher", "R"), DateTimeOffset.UtcNow);
        brief.SubmitForReview(brief.CreatedBy, DateTimeOffset.UtcNow);
        var version = brief.Publish([], new UserRef("demo-reviewer", "T"), DateTimeOffset.UtcNow);
        await app.Briefs.CreateAsync(brief, Ct);
        await app.Briefs.CreateVersionAsync(version, Ct);
        using var funder = await app.SignedInClientAsync("demo-funder");

        Assert.Equal(HttpStatusCode.Redirect, (await funder.GetAsync($"{BriefUrl(brief.Id)}/v/1?handler=docx")).Status);

        var blocked = Assert.Single(await EntriesAsync(new AuditQuery { Action = AuditAction.ExportBlocked, ActorId = "demo-funder" }), e => e.TargetId == version.Id);
        Assert.Equal(AuditOutcome.Refused, blocked.Outcome);
        Assert.Contains("DOCX download", blocked.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(name, blocked.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(await EntriesAsync(new AuditQuery { Action = AuditAction.BriefExported, ActorId = "demo-funder" }), e => e.TargetId == version.Id);
    }

    [Theory]
    [InlineData("demo-lead")]
    [InlineData("demo-facilitator")]
    [InlineData("demo-researcher")]
    [InlineData("demo-funder")]
    public async Task The_audit_page_and_its_csv_are_for_administrators_only(string persona)
    {
        using var client = await app.SignedInClientAsync(persona);

        var page = await client.GetAsync("/admin/audit");
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("You don't have access to this page", page.MainText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/audit?handler=csv")).Status);
        Assert.Null((await client.GetOkAsync("/")).Document.QuerySelector("[data-testid=audit-link]"));

        using var anonymous = app.CreateHtmlClient();
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/admin/audit")).Status);
    }

    [Fact]
    public async Task Administrators_list_entries_newest_first_and_filter_them()
    {
        using var admin = await app.SignedInClientAsync("demo-admin");
        using var funder = await app.SignedInClientAsync("demo-funder");
        var home = await admin.GetOkAsync("/");
        var list = await admin.GetOkAsync(home.Document.QuerySelector("[data-testid=audit-link]")!.GetAttribute("href")!);

        var rows = list.Document.QuerySelectorAll("[data-testid=audit-entry]");
        Assert.NotEmpty(rows);
        Assert.Contains("Alex Brandt", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Signed in", rows[0].TextContent, StringComparison.Ordinal);

        Assert.NotNull(list.Document.QuerySelector("[data-testid=audit-filters] select[name=what] option[value=SignedIn]"));
        var filtered = await admin.GetOkAsync("/admin/audit?what=SignedIn&actor=demo-admin");
        var signIns = filtered.Document.QuerySelectorAll("[data-testid=audit-entry]");
        Assert.NotEmpty(signIns);
        Assert.All(signIns, r => Assert.Equal(nameof(AuditAction.SignedIn), r.GetAttribute("data-action")));
        Assert.All(signIns, r => Assert.Contains("Morgan Avery", r.TextContent, StringComparison.Ordinal));

        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotNull((await admin.GetOkAsync($"/admin/audit?from={tomorrow}")).Document.QuerySelector("[data-testid=audit-empty]"));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEmpty((await admin.GetOkAsync($"/admin/audit?from={today}&to={today}&what=SignedIn")).Document.QuerySelectorAll("[data-testid=audit-entry]"));
        Assert.NotNull((await admin.GetOkAsync("/admin/audit?programme=no-such-programme")).Document.QuerySelector("[data-testid=audit-empty]"));

        // A tampered "Older" link starts again from the newest entries.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync("/admin/audit?after=not*a*token")).Status);
    }

    [Fact]
    public async Task The_older_link_pages_through_every_entry_once()
    {
        var actor = new Actor("pager-" + Ids.New(), "Pat Pager", new HashSet<Role> { Role.Researcher });
        var written = new List<string>();
        for (var i = 0; i < 57; i++)
        {
            var entry = AuditEntry.Create(actor, AuditAction.ComparisonExported, AuditSubject.Comparison("demo"), $"export {i}", AuditOutcome.Succeeded, DateTimeOffset.UtcNow.AddMinutes(-i));
            await Audit.AppendAsync(entry, Ct);
            written.Add(entry.Id);
        }

        using var admin = await app.SignedInClientAsync("demo-admin");
        var first = await admin.GetOkAsync($"/admin/audit?actor={actor.UserId}");
        Assert.Equal(AuditModel.PageSize, first.Document.QuerySelectorAll("[data-testid=audit-entry]").Length);
        Assert.Contains("export 0", first.Document.QuerySelector("[data-testid=audit-entry]")!.TextContent, StringComparison.Ordinal);
        var older = first.Document.QuerySelector("[data-testid=audit-older]")!.GetAttribute("href")!;
        Assert.Contains($"actor={actor.UserId}", older, StringComparison.Ordinal);

        var second = await admin.GetOkAsync(older);

        Assert.Equal(57 - AuditModel.PageSize, second.Document.QuerySelectorAll("[data-testid=audit-entry]").Length);
        Assert.Null(second.Document.QuerySelector("[data-testid=audit-older]"));
        Assert.Contains("export 56", second.Document.QuerySelectorAll("[data-testid=audit-entry]")[^1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_csv_holds_the_filtered_entries_with_formula_like_cells_neutralised_and_is_itself_recorded()
    {
        var actor = new Actor("csv-" + Ids.New(), "=HYPERLINK(\"http://x\")", new HashSet<Role> { Role.Administrator });
        await Audit.AppendAsync(AuditEntry.Create(actor, AuditAction.TaxonomyChanged, AuditSubject.Programme("demo"), "+SUM(1,2) theme added", AuditOutcome.Succeeded, DateTimeOffset.UtcNow.AddMinutes(-2)), Ct);
        await Audit.AppendAsync(AuditEntry.Create(actor, AuditAction.ExportBlocked, AuditSubject.Comparison("demo"), "-stopped", AuditOutcome.Refused, DateTimeOffset.UtcNow.AddMinutes(-1)), Ct);
        using var admin = await app.SignedInClientAsync("demo-admin");
        var list = await admin.GetOkAsync($"/admin/audit?actor={actor.UserId}");
        var link = list.Document.QuerySelector("[data-testid=audit-csv]")!.GetAttribute("href")!;

        using var response = await admin.Http.GetAsync(link, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Ct)).TrimStart('\uFEFF');
        var lines = text.Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,time_utc,actor_id,actor_name,actor_roles,action,programme_id,consultation_id,target_type,target_id,detail,outcome", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(",ExportBlocked,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",'-stopped,Refused", lines[1], StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", lines[2], StringComparison.Ordinal);
        Assert.Contains("'+SUM(1,2) theme added", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain(",=", text, StringComparison.Ordinal);

        var recorded = Assert.Single(await EntriesAsync(new AuditQuery { Action = AuditAction.AuditExported, ActorId = "demo-admin" }), e => e.Detail.Contains(actor.UserId, StringComparison.Ordinal));
        Assert.StartsWith("2 entries exported as CSV", recorded.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_detail_longer_than_the_limit_is_refused_and_the_entry_kept_without_it()
    {
        var trail = app.Services.GetRequiredService<AuditTrail>();
        var actor = new Actor("long-" + Ids.New(), "Long Detail", new HashSet<Role>());

        await trail.RecordAsync(actor, AuditAction.ProgrammeUpdated, AuditSubject.Programme("demo"), new string('x', AuditEntry.MaxDetailLength + 1));
        await trail.RecordAsync(actor, AuditAction.ProgrammeUpdated, AuditSubject.Programme("demo"), "two\nlines");

        var entries = await EntriesAsync(new AuditQuery { ActorId = actor.UserId });
        Assert.Equal(new[] { AuditTrail.RefusedDetail, "two lines" }.Order(StringComparer.Ordinal), entries.Select(e => e.Detail).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task No_audit_detail_holds_a_register_name_or_a_note_text_after_flows_over_planted_notes()
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var demo = (await app.Consultations.ListByProgrammeAsync("demo", Ct)).Where(c => c.Id.StartsWith("demo-", StringComparison.Ordinal)).ToList();
        var planted = new List<Note>();
        foreach (var consultation in demo)
        {
            var session = consultation.Sessions.First(s => s.DisclosureRule == DisclosureRule.ChathamHouse);
            foreach (var participant in (await app.Registers.GetAsync(consultation.Id, Ct))!.Participants)
            {
                planted.Add(await SubmittedNoteAsync(consultation.Id, session.Id, $"Planted: {participant.Name} of {participant.Organisation} asked for a shared incident taxonomy."));
            }

            planted.Add(await SubmittedNoteAsync(consultation.Id, session.Id, $"Participants asked for one regional points-of-contact directory ({Guid.NewGuid():N})."));
        }

        var ph = demo.Single(c => c.Id == "demo-ph");
        var phSession = ph.Sessions.First(s => s.DisclosureRule == DisclosureRule.ChathamHouse);
        var phRegister = (await app.Registers.GetAsync("demo-ph", Ct))!;
        var someone = phRegister.Participants[0];
        using var lead = await app.SignedInClientAsync("demo-lead");
        using var facilitator = await app.SignedInClientAsync("demo-facilitator");
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        using var reviewer = await app.SignedInClientAsync("demo-reviewer");
        using var funder = await app.SignedInClientAsync("demo-funder");

        // Publish all (the planted notes are refused by the guard), an override and a return whose reasons name someone.
        var sessionPage = await lead.GetOkAsync($"{Ph}/sessions/{phSession.Id}");
        await lead.FollowAsync(await lead.SubmitAsync(sessionPage, "form[action*='handler=PublishAll']"));
        var target = planted.First(n => n.ConsultationId == "demo-ph" && n.Text.StartsWith("Planted:", StringComparison.Ordinal));
        await lead.FollowAsync(await lead.SubmitAsync(await lead.GetOkAsync(EditUrl(target.Id)), "[data-testid=override-form]", [new("OverrideReason", $"Cleared: {someone.Name} from {someone.Organisation} agreed to be named.")]));
        await lead.FollowAsync(await lead.SubmitAsync(await lead.GetOkAsync(EditUrl(target.Id)), "form[action*='handler=ReturnToReview']"));

        // A register edit, a brief returned with a reason naming someone, then approved, read and downloaded.
        var edit = await facilitator.GetOkAsync($"{Ph}/register/participants/{someone.Id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, (await facilitator.SubmitAsync(edit, "[data-testid=participant-form]", [new("Input.Role", "Rapporteur")])).Status);
        var brief = await DraftBriefAsync("Leak-checked brief", "## Inclusion\n\nMainstreaming inclusion starts at inception.");
        await researcher.FollowAsync(await researcher.SubmitAsync(await researcher.GetOkAsync(BriefUrl(brief.Id)), "form[action*='handler=Submit']"));
        await reviewer.FollowAsync(await reviewer.SubmitAsync(await reviewer.GetOkAsync(BriefUrl(brief.Id)), "form[action*='handler=Return']", [new("ReturnReason", $"Ask {someone.Name} ({someone.Organisation}) before we quote this.")]));
        await researcher.FollowAsync(await researcher.SubmitAsync(await researcher.GetOkAsync(BriefUrl(brief.Id)), "form[action*='handler=Submit']"));
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync(await reviewer.GetOkAsync(BriefUrl(brief.Id)), "form[action*='handler=Approve']")).Status);
        await funder.GetOkAsync($"{BriefUrl(brief.Id)}/v/1");
        using (await funder.Http.GetAsync($"{BriefUrl(brief.Id)}/v/1?handler=markdown", Ct))
        {
        }

        using (await researcher.Http.GetAsync("/programmes/demo/compare?handler=csv", Ct))
        {
        }

        var returned = Assert.Single(await EntriesAsync(new AuditQuery { Action = AuditAction.BriefReturned }), e => e.TargetId == brief.Id);
        Assert.Contains("before we quote this", returned.Detail, StringComparison.Ordinal);
        Assert.Single(await EntriesAsync(new AuditQuery { Action = AuditAction.GuardOverridden }), e => e.TargetId == target.Id);
        Assert.Contains(await EntriesAsync(new AuditQuery { Action = AuditAction.NotePublished, ActorId = "demo-lead" }), e => e.Detail.Contains("publish all", StringComparison.Ordinal));

        var names = new List<string>();
        var acronyms = new List<string>();
        foreach (var consultation in await app.Consultations.ListByProgrammeAsync("demo", Ct))
        {
            foreach (var participant in (await app.Registers.GetAsync(consultation.Id, Ct))?.Participants ?? [])
            {
                names.Add(Fold(participant.Name));
                var organisation = participant.Organisation;
                if (Acronym().Match(organisation) is { Success: true } acronym)
                {
                    acronyms.Add(acronym.Groups[1].Value);
                    organisation = organisation[..acronym.Index];
                }

                if (organisation.Trim().Contains(' ', StringComparison.Ordinal))
                {
                    names.Add(Fold(organisation));
                }
            }
        }

        var texts = new List<string>();
        foreach (var consultation in demo)
        {
            await foreach (var note in app.Notes.ReadAllAsync(consultation.Id, new NoteQuery(), Ct))
            {
                if (note.Text.Length >= 20)
                {
                    texts.Add(Fold(note.Text));
                }
            }
        }

        var details = (await EntriesAsync(new AuditQuery())).Select(e => e.Detail).Where(d => d.Length > 0).ToList();
        // Which other tests of the class ran first changes how many notes "publish all" still finds: ten details is enough to mean something.
        Assert.True(details.Count >= 10, $"only {details.Count} details to check");
        Assert.True(names.Count >= 20 && texts.Count >= 100, $"{names.Count} names, {texts.Count} note texts");
        foreach (var detail in details)
        {
            var folded = Fold(detail);
            Assert.DoesNotContain(names, n => folded.Contains(n, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(acronyms, a => Regex.IsMatch(detail, $@"(?<![A-Za-z0-9]){Regex.Escape(a)}(?![A-Za-z0-9])"));
            Assert.DoesNotContain(texts, t => folded.Contains(t, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain("Planted", detail, StringComparison.Ordinal);
        }
    }

    private static string EditUrl(string noteId) => $"{Ph}/notes/{noteId}/edit";

    private static string BriefUrl(string briefId) => $"/programmes/demo/briefs/{briefId}";

    private static string Fold(string text) => string.Join(' ', TextFolding.FoldDiacritics(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private async Task<List<AuditEntry>> EntriesAsync(AuditQuery query) => await Audit.ReadAllAsync(query, Ct).ToListAsync(Ct);

    private async Task<Note> SubmittedNoteAsync(string consultationId, string sessionId, string text)
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var consultation = (await app.Consultations.GetAsync("demo", consultationId, Ct))!;
        var author = new UserRef("demo-facilitator", "Sam Okafor");
        var note = Note.Create(programme, consultation, consultation.FindSession(sessionId)!, new NoteContent(text, NoteKind.Finding, null, [], []), author, DateTimeOffset.UtcNow);
        note.Submit(author, DateTimeOffset.UtcNow);
        return await app.Notes.CreateAsync(note, Ct);
    }

    /// <summary>A researcher's draft brief over the Philippines, written straight to the store (no citations to check).</summary>
    private async Task<Brief> DraftBriefAsync(string title, string markdown)
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var brief = Brief.Create(programme, title, new BriefScope(["demo-ph"], ["inclusion"], null, null), BriefCoverage.Empty, markdown, new UserRef("demo-researcher", "Noor Haddad"), DateTimeOffset.UtcNow);
        return await app.Briefs.CreateAsync(brief, Ct);
    }

    /// <summary>A consultation of the demo programme led by demo-lead, with a register of the given names.</summary>
    private async Task<Consultation> ConsultationWithRegisterAsync(IReadOnlyList<string> names)
    {
        var admin = new UserRef("demo-admin", "Morgan Avery");
        var at = DateTimeOffset.UtcNow;
        var consultation = Consultation.Create(
            Ids.New(),
            "demo",
            new ConsultationDetails("TH", "Bangkok", null, new DateOnly(2024, 6, 3), new DateOnly(2024, 6, 3), ConsultationFormat.InPerson, DisclosureRule.ChathamHouse, []),
            admin,
            at);
        consultation.AssignFacilitator(new UserRef("demo-lead", "Rin Castillo-Webb"), isLead: true, admin, at);
        await app.Consultations.CreateAsync(consultation, Ct);
        var register = ParticipantRegister.Create(consultation, admin, at);
        foreach (var name in names)
        {
            register.Add(name, "Audit Test Org", "government", null, admin, at);
        }

        await app.Registers.SaveAsync(register, Ct);
        return consultation;
    }

    [GeneratedRegex(@"\(([A-Z][A-Za-z0-9-]+)\)\s*$")]
    private static partial Regex Acronym();
}
