using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Account;

/// <summary>Where Entra ID sends the browser back after signing out.</summary>
[AllowAnonymous]
public sealed class SignedOutModel : PageModel
{
    public void OnGet()
    {
    }
}
