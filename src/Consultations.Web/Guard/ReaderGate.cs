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
        var (shown, withheld) = Inspect(notes, guard, logger);
        return ([.. shown.Select(s => s.Note)], withheld);
    }

    /// <summary>As <see cref="Filter"/>, keeping each shown note's findings (warnings, overridden matches) so callers need not check twice.</summary>
    public static (IReadOnlyList<(Note Note, IReadOnlyList<GuardFinding> Findings)> Shown, int Withheld) Inspect(IEnumerable<Note> notes, ConsultationGuard guard, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(guard);
        var shown = new List<(Note, IReadOnlyList<GuardFinding>)>();
        var withheld = 0;
        foreach (var note in notes)
        {
            var findings = guard.Check(note.Text);
            var leaks = findings
                .Where(f => f.Kind is FindingKind.Participant or FindingKind.Organisation or FindingKind.Contact && f.Severity == FindingSeverity.Block)
                .Count(f => note.GuardOverride?.Keys.Contains(f.Key) != true);
            if (leaks == 0)
            {
                shown.Add((note, findings));
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
