using System.Net;
using Consultations.Core.Demo;
using Consultations.Core.Search;
using Consultations.Infrastructure.Search;
using Consultations.Testing.Web;
using Consultations.Web.Search;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Web.Tests.Web;

/// <summary>
/// Search by meaning in the running app, on the real model: "information exchange" finds the notes about sharing
/// indicators, and each note readers can see has a page of similar notes from the other countries. Runs alone: the model
/// takes a core while it embeds the demo.
/// </summary>
[Collection(MeaningSearchFlowTests.Name)]
public sealed class MeaningSearchFlowTests(MeaningSearchFlowTests.MeaningApp app) : IClassFixture<MeaningSearchFlowTests.MeaningApp>
{
    public const string Name = "Search by meaning in the app";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Information_exchange_finds_notes_about_sharing_indicators_for_a_researcher()
    {
        await ReadyAsync();
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;

        var results = await app.Services.GetRequiredService<ProgrammeSearch>().SearchAsync(
            DemoPersonas.Researcher.ToActor(), programme, new SearchRequest { Query = SearchQuery.Parse("information exchange") }, Ct);

        Assert.False(results.Notices.HasFlag(SearchNotices.MeaningPending));
        var top = await Task.WhenAll(results.Hits.Take(5).Select(h => app.Notes.GetAsync(h.ConsultationId!, h.Id, Ct)));
        Assert.Contains(top, n => n!.Text.Contains("indicators", StringComparison.Ordinal));
        Assert.All(results.Hits, h => Assert.Equal(SearchView.Reader, h.View));
    }

    [Fact]
    public async Task A_published_note_shows_similar_notes_from_the_other_countries_only_and_a_draft_has_no_such_page()
    {
        await ReadyAsync();
        var notes = await app.Notes.ListBySessionAsync("demo-ph", "plenary-3", Ct);
        var source = notes.First(n => n.Text.StartsWith("Telecoms participants described informal sharing of indicators", StringComparison.Ordinal));
        var draft = notes.First(n => n.Status == Core.Domain.NoteStatus.Draft);
        using var researcher = await app.SignedInClientAsync("demo-researcher");
        using var funder = await app.SignedInClientAsync("demo-funder");

        var session = await researcher.GetOkAsync("/programmes/demo/consultations/demo-ph/sessions/plenary-3");
        var link = session.Document.QuerySelector($"#note-{source.Id} [data-testid=similar-link]")?.GetAttribute("href");
        Assert.NotNull(link);
        var page = await researcher.GetOkAsync(link);

        var similar = page.Document.QuerySelectorAll("[data-testid=similar-notes] li");
        Assert.NotEmpty(similar);
        Assert.All(similar, li => Assert.DoesNotContain("Philippines", li.QuerySelector("strong")!.TextContent, StringComparison.Ordinal));
        Assert.Contains(similar, li => li.TextContent.Contains("indicator", StringComparison.OrdinalIgnoreCase) || li.TextContent.Contains("shar", StringComparison.OrdinalIgnoreCase));
        var opened = similar[0].QuerySelector("a")!.GetAttribute("href")!;
        Assert.Equal(HttpStatusCode.OK, (await researcher.GetAsync(opened.Split('#')[0])).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await researcher.GetAsync($"/programmes/demo/consultations/demo-ph/notes/{draft.Id}/similar")).Status);
        Assert.NotEqual(HttpStatusCode.OK, (await funder.GetAsync(link)).Status);
    }

    private async Task ReadyAsync()
    {
        await app.Services.GetRequiredService<SearchIndexMaintainer>().Ready.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        var hybrid = Assert.IsType<HybridSearchIndex>(app.Services.GetRequiredService<ISearchIndex>());
        await hybrid.WaitForMeaningAsync(TimeSpan.FromSeconds(180), Ct);
    }

    public sealed class MeaningApp : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Search:Embeddings:Enabled", "true");
        }
    }
}

[CollectionDefinition(MeaningSearchFlowTests.Name, DisableParallelization = true)]
public sealed class MeaningSearchRunsAlone;
