using Consultations.Core.Domain;

namespace Consultations.Core.Access;

public enum Role
{
    Administrator,
    Facilitator,
    Researcher,
    Funder,
}

/// <summary>Who is asking: a signed-in user with the roles the identity provider gave them.</summary>
public sealed record Actor(string UserId, string Name, IReadOnlySet<Role> Roles)
{
    public bool Is(Role role) => Roles.Contains(role);

    public UserRef Ref => new(UserId, Name);
}

/// <summary>Which notes of a consultation someone may read.</summary>
public enum NoteScope
{
    None,
    PublishedOnly,

    /// <summary>Every note except those of off-the-record sessions.</summary>
    AllButOffTheRecord,
    All,
}
