using Consultations.Web.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Account;

public sealed class SignOutModel : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);

        // With Entra ID the provider's session ends too, or the next visit would sign straight back in; it redirects there.
        if (await HttpContext.SignOutOfProviderAsync())
        {
            return new EmptyResult();
        }

        return RedirectToPage("/Account/SignIn");
    }
}
