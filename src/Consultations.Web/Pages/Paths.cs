using System.Globalization;

namespace Consultations.Web.Pages;

/// <summary>Addresses of the main pages, in one place so links and redirects agree.</summary>
public static class Paths
{
    public static string Programme(string programmeId) => $"/programmes/{programmeId}";

    public static string Consultation(string programmeId, string consultationId) => $"/programmes/{programmeId}/consultations/{consultationId}";

    public static string Session(string programmeId, string consultationId, string sessionId) =>
        $"{Consultation(programmeId, consultationId)}/sessions/{sessionId}";

    public static string SessionCapture(string programmeId, string consultationId, string sessionId) =>
        $"{Session(programmeId, consultationId, sessionId)}/capture";

    public static string Compare(string programmeId) => $"/programmes/{programmeId}/compare";

    public static string Briefs(string programmeId) => $"/programmes/{programmeId}/briefs";

    public static string Brief(string programmeId, string briefId) => $"{Briefs(programmeId)}/{briefId}";

    public static string BriefEdit(string programmeId, string briefId) => $"{Brief(programmeId, briefId)}/edit";

    public static string BriefVersion(string programmeId, string briefId, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{Brief(programmeId, briefId)}/v/{number}");

    public static string BriefJob(string programmeId, string jobId) => $"{Briefs(programmeId)}/jobs/{jobId}";

    public static string Register(string programmeId, string consultationId) => $"{Consultation(programmeId, consultationId)}/register";

    public static string Participant(string programmeId, string consultationId, string participantId) =>
        $"{Register(programmeId, consultationId)}/participants/{participantId}";

    public static string NoteEdit(string programmeId, string consultationId, string noteId) =>
        $"{Consultation(programmeId, consultationId)}/notes/{noteId}/edit";

    public static string NoteDelete(string programmeId, string consultationId, string noteId) =>
        $"{Consultation(programmeId, consultationId)}/notes/{noteId}/delete";
}
