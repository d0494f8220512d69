using Consultations.Core.Domain;
using Consultations.Core.Guard;

namespace Consultations.Web.Guard;

/// <summary>
/// The last, fail-closed gate on what readers outside the consultation (researchers) receive: a note whose text
/// still matches the register (a name, an organisation, contact details) is withheld, unless a lead facilitator
/// overrode exactly those findings. Withholding is logged with the note id, never the matched text.
/// </summary>
public static partial class ReaderGate
{
    public static (IReadOnlyList<Note> Shown, int Withheld) Filter(IEnumerable<Note> notes, ConsultationGuard guard, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(guard);
        var shown = new List<Note>();
        var withheld = 0;
        foreach (var note in notes)
        {
            var leaks = guard.Check(note.Text)
                .Where(f => f.Kind is FindingKind.Participant or FindingKind.Organisation or FindingKind.Contact && f.Severity == FindingSeverity.Block)
                .Count(f => note.GuardOverride?.Keys.Contains(f.Key) != true);
            if (leaks == 0)
            {
                shown.Add(note);
                continue;
            }

            withheld++;
            LogWithheld(logger, note.Id, note.ConsultationId, leaks);
        }

        return (shown, withheld);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Withheld note {NoteId} of consultation {ConsultationId} from a reader: {Matches} register match(es) and no override")]
    private static partial void LogWithheld(ILogger logger, string noteId, string consultationId, int matches);
}
