using AngleSharp.Html.Parser;
using Consultations.Core.Domain;
using Consultations.Web.Briefs;
using Consultations.Web.Briefs.Exports;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Consultations.Web.Tests.Briefs;

/// <summary>
/// Links in brief Markdown: only absolute http, https and mailto URLs and in-document #fragments become links, in
/// the HTML view, the DOCX and the Markdown export alike; every other target is dropped and its text kept.
/// </summary>
public sealed class BriefLinkTests
{
    /// <summary>Markdown with one hostile link; the text a reader must still see; the target that must be gone (null: the text is the target).</summary>
    public static TheoryData<string, string, string?> Disallowed => new()
    {
        { "[click me](javascript:alert(3))", "click me", "alert(3)" },
        { "[click me](JaVaScRiPt:alert(3))", "click me", "alert(3)" },
        { "[click me](vbscript:msgbox(3))", "click me", "msgbox(3)" },
        { "[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgzKTwvc2NyaXB0Pg==)", "click me", "PHNjcmlwdD5hbGVydCgzKTwvc2NyaXB0Pg" },
        { "[click me](file:///etc/passwd)", "click me", "/etc/passwd" },
        { "[click me](&#106;avascript:alert(3))", "click me", "alert(3)" },
        { "[click me](&#x6A;avascript:alert(3))", "click me", "alert(3)" },
        { "[click me](javascript&colon;alert(3))", "click me", "alert(3)" },
        { "[click me](<java\tscript:alert(3)>)", "click me", "alert(3)" },
        { "[click me](java&#9;script:alert(3))", "click me", "alert(3)" },
        { "[click me](java&#10;script:alert(3))", "click me", "alert(3)" },
        { "[click me](java&#13;script:alert(3))", "click me", "alert(3)" },
        { "[click me](&#1;javascript:alert(3))", "click me", "alert(3)" },
        { "[click me](< javascript:alert(3)>)", "click me", "alert(3)" },
        { "[click me](&#32;javascript:alert(3))", "click me", "alert(3)" },
        { "[click me](//evil.example/steal)", "click me", "evil.example" },
        { "[click me](/programmes/demo/briefs)", "click me", "/programmes/demo/briefs" },
        { "[click me](steal.html)", "click me", "steal.html" },
        { "[click me][r]\n\n[r]: javascript:alert(3)", "click me", "alert(3)" },
        { "[click me]\n\n[click me]: <javascript:alert(3)>", "click me", "alert(3)" },
        { "See <javascript:alert(3)> now", "javascript:alert(3)", null },
        { "See <JAVASCRIPT:alert(3)> now", "JAVASCRIPT:alert(3)", null },
        { "See <vbscript:msgbox(3)> now", "vbscript:msgbox(3)", null },
        { "![click me](javascript:alert(3))", "click me", "alert(3)" },
        { "![click me](data:image/svg+xml;base64,PHN2Zy8+)", "click me", "PHN2Zy8" },
        { "![click me](https://tracker.example/pixel.png)", "click me", "tracker.example" },
        { "[![click me](https://tracker.example/p.png)](javascript:alert(3))", "click me", "alert(3)" },
        { "> - | a |\n>   | - |\n>   | [click me](javascript:alert(3)) |", "click me", "alert(3)" },
    };

    public static TheoryData<string, string, string> Allowed => new()
    {
        { "Read the [regional report](https://example.org/report?a=1&b=2).", "regional report", "https://example.org/report?a=1&b=2" },
        { "Read the [old report](http://example.org/old).", "old report", "http://example.org/old" },
        { "[Write to us](mailto:team@example.org) any time.", "Write to us", "mailto:team@example.org" },
        { "See <https://example.org/x> now.", "https://example.org/x", "https://example.org/x" },
        { "Mail <team@example.org> now.", "team@example.org", "mailto:team@example.org" },
        { "Read the [report][r].\n\n[r]: https://example.org/ref", "report", "https://example.org/ref" },
    };

    [Theory]
    [InlineData("https://example.org/report", "https://example.org/report")]
    [InlineData("HTTP://example.org/x", "HTTP://example.org/x")]
    [InlineData("mailto:team@example.org", "mailto:team@example.org")]
    [InlineData("#source-3", "#source-3")]
    [InlineData(" https://example.org/ ", "https://example.org/")]
    [InlineData("ht\ttps://example.org/", "https://example.org/")]
    [InlineData("\u0001https://example.org/\u001F", "https://example.org/")]
    public void Allows_absolute_http_https_mailto_and_fragments_as_a_browser_reads_them(string url, string target)
    {
        Assert.True(BriefLinks.IsAllowed(url, out var cleaned));
        Assert.Equal(target, cleaned);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("javascript:alert(3)")]
    [InlineData("JaVaScRiPt:alert(3)")]
    [InlineData("java\tscript:alert(3)")]
    [InlineData("java\nscript:alert(3)")]
    [InlineData("java\rscript:alert(3)")]
    [InlineData(" javascript:alert(3)")]
    [InlineData("\u0001javascript:alert(3)")]
    [InlineData("\u00A0javascript:alert(3)")]
    [InlineData("vbscript:msgbox(3)")]
    [InlineData("data:text/html,<script>alert(3)</script>")]
    [InlineData("file:///etc/passwd")]
    [InlineData("&#106;avascript:alert(3)")]
    [InlineData("javascript&colon;alert(3)")]
    [InlineData("//evil.example/steal")]
    [InlineData("/programmes/demo/briefs")]
    [InlineData("steal.html")]
    [InlineData("?handler=docx")]
    [InlineData("https:evil.example")]
    [InlineData("https://")]
    [InlineData("mailto:")]
    [InlineData("http\u017F://evil.example")]
    [InlineData("tel:+441234")]
    [InlineData("ftp://example.org/x")]
    public void Refuses_every_other_target(string? url) => Assert.False(BriefLinks.IsAllowed(url));

    [Theory]
    [InlineData("See [her profile](https://example.org/people/maria-teresa-dela-cruz).")]
    [InlineData("See <https://example.org/people/Maria%20Teresa%20Dela%20Cruz>.")]
    [InlineData("Write to [the team](mailto:maria.teresa.dela.cruz@example.org).")]
    [InlineData("See ![photo](https://example.org/maria_teresa_dela_cruz.png).")]
    public void The_text_the_guard_checks_spells_out_every_link_address(string markdown)
    {
        var checkedText = BriefHtml.PlainText(markdown, BriefAudience.Funder);

        Assert.Contains("maria teresa dela cruz", checkedText.ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[x](&#106;avascript:alert(3))", "javascript:alert(3)")]
    [InlineData("[x](&#x6A;avascript:alert(3))", "javascript:alert(3)")]
    [InlineData("[x](javascript&colon;alert(3))", "javascript:alert(3)")]
    [InlineData("[x](java&#9;script:alert(3))", "java\tscript:alert(3)")]
    [InlineData("[x](&#1;javascript:alert(3))", "\u0001javascript:alert(3)")]
    [InlineData("[x][r]\n\n[r]: java&#10;script:alert(3)", "java\nscript:alert(3)")]
    public void Markdig_hands_over_link_urls_with_entities_already_decoded(string markdown, string url)
    {
        // What the policy is given: entities are decoded before it decides, so an encoded scheme is seen for what it is.
        var link = Assert.Single(Markdown.Parse(markdown).Descendants<LinkInline>());
        Assert.Equal(url, link.Url);
        Assert.False(BriefLinks.IsAllowed(link.Url));
    }

    [Theory]
    [InlineData("Before [click me](javascript:alert(3)) after.", "Before click me after.")]
    [InlineData("A [*b* `c` &amp; d](javascript:x) e", "A b c \\& d e")]
    [InlineData("See <javascript:alert(3)> now", "See javascript:alert\\(3\\) now")]
    [InlineData("[click me][r] and [@abc123].\n\n[r]: javascript:alert(3)\n[@abc123]: javascript:alert(4)", "click me and [@abc123].")]
    [InlineData("[[click me](data:text/plain,x)](javascript:alert(3))", "click me")]
    [InlineData("![a (b) [c]](data:x) [ok](https://x.example)", "a \\(b\\) \\[c\\] [ok](https://x.example)")]
    [InlineData("<b>bold</b> [ok](#source-1)", "\\<b>bold\\</b> [ok](#source-1)")]
    public void Markdown_export_rewrites_the_source_minimally(string markdown, string expected) =>
        Assert.Equal(expected, BriefMarkdownExport.WithSafeLinks(markdown).TrimEnd());

    [Theory]
    [MemberData(nameof(Disallowed))]
    public void Html_shows_the_text_of_a_disallowed_link_and_no_link(string markdown, string text, string? target)
    {
        foreach (var audience in new[] { BriefAudience.Researcher, BriefAudience.Funder })
        {
            var html = BriefHtml.Render(markdown, audience).ToString()!;
            var document = new HtmlParser().ParseDocument(html);

            Assert.Empty(document.QuerySelectorAll("a[href], img, [src]"));
            Assert.Contains(text, document.Body!.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
            if (target is not null)
            {
                Assert.DoesNotContain(target, html, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Html_keeps_http_https_and_mailto_links(string markdown, string text, string url)
    {
        var document = new HtmlParser().ParseDocument(BriefHtml.Render(markdown, BriefAudience.Funder).ToString()!);

        var link = Assert.Single(document.QuerySelectorAll("a[href]"));
        Assert.Equal(url, link.GetAttribute("href"));
        Assert.Equal(text, link.TextContent);
    }

    [Fact]
    public void Html_keeps_citation_and_in_document_links_for_researchers()
    {
        var document = new HtmlParser().ParseDocument(BriefHtml.Render("Ports share data [@abc123; @def456]. See [the second source](#source-2).", BriefAudience.Researcher).ToString()!);

        Assert.Equal(["#source-1", "#source-2", "#source-2"], document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")));
        Assert.Equal("the second source", document.QuerySelectorAll("a[href]")[2].TextContent);
    }

    [Theory]
    [MemberData(nameof(Disallowed))]
    public void Docx_writes_a_disallowed_link_as_its_text_without_a_hyperlink(string markdown, string text, string? target)
    {
        using var document = Docx(markdown);

        var main = document.MainDocumentPart!;
        Assert.Empty(main.HyperlinkRelationships);
        Assert.Empty(main.ExternalRelationships);
        Assert.Empty(main.ImageParts);
        var body = main.Document!.Body!;
        Assert.Empty(body.Descendants<W.Hyperlink>());
        Assert.Contains(text, body.InnerText, StringComparison.Ordinal);
        if (target is not null)
        {
            Assert.DoesNotContain(target, body.InnerText, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Docx_keeps_http_https_and_mailto_links_as_hyperlinks(string markdown, string text, string url)
    {
        using var document = Docx(markdown);

        var main = document.MainDocumentPart!;
        var relationship = Assert.Single(main.HyperlinkRelationships);
        Assert.True(relationship.IsExternal);
        Assert.Equal(new Uri(url), relationship.Uri);
        var hyperlink = Assert.Single(main.Document!.Body!.Descendants<W.Hyperlink>());
        Assert.Equal(relationship.Id, hyperlink.Id?.Value);
        Assert.Equal(text, hyperlink.InnerText);
    }

    [Fact]
    public void Docx_writes_an_in_document_link_as_its_text_because_the_document_has_no_anchors()
    {
        using var document = Docx("See [the second source](#source-2).");

        var main = document.MainDocumentPart!;
        Assert.Empty(main.HyperlinkRelationships);
        Assert.Empty(main.Document!.Body!.Descendants<W.Hyperlink>());
        Assert.Contains(main.Document.Body.Elements<W.Paragraph>(), p => p.InnerText == "See the second source.");
    }

    [Theory]
    [MemberData(nameof(Disallowed))]
    public void Markdown_export_rewrites_a_disallowed_link_as_its_text(string markdown, string text, string? target)
    {
        foreach (var withCitations in new[] { true, false })
        {
            var exported = BriefMarkdownExport.Export(Version(markdown), "Programme", withCitations);

            // As a permissive viewer would show it: raw HTML on, GitHub-style bare URLs linked.
            var document = new HtmlParser().ParseDocument(Markdown.ToHtml(exported, Viewer));
            Assert.Empty(document.QuerySelectorAll("a[href], img, [src]"));
            Assert.Contains(text, document.Body!.TextContent, StringComparison.Ordinal);
            if (target is not null)
            {
                Assert.DoesNotContain(target, exported, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("<a href=\"javascript:alert(3)\">click me</a>")]
    [InlineData("<div>\n<a href=\"javascript:alert(3)\">click me</a>\n</div>")]
    [InlineData("[[click me](data:text/plain,x)](javascript:alert(3))")]
    [InlineData("[click me](javascript:alert(3) \"a title\")")]
    public void Markdown_export_leaves_no_link_a_viewer_could_render(string markdown)
    {
        var exported = BriefMarkdownExport.Export(Version(markdown), "Programme", withCitations: true);

        var document = new HtmlParser().ParseDocument(Markdown.ToHtml(exported, Viewer));
        Assert.Empty(document.QuerySelectorAll("a[href], img, [src], [onclick]"));
        Assert.Contains("click me", document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Markdown_export_keeps_allowed_links_as_written(string markdown, string text, string url)
    {
        var exported = BriefMarkdownExport.Export(Version(markdown), "Programme", withCitations: false);

        Assert.Contains(markdown, exported, StringComparison.Ordinal);
        var link = Assert.Single(new HtmlParser().ParseDocument(Markdown.ToHtml(exported, Viewer)).QuerySelectorAll("a[href]"));
        Assert.Equal(url, link.GetAttribute("href"));
        Assert.Equal(text, link.TextContent);
    }

    [Fact]
    public void Markdown_export_keeps_citations_and_in_document_links()
    {
        const string Body = "Ports share data [@abc123; @def456]. See [the second source](#source-2).";

        Assert.Contains(Body, BriefMarkdownExport.Export(Version(Body), "Programme", withCitations: true), StringComparison.Ordinal);
        Assert.Contains("Ports share data. See [the second source](#source-2).", BriefMarkdownExport.Export(Version(Body), "Programme", withCitations: false), StringComparison.Ordinal);
    }

    private static readonly MarkdownPipeline Viewer = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    private static WordprocessingDocument Docx(string markdown)
    {
        var stream = new MemoryStream();
        BriefDocx.Write(Version(markdown), "Programme", null, stream);
        stream.Position = 0;
        var document = WordprocessingDocument.Open(stream, false);
        Assert.Empty(new OpenXmlValidator().Validate(document, TestContext.Current.CancellationToken).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        return document;
    }

    private static BriefVersion Version(string markdown) => new(
        "brief1-v1",
        "brief1",
        "programme",
        1,
        "Links",
        markdown,
        new BriefScope(["c1"], ["t1"], null, null),
        BriefCoverage.Empty,
        [],
        new UserRef("u1", "Author"),
        new UserRef("u2", "Reviewer"),
        new DateTimeOffset(2025, 3, 5, 14, 30, 0, TimeSpan.Zero));
}
