namespace Consultations.Web.Notes;

/// <summary>
/// Why a note action is refused, one text per action, so a page that turns someone away before reading a form and the
/// use case that checks again (<see cref="NoteActions"/>, <see cref="CaptureDraftActions"/>) say the same thing.
/// </summary>
public static class NoteRefusals
{
    public const string Write = "Only the facilitators assigned to this consultation write its notes.";

    public const string Edit = "Only the facilitators assigned to this consultation edit its notes.";

    public const string Submit = "Only the facilitators assigned to this consultation submit its notes.";

    public const string Delete = "Only the facilitators assigned to this consultation delete its notes.";

    public const string Import = "Only the facilitators assigned to this consultation, and administrators, import notes into it.";

    public const string Capture = "Live capture is for the facilitators assigned to this consultation.";

    public const string Review = "Only the consultation's lead facilitator publishes notes or returns them to review.";

    public const string PublishAll = "Only the consultation's lead facilitator publishes notes.";

    public const string Unmask = "Only the consultation's lead facilitators and administrators decide what readers see of a note's matched names.";
}
