using Consultations.Core.Domain;

namespace Consultations.Core.Tests;

/// <summary>Small builders for domain objects used across tests.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset T0 = new(2023, 3, 14, 9, 0, 0, TimeSpan.FromHours(8));

    public static readonly UserRef Facilitator = new("f1", "Fay Facilitator");

    public static readonly UserRef Lead = new("lead", "Lee Lead");

    public static Programme Programme(string id = "prog") =>
        Core.Domain.Programme.Create(id, "Southeast Asia programme", "A test programme", "A funder", UserRef.System, T0);

    public static Consultation Consultation(Programme programme, string id = "cons", string country = "PH", DisclosureRule rule = DisclosureRule.ChathamHouse)
    {
        var consultation = Core.Domain.Consultation.Create(
            id,
            programme.Id,
            new ConsultationDetails(country, "Manila", null, new DateOnly(2023, 3, 14), new DateOnly(2023, 3, 15), ConsultationFormat.InPerson, rule, []),
            UserRef.System,
            T0);
        consultation.AddSession("opening", "Opening", [], DisclosureRule.OnTheRecord, programme.Taxonomy, UserRef.System, T0);
        consultation.AddSession("plenary-1", "Plenary 1", ["technical-standards"], DisclosureRule.ChathamHouse, programme.Taxonomy, UserRef.System, T0);
        consultation.AddSession("closed", "Closed", ["information-sharing"], DisclosureRule.OffTheRecord, programme.Taxonomy, UserRef.System, T0);
        consultation.AssignFacilitator(Facilitator, isLead: false, UserRef.System, T0);
        consultation.AssignFacilitator(Lead, isLead: true, UserRef.System, T0);
        return consultation;
    }

    public static NoteContent Content(string text = "Most firms adopt a standard, then customise it.", params string[] subThemes) =>
        new(text, NoteKind.Finding, "private-sector", ["technical-standards"], subThemes);

    public static Note Note(Programme programme, Consultation consultation, string sessionId = "plenary-1", NoteContent? content = null) =>
        Core.Domain.Note.Create(programme, consultation, consultation.FindSession(sessionId)!, content ?? Content(), Facilitator, T0);
}
