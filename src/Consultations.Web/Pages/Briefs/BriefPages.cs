using Consultations.Web.Briefs;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Briefs;

/// <summary>What the brief pages share: rendering a brief through the programme's template.</summary>
public static class BriefPages
{
    /// <summary>Renders through the template; the template's error is shown to administrators only.</summary>
    public static async Task<(IHtmlContent Html, string? TemplateError)> RenderAsync(PageModel page, BriefTemplateRenderer renderer, BriefDocumentModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(renderer);
        var result = await renderer.RenderAsync(page.HttpContext, model, cancellationToken);
        var admin = page.User.IsInRole(nameof(Core.Access.Role.Administrator));
        return (new HtmlString(result.Html), admin ? result.TemplateError : null);
    }
}
