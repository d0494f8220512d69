using Consultations.Core.Access;

namespace Consultations.Core.Demo;

/// <summary>A made-up staff member for the development sign-in; never a consultation participant.</summary>
public sealed record DemoPersona(string Id, string Name, Role Role, string Description)
{
    public Actor ToActor() => new(Id, Name, new HashSet<Role> { Role });
}

public static class DemoPersonas
{
    public static DemoPersona Administrator { get; } = new(
        "demo-admin", "Morgan Avery", Role.Administrator, "Administrator: manages programmes, consultations, assignments and the theme taxonomy.");

    public static DemoPersona LeadFacilitator { get; } = new(
        "demo-lead", "Rin Castillo-Webb", Role.Facilitator, "Lead facilitator of all four demo consultations: reviews and publishes notes.");

    public static DemoPersona Facilitator { get; } = new(
        "demo-facilitator", "Sam Okafor", Role.Facilitator, "Facilitator (rapporteur) for the Philippines and Indonesia consultations.");

    public static DemoPersona SecondFacilitator { get; } = new(
        "demo-facilitator-2", "Kai Lindqvist", Role.Facilitator, "Facilitator (rapporteur) for the Viet Nam and Malaysia consultations.");

    public static DemoPersona Researcher { get; } = new(
        "demo-researcher", "Noor Haddad", Role.Researcher, "Researcher: reads published notes across countries and drafts comparison briefs.");

    public static DemoPersona Reviewer { get; } = new(
        "demo-reviewer", "Tomás Reyes", Role.Researcher, "Senior researcher: reviews comparison briefs and approves them for publication.");

    public static DemoPersona Funder { get; } = new(
        "demo-funder", "Alex Brandt", Role.Funder, "Funder: reads published briefs only.");

    public static IReadOnlyList<DemoPersona> All { get; } =
        [Facilitator, LeadFacilitator, SecondFacilitator, Researcher, Reviewer, Funder, Administrator];

    public static DemoPersona? Find(string? id) => All.FirstOrDefault(p => p.Id == id);
}
