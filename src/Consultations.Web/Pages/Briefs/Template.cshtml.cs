using System.Text;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;
using Consultations.Web.Briefs;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Briefs;

/// <summary>
/// For administrators: where the brief template lives, whether the custom one compiles (with the compiler's errors),
/// a preview on sample content, and the default template to start a custom one from.
/// </summary>
public sealed class TemplateModel(BriefTemplateRenderer renderer) : PageModel
{
    public string TemplatePath => renderer.DisplayPath;

    public bool HasCustomTemplate => System.IO.File.Exists(renderer.TemplatePath);

    public BriefTemplateCheck? Last => renderer.Status.Last;

    public BriefRenderResult? Preview { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Preview = await renderer.RenderAsync(HttpContext, Sample(), cancellationToken);

    public IActionResult OnGetDefault() =>
        File(Encoding.UTF8.GetBytes(BriefTemplateRenderer.DefaultTemplateSource()), "text/plain; charset=utf-8", "brief.cshtml");

    public IHtmlContent PreviewHtml => new HtmlString(Preview?.Html ?? string.Empty);

    /// <summary>Made-up content in the shape of a real brief, so a template can be checked without publishing anything.</summary>
    private static BriefDocumentModel Sample()
    {
        var countries = new[] { new ComparedCountry("a", "Country A"), new ComparedCountry("b", "Country B") };
        var coverage = new BriefCoverage(
            countries,
            [
                new BriefCoverageRow("t1", "First theme", [new BriefCoverageCell("a", CoverageState.Recorded, 12), new BriefCoverageCell("b", CoverageState.Recorded, 3)]),
                new BriefCoverageRow("t2", "Second theme", [new BriefCoverageCell("a", CoverageState.NotRecorded, 0), new BriefCoverageCell("b", CoverageState.NotDiscussed, 0)]),
            ]);
        const string markdown = "A sample brief to check the template.\n\n## First theme\n\n### Common ground\n\n- **Sample point** came up in 2 of 2 countries. [@sample-1]\n\n> “A short sample quote.” — a participant, Country A [@sample-1]\n";
        return new BriefDocumentModel(
            "Sample brief",
            "Sample programme",
            "A sample funder",
            1,
            DateTimeOffset.UtcNow,
            BriefHtml.Render(markdown, BriefAudience.Researcher),
            coverage,
            BriefAudience.Researcher,
            [new BriefSource(1, "sample-1", "Country A", NoteKind.Finding, "The sample note's text.", "#", null)],
            ForPrint: false);
    }
}
