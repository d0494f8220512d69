using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Core.Pipeline;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Hosting;
using Consultations.Testing.Analysis;
using Consultations.Testing.Web;
using Consultations.Web.Notes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Web.Tests.Web;

/// <summary>
/// Azure AI Language's names and organisations as warn findings, through the real app against a stand-in service
/// (in-process HTTPS, the documented PII shapes): shown to the facilitators, masked for readers on pages and in brief
/// exports without asking the service again, never blocking publication, and never in the way of a save when it fails.
/// </summary>
public abstract partial class EntityRecognitionFlowTests(AppFactory app) : IAsyncLifetime
{
    private const string Ph = "/programmes/demo/consultations/demo-ph";
    private const string Person = "Jonathan Whitfield";
    private const string Organisation = "Acme Widgets";
    private const string Scope = "c=demo-ph";

    private FakeLanguageService _language = null!;
    private Func<RecordedRequest, Reply> _answer = Answer;
    private readonly Dictionary<string, string?> _settings = [];
    private WebApplicationFactory<Program>? _azure;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private WebApplicationFactory<Program> Azure => _azure ??= app.WithWebHostBuilder(builder =>
    {
        builder.UseSetting("Analysis:Azure:Endpoint", _language.Endpoint.ToString());
        builder.UseSetting("Analysis:Azure:Key", "test-key");
        builder.UseSetting("Analysis:Azure:MaxRetries", "0");
        foreach (var (name, value) in _settings)
        {
            builder.UseSetting(name, value);
        }

        builder.ConfigureTestServices(services => services.AddKeyedSingleton<HttpPipelineTransport>(AzureLanguageServiceExtensions.TransportKey, _language.Transport));
    });

    private INoteStore Notes => Azure.Services.GetRequiredService<INoteStore>();

    private int PiiRequests => _language.Requests.Count(r => r.Kind == "PiiEntityRecognition");

    public async ValueTask InitializeAsync() => _language = await FakeLanguageService.StartAsync(r => _answer(r));

    public async ValueTask DisposeAsync()
    {
        if (_azure is not null)
        {
            await _azure.DisposeAsync();
        }

        await _language.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_person_not_in_the_register_is_a_warning_for_facilitators_masked_for_readers_and_in_a_brief_and_publication_goes_ahead()
    {
        var marker = Marker();
        using var facilitator = await SignedInAsync("demo-facilitator");

        // Saving asks Azure AI Language once; the status line counts the findings without repeating the words.
        var session = await facilitator.GetOkAsync($"{Ph}/sessions/plenary-2");
        var added = await facilitator.FollowAsync(await facilitator.SubmitAsync(session, "[data-testid=add-note-form]", [new("Input.Text", $"{Person} of {Organisation} said incident reports need one shared template ({marker}).")]));
        var status = added.Document.QuerySelector("[data-testid=status-message]")!.TextContent;
        Assert.Contains("2 possible identifiers (a name not in the register, an organisation not in the register)", status, StringComparison.Ordinal);
        Assert.DoesNotContain("Whitfield", status, StringComparison.Ordinal);
        Assert.Equal(1, PiiRequests);
        var note = await NoteWithAsync(marker);
        Assert.Equal([FindingKind.Participant, FindingKind.Organisation], note.EntitySpans.Select(s => s.Kind));
        Assert.All(note.EntitySpans, s => Assert.StartsWith(EntityFindings.KeyPrefix, s.Key, StringComparison.Ordinal));

        // The facilitators see the words as written, the badge, each finding listed as a check, and what readers will get.
        var card = added.Document.QuerySelector($"#note-{note.Id}")!;
        Assert.Contains(Person, card.TextContent, StringComparison.Ordinal);
        var badge = card.QuerySelector("[data-testid=finding-badge]")!;
        Assert.Equal(("2", "0"), (badge.GetAttribute("data-findings"), badge.GetAttribute("data-blocking")));
        var edit = await facilitator.GetOkAsync($"{Ph}/notes/{note.Id}/edit");
        var listed = edit.Document.QuerySelector("[data-testid=stored-findings]")!.TextContent;
        Assert.Contains($"“{Person}” looks like a name not in the register (check) — suggested: “a person”", listed, StringComparison.Ordinal);
        Assert.Contains($"“{Organisation}” looks like an organisation not in the register (check)", listed, StringComparison.Ordinal);
        Assert.Contains($"A person of an organisation said incident reports need one shared template ({marker}).", edit.Document.QuerySelector("[data-testid=reader-text]")!.TextContent, StringComparison.Ordinal);

        // Warnings never block: submitted and published without an override.
        await facilitator.FollowAsync(await facilitator.SubmitAsync(edit, "form[action*='handler=Submit']"));
        using var lead = await SignedInAsync("demo-lead");
        var published = await lead.FollowAsync(await lead.SubmitAsync(await lead.GetOkAsync($"{Ph}/notes/{note.Id}/edit"), "form[action*='handler=Publish']"));
        Assert.Contains("Note published.", published.MainText, StringComparison.Ordinal);
        note = (await Notes.GetAsync("demo-ph", note.Id, Ct))!;
        Assert.Equal(NoteStatus.Published, note.Status);
        Assert.Null(note.GuardOverride);
        Assert.Equal(1, PiiRequests);

        // Readers get the spans masked, on the session page and in a brief, and no reader page or export asks Azure.
        using var researcher = await SignedInAsync("demo-researcher");
        var readerCard = (await researcher.GetOkAsync($"{Ph}/sessions/plenary-2")).Document.QuerySelector($"#note-{note.Id}")!;
        Assert.Contains($"A person of an organisation said incident reports need one shared template ({marker}).", readerCard.TextContent, StringComparison.Ordinal);
        foreach (var url in new[] { $"{Ph}/sessions/plenary-2", Ph, $"{Ph}?status=Published", $"/programmes/demo/compare?{Scope}" })
        {
            var page = await researcher.GetOkAsync(url);
            Assert.DoesNotContain("Whitfield", page.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(Organisation, page.Text, StringComparison.Ordinal);
        }

        var briefId = await PublishBriefCitingAsync(researcher, note.Id);
        var markdown = await researcher.Http.GetStringAsync($"/programmes/demo/briefs/{briefId}/v/1?handler=markdown", Ct);
        Assert.Contains($"A person of an organisation said incident reports need one shared template ({marker})", markdown, StringComparison.Ordinal);
        var version = await researcher.GetOkAsync($"/programmes/demo/briefs/{briefId}/v/1");
        Assert.Contains(marker, version.Text, StringComparison.Ordinal);
        using var funder = await SignedInAsync("demo-funder");
        var funderMarkdown = await funder.Http.GetStringAsync($"/programmes/demo/briefs/{briefId}/v/1?handler=markdown", Ct);
        foreach (var text in new[] { markdown, version.Text, funderMarkdown })
        {
            Assert.DoesNotContain("Whitfield", text, StringComparison.Ordinal);
            Assert.DoesNotContain(Organisation, text, StringComparison.Ordinal);
        }

        Assert.Equal(1, PiiRequests);
    }

    [Fact]
    public async Task Publish_all_checks_the_notes_never_checked_a_request_s_worth_at_a_time_and_publishes_them()
    {
        var marker = Marker();
        var programme = (await Azure.Services.GetRequiredService<IProgrammeStore>().GetAsync("demo", Ct))!;
        var consultation = (await Azure.Services.GetRequiredService<IConsultationStore>().GetAsync("demo", "demo-ph", Ct))!;
        var author = new UserRef("demo-facilitator", "Sam Okafor");
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            // Written before Azure was configured (or while it was down): submitted without a check.
            var note = Note.Create(programme, consultation, consultation.FindSession("plenary-4")!, new NoteContent($"{Person} asked for mentoring quotas ({marker}-{i}).", NoteKind.Finding, null, [], []), author, DateTimeOffset.UtcNow);
            note.Submit(author, DateTimeOffset.UtcNow);
            ids.Add((await Notes.CreateAsync(note, Ct)).Id);
        }

        using var lead = await SignedInAsync("demo-lead");
        await lead.FollowAsync(await lead.SubmitAsync(await lead.GetOkAsync($"{Ph}/sessions/plenary-4"), "form[action*='handler=PublishAll']"));

        var pii = _language.Requests.Where(r => r.Kind == "PiiEntityRecognition").ToList();
        Assert.True(pii.Count >= 2);
        Assert.All(pii, r => Assert.InRange(r.Documents.Count, 1, 5));
        foreach (var id in ids)
        {
            var stored = (await Notes.GetAsync("demo-ph", id, Ct))!;
            Assert.Equal(NoteStatus.Published, stored.Status);
            Assert.Equal(FindingKind.Participant, Assert.Single(stored.EntitySpans).Kind);
        }

        using var researcher = await SignedInAsync("demo-researcher");
        var page = await researcher.GetOkAsync($"{Ph}/sessions/plenary-4");
        Assert.Contains($"A person asked for mentoring quotas ({marker}-0).", page.Document.QuerySelector($"#note-{ids[0]}")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Whitfield", page.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("error")]
    [InlineData("timeout")]
    public async Task When_azure_fails_or_hangs_the_note_is_saved_with_the_register_findings_and_the_status_says_so(string failure)
    {
        _answer = r => r.Kind != "PiiEntityRecognition" ? Answer(r)
            : failure == "error" ? Documented.Error(500, "InternalServerError", "Something went wrong.")
            : Reply.Never;
        _settings["Guard:EntityRecognition:Timeout"] = "00:00:01";
        var name = await ParticipantNameAsync();
        var marker = Marker();
        using var facilitator = await SignedInAsync("demo-facilitator");
        var session = await facilitator.GetOkAsync($"{Ph}/sessions/plenary-2");

        var clock = Stopwatch.StartNew();
        var posted = await facilitator.SubmitAsync(session, "[data-testid=add-note-form]", [new("Input.Text", $"{name} and {Person} asked for a shared template ({marker}).")]);
        clock.Stop();

        Assert.Equal(HttpStatusCode.Redirect, posted.Status);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        var status = (await facilitator.FollowAsync(posted)).Document.QuerySelector("[data-testid=status-message]")!.TextContent;
        Assert.Contains("It may identify a speaker: 1 possible identifier (a participant's name)", status, StringComparison.Ordinal);
        Assert.Contains(NoteResult.Saved.UncheckedNotice, status, StringComparison.Ordinal);
        var note = await NoteWithAsync(marker);
        Assert.True(note.NeedsEntityCheck);
        Assert.Null(note.EntityCheck);
        Assert.True(PiiRequests >= 1);

        // Right after a failure the service is left alone, so the next save does not wait for it again.
        var before = PiiRequests;
        var again = await facilitator.SubmitAsync(await facilitator.GetOkAsync($"{Ph}/sessions/plenary-2"), "[data-testid=add-note-form]", [new("Input.Text", $"A second note ({marker}-2).")]);
        Assert.Equal(HttpStatusCode.Redirect, again.Status);
        Assert.Equal(before, PiiRequests);
    }

    [Fact]
    public async Task The_live_check_leaves_azure_alone_unless_it_is_switched_on()
    {
        var text = $"{Person} said the template should stay short.";
        using (var facilitator = await SignedInAsync("demo-facilitator"))
        {
            using var json = await LiveCheckAsync(facilitator, text);
            Assert.Equal("off", json.RootElement.GetProperty("entities").GetString());
            Assert.Empty(json.RootElement.GetProperty("findings").EnumerateArray());
            Assert.Equal(0, PiiRequests);
        }

        await _azure!.DisposeAsync();
        _azure = null;
        _settings["Guard:EntityRecognition:LiveCheck"] = "true";
        using (var facilitator = await SignedInAsync("demo-facilitator"))
        {
            using var json = await LiveCheckAsync(facilitator, text);
            Assert.Equal("checked", json.RootElement.GetProperty("entities").GetString());
            var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
            Assert.Equal(("participant", "warn", 0, Person.Length, "a person"), (finding.GetProperty("kind").GetString(), finding.GetProperty("severity").GetString(), finding.GetProperty("start").GetInt32(), finding.GetProperty("length").GetInt32(), finding.GetProperty("suggestion").GetString()));
            Assert.False(json.RootElement.GetProperty("blocksPublication").GetBoolean());
            Assert.Equal(1, PiiRequests);
        }
    }

    private async Task<HtmlClient> SignedInAsync(string persona)
    {
        var client = new HtmlClient(Azure.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await client.SignInAsync(persona);
        return client;
    }

    private static async Task<JsonDocument> LiveCheckAsync(HtmlClient client, string text)
    {
        var session = await client.GetOkAsync($"{Ph}/sessions/plenary-2");
        using var content = new FormUrlEncodedContent([new("Text", text), new("__RequestVerificationToken", session.AntiforgeryToken)]);
        using var response = await client.Http.PostAsync($"{Ph}/sessions/plenary-2/guard", content, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>A brief generated from the comparison, rewritten to cite <paramref name="noteId"/>, approved by a second researcher.</summary>
    private async Task<string> PublishBriefCitingAsync(HtmlClient researcher, string noteId)
    {
        var compare = await researcher.GetOkAsync($"/programmes/demo/compare?{Scope}");
        var answer = await researcher.SubmitAsync(compare, "[data-testid=generate-brief]", [new("Input.Title", "Names Azure found")]);
        for (var i = 0; i < 60 && answer.Location?.Contains("/jobs/", StringComparison.Ordinal) == true; i++)
        {
            await Task.Delay(500, Ct);
            answer = await researcher.GetAsync(answer.Location);
            if (answer.Status == HttpStatusCode.OK)
            {
                answer = answer with { Location = answer.Url };
            }
        }

        var draft = await researcher.FollowAsync(answer);
        var briefId = BriefId().Match(draft.Url).Groups[1].Value;
        var edit = await researcher.GetOkAsync($"/programmes/demo/briefs/{briefId}/edit");
        var saved = await researcher.FollowAsync(await researcher.SubmitAsync(edit, "[data-testid=brief-form]", [new("Input.Markdown", $"## Information sharing\n\nOne shared template was asked for [@{noteId}].")]));
        Assert.DoesNotContain("Whitfield", saved.Text, StringComparison.Ordinal);
        await researcher.SubmitAsync(saved, "form[action*='handler=Submit']");
        using var reviewer = await SignedInAsync("demo-reviewer");
        var approved = await reviewer.FollowAsync(await reviewer.SubmitAsync(await reviewer.GetOkAsync($"/programmes/demo/briefs/{briefId}"), "form[action*='handler=Approve']"));
        Assert.Contains("Published as version 1", approved.MainText, StringComparison.Ordinal);
        return briefId;
    }

    private async Task<Note> NoteWithAsync(string marker) =>
        (await Notes.ListBySessionAsync("demo-ph", "plenary-2", Ct)).Single(n => n.Text.Contains(marker, StringComparison.Ordinal));

    private async Task<string> ParticipantNameAsync() =>
        (await Azure.Services.GetRequiredService<IParticipantRegisterStore>().GetAsync("demo-ph", Ct))!.Participants.First(p => p.Name.Split(' ').Length >= 2).Name;

    /// <summary>The stand-in's answers: a person and an organisation wherever the text has them (and a weak guess to ignore), documented shapes for the rest, and no summaries.</summary>
    private static Reply Answer(RecordedRequest request) => request.Kind switch
    {
        "PiiEntityRecognition" => Documented.Pii(request, _ => [(Person, "Person", 0.97), (Organisation, "Organization", 0.88), ("shared template", "Person", 0.31)]),
        "KeyPhraseExtraction" => Documented.KeyPhrases(request, _ => []),
        "LanguageDetection" => Documented.LanguageDetection(request, _ => ("en", "English", 1.0)),
        _ => Documented.Error(503, "ServiceUnavailable", "Summaries are not part of this test."),
    };

    private static string Marker() => "m" + Guid.NewGuid().ToString("N")[..10];

    [GeneratedRegex("/briefs/([a-z0-9-]+)$")]
    private static partial Regex BriefId();
}

public sealed class EntityRecognitionFlowTestsOnSqlite(AppFactory app) : EntityRecognitionFlowTests(app), IClassFixture<AppFactory>;

[Trait("Store", "Cosmos")]
public sealed class EntityRecognitionFlowTestsOnCosmos(CosmosAppFactory app) : EntityRecognitionFlowTests(app), IClassFixture<CosmosAppFactory>;

/// <summary>Without Azure AI Language nothing is asked and nothing changes: notes carry no entity check and no notice.</summary>
public sealed class EntityRecognitionOffTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Saving_without_azure_adds_no_check_and_no_notice()
    {
        var marker = "m" + Guid.NewGuid().ToString("N")[..10];
        using var facilitator = await app.SignedInClientAsync("demo-facilitator");

        var added = await facilitator.FollowAsync(await facilitator.SubmitAsync(await facilitator.GetOkAsync("/programmes/demo/consultations/demo-ph/sessions/plenary-2"), "[data-testid=add-note-form]", [new("Input.Text", $"Jonathan Whitfield asked for a shared template ({marker}).")]));

        Assert.Equal("Note added.", added.Document.QuerySelector("[data-testid=status-message]")!.TextContent.Trim());
        var note = (await app.Notes.ListBySessionAsync("demo-ph", "plenary-2", TestContext.Current.CancellationToken)).Single(n => n.Text.Contains(marker, StringComparison.Ordinal));
        Assert.Null(note.EntityCheck);
    }
}

/// <summary>The settings are checked when the app starts, Azure configured or not, with a message naming the setting.</summary>
public sealed class EntityRecognitionOptionsTests
{
    [Theory]
    [InlineData("MinimumConfidence", "1.5", "Guard:EntityRecognition:MinimumConfidence must be between 0 and 1")]
    [InlineData("MinimumConfidence", "-0.1", "Guard:EntityRecognition:MinimumConfidence must be between 0 and 1")]
    [InlineData("Timeout", "00:01:00", "Guard:EntityRecognition:Timeout must be more than zero and at most 30 seconds")]
    [InlineData("Timeout", "00:00:00", "Guard:EntityRecognition:Timeout must be more than zero and at most 30 seconds")]
    public async Task A_wrong_setting_stops_the_app_and_names_it(string setting, string value, string message)
    {
        await using var app = new AppFactory().WithWebHostBuilder(b => b.UseSetting($"Guard:EntityRecognition:{setting}", value));

        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(message, ex.ToString(), StringComparison.Ordinal);
    }
}
