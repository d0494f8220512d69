using System.Diagnostics;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Web.Guard;

namespace Consultations.Web.Notes;

/// <summary>
/// What a note use case (<see cref="NoteActions"/>, <see cref="CaptureDraftActions"/>) did, as a closed set of outcomes.
/// A page maps each to its answer (the form again with a message, a redirect with a status line, a 403, a 404 or JSON);
/// each use case documents which of them it answers.
/// </summary>
public abstract record NoteResult
{
    // Private: the outcomes below are the only ones, so a caller's switch over them is complete.
    private NoteResult()
    {
    }

    /// <summary>Thrown from a caller's switch for an outcome its use case never answers.</summary>
    public UnreachableException Unexpected() => new($"A note use case answered {GetType().Name}, which its caller does not expect.");

    /// <summary>The note as stored now, and what the attribution guard finds in its text.</summary>
    public sealed record Saved(Note Note, IReadOnlyList<GuardFinding> Findings) : NoteResult
    {
        /// <summary>What a status line adds when <see cref="EntitiesUnchecked"/>.</summary>
        public const string UncheckedNotice =
            "Azure AI Language did not answer in time, so the text was checked against the participant register only; save it again later to look for other names.";

        /// <summary>After an add from live capture: the id the next note typed into the box will get.</summary>
        public string? NextNoteId { get; init; }

        /// <summary>Entity recognition is on but has not checked this text (the service failed or was slow): only the register's findings apply.</summary>
        public bool EntitiesUnchecked { get; init; }

        /// <summary>Whether the status line is a warning: the text may identify someone, or was not fully checked.</summary>
        public bool NeedsAttention => Findings.Count > 0 || EntitiesUnchecked;

        /// <summary><paramref name="done"/>, then what the guard found (never the words: status lines travel in a cookie) and whether a check is missing.</summary>
        public string StatusLine(string done)
        {
            var line = Findings.Count > 0 ? $"{done} {FindingLabels.Summary(Findings)}" : done;
            return EntitiesUnchecked ? $"{line} {UncheckedNotice}" : line;
        }
    }

    /// <summary>The note was deleted.</summary>
    public sealed record Removed : NoteResult;

    /// <summary>Someone else saved first and nothing was written; <see cref="Theirs"/> is what is stored now, to show beside the user's text.</summary>
    public sealed record Conflict(Note Theirs) : NoteResult;

    /// <summary>The note (or the capture draft) is not there: deleted meanwhile, or added as a note from another window.</summary>
    public sealed record Gone : NoteResult;

    /// <summary>A domain rule refused it (e.g. "Only a draft can be submitted for review…"); nothing was written.</summary>
    public sealed record Refused(string Reason) : NoteResult;

    /// <summary>The actor may not do this in this consultation.</summary>
    public sealed record Forbidden(string Reason) : NoteResult;

    /// <summary>The store did not take the write (busy, unreachable, or the document too large); the message is safe to show.</summary>
    public sealed record StoreFailed(string Message) : NoteResult;

    /// <summary>
    /// A session's "submit all" or "publish all": how many notes changed; the ids a domain rule held back (publish: they
    /// may identify a speaker; submit: their status had changed); the ids submitted with guard findings; how many someone
    /// changed or deleted meanwhile; and, when the store stopped answering, its message (the notes after it were left alone).
    /// </summary>
    public sealed record Batch(int Changed, IReadOnlyList<string> HeldBack, IReadOnlyList<string> Flagged, int Skipped, string? StoppedBecause) : NoteResult;

    /// <summary>The capture draft as stored now.</summary>
    public sealed record DraftSaved(CaptureDraft Draft) : NoteResult;

    /// <summary>Another window saved the capture draft first; <see cref="Theirs"/> is what is stored now.</summary>
    public sealed record DraftConflict(CaptureDraft Theirs) : NoteResult;

    /// <summary>The draft that became a note is gone (or kept with another window's text); the next note in the box gets <see cref="NextNoteId"/>.</summary>
    public sealed record DraftRetired(string NextNoteId) : NoteResult;
}
