using Consultations.Core.Demo;

namespace Consultations.Benchmarks.CaptureLoad;

/// <summary>A facilitator capturing in one session: drafts are one per (user, session), so each pair has its own.</summary>
internal sealed record CapturePair(string PersonaId, string ConsultationId, string SessionId)
{
    public string CapturePath => $"/programmes/{DemoSeeder.ProgrammeId}/consultations/{ConsultationId}/sessions/{SessionId}/capture";

    public override string ToString() => $"{PersonaId} in {ConsultationId}/{SessionId}";
}

/// <summary>
/// Which demo personas may write where (DemoSeeder assigns them): the Philippines and Indonesia rapporteur, the
/// Viet Nam and Malaysia rapporteur, and the lead facilitator of all four. The browser is the lead in one session;
/// the background sessions are the rapporteurs' 20 pairs first, then the lead's others.
/// </summary>
internal static class SessionPlan
{
    // The sessions every demo consultation has (Malaysia has a closed one too, left out so all countries weigh the same).
    private static readonly string[] Sessions = ["opening", "plenary-1", "plenary-2", "plenary-3", "plenary-4"];

    public static CapturePair Browser { get; } = new(DemoPersonas.LeadFacilitator.Id, DemoSeeder.ConsultationIdFor("PH"), "plenary-1");

    public static IReadOnlyList<CapturePair> Background { get; } =
    [
        .. Pairs(DemoPersonas.Facilitator.Id, "PH", "ID"),
        .. Pairs(DemoPersonas.SecondFacilitator.Id, "VN", "MY"),
        .. Pairs(DemoPersonas.LeadFacilitator.Id, "PH", "VN", "ID", "MY").Where(p => p != Browser),
    ];

    public static int MaxBackgroundSessions => Background.Count;

    private static IEnumerable<CapturePair> Pairs(string personaId, params string[] countries) =>
        from country in countries
        from session in Sessions
        select new CapturePair(personaId, DemoSeeder.ConsultationIdFor(country), session);
}
