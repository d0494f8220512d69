using System.Net;
using AngleSharp.Html.Parser;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;
using Consultations.Testing;
using Consultations.Testing.Web;
using Consultations.Web.Briefs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Tests.Briefs;

/// <summary>The app with Briefs:TemplatesPath on a temp folder (templates/) whose parent also holds a file no request may reach.</summary>
public sealed class BriefTemplateAppFactory : AppFactory
{
    private readonly TempDirectory _root = new();

    public BriefTemplateAppFactory() => Directory.CreateDirectory(TemplatesPath);

    public string RootPath => _root.Path;

    public string TemplatesPath => Path.Combine(_root.Path, "templates");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Briefs:TemplatesPath", TemplatesPath);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _root.Dispose();
        }
    }
}

public sealed class BriefTemplateTests(BriefTemplateAppFactory app) : IClassFixture<BriefTemplateAppFactory>
{
    private const string ModelDirective = "@model Consultations.Web.Briefs.BriefDocumentModel\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string TemplateFile => Path.Combine(app.TemplatesPath, "brief.cshtml");

    [Fact]
    public async Task Without_a_custom_template_the_built_in_one_renders_header_heatmap_table_and_sources()
    {
        RemoveTemplate();

        var result = await RenderAsync(Sample(BriefAudience.Researcher));

        Assert.False(result.UsedCustomTemplate);
        Assert.Null(result.TemplateError);
        var doc = new HtmlParser().ParseDocument(result.Html);
        Assert.Equal("Digital public infrastructure in four countries", doc.QuerySelector("article.brief h1")!.TextContent);
        Assert.Contains("Southeast Asia Cyber Dialogue", doc.QuerySelector(".brief-programme")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Version 2 · published 3 March 2026", Normalise(doc.QuerySelector("[data-testid=brief-edition]")!.TextContent), StringComparison.Ordinal);
        Assert.Contains("<p>The body, <em>already HTML</em>.</p>", result.Html, StringComparison.Ordinal);

        var svg = doc.QuerySelector("svg[role=img]")!;
        Assert.Equal("Notes per theme and country", svg.QuerySelector("title")!.TextContent);
        Assert.NotNull(svg.QuerySelector("desc"));
        Assert.Contains("<svg", result.Html, StringComparison.Ordinal);
        Assert.Contains(svg.QuerySelectorAll("rect"), r => r.GetAttribute("fill") == "#2171b5");
        Assert.Contains(svg.QuerySelectorAll("rect"), r => r.GetAttribute("fill") == "#eeeeee");
        Assert.Contains(svg.QuerySelectorAll("rect"), r => r.GetAttribute("fill") == "#ffffff");

        var table = doc.QuerySelector("table[data-testid=brief-coverage-table]")!;
        Assert.Equal(["Theme", "Viet Nam", "Kenya"], table.QuerySelectorAll("thead th").Select(th => th.TextContent));
        var rows = table.QuerySelectorAll("tbody tr").Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(["Governance", "3 notes", "Not recorded"], rows[0]);
        Assert.Equal(["Finance", "Not discussed", "1 note"], rows[1]);

        var source = doc.QuerySelector("li#source-1")!;
        Assert.Contains("Viet Nam", source.TextContent, StringComparison.Ordinal);
        Assert.Contains("Ministries asked for a shared registry", source.TextContent, StringComparison.Ordinal);
        Assert.Equal("/programmes/demo/notes/n1", source.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("evidence changed: edited after publication", source.QuerySelector(".brief-changed-badge")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Supported by the Example Foundation.", doc.QuerySelector(".brief-funder")!.TextContent);
    }

    [Fact]
    public async Task Funders_get_no_sources_and_no_excerpt_and_a_draft_shows_its_badge()
    {
        RemoveTemplate();

        var result = await RenderAsync(Sample(BriefAudience.Funder) with { Version = null, PublishedAt = null });

        Assert.DoesNotContain("source-1", result.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Ministries asked for a shared registry", result.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Sources", result.Html, StringComparison.Ordinal);
        Assert.Contains("<svg", result.Html, StringComparison.Ordinal);
        var doc = new HtmlParser().ParseDocument(result.Html);
        Assert.Equal("Draft", doc.QuerySelector(".brief-draft-badge")!.TextContent);
        Assert.DoesNotContain("Version", doc.QuerySelector("[data-testid=brief-edition]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_template_is_used_and_an_edit_shows_on_the_very_next_render()
    {
        await WriteTemplateAsync(ModelDirective + "<p class=\"acme\">ACME @Model.Title</p>\n");

        var first = await RenderAsync(Sample(BriefAudience.Researcher));

        Assert.True(first.UsedCustomTemplate, first.TemplateError);
        Assert.Null(first.TemplateError);
        Assert.Contains("<p class=\"acme\">ACME Digital public infrastructure in four countries</p>", first.Html, StringComparison.Ordinal);
        Assert.True(app.Services.GetRequiredService<BriefTemplateStatus>().Last!.Succeeded);

        // Same length on purpose: only the content differs, and no watcher gets a chance to notice.
        await WriteTemplateAsync(ModelDirective + "<p class=\"acne\">ACNE @Model.Title</p>\n");
        var second = await RenderAsync(Sample(BriefAudience.Researcher));

        Assert.True(second.UsedCustomTemplate);
        Assert.Contains("ACNE Digital public infrastructure", second.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("ACME", second.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partial_in_the_templates_folder_is_used_and_its_edits_are_picked_up_by_polling()
    {
        var partial = Path.Combine(app.TemplatesPath, "_masthead.cshtml");
        await File.WriteAllTextAsync(partial, "<p class=\"masthead\">masthead one</p>\n", Ct);
        await WriteTemplateAsync(ModelDirective + "@await Html.PartialAsync(\"_masthead.cshtml\")\n<h1>@Model.Title</h1>\n");

        var first = await RenderAsync(Sample(BriefAudience.Researcher));
        Assert.True(first.UsedCustomTemplate, first.TemplateError);
        Assert.Contains("masthead one", first.Html, StringComparison.Ordinal);

        await File.WriteAllTextAsync(partial, "<p class=\"masthead\">masthead two</p>\n", Ct);
        File.SetLastWriteTimeUtc(partial, DateTime.UtcNow.AddMinutes(1));

        // Partials are not content-addressed: the change token polls every few seconds.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string html;
        do
        {
            await Task.Delay(500, Ct);
            html = (await RenderAsync(Sample(BriefAudience.Researcher))).Html;
        }
        while (!html.Contains("masthead two", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        Assert.Contains("masthead two", html, StringComparison.Ordinal);
        File.Delete(partial);
    }

    [Fact]
    public async Task A_template_that_does_not_compile_falls_back_to_the_default_and_reports_the_compiler_error()
    {
        await WriteTemplateAsync(ModelDirective + "<p>before</p>\n@{ int x = \"nope\"; }\n");

        var result = await RenderAsync(Sample(BriefAudience.Researcher));

        Assert.False(result.UsedCustomTemplate);
        Assert.Contains("data-testid=\"brief-heatmap\"", result.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("before", result.Html, StringComparison.Ordinal);
        Assert.NotNull(result.TemplateError);
        Assert.Contains("did not compile", result.TemplateError, StringComparison.Ordinal);
        Assert.Contains("CS0029", result.TemplateError, StringComparison.Ordinal);
        Assert.Contains("brief.cshtml(3,", result.TemplateError, StringComparison.Ordinal);
        Assert.DoesNotContain("/brief-templates/brief.", result.TemplateError, StringComparison.Ordinal);

        var status = app.Services.GetRequiredService<BriefTemplateStatus>();
        Assert.Equal(result.TemplateError, status.Last!.Error);
        Assert.Equal(result.TemplateError, status.ErrorFor(status.Last.TemplateHash));

        // Cached per content: the same broken file gives the same answer again, still without throwing.
        Assert.Equal(result.TemplateError, (await RenderAsync(Sample(BriefAudience.Researcher))).TemplateError);
    }

    [Fact]
    public async Task A_template_that_throws_while_rendering_falls_back_to_the_default_with_the_error()
    {
        await WriteTemplateAsync(ModelDirective + "<p class=\"half\">half written</p>\n<p>@Model.Sources[99].Excerpt</p>\n");

        var result = await RenderAsync(Sample(BriefAudience.Researcher));

        Assert.False(result.UsedCustomTemplate);
        Assert.DoesNotContain("half written", result.Html, StringComparison.Ordinal);
        Assert.Contains("<h1 id=\"brief-title\"", result.Html, StringComparison.Ordinal);
        Assert.Contains("failed while rendering", result.TemplateError, StringComparison.Ordinal);
        Assert.Contains("IndexOutOfRangeException", result.TemplateError, StringComparison.Ordinal);
        Assert.Contains("at line 3", result.TemplateError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_downloadable_default_source_is_the_built_in_view_and_compiles_as_a_custom_template()
    {
        var file = Path.Combine(TestPaths.RepositoryRoot, "src", "Consultations.Web", "Pages", "Briefs", "Templates", "Default.cshtml");
        var source = BriefTemplateRenderer.DefaultTemplateSource();
        Assert.Equal((await File.ReadAllTextAsync(file, Ct)).ReplaceLineEndings("\n"), source.ReplaceLineEndings("\n"));

        await WriteTemplateAsync(source);
        var custom = await RenderAsync(Sample(BriefAudience.Researcher));

        Assert.True(custom.UsedCustomTemplate, custom.TemplateError);
        RemoveTemplate();
        var builtIn = await RenderAsync(Sample(BriefAudience.Researcher));
        Assert.Equal(builtIn.Html, custom.Html);
    }

    [Fact]
    public async Task The_apps_own_pages_still_render_with_runtime_compilation_on()
    {
        using var anonymous = app.CreateHtmlClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/account/sign-in")).Status);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/status/404")).Status);

        using var researcher = await app.SignedInClientAsync("demo-researcher");
        await researcher.GetOkAsync("/programmes");
        var programme = await researcher.GetOkAsync("/programmes/demo");
        Assert.NotNull(programme.Document.QuerySelector("footer"));
    }

    [Fact]
    public async Task Brief_assets_serve_images_and_css_from_the_templates_folder_and_nothing_else()
    {
        await File.WriteAllTextAsync(Path.Combine(app.TemplatesPath, "brand.css"), ".acme { color: #c00; }", Ct);
        await File.WriteAllTextAsync(Path.Combine(app.TemplatesPath, "_logo.cshtml"), "<p>partial</p>", Ct);
        await File.WriteAllTextAsync(Path.Combine(app.TemplatesPath, "notes.txt"), "not an asset", Ct);
        await File.WriteAllTextAsync(Path.Combine(app.RootPath, "secret.css"), ".secret {}", Ct);

        using var anonymous = app.CreateHtmlClient();
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/brief-assets/brand.css")).Status);

        using var client = await app.SignedInClientAsync("demo-researcher");
        using (var css = await client.Http.GetAsync("/brief-assets/brand.css", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, css.StatusCode);
            Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
            Assert.Equal(".acme { color: #c00; }", await css.Content.ReadAsStringAsync(Ct));
        }

        foreach (var url in new[]
        {
            "/brief-assets/..%2Fsecret.css", "/brief-assets/%2e%2e%2fsecret.css", "/brief-assets/..%5Csecret.css",
            "/brief-assets/_logo.cshtml", "/brief-assets/notes.txt", "/brief-assets/missing.css", "/brief-assets/",
            "/brief-assets/%2Fetc%2Fpasswd",
        })
        {
            using var response = await client.Http.GetAsync(url, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode}");
        }

        Assert.True(BriefAssets.TryResolve(app.TemplatesPath, "brand.css", out var path, out _));
        Assert.Equal(Path.Combine(app.TemplatesPath, "brand.css"), path);
        foreach (var name in new[] { "../secret.css", "..\\secret.css", "..", ".hidden.css", "sub/brand.css", "_logo.cshtml", "notes.txt", "brand.css/", "" })
        {
            Assert.False(BriefAssets.TryResolve(app.TemplatesPath, name, out _, out _), name);
        }
    }

    [Fact]
    public void Templates_path_resolves_against_the_content_root_or_defaults_beside_the_data_and_rejects_invalid_characters()
    {
        Assert.Equal(Path.Combine(app.TemplatesPath, "brief.cshtml"), app.Services.GetRequiredService<BriefTemplateRenderer>().TemplatePath);

        var root = Path.Combine(Path.GetTempPath(), "app");
        var data = Path.Combine(Path.GetTempPath(), "data");
        Assert.Equal(Path.Combine(data, "brief-templates"), new BriefOptions().ResolveTemplatesDirectory(root, data));
        Assert.Equal(Path.Combine(root, "branding"), new BriefOptions { TemplatesPath = "branding" }.ResolveTemplatesDirectory(root, data));

        var validator = new BriefOptionsValidator();
        Assert.True(validator.Validate(null, new BriefOptions()).Succeeded);
        Assert.True(validator.Validate(null, new BriefOptions { TemplatesPath = "not/there/yet" }).Succeeded);
        Assert.True(validator.Validate(null, new BriefOptions { TemplatesPath = "bad\0path" }).Failed);
        Assert.True(validator.Validate(null, new BriefOptions { TemplatesPath = "brief-*" }).Failed);
        Assert.True(validator.Validate(null, new BriefOptions { TemplatesPath = "   " }).Failed);
    }

    [Fact]
    public async Task An_invalid_templates_path_stops_the_app_at_start()
    {
        await using var factory = new AppFactory();
        await using var broken = factory.WithWebHostBuilder(b => b.UseSetting("Briefs:TemplatesPath", "bad\0path"));

        var ex = Assert.ThrowsAny<Exception>(() => broken.Services.GetRequiredService<IOptions<BriefOptions>>());

        Assert.Contains("Briefs:TemplatesPath", ex.ToString(), StringComparison.Ordinal);
    }

    private static BriefDocumentModel Sample(BriefAudience audience) => new(
        "Digital public infrastructure in four countries",
        "Southeast Asia Cyber Dialogue",
        "the Example Foundation",
        2,
        new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.Zero),
        new HtmlString("<p>The body, <em>already HTML</em>.</p>"),
        new BriefCoverage(
            [new ComparedCountry("c-vn", "Viet Nam"), new ComparedCountry("c-ke", "Kenya")],
            [
                new BriefCoverageRow("governance", "Governance", [new BriefCoverageCell("c-vn", CoverageState.Recorded, 3), new BriefCoverageCell("c-ke", CoverageState.NotRecorded, 0)]),
                new BriefCoverageRow("finance", "Finance", [new BriefCoverageCell("c-ke", CoverageState.Recorded, 1)]),
            ]),
        audience,
        [new BriefSource(1, "n1", "Viet Nam", NoteKind.Finding, "Ministries asked for a shared registry.", "/programmes/demo/notes/n1", "edited after publication")],
        ForPrint: false);

    private static string Normalise(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private async Task<BriefRenderResult> RenderAsync(BriefDocumentModel model)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var renderer = scope.ServiceProvider.GetRequiredService<BriefTemplateRenderer>();
        return await renderer.RenderAsync(new DefaultHttpContext { RequestServices = scope.ServiceProvider }, model, Ct);
    }

    private Task WriteTemplateAsync(string content) => File.WriteAllTextAsync(TemplateFile, content, Ct);

    private void RemoveTemplate() => File.Delete(TemplateFile);
}
