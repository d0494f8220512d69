using Consultations.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages;

/// <summary>Friendly pages for error status codes (re-executed by the status-code middleware).</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    public string Heading { get; private set; } = string.Empty;

    public string Message { get; private set; } = string.Empty;

    public IActionResult OnGet([FromRoute] int code) => Render(code);

    // From the route only: reading a form here would read the very body a 413 refused.
    public IActionResult OnPost([FromRoute] int code) => Render(code);

    private PageResult Render(int code)
    {
        // Reached directly (not re-executed), the page answers 200 for the code it describes.
        Code = code;
        var reason = ForbiddenReason.Of(HttpContext);
        (Heading, Message) = code switch
        {
            400 => ("That request could not be handled", "The form may have expired or been sent twice. Go back, reload the page and try again; nothing you saved before is lost."),
            403 => ("You don't have access to this page", reason ?? "Your role does not allow this. If you think it should, ask a programme administrator."),
            404 => ("Page not found", "There is nothing at this address. It may have been moved or deleted, or the link may be mistyped."),
            405 => ("That action is not available here", "Go back and use the buttons on the page."),
            413 => ("That was too large", "The text or file you sent is larger than the app accepts. Split it into smaller parts."),
            429 => ("Too many requests", "Please wait a moment and try again."),
            _ => ("Something went wrong", "The app could not complete the request. Nothing you saved before is lost."),
        };
        return Page();
    }
}
