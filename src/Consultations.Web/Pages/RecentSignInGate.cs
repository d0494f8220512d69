using Consultations.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages;

/// <summary>
/// Sensitive handlers (publish, override, purge, approve, export) ask for a recent sign-in. Razor Pages cannot put a
/// policy on one handler, so the handler asks: null means go ahead, otherwise return the challenge it gets.
/// </summary>
public static class RecentSignInGate
{
    public static async Task<IActionResult?> RequireRecentSignInAsync(this PageModel page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var authorization = page.HttpContext.RequestServices.GetRequiredService<IAuthorizationService>();
        var result = await authorization.AuthorizeAsync(page.User, Policies.RecentSignIn);
        return result.Succeeded ? null : new StepUpResult();
    }

    private sealed class StepUpResult : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => RecentSignIn.ChallengeAsync(context.HttpContext);
    }
}
