using System.Net;
using Consultations.Core.Demo;
using Consultations.Core.Search;
using Consultations.Testing.Web;
using static Consultations.Web.Tests.Search.SearchTestSupport;

namespace Consultations.Web.Tests.Search;

/// <summary>
/// The search page on the demo data, for every persona: the header box finds what that persona may see and nothing
/// else (checked against an oracle built from the stores and the reader gate), the issue's example searches find the
/// expected notes with highlighted snippets and right facet counts, broken searches give the page with a notice,
/// facets narrow, pages split. Nothing here writes, so one app serves every test.
/// </summary>
public abstract class SearchPageTests(AppFactory app)
{
    public static TheoryData<string> Personas => [.. DemoPersonas.All.Select(p => p.Id)];

    public static TheoryData<string> Examples => ["\"points of contact\"", "ISO 27001 -NIST", "Ha Noi", "Nghi dinh 13"];

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task The_header_search_finds_what_the_persona_may_see_and_nothing_else(string persona)
    {
        var browses = persona != DemoPersonas.Funder.Id;
        var visible = await VisibleAsync(app, persona, browses);
        using var client = await app.SignedInClientAsync(persona);
        var home = await client.GetOkAsync("/");
        Assert.NotNull(home.Document.QuerySelector("form[data-testid=header-search][role=search] label[for=header-q]"));

        // Nothing typed: everything the persona may find, counted by country and (for facilitators) status.
        await SearchAsync(client, string.Empty);
        var everything = await SubmitGetAsync(client, home, "form[data-testid=header-search]", [new("q", string.Empty)]);
        Assert.Equal(HttpStatusCode.OK, everything.Status);
        Assert.Equal(visible.Count, Total(everything));
        Assert.Equal(
            visible.GroupBy(v => v.Consultation.CountryCode).ToDictionary(g => g.Key, g => g.Count()),
            FacetCounts(everything, "country"));
        var ids = HitIds(everything);
        Assert.All(ids, id => Assert.Contains(visible, v => v.Note.Id == id));
        if (visible.Any(v => v.Full))
        {
            Assert.Equal(
                visible.GroupBy(v => v.Note.Status.ToString()).ToDictionary(g => g.Key, g => g.Count()),
                FacetCounts(everything, "status"));
        }
        else
        {
            Assert.Empty(FacetCounts(everything, "status"));
        }

        // Drafts and off-the-record notes are badged, and only for their facilitators.
        var badges = everything.Document.QuerySelectorAll("[data-testid=hit-status], [data-testid=hit-off-record]").ToList();
        Assert.True(visible.Any(v => v.Full) || badges.Count == 0, $"{persona} sees facilitator badges");

        // A phrase from a published note: found by everyone who browses, with the words marked.
        var phrase = await SubmitGetAsync(client, home, "form[data-testid=header-search]", [new("q", "\"points of contact\"")]);
        var expected = visible.Where(v => HasPhrase(Words(v.Text), "points", "of", "contact")).Select(v => v.Note.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, HitIds(phrase).Order(StringComparer.Ordinal));
        Assert.Equal(browses, expected.Count > 0);
        if (!browses)
        {
            Assert.NotNull(phrase.Document.QuerySelector("[data-testid=no-results]"));
            Assert.All(everything.Document.QuerySelectorAll("[data-testid=hit]"), h => Assert.Equal("Brief", h.GetAttribute("data-view")));
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task The_example_searches_find_the_expected_notes_with_highlighted_snippets_and_right_facet_counts(string query)
    {
        Func<List<string>, bool> matches = query switch
        {
            "\"points of contact\"" => w => HasPhrase(w, "points", "of", "contact"),
            "ISO 27001 -NIST" => w => Has(w, "iso") && Has(w, "27001") && !Has(w, "nist"),
            "Ha Noi" => w => Has(w, "ha") && Has(w, "noi"),
            _ => w => Has(w, "nghi") && Has(w, "dinh") && Has(w, "13"),
        };
        var visible = await VisibleAsync(app, DemoPersonas.Researcher.Id, browses: true);
        var expected = visible.Where(v => matches(Words(v.Text))).ToList();
        Assert.NotEmpty(expected);
        using var client = await app.SignedInClientAsync(DemoPersonas.Researcher.Id);

        var page = await SearchAsync(client, query);

        Assert.Empty(Notices(page));
        Assert.Equal(expected.Count, Total(page));
        var hits = await AllHitsAsync(client, page);
        Assert.Equal(expected.Select(v => v.Note.Id).Order(StringComparer.Ordinal), hits.Select(h => h.GetAttribute("data-id")!).Order(StringComparer.Ordinal));
        foreach (var hit in hits)
        {
            var marks = hit.QuerySelectorAll("[data-testid=snippet] mark").Select(m => string.Join(' ', Words(m.TextContent))).ToList();
            Assert.True(marks.Count > 0, $"hit {hit.GetAttribute("data-id")} for {query} has no highlighted words");
            Assert.DoesNotContain(marks, m => m.Contains("nist", StringComparison.Ordinal));
            var link = hit.QuerySelector("[data-testid=hit-link]")!.GetAttribute("href")!;
            Assert.EndsWith($"#note-{hit.GetAttribute("data-id")}", link, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link.Split('#')[0])).Status);
        }

        Assert.Equal(expected.GroupBy(v => v.Consultation.CountryCode).ToDictionary(g => g.Key, g => g.Count()), FacetCounts(page, "country"));
        var themes = expected.SelectMany(v => v.Note.Themes.Distinct()).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(themes, FacetCounts(page, "theme"));

        // Labels, never raw keys, where the programme has one.
        var programme = (await app.Programmes.GetAsync("demo", TestContext.Current.CancellationToken))!;
        foreach (var theme in themes.Keys)
        {
            var link = page.Document.QuerySelector($"[data-testid=facet-theme] [data-value='{theme}']")!;
            Assert.Contains(programme.Taxonomy.LabelOf(theme), link.TextContent, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("\"unclosed")]
    [InlineData("AND AND")]
    [InlineData("*")]
    [InlineData("-")]
    [InlineData("<script>alert(1)</script> OR")]
    [InlineData("long")]
    public async Task A_search_that_cannot_be_read_as_written_gives_the_page_with_a_notice(string query)
    {
        if (query == "long")
        {
            query = string.Concat(Enumerable.Repeat("incident reporting ", 600))[..10_000];
        }

        using var client = await app.SignedInClientAsync(DemoPersonas.Researcher.Id);

        var page = await SearchAsync(client, query);

        Assert.NotEmpty(Notices(page));
        Assert.NotNull(page.Document.QuerySelector("[data-testid=result-count]"));
        Assert.DoesNotContain("<script>alert", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choosing_facets_narrows_and_removing_them_widens_again()
    {
        using var client = await app.SignedInClientAsync(DemoPersonas.Researcher.Id);
        var all = await SearchAsync(client, "standards");
        var countries = FacetCounts(all, "country");
        Assert.True(countries.Count >= 2, "the search should span several countries");
        var (country, count) = countries.First();

        var link = all.Document.QuerySelector($"[data-testid=facet-country] [data-value='{country}']")!.GetAttribute("href")!;
        var narrowed = await client.GetOkAsync(link);

        Assert.Equal(count, Total(narrowed));
        Assert.Equal(countries, FacetCounts(narrowed, "country"));
        var chosen = narrowed.Document.QuerySelector($"[data-testid=facet-country] [data-value='{country}']")!;
        Assert.Equal("true", chosen.GetAttribute("aria-current"));
        Assert.All((await AllHitsAsync(client, narrowed)).Select(h => h.GetAttribute("data-id")!), id => Assert.StartsWith($"demo-{country.ToLowerInvariant()}-", id, StringComparison.Ordinal));

        // A second facet narrows further; choosing the country again removes it.
        var kind = FacetCounts(narrowed, "kind").First();
        var both = await client.GetOkAsync(narrowed.Document.QuerySelector($"[data-testid=facet-kind] [data-value='{kind.Key}']")!.GetAttribute("href")!);
        Assert.Equal(kind.Value, Total(both));
        var widened = await client.GetOkAsync(both.Document.QuerySelector($"[data-testid=facet-country] [data-value='{country}']")!.GetAttribute("href")!);
        Assert.Equal(FacetCounts(all, "kind")[kind.Key], Total(widened));
    }

    [Fact]
    public async Task A_theme_chip_on_a_hit_narrows_the_search_to_that_theme_with_as_many_results_as_its_facet_count()
    {
        using var client = await app.SignedInClientAsync(DemoPersonas.Researcher.Id);
        var all = await SearchAsync(client, "standards");
        var chip = all.Document.QuerySelector("[data-testid=hit-theme]")!;
        var narrowed = await client.GetOkAsync(System.Net.WebUtility.HtmlDecode(chip.GetAttribute("href")!));
        var theme = narrowed.Document.QuerySelectorAll("[data-testid=facet-theme] [aria-current=true]").Single().GetAttribute("data-value")!;

        Assert.Equal(FacetCounts(all, "theme")[theme], Total(narrowed));
        Assert.DoesNotContain(narrowed.Document.QuerySelectorAll("[data-testid=hit-theme]"), a => a.TextContent.StartsWith(chip.TextContent.Split(" (")[0], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pages_split_the_results_and_mark_the_current_page()
    {
        using var client = await app.SignedInClientAsync(DemoPersonas.Researcher.Id);
        var first = await SearchAsync(client, string.Empty, "&sort=agenda");
        var total = Total(first);
        Assert.True(total > SearchRequest.DefaultPageSize);
        Assert.Equal(SearchRequest.DefaultPageSize, HitIds(first).Count);
        Assert.Equal("1", first.Document.QuerySelector("[data-testid=pages] [aria-current=page]")!.TextContent.Trim());

        var second = await client.GetOkAsync(first.Document.QuerySelector("[data-testid=next-page]")!.GetAttribute("href")!);

        Assert.Equal("2", second.Document.QuerySelector("[data-testid=pages] [aria-current=page]")!.TextContent.Trim());
        Assert.Empty(HitIds(first).Intersect(HitIds(second)));
        var every = await AllHitsAsync(client, first);
        Assert.Equal(total, every.Select(h => h.GetAttribute("data-id")).Distinct().Count());
    }

    [Fact]
    public async Task A_comparison_cell_links_to_the_same_search()
    {
        using var client = await app.SignedInClientAsync(DemoPersonas.Researcher.Id);
        var compare = await client.GetOkAsync("/programmes/demo/compare");
        var cell = compare.Document.QuerySelectorAll("[data-testid^=cell-]").First(c => c.QuerySelector("[data-testid=cell-search]") is not null);
        var notes = int.Parse(cell.QuerySelector("[data-testid=cell-count]")!.TextContent.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

        var search = await client.GetOkAsync(cell.QuerySelector("[data-testid=cell-search]")!.GetAttribute("href")!);

        Assert.Equal(notes, Total(search));
        var country = search.Document.QuerySelectorAll("[data-testid=facet-country] [aria-current=true]").Single().GetAttribute("data-value")!;
        Assert.Equal(notes, FacetCounts(search, "country")[country]);
        Assert.Equal(cell.GetAttribute("data-testid")!.Split('-')[^1], $"{country.ToLowerInvariant()}");
        Assert.Single(search.Document.QuerySelectorAll("[data-testid=facet-theme] [aria-current=true]"));
    }

    [Fact]
    public async Task Only_researchers_and_administrators_are_offered_and_given_the_download()
    {
        foreach (var persona in DemoPersonas.All)
        {
            using var client = await app.SignedInClientAsync(persona.Id);
            var page = await SearchAsync(client, "standards");
            var offered = page.Document.QuerySelector("[data-testid=export-csv]") is not null;
            var may = persona.Role is Core.Access.Role.Researcher or Core.Access.Role.Administrator;
            Assert.True(offered == may, $"{persona.Id}: download offered {offered}");
            using var csv = await DownloadAsync(client, Url("standards", "&handler=csv"));
            Assert.Equal(may ? HttpStatusCode.OK : HttpStatusCode.Forbidden, csv.StatusCode);
        }
    }
}

public sealed class SearchPageTestsOnSqlite(AppFactory app) : SearchPageTests(app), IClassFixture<AppFactory>;

[Trait("Store", "Cosmos")]
public sealed class SearchPageTestsOnCosmos(CosmosAppFactory app) : SearchPageTests(app), IClassFixture<CosmosAppFactory>;
