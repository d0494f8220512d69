using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Infrastructure.Guard;

namespace Consultations.Web.Guard;

/// <summary>
/// What a facilitator's note card says about the guard: how many possible identifiers the text has, how many still
/// block publication under the Chatham House Rule, whether a lead overrode them, and whether readers see it masked.
/// </summary>
public sealed record NoteFlags(int Findings, int Blocking, GuardOverride? Override, bool MaskedForReaders, GuardUnmask? Unmask)
{
    public static readonly NoteFlags None = new(0, 0, null, false, null);

    public static NoteFlags For(Note note, Session session, IReadOnlyList<GuardFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(findings);
        var blocking = session.DisclosureRule == DisclosureRule.ChathamHouse ? note.UnresolvedBlocking(findings).Count : 0;
        var masked = !string.Equals(ReaderMask.Apply(note.Text, findings, note.UnmaskedKeys), note.Text, StringComparison.Ordinal);
        return new NoteFlags(findings.Count, blocking, note.GuardOverride, masked, note.GuardUnmask);
    }

    /// <summary>Flags for every note of a session, checked against the consultation's guard.</summary>
    public static IReadOnlyDictionary<string, NoteFlags> ForAll(IEnumerable<Note> notes, Session session, ConsultationGuard guard)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(guard);
        return notes.ToDictionary(n => n.Id, n => For(n, session, guard.Check(n)), StringComparer.Ordinal);
    }

    public string Label => Findings == 1 ? "1 possible identifier" : $"{Findings} possible identifiers";
}
