using Consultations.Core.Audit;
using Consultations.Core.Demo;
using Consultations.Web.Audit;
using Consultations.Web.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Account;

/// <summary>Demo-persona sign-in; answers 404 anywhere but Development.</summary>
public sealed class SignInModel(IWebHostEnvironment environment, AuditTrail audit) : PageModel
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
        await audit.RecordAsync(persona.ToActor(), AuditAction.SignedIn, AuditSubject.User(persona.Id), "Development sign-in as a demo persona");
        return LocalRedirect(this.SafeReturnUrl(ReturnUrl, "/"));
    }
}
