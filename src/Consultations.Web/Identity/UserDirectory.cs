using Consultations.Core.Access;
using Consultations.Core.Demo;

namespace Consultations.Web.Identity;

/// <summary>A staff member who can be assigned to consultations.</summary>
public sealed record DirectoryUser(string Id, string Name, IReadOnlySet<Role> Roles);

/// <summary>The people an administrator can assign as facilitators.</summary>
public interface IUserDirectory
{
    Task<IReadOnlyList<DirectoryUser>> ListAsync(Role role, CancellationToken cancellationToken = default);
}

/// <summary>Development: the demo personas are the only users.</summary>
internal sealed class DemoUserDirectory : IUserDirectory
{
    public Task<IReadOnlyList<DirectoryUser>> ListAsync(Role role, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DirectoryUser>>([.. DemoPersonas.All.Where(p => p.Role == role).Select(ToUser)]);

    private static DirectoryUser ToUser(DemoPersona persona) => new(persona.Id, persona.Name, new HashSet<Role> { persona.Role });
}
