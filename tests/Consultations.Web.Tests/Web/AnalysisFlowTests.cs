using System.Net;
using System.Text.Json;
using Consultations.Core.Domain;
using Consultations.Testing.Web;

namespace Consultations.Web.Tests.Web;

/// <summary>Text analysis in the app: theme suggestions while typing, key phrases on session pages, per-theme summaries.</summary>
public abstract class AnalysisFlowTests(AppFactory app)
{
    private const string Ph = "/programmes/demo/consultations/demo-ph";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Typing_a_note_brings_theme_suggestions_with_their_evidence()
    {
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var session = await client.GetOkAsync($"{Ph}/sessions/plenary-2");
        using var content = new FormUrlEncodedContent(
        [
            new("Text", "Small suppliers said ISO/IEC 27001 certification and audit costs are out of reach without a simpler baseline."),
            new("__RequestVerificationToken", session.AntiforgeryToken),
        ]);

        using var response = await client.Http.PostAsync($"{Ph}/sessions/plenary-2/guard", content, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var best = json.RootElement.GetProperty("themes").EnumerateArray().First();
        Assert.Equal("technical-standards", best.GetProperty("theme").GetString());
        Assert.Equal("International technical standards", best.GetProperty("label").GetString());
        Assert.InRange(best.GetProperty("score").GetDouble(), 0.2, 1.0);
        Assert.NotEmpty(best.GetProperty("evidence").EnumerateArray());
        Assert.StartsWith("local", json.RootElement.GetProperty("engine").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_researcher_sees_key_phrases_taken_from_the_notes_on_the_page()
    {
        using var client = await app.SignedInClientAsync("demo-researcher");

        var page = await client.GetOkAsync($"{Ph}/sessions/plenary-2");

        var phrases = page.Document.QuerySelectorAll("[data-testid=key-phrases] .badge").Select(b => b.TextContent).ToList();
        var texts = page.Document.QuerySelectorAll("[data-testid=notes] > li").Select(li => li.TextContent).ToList();
        Assert.InRange(phrases.Count, 3, 8);
        Assert.All(phrases, p => Assert.Contains(texts, t => t.Contains(p, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task The_consultation_page_summarises_each_theme_with_sentences_linked_to_published_notes()
    {
        using var client = await app.SignedInClientAsync("demo-researcher");

        var page = await client.GetOkAsync(Ph);

        var digest = page.Document.QuerySelector("[data-testid=digest-information-sharing]")!;
        var items = digest.QuerySelectorAll("li").ToList();
        Assert.InRange(items.Count, 1, 3);
        foreach (var item in items)
        {
            var link = item.QuerySelector("a")!.GetAttribute("href")!;
            var noteId = link.Split("#note-")[1];
            var note = (await app.Notes.GetAsync("demo-ph", noteId, Ct))!;
            Assert.Equal(NoteStatus.Published, note.Status);
            Assert.Contains("information-sharing", note.Themes);
            Assert.Contains(item.TextContent.Replace("note", string.Empty, StringComparison.Ordinal).Trim(), note.Text, StringComparison.Ordinal);
        }
    }
}

/// <summary>Azure AI Language configured but unreachable: pages degrade to the local engine with a notice; notes save as ever.</summary>
public sealed class AnalysisFallbackTests
{
    [Fact]
    public async Task When_azure_fails_the_note_is_saved_and_the_local_results_are_shown_with_a_notice()
    {
        // A loopback port nothing listens on: every request to "Azure" fails at once.
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var app = new AppFactory().WithWebHostBuilder(b =>
        {
            b.UseSetting("Analysis:Azure:Endpoint", $"https://127.0.0.1:{port}/");
            b.UseSetting("Analysis:Azure:Key", "test-key");
            b.UseSetting("Analysis:Azure:MaxRetries", "0");
            b.UseSetting("Analysis:Azure:Timeout", "00:00:02");
        });
        using var client = new HtmlClient(app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await client.SignInAsync("demo-facilitator");

        var session = await client.GetOkAsync("/programmes/demo/consultations/demo-ph/sessions/plenary-2");
        var saved = await client.SubmitAsync(session, "[data-testid=add-note-form]", [new("Input.Text", "Participants asked for a shared incident reporting template.")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);

        var page = await client.GetOkAsync("/programmes/demo/consultations/demo-ph");

        Assert.NotNull(page.Document.QuerySelector("[data-testid=analysis-outage]"));
        Assert.Contains("the local engine", page.Document.QuerySelector("[data-testid=analysis-engine]")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.Document.QuerySelectorAll("[data-testid=digest-information-sharing] li"));
    }
}

public sealed class AnalysisFlowTestsOnSqlite(AppFactory app) : AnalysisFlowTests(app), IClassFixture<AppFactory>;

[Trait("Store", "Cosmos")]
public sealed class AnalysisFlowTestsOnCosmos(CosmosAppFactory app) : AnalysisFlowTests(app), IClassFixture<CosmosAppFactory>;
