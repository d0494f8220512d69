using System.Text.RegularExpressions;
using Consultations.Core.Domain;
using Consultations.Core.Text;

namespace Consultations.Web.Tests.Web;

/// <summary>
/// The worst bug this product can ship is a name or affiliation reaching a researcher or a funder. This plants every
/// register's names and organisations in notes of every status and session, then walks every page a researcher and a
/// funder can reach by following links, and fails on any register form in any of them.
/// </summary>
public abstract partial class LeakTests(AppFactory app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("demo-researcher")]
    [InlineData("demo-funder")]
    public async Task No_page_a_reader_can_reach_shows_any_register_name_or_organisation(string persona)
    {
        var forms = await PlantAsync();
        var briefVersion = await PublishBriefAsync();
        using var client = await app.SignedInClientAsync(persona);
        // Links a reader can follow, plus every repository address they might type or be sent (403s must not leak either).
        var queue = new Queue<string>(["/", "/programmes", .. await KnownAddressesAsync()]);
        var seen = new HashSet<string>(queue, StringComparer.Ordinal);
        var visited = 0;
        while (queue.Count > 0 && visited < 600)
        {
            var url = queue.Dequeue();
            var page = await client.GetAsync(url);
            visited++;
            // Antiforgery tokens are random base64: take them out so that "MIC" inside one is not mistaken for a leak.
            foreach (var token in page.Document.QuerySelectorAll("input[name=__RequestVerificationToken]").ToList())
            {
                token.Remove();
            }

            var html = page.Document.DocumentElement.OuterHtml;
            var folded = Collapse(TextFolding.FoldDiacritics(html));
            foreach (var form in forms)
            {
                var leaked = form.Acronym
                    ? Regex.IsMatch(html, $@"(?<![A-Za-z0-9_-]){Regex.Escape(form.Text)}(?![A-Za-z0-9_-])")
                    : folded.Contains(form.Text, StringComparison.Ordinal);
                Assert.False(leaked, $"{persona} sees a register form on {url} ({(int)page.Status}): {(form.Acronym ? form.Text : form.Text.Length)}");
            }

            foreach (var link in page.Document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) && !link.StartsWith("/account/sign-out", StringComparison.Ordinal)
                    && !link.StartsWith("/css/", StringComparison.Ordinal) && !link.StartsWith("/js/", StringComparison.Ordinal) && !link.StartsWith("/lib/", StringComparison.Ordinal)
                    && seen.Add(link.Split('#')[0]))
                {
                    queue.Enqueue(link.Split('#')[0]);
                }
            }
        }

        // Downloads are not HTML: read the DOCX's text and the Markdown and check them the same way.
        foreach (var handler in new[] { "docx", "markdown" })
        {
            using var response = await client.Http.GetAsync($"{briefVersion}?handler={handler}", Ct);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
            string text;
            if (handler == "docx")
            {
                using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
                using var reader = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
                text = Regex.Replace(await reader.ReadToEndAsync(Ct), "<[^>]+>", string.Empty);
            }
            else
            {
                text = System.Text.Encoding.UTF8.GetString(bytes);
            }

            var folded = Collapse(TextFolding.FoldDiacritics(text));
            foreach (var form in forms)
            {
                var leaked = form.Acronym
                    ? Regex.IsMatch(text, $@"(?<![A-Za-z0-9_-]){Regex.Escape(form.Text)}(?![A-Za-z0-9_-])")
                    : folded.Contains(form.Text, StringComparison.Ordinal);
                Assert.False(leaked, $"{persona} finds a register form in the {handler} export: {(form.Acronym ? form.Text : form.Text.Length)}");
            }
        }

        Assert.True(seen.Contains(briefVersion), $"the walk never reached the published brief {briefVersion}");

        // The walk must really have covered the repository, not stopped at a sign-in page.
        Assert.True(visited >= 60, $"only {visited} pages reached");
        TestContext.Current.SendDiagnosticMessage($"{persona}: {visited} pages checked against {forms.Count} register forms");
    }

    /// <summary>Generates a brief from the whole comparison (after planting) and publishes it; returns its address.</summary>
    private async Task<string> PublishBriefAsync()
    {
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        using var reviewer = await app.SignedInClientAsync("demo-reviewer");
        var compare = await researcher.GetOkAsync("/programmes/demo/compare");
        var answer = await researcher.SubmitAsync(compare, "[data-testid=generate-brief]", [new("Input.Title", "Everything compared")]);
        for (var i = 0; i < 120 && answer.Location?.Contains("/jobs/", StringComparison.Ordinal) == true; i++)
        {
            await Task.Delay(250, Ct);
            var next = await researcher.GetAsync(answer.Location);
            answer = next.Status == System.Net.HttpStatusCode.OK ? answer : next;
        }

        var draft = await researcher.FollowAsync(answer);
        await researcher.SubmitAsync(draft, "form[action*='handler=Submit']");
        var published = await reviewer.SubmitAsync(await reviewer.GetOkAsync(draft.Url), "form[action*='handler=Approve']");
        Assert.Contains("/v/1", published.Location, StringComparison.Ordinal);
        return published.Location!;
    }

    private async Task<List<string>> KnownAddressesAsync()
    {
        var addresses = new List<string> { "/programmes/demo", "/programmes/demo/themes", "/programmes/demo/briefs" };
        foreach (var consultation in await app.Consultations.ListByProgrammeAsync("demo", Ct))
        {
            var root = $"/programmes/demo/consultations/{consultation.Id}";
            addresses.AddRange([root, $"{root}/register", $"{root}/register/history"]);
            foreach (var session in consultation.Sessions)
            {
                addresses.Add($"{root}/sessions/{session.Id}");
                addresses.AddRange((await app.Notes.ListBySessionAsync(consultation.Id, session.Id, Ct)).Take(3).Select(n => $"{root}/notes/{n.Id}/edit"));
            }
        }

        return addresses;
    }

    /// <summary>Writes notes naming every participant and organisation, in drafts, submitted and (unguarded) published notes of every session.</summary>
    private async Task<List<(string Text, bool Acronym)>> PlantAsync()
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var forms = new List<(string Text, bool Acronym)>();
        foreach (var consultation in await app.Consultations.ListByProgrammeAsync("demo", Ct))
        {
            var register = (await app.Registers.GetAsync(consultation.Id, Ct))!;
            foreach (var participant in register.Participants)
            {
                forms.Add((Collapse(TextFolding.FoldDiacritics(participant.Name)), false));
                var organisation = participant.Organisation;
                var open = organisation.LastIndexOf('(');
                if (open > 0)
                {
                    forms.Add((organisation[(open + 1)..].TrimEnd(')').Trim(), true));
                    organisation = organisation[..open].Trim();
                }

                if (organisation.Contains(' ', StringComparison.Ordinal))
                {
                    forms.Add((Collapse(TextFolding.FoldDiacritics(organisation)), false));
                }
            }

            var status = 0;
            foreach (var session in consultation.Sessions)
            {
                foreach (var participant in register.Participants)
                {
                    var text = $"Planted: {participant.Name} of {participant.Organisation} said the plan needs more time.";
                    var note = Note.Create(programme, consultation, session, new NoteContent(text, NoteKind.Quote, participant.StakeholderGroup, [.. session.Themes], []), new UserRef("demo-lead", "Lead"), DateTimeOffset.UtcNow);
                    switch (status++ % 3)
                    {
                        case 1:
                            note.Submit(note.CreatedBy, DateTimeOffset.UtcNow);
                            break;
                        case 2 when session.DisclosureRule != DisclosureRule.OffTheRecord:
                            note.Submit(note.CreatedBy, DateTimeOffset.UtcNow);
                            note.Publish(session, note.CreatedBy, DateTimeOffset.UtcNow);
                            break;
                    }

                    await app.Notes.CreateAsync(note, Ct);
                }
            }
        }

        return [.. forms.Distinct()];
    }

    private static string Collapse(string text) => Whitespace().Replace(text, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

public sealed class LeakTestsOnSqlite(AppFactory app) : LeakTests(app), IClassFixture<AppFactory>;

[Trait("Store", "Cosmos")]
public sealed class LeakTestsOnCosmos(CosmosAppFactory app) : LeakTests(app), IClassFixture<CosmosAppFactory>;
