namespace Consultations.Core.Storage;

/// <summary>
/// What was written to the stores, in commit order, so each app instance can bring derived state (the search index) up to date.
/// Every create, update and delete made through <see cref="IProgrammeStore"/>, <see cref="IConsultationStore"/>,
/// <see cref="INoteStore"/>, <see cref="IParticipantRegisterStore"/> and <see cref="IBriefStore.CreateVersionAsync"/> appears,
/// whichever app instance made it; a change may appear more than once (consumers re-read the item, so a repeat costs
/// only work), never not at all. Bulk writes (<see cref="IBulkStore"/>) appear as well: each note they create on both
/// backends; a programme they delete as one change per item on SQLite, and as one <see cref="StoreChangeKind.Programme"/>
/// change on Cosmos DB (the programme no longer exists: drop everything of it). Changes are kept for
/// <see cref="ChangeFeedRetention.Period"/>; a checkpoint older than that is refused with
/// <see cref="ChangeFeedCheckpointExpiredException"/> (rebuild the derived state and start again from null).
/// </summary>
public interface IChangeFeed
{
    /// <summary>
    /// Changes committed after <paramref name="checkpoint"/>, oldest first, at most <paramref name="max"/>.
    /// A null checkpoint means "from now": no changes, and the checkpoint of the current end.
    /// </summary>
    /// <exception cref="ArgumentException">The checkpoint was not made by this backend.</exception>
    /// <exception cref="ChangeFeedCheckpointExpiredException">Changes after the checkpoint are no longer kept, or it belongs to another database.</exception>
    Task<ChangePage> ReadAsync(string? checkpoint, int max = 500, CancellationToken cancellationToken = default);
}

/// <summary>
/// A page of changes; <see cref="Checkpoint"/> (opaque, survives restarts) is where the next read starts, and
/// <see cref="More"/> says that changes already committed are waiting beyond this page (read again at once).
/// </summary>
public sealed record ChangePage(IReadOnlyList<StoreChange> Changes, string Checkpoint, bool More);

public enum StoreChangeKind
{
    Programme,
    Consultation,
    Note,
    NoteDeleted,
    Register,
    BriefVersion,
}

/// <summary>
/// Id: the programme, consultation, note or brief version id; ConsultationId set for Note, NoteDeleted, Register, Consultation; ProgrammeId when the backend knows it.
/// A change says only what to re-read: the item may since have changed again or gone (a Programme, Consultation or
/// Register change is also how their deletion by a bulk removal shows).
/// </summary>
public sealed record StoreChange(StoreChangeKind Kind, string Id, string? ConsultationId, string? ProgrammeId);

public static class ChangeFeedRetention
{
    /// <summary>How long both backends keep what the feed needs (SQLite change rows, Cosmos DB deletion markers).</summary>
    public static readonly TimeSpan Period = TimeSpan.FromDays(1);
}

/// <summary>The feed no longer holds every change after the checkpoint: derived state must be rebuilt from the stores.</summary>
public sealed class ChangeFeedCheckpointExpiredException : Exception
{
    public ChangeFeedCheckpointExpiredException()
        : base("The change feed no longer holds every change after this checkpoint; rebuild from the stores and read again from a null checkpoint.")
    {
    }

    public ChangeFeedCheckpointExpiredException(string message)
        : base(message)
    {
    }

    public ChangeFeedCheckpointExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
