using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Account;

/// <summary>Shown when the OpenID Connect answer is refused; the reason is in the log under the reference.</summary>
[AllowAnonymous]
public sealed partial class SignInFailedModel : PageModel
{
    [BindProperty(SupportsGet = true, Name = "reference")]
    public string? Reference { get; set; }

    public void OnGet()
    {
        // Only something shaped like a trace reference is echoed back.
        if (Reference is not null && !ReferencePattern().IsMatch(Reference))
        {
            Reference = null;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9:|.\\-]{1,80}$")]
    private static partial Regex ReferencePattern();
}
