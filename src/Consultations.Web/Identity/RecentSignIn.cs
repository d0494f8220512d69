using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Identity;

/// <summary>Met when the user signed in (entered their credentials) within <see cref="SignInOptions.RecentSignInWindow"/>.</summary>
public sealed class RecentSignInRequirement : IAuthorizationRequirement;

public static class RecentSignIn
{
    /// <summary>When the user last authenticated, in Unix seconds (the OpenID Connect claim name, kept in the session cookie).</summary>
    public const string AuthTimeClaim = "auth_time";

    /// <summary>Marks a challenge that asked the provider to authenticate again, so the answer can be checked.</summary>
    internal const string StepUpItem = "consultations.step-up";

    public static DateTimeOffset? SignedInAt(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return long.TryParse(user.FindFirstValue(AuthTimeClaim), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    internal static Claim AuthTime(DateTimeOffset at) =>
        new(AuthTimeClaim, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64);

    /// <summary>
    /// Sends the user to sign in again and back to the current address: with Entra ID, <c>prompt=login</c> and
    /// <c>max_age</c> make the provider ask for credentials even inside its own session; otherwise the development
    /// sign-in page. For page handlers that check <see cref="Policies.RecentSignIn"/> themselves.
    /// </summary>
    public static async Task ChallengeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var returnUrl = $"{context.Request.PathBase}{context.Request.Path}{context.Request.QueryString}";
        var schemes = context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        if (await schemes.GetSchemeAsync(OpenIdConnectDefaults.AuthenticationScheme) is null)
        {
            await context.ChallengeAsync(CookieAuthenticationDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = returnUrl });
            return;
        }

        var window = context.RequestServices.GetRequiredService<IOptions<SignInOptions>>().Value.RecentSignInWindow;
        var properties = new OpenIdConnectChallengeProperties { RedirectUri = returnUrl, Prompt = "login", MaxAge = window };
        properties.Items[StepUpItem] = "1";
        await context.ChallengeAsync(OpenIdConnectDefaults.AuthenticationScheme, properties);
    }
}

internal sealed class RecentSignInHandler(IOptionsMonitor<SignInOptions> options, TimeProvider time) : AuthorizationHandler<RecentSignInRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RecentSignInRequirement requirement)
    {
        if (RecentSignIn.SignedInAt(context.User) is { } signedInAt && time.GetUtcNow() - signedInAt <= options.CurrentValue.RecentSignInWindow)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// Turns a refusal caused only by a stale sign-in into a request to sign in again; every other refusal stays a 403,
/// because signing in again would not change it.
/// </summary>
internal sealed class RecentSignInResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(authorizeResult);
        var failed = authorizeResult.AuthorizationFailure?.FailedRequirements.ToList() ?? [];
        if (authorizeResult.Forbidden && failed.Count > 0 && failed.All(r => r is RecentSignInRequirement))
        {
            return RecentSignIn.ChallengeAsync(context);
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
