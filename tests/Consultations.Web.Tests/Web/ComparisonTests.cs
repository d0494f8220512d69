using System.Net;
using Consultations.Core.Domain;
using Consultations.Testing.Web;

namespace Consultations.Web.Tests.Web;

/// <summary>The theme × country comparison: counts from published notes, coverage states, filters, and only what any reader may see.</summary>
public abstract class ComparisonTests(AppFactory app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_cell_counts_the_published_notes_of_its_theme_and_country_with_a_heatmap_of_the_same_figures()
    {
        using var client = await app.SignedInClientAsync("demo-researcher");

        var page = await client.GetOkAsync("/programmes/demo/compare?c=demo-ph&c=demo-vn&c=demo-id&c=demo-my");

        Assert.NotNull(page.Document.QuerySelector("svg[data-testid=heatmap] title"));
        foreach (var consultation in new[] { "demo-ph", "demo-vn", "demo-id", "demo-my" })
        {
            var published = await PublishedAsync(consultation);
            foreach (var theme in ThemeTaxonomy.Default.Themes.Select(t => t.Key))
            {
                var expected = published.Count(n => n.Themes.Contains(theme));
                var cell = page.Document.QuerySelector($"[data-testid=cell-{theme}-{consultation}]")!;
                Assert.Equal(expected, int.Parse(cell.QuerySelector("[data-testid=cell-count]")!.TextContent.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Document.QuerySelector($"[data-testid=heat-{theme}-{consultation}] text")!.TextContent);
                Assert.InRange(cell.QuerySelectorAll("li").Length, 1, 2);
            }
        }
    }

    [Fact]
    public async Task Not_discussed_is_kept_apart_from_not_recorded()
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var consultation = Consultation.Create(
            Ids.New(),
            "demo",
            new ConsultationDetails("TH", "Bangkok", null, new DateOnly(2024, 2, 6), new DateOnly(2024, 2, 6), ConsultationFormat.InPerson, DisclosureRule.ChathamHouse, []),
            new UserRef("demo-admin", "Admin"),
            DateTimeOffset.UtcNow);
        consultation.AddSession("Inclusion", ["inclusion"], DisclosureRule.ChathamHouse, programme.Taxonomy, new UserRef("demo-admin", "Admin"), DateTimeOffset.UtcNow);
        await app.Consultations.CreateAsync(consultation, Ct);
        using var client = await app.SignedInClientAsync("demo-researcher");

        var page = await client.GetOkAsync($"/programmes/demo/compare?c={consultation.Id}");

        Assert.Equal("NotRecorded", page.Document.QuerySelector($"[data-testid=cell-inclusion-{consultation.Id}]")!.GetAttribute("data-state"));
        Assert.Equal("NotDiscussed", page.Document.QuerySelector($"[data-testid=cell-technical-standards-{consultation.Id}]")!.GetAttribute("data-state"));
    }

    [Fact]
    public async Task Filters_narrow_every_cell_to_a_kind_of_note_and_to_chosen_themes()
    {
        using var client = await app.SignedInClientAsync("demo-researcher");

        var page = await client.GetOkAsync("/programmes/demo/compare?c=demo-ph&t=inclusion&kind=Recommendation");

        var expected = (await PublishedAsync("demo-ph")).Count(n => n.Kind == NoteKind.Recommendation && n.Themes.Contains("inclusion"));
        var count = page.Document.QuerySelector("[data-testid=cell-inclusion-demo-ph] [data-testid=cell-count]");
        Assert.Equal(expected, count is null ? 0 : int.Parse(count.TextContent.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(page.Document.QuerySelector("[data-testid=cell-technical-standards-demo-ph]"));
        Assert.Null(page.Document.QuerySelector("[data-testid=cell-inclusion-demo-vn]"));
    }

    [Fact]
    public async Task Funders_are_refused()
    {
        using var client = await app.SignedInClientAsync("demo-funder");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/programmes/demo/compare")).Status);
    }

    private async Task<List<Note>> PublishedAsync(string consultationId)
    {
        var consultation = (await app.Consultations.GetAsync("demo", consultationId, Ct))!;
        var visible = consultation.Sessions.Where(s => s.DisclosureRule != DisclosureRule.OffTheRecord).Select(s => s.Id).ToHashSet();
        var notes = new List<Note>();
        foreach (var session in visible)
        {
            notes.AddRange((await app.Notes.ListBySessionAsync(consultationId, session, Ct)).Where(n => n.Status == NoteStatus.Published));
        }

        return notes;
    }
}

public sealed class ComparisonTestsOnSqlite(AppFactory app) : ComparisonTests(app), IClassFixture<AppFactory>;

[Trait("Store", "Cosmos")]
public sealed class ComparisonTestsOnCosmos(CosmosAppFactory app) : ComparisonTests(app), IClassFixture<CosmosAppFactory>;
