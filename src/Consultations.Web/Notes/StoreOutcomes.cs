using Consultations.Core.Domain;
using Consultations.Core.Storage;

namespace Consultations.Web.Notes;

/// <summary>
/// The one place where the stores' exceptions meet a note or capture-draft write and become a <see cref="NoteResult"/>:
/// a lost race or a vanished document is answered from what is stored now, a domain rule refuses with its reason, and a
/// busy, unreachable or refusing store fails with its message. Nothing else is caught.
/// </summary>
internal static class StoreOutcomes
{
    /// <param name="write">Applies the change and writes it; answers the outcome when it is stored.</param>
    /// <param name="changedMeanwhile">Reads what is stored now after someone else wrote or deleted it first (a conflict, gone, or the same words already saved).</param>
    public static async Task<NoteResult> WriteAsync(Func<Task<NoteResult>> write, Func<Task<NoteResult>> changedMeanwhile)
    {
        try
        {
            return await write();
        }
        catch (Exception ex) when (ex is ConcurrencyConflictException or DocumentNotFoundException)
        {
            // Nothing was written; what to answer depends on what is stored now, read below.
        }
        catch (DomainRuleException ex)
        {
            return new NoteResult.Refused(ex.Message);
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            return new NoteResult.StoreFailed(ex.Message);
        }

        try
        {
            return await changedMeanwhile();
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            return new NoteResult.StoreFailed(ex.Message);
        }
    }

    private static bool IsStoreFailure(Exception ex) => ex is StoreUnavailableException or DocumentRejectedException;
}
