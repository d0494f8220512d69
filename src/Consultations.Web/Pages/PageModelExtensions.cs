using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages;

public static class PageModelExtensions
{
    public const string ForbiddenReasonKey = "Consultations.ForbiddenReason";

    /// <summary>Refuses with a 403 whose page tells the user why.</summary>
    public static ForbidResult ForbidBecause(this PageModel page, string reason)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.HttpContext.Items[ForbiddenReasonKey] = reason;
        return new ForbidResult();
    }

    /// <summary>A local URL to return to, or the fallback; never an open redirect.</summary>
    public static string SafeReturnUrl(this PageModel page, string? returnUrl, string fallback)
    {
        ArgumentNullException.ThrowIfNull(page);
        return !string.IsNullOrEmpty(returnUrl) && page.Url.IsLocalUrl(returnUrl) ? returnUrl : fallback;
    }
}
