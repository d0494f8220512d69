using System.Security.Claims;
using Consultations.Core.Access;

namespace Consultations.Web.Identity;

/// <summary>Turns a validated Entra ID token into the principal the app works with (<see cref="ActorClaims.ToActor"/>).</summary>
public static class EntraClaims
{
    public const string AuthenticationType = "EntraId";
    public const string ObjectId = "oid";
    public const string TenantId = "tid";
    public const string Roles = "roles";
    public const string Name = "name";
    public const string PreferredUsername = "preferred_username";

    // Kept for the handler's remote sign-out check (it compares the provider's session and issuer with these).
    private static readonly string[] CarriedClaims = [TenantId, ObjectId, "sid", "iss", RecentSignIn.AuthTimeClaim];

    private static readonly HashSet<string> KnownRoles = new(Enum.GetNames<Role>(), StringComparer.Ordinal);

    /// <summary>
    /// The user as an <see cref="Actor"/>: the stable object ID (<c>oid</c>), the display name, and the app roles the
    /// app knows by their exact value (others, and numbers that would parse as enum values, are ignored).
    /// Null when the token has no object ID.
    /// </summary>
    public static Actor? ToActor(ClaimsPrincipal token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var id = token.FindFirstValue(ObjectId);
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        var name = new[] { token.FindFirstValue(Name), token.FindFirstValue(PreferredUsername) }.FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)) ?? id;
        var roles = token.FindAll(Roles)
            .Where(c => KnownRoles.Contains(c.Value))
            .Select(c => Enum.Parse<Role>(c.Value))
            .ToHashSet();
        return new Actor(id, name, roles);
    }

    /// <summary>The session principal: the actor's claims plus the few token claims sign-out and re-authentication need.</summary>
    public static ClaimsPrincipal ToPrincipal(Actor actor, ClaimsPrincipal token)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(token);
        var principal = actor.ToPrincipal(AuthenticationType);
        var identity = (ClaimsIdentity)principal.Identity!;
        foreach (var type in CarriedClaims)
        {
            if (token.FindFirst(type) is { } claim)
            {
                identity.AddClaim(new Claim(claim.Type, claim.Value, claim.ValueType, claim.Issuer));
            }
        }

        return principal;
    }
}
