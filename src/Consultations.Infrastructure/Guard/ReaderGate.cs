using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Microsoft.Extensions.Logging;

namespace Consultations.Infrastructure.Guard;

/// <summary>
/// The last, fail-closed gate on what readers outside the consultation (researchers, facilitators of other
/// consultations, and everything that leaves as a comparison, brief or export) receive of a note:
/// <list type="bullet">
/// <item>a note whose text matches the register (a name, an organisation, contact details) in a way no lead
/// facilitator reviewed — no override covers it — is withheld;</item>
/// <item>every other note is handed on as a masked reader copy (<see cref="Note.ForReaders"/>): each span that may
/// identify someone replaced by its neutral suggestion (<see cref="ReaderMask"/>), overridden or not, unless two
/// people confirmed it is not a participant. That includes the names and organisations Azure AI Language found when
/// the note was saved (kept with it, so no page asks the service), which are warnings and never withhold a note.</item>
/// </list>
/// Withholding is logged with the note id, never the matched text.
/// </summary>
public static partial class ReaderGate
{
    public static (IReadOnlyList<Note> Shown, int Withheld) Filter(IEnumerable<Note> notes, ConsultationGuard guard, ILogger logger)
    {
        var (shown, withheld) = Inspect(notes, guard, logger);
        return ([.. shown.Select(s => s.Note)], withheld);
    }

    /// <summary>
    /// As <see cref="Filter"/>, keeping the findings of each shown note's stored text (their spans refer to the stored
    /// text, not the masked copy): a note with none is clean enough to quote whole.
    /// </summary>
    public static (IReadOnlyList<(Note Note, IReadOnlyList<GuardFinding> Findings)> Shown, int Withheld) Inspect(IEnumerable<Note> notes, ConsultationGuard guard, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(guard);
        var shown = new List<(Note, IReadOnlyList<GuardFinding>)>();
        var withheld = 0;
        foreach (var note in notes)
        {
            var findings = guard.Check(note);
            var leaks = findings
                .Where(f => f.Identifies())
                .Count(f => note.GuardOverride?.Keys.Contains(f.Key) != true);
            if (leaks == 0)
            {
                shown.Add((note.ForReaders(ReaderMask.Apply(note.Text, findings, note.UnmaskedKeys)), findings));
                continue;
            }

            withheld++;
            LogWithheld(logger, note.Id, note.ConsultationId, leaks);
        }

        return (shown, withheld);
    }

    /// <summary>
    /// A text kept outside its note (a brief's snapshot of a cited note) as a reader may see it now: masked against
    /// the register as it is today, with only the <paramref name="confirmedKeys"/> of its note shown as written.
    /// </summary>
    public static string Mask(string text, ConsultationGuard guard, IReadOnlyCollection<string> confirmedKeys)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(guard);
        return ReaderMask.Apply(text, guard.Check(text), confirmedKeys);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Withheld note {NoteId} of consultation {ConsultationId} from a reader: {Matches} register match(es) and no override")]
    private static partial void LogWithheld(ILogger logger, string noteId, string consultationId, int matches);
}
