namespace Consultations.Core.Domain;

/// <summary>A signed-in staff member as recorded on a change (never a consultation participant).</summary>
public sealed record UserRef(string Id, string Name)
{
    public static readonly UserRef System = new("system", "System");
}
