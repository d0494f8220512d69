using Consultations.Core.Access;
using Consultations.Web.Identity;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace Consultations.Web.Hosting;

public static class IdentityServiceExtensions
{
    /// <summary>
    /// Cookie sign-in with role policies. Only Development offers the demo-persona sign-in; anywhere else the
    /// app refuses to start until a real identity provider is configured.
    /// </summary>
    public static WebApplicationBuilder AddConsultationsIdentity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"No sign-in is configured for the '{builder.Environment.EnvironmentName}' environment. The demo-persona sign-in " +
                "exists only in Development, and Microsoft Entra ID sign-in is not available in this version yet. " +
                "Run with ASPNETCORE_ENVIRONMENT=Development for a local demo.");
        }

        builder.Services
            .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/account/sign-in";
                options.LogoutPath = "/account/sign-out";
                options.Cookie.Name = "consultations.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;

                // A refusal is a 403 at the requested address (rendered by the status page), not a redirect.
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });

        builder.Services.AddSingleton<IUserDirectory, DemoUserDirectory>();
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Repository, p => p.RequireRole(nameof(Role.Administrator), nameof(Role.Facilitator), nameof(Role.Researcher)))
            .AddPolicy(Policies.Administrator, p => p.RequireRole(nameof(Role.Administrator)))
            .AddPolicy(Policies.Briefs, p => p.RequireRole(nameof(Role.Administrator), nameof(Role.Facilitator), nameof(Role.Researcher), nameof(Role.Funder)));
        return builder;
    }
}
