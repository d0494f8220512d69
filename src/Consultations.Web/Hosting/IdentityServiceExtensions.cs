using Consultations.Core.Access;
using Consultations.Web.Identity;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;

namespace Consultations.Web.Hosting;

public static class IdentityServiceExtensions
{
    /// <summary>
    /// Cookie sessions with role policies. With <c>AzureAd:ClientId</c> set, people sign in with Microsoft Entra ID in any
    /// environment; without it only Development offers the demo-persona sign-in, and anywhere else the app refuses to start.
    /// </summary>
    public static WebApplicationBuilder AddConsultationsIdentity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var entra = EntraIdOptions.IsConfigured(builder.Configuration);
        if (!entra && !builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"No sign-in is configured for the '{builder.Environment.EnvironmentName}' environment. The demo-persona sign-in " +
                "exists only in Development; anywhere else configure Microsoft Entra ID sign-in (AzureAd:Instance, AzureAd:TenantId, " +
                "AzureAd:ClientId and a client credential; see docs/identity.md). Run with ASPNETCORE_ENVIRONMENT=Development for a local demo.");
        }

        if (!entra && builder.Configuration.GetSection(EntraIdOptions.SectionName).GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value) || c.GetChildren().Any()))
        {
            throw new InvalidOperationException(
                "The AzureAd section is set but AzureAd:ClientId is missing, so Entra ID sign-in is not switched on. " +
                "Set AzureAd:ClientId (see docs/identity.md) or remove the AzureAd section to use the development sign-in.");
        }

        var services = builder.Services;
        var development = builder.Environment.IsDevelopment();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SignInOptions>, SignInOptionsValidator>();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<SignInOptions>, LinkGenerator>((cookie, signIn, links) => ConfigureSessionCookie(cookie, signIn.Value, development, links));

        if (entra)
        {
            AddEntraSignIn(builder);
        }
        else
        {
            services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
            services.AddSingleton<IUserDirectory, DemoUserDirectory>();
        }

        services.AddSingleton<IAuthorizationHandler, RecentSignInHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, RecentSignInResultHandler>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Repository, p => p.RequireRole(nameof(Role.Administrator), nameof(Role.Facilitator), nameof(Role.Researcher)))
            .AddPolicy(Policies.Administrator, p => p.RequireRole(nameof(Role.Administrator)))
            .AddPolicy(Policies.Briefs, p => p.RequireRole(nameof(Role.Administrator), nameof(Role.Facilitator), nameof(Role.Researcher), nameof(Role.Funder)))
            .AddPolicy(Policies.RecentSignIn, p => p.RequireAuthenticatedUser().AddRequirements(new RecentSignInRequirement()));
        return builder;
    }

    private static void AddEntraSignIn(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(EntraIdOptions.SectionName);
        var validator = new EntraIdOptionsValidator();
        services.AddOptions<EntraIdOptions>().BindConfiguration(EntraIdOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EntraIdOptions>>(validator);

        // Checked now as well: Identity.Web reads the section before the host starts, and its own messages are less specific.
        var configured = section.Get<EntraIdOptions>() ?? new EntraIdOptions();
        if (validator.Validate(null, configured) is { Failed: true } result)
        {
            throw new InvalidOperationException(result.FailureMessage);
        }

        var web = services
            .AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddMicrosoftIdentityWebApp(section, OpenIdConnectDefaults.AuthenticationScheme, CookieAuthenticationDefaults.AuthenticationScheme);
        if (configured.NeedsMsalCodeRedemption)
        {
            // A certificate or managed-identity assertion can only be presented by MSAL, so it redeems the sign-in code.
            web.EnableTokenAcquisitionToCallDownstreamApi().AddInMemoryTokenCaches();
        }

        services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme)
            .Configure<LinkGenerator>((options, links) => EntraSignIn.Configure(options, configured, links));
        services.AddSingleton<SignedInUserDirectory>();
        services.AddSingleton<IUserDirectory>(sp => sp.GetRequiredService<SignedInUserDirectory>());
    }

    private static void ConfigureSessionCookie(CookieAuthenticationOptions options, SignInOptions signIn, bool development, LinkGenerator links)
    {
        options.LoginPath = links.GetPathByPage("/Account/SignIn") ?? throw new InvalidOperationException("The sign-in page has no route.");
        options.LogoutPath = links.GetPathByPage("/Account/SignOut") ?? throw new InvalidOperationException("The sign-out page has no route.");
        options.Cookie.Name = "consultations.auth";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        // Always Secure outside Development, even when TLS ends at a proxy and the app sees plain HTTP.
        options.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        options.ExpireTimeSpan = signIn.SessionLifetime;
        options.SlidingExpiration = signIn.SlidingExpiration;

        // A refusal is a 403 at the requested address (rendered by the status page), not a redirect.
        options.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };

        // Sessions remember when the user signed in, for the RecentSignIn policy; Entra ID's auth_time wins when it sent one.
        options.Events.OnSigningIn = context =>
        {
            if (context.Principal?.Identity is System.Security.Claims.ClaimsIdentity identity && !identity.HasClaim(c => c.Type == RecentSignIn.AuthTimeClaim))
            {
                identity.AddClaim(RecentSignIn.AuthTime(context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()));
            }

            return Task.CompletedTask;
        };
    }
}
