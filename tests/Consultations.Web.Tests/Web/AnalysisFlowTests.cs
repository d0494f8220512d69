using System.Net;
using System.Text.Json;
using Consultations.Core.Domain;

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

public sealed class AnalysisFlowTestsOnSqlite(AppFactory app) : AnalysisFlowTests(app), IClassFixture<AppFactory>;

[Trait("Store", "Cosmos")]
public sealed class AnalysisFlowTestsOnCosmos(CosmosAppFactory app) : AnalysisFlowTests(app), IClassFixture<CosmosAppFactory>;
