using Consultations.Web.Loading;
using Consultations.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages;

public static class PageModelExtensions
{
    /// <summary>Refuses with a 403 whose page tells the user why.</summary>
    public static ForbidResult ForbidBecause(this PageModel page, string reason)
    {
        ArgumentNullException.ThrowIfNull(page);
        ForbiddenReason.Set(page.HttpContext, reason);
        return new ForbidResult();
    }

    /// <summary>What a page answers when the loader found nothing to show: 404, or 403 with the reason.</summary>
    public static IActionResult Answer<TScope>(this Loaded<TScope> loaded, PageModel page)
        where TScope : class
    {
        ArgumentNullException.ThrowIfNull(page);
        return loaded switch
        {
            { Refusal: { } reason } => page.ForbidBecause(reason),
            { Found: null } => page.NotFound(),
            _ => throw new InvalidOperationException("A page answers a load only when it found nothing to show."),
        };
    }

    /// <summary>A local URL to return to, or the fallback; never an open redirect.</summary>
    public static string SafeReturnUrl(this PageModel page, string? returnUrl, string fallback)
    {
        ArgumentNullException.ThrowIfNull(page);
        return !string.IsNullOrEmpty(returnUrl) && page.Url.IsLocalUrl(returnUrl) ? returnUrl : fallback;
    }
}
