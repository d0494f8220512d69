using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Storage;

namespace Consultations.Web.Notes;

/// <summary>
/// The live-capture box's server-held draft (one per facilitator and session): autosaving what is typed against the
/// version the window last saw, and retiring the draft once its note is added. Store exceptions become a
/// <see cref="NoteResult"/> in <see cref="StoreOutcomes"/>.
/// </summary>
public sealed class CaptureDraftActions(ICaptureDraftStore drafts, INoteStore notes, TimeProvider time)
{
    /// <summary>
    /// Keeps the box, whatever state it is in. <paramref name="draftETag"/> is the version this window last saw (empty
    /// before its first save); <paramref name="noteId"/> the id its note will get, kept when a new draft starts unless a
    /// note already has it. Answers DraftSaved, DraftConflict, Gone (added as a note from another window), Refused, StoreFailed or Forbidden.
    /// </summary>
    public async Task<NoteResult> SaveAsync(Actor actor, Consultation consultation, Session session, NoteContent content, string? noteId, string? draftETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(session);
        if (!AccessRules.CanWriteNotes(actor, consultation))
        {
            return new NoteResult.Forbidden(NoteRefusals.Capture);
        }

        var draftId = CaptureDraft.IdFor(consultation.Id, session.Id, actor.UserId);
        return await StoreOutcomes.WriteAsync(
            async () =>
            {
                var at = time.GetUtcNow();
                var draft = string.IsNullOrEmpty(draftETag) ? null : await drafts.GetAsync(consultation.Id, draftId, cancellationToken);
                if (draft is null)
                {
                    // First save of this box, or its draft was added as a note from another window meanwhile.
                    draft = CaptureDraft.Start(consultation, session, actor.Ref, at);
                    if (Ids.IsValid(noteId) && await notes.GetAsync(consultation.Id, noteId!, cancellationToken) is null)
                    {
                        draft.UseNoteId(noteId!);
                    }
                }
                else
                {
                    draft.ETag = draftETag;
                }

                draft.Update(content, at);
                await drafts.SaveAsync(draft, cancellationToken);
                return new NoteResult.DraftSaved(draft);
            },
            async () => await drafts.GetAsync(consultation.Id, draftId, cancellationToken) switch
            {
                null => new NoteResult.Gone(),

                // The same words were saved already (a retry whose first answer was lost): nothing to merge.
                { } theirs when theirs.Holds(content) => new NoteResult.DraftSaved(theirs),
                { } theirs => new NoteResult.DraftConflict(theirs),
            });
    }

    /// <summary>
    /// Deletes the draft that became <paramref name="note"/>, unless another window of the same facilitator has typed
    /// something else into it meanwhile: then that text stays as the next draft, with a fresh note id.
    /// <paramref name="addedText"/> is the note's text as added. Answers DraftRetired, StoreFailed or Forbidden.
    /// </summary>
    public async Task<NoteResult> RetireAsync(Actor actor, Consultation consultation, Session session, Note note, string addedText, string? draftETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(note);
        if (!AccessRules.CanWriteNotes(actor, consultation))
        {
            return new NoteResult.Forbidden(NoteRefusals.Capture);
        }

        return await StoreOutcomes.WriteAsync(
            async () =>
            {
                var draft = await drafts.GetAsync(consultation.Id, CaptureDraft.IdFor(consultation.Id, session.Id, actor.UserId), cancellationToken);
                if (draft is null)
                {
                    return new NoteResult.DraftRetired(Ids.New());
                }

                if (draft.NoteId != note.Id)
                {
                    return new NoteResult.DraftRetired(draft.NoteId);
                }

                if (draft.ETag == draftETag || NoteContent.NormaliseText(draft.Text) == addedText)
                {
                    await drafts.DeleteAsync(draft, cancellationToken);
                    return new NoteResult.DraftRetired(Ids.New());
                }

                draft.UseNoteId(Ids.New());
                await drafts.SaveAsync(draft, cancellationToken);
                return new NoteResult.DraftRetired(draft.NoteId);
            },

            // Another window saved at this very moment; its draft stays and this window starts a fresh one.
            () => Task.FromResult<NoteResult>(new NoteResult.DraftRetired(Ids.New())));
    }
}
