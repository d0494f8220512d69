using Consultations.Core.Demo;
using Consultations.Web.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Account;

/// <summary>Demo-persona sign-in; answers 404 anywhere but Development.</summary>
public sealed class SignInModel(IWebHostEnvironment environment) : PageModel
{
    public IReadOnlyList<DemoPersona> Personas => DemoPersonas.All;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? PersonaId { get; set; }

    public IActionResult OnGet() => environment.IsDevelopment() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!environment.IsDevelopment())
        {
            return NotFound();
        }

        var persona = DemoPersonas.Find(PersonaId);
        if (persona is null)
        {
            ModelState.AddModelError(string.Empty, "Choose one of the personas below.");
            return Page();
        }

        var principal = persona.ToActor().ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return LocalRedirect(this.SafeReturnUrl(ReturnUrl, "/"));
    }
}
