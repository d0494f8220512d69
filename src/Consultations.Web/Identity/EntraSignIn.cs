using System.Collections.Concurrent;
using System.Diagnostics;
using Consultations.Core.Access;
using Consultations.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Consultations.Web.Identity;

/// <summary>The app's side of the OpenID Connect exchange with Entra ID, layered over Microsoft.Identity.Web's handlers.</summary>
public static partial class EntraSignIn
{
    // A step-up answer may carry an auth_time a little older than max_age asked for (clocks differ).
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Authorization code flow with PKCE, the app's principal instead of the token's, and friendly failures.</summary>
    internal static void Configure(OpenIdConnectOptions options, EntraIdOptions entra, LinkGenerator links)
    {
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.UsePkce = true;
        options.ResponseMode = OpenIdConnectResponseMode.FormPost;
        options.MapInboundClaims = false;

        // Identity.Web brings its own token handler, which the line above does not reach: claims keep their token names.
        if (options.TokenHandler is JsonWebTokenHandler handler)
        {
            handler.MapInboundClaims = false;
        }

        options.SaveTokens = false;
        options.SignedOutRedirectUri = SignedOutPath(links);

        // Identity.Web hands ASP.NET Core only AzureAd:ClientSecret; a secret given as a ClientCredentials entry is passed on here.
        if (string.IsNullOrEmpty(options.ClientSecret) && !entra.NeedsMsalCodeRedemption)
        {
            options.ClientSecret = entra.ClientCredentials.FirstOrDefault()?.ClientSecret;
        }

        var tokenValidated = options.Events.OnTokenValidated;
        options.Events.OnTokenValidated = async context =>
        {
            await tokenValidated(context);
            if (context.Result is null)
            {
                await OnTokenValidatedAsync(context);
            }
        };

        var remoteFailure = options.Events.OnRemoteFailure;
        options.Events.OnRemoteFailure = async context =>
        {
            await remoteFailure(context);
            if (context.Result is not { Handled: true })
            {
                OnRemoteFailure(context);
            }
        };
    }

    private static async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EntraSignIn));
        var token = context.Principal!;
        if (EntraClaims.ToActor(token) is not { } actor)
        {
            context.Fail("The ID token has no object ID (oid) claim.");
            return;
        }

        if (context.Properties?.Items.ContainsKey(RecentSignIn.StepUpItem) == true
            && RecentSignIn.SignedInAt(token) is { } authTime
            && services.GetRequiredService<TimeProvider>().GetUtcNow() - authTime > services.GetRequiredService<IOptions<SignInOptions>>().Value.RecentSignInWindow + ClockSkew)
        {
            context.Fail("The identity provider answered a request to sign in again with an old sign-in (auth_time).");
            return;
        }

        if (actor.Roles.Count == 0)
        {
            // No session for someone the app has no use for: they see why instead of an empty app.
            LogNoRole(logger, actor.UserId);
            if (services.GetService<Audit.AuditTrail>() is { } refusedAudit)
            {
                await refusedAudit.RecordAsync(actor, Core.Audit.AuditAction.SignedIn, Core.Audit.AuditSubject.User(actor.UserId), "Microsoft Entra ID sign-in without an app role", Core.Audit.AuditOutcome.Refused);
            }

            ForbiddenReason.Set(
                context.HttpContext,
                $"You signed in to Microsoft Entra ID as {actor.Name}, but you have no role in Consultations. " +
                "Ask a programme administrator to assign you one of its app roles (Administrator, Facilitator, Researcher or Funder), then try again.");
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.HandleResponse();
            return;
        }

        context.Principal = EntraClaims.ToPrincipal(actor, token);
        services.GetService<SignedInUserDirectory>()?.Remember(actor);
        LogSignedIn(logger, actor.UserId, string.Join(',', actor.Roles));
        if (services.GetService<Audit.AuditTrail>() is { } audit)
        {
            await audit.RecordAsync(actor, Core.Audit.AuditAction.SignedIn, Core.Audit.AuditSubject.User(actor.UserId), "Microsoft Entra ID sign-in");
        }
    }

    private static void OnRemoteFailure(RemoteFailureContext context)
    {
        var reference = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EntraSignIn));
        LogSignInFailed(logger, context.Failure, reference);

        // The details stay in the log; the user gets a page saying they are not signed in and what to do.
        var links = context.HttpContext.RequestServices.GetRequiredService<LinkGenerator>();
        context.Response.Redirect(links.GetPathByPage(context.HttpContext, "/Account/SignInFailed", values: new { reference })!);
        context.HandleResponse();
    }

    /// <summary>Ends the Entra ID session as well when the app signs in with it; false with the development sign-in.</summary>
    public static async Task<bool> SignOutOfProviderAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var schemes = context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        if (await schemes.GetSchemeAsync(OpenIdConnectDefaults.AuthenticationScheme) is null)
        {
            return false;
        }

        var links = context.RequestServices.GetRequiredService<LinkGenerator>();
        await context.SignOutAsync(OpenIdConnectDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = SignedOutPath(links) });
        return true;
    }

    /// <summary>The signed-out page, where Entra ID sends the browser back after signing out.</summary>
    private static string SignedOutPath(LinkGenerator links) =>
        links.GetPathByPage("/Account/SignedOut") ?? throw new InvalidOperationException("The signed-out page has no route.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Entra ID user {UserId} signed in with roles {Roles}.")]
    private static partial void LogSignedIn(ILogger logger, string userId, string roles);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entra ID user {UserId} has no app role in Consultations; sign-in refused.")]
    private static partial void LogNoRole(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entra ID sign-in failed (reference {Reference}).")]
    private static partial void LogSignInFailed(ILogger logger, Exception? exception, string reference);
}

/// <summary>
/// With Entra ID: the people who have signed in since the app started, with their roles, for assignment lists.
/// The directory itself (Microsoft Graph) is not queried, so someone appears after their first sign-in.
/// </summary>
public sealed class SignedInUserDirectory : IUserDirectory
{
    private readonly ConcurrentDictionary<string, DirectoryUser> _users = new(StringComparer.Ordinal);

    public void Remember(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        _users[actor.UserId] = new DirectoryUser(actor.UserId, actor.Name, actor.Roles);
    }

    public Task<IReadOnlyList<DirectoryUser>> ListAsync(Role role, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DirectoryUser>>([.. _users.Values.Where(u => u.Roles.Contains(role)).OrderBy(u => u.Name, StringComparer.CurrentCulture)]);
}
