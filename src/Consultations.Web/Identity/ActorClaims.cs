using System.Security.Claims;
using Consultations.Core.Access;

namespace Consultations.Web.Identity;

public static class ActorClaims
{
    /// <summary>The signed-in user as the domain's access rules see them; roles the app does not know are ignored.</summary>
    public static Actor ToActor(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The signed-in user has no identifier claim.");
        var name = principal.FindFirstValue(ClaimTypes.Name) ?? id;
        var roles = principal.FindAll(ClaimTypes.Role)
            .Select(c => Enum.TryParse<Role>(c.Value, ignoreCase: false, out var role) ? role : (Role?)null)
            .OfType<Role>()
            .ToHashSet();
        return new Actor(id, name, roles);
    }

    public static ClaimsPrincipal ToPrincipal(this Actor actor, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, actor.UserId),
            new(ClaimTypes.Name, actor.Name),
        };
        claims.AddRange(actor.Roles.Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}

public static class Policies
{
    /// <summary>Programmes, consultations and published notes: administrators, facilitators, researchers.</summary>
    public const string Repository = "Repository";

    public const string Administrator = "Administrator";

    /// <summary>Brief pages: every role (funders read published versions); each page checks the brief itself.</summary>
    public const string Briefs = "Briefs";

    /// <summary>
    /// Sensitive actions (publish, override, purge, approve, export): the user signed in within SignIn:RecentSignInWindow,
    /// or is sent to sign in again and brought back.
    /// </summary>
    public const string RecentSignIn = "RecentSignIn";
}
