using Consultations.Core.Domain;

namespace Consultations.Core.Storage;

/// <summary>
/// Writes for tools that load or remove a whole programme at once (the <c>generate</c> command), never used by the app's
/// pages: many notes in one go, and removing a programme with everything it holds. Nothing here checks a domain rule
/// (that a published note stays, who may delete): the caller has decided.
/// </summary>
public interface IBulkStore
{
    /// <summary>
    /// Inserts new notes and sets their ETags. <see cref="ConcurrencyConflictException"/> (AlreadyExists) when an id is
    /// taken; SQLite then writes none of <paramref name="notes"/>, Cosmos DB may have written some (it has no transaction across them).
    /// </summary>
    Task CreateNotesAsync(IReadOnlyList<Note> notes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a programme, its consultations, participant registers, notes, capture drafts, briefs and brief versions; the
    /// audit trail stays. The programme document goes last, so an interrupted run can be repeated. Returns the number of notes deleted.
    /// </summary>
    Task<int> DeleteProgrammeAsync(string programmeId, CancellationToken cancellationToken = default);
}
