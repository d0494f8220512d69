using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.CountryConsultations;

/// <summary>What the register pages share: the message for a lost race, and saving with store failures shown on the form.</summary>
public static class RegisterPages
{
    public const string Stale = "Someone else changed the register since you opened this page, so nothing was saved. What you entered is still below: check the register as it is now, then save again.";

    /// <summary>Saves a changed register; a refusal becomes a form error (nothing was written) and false.</summary>
    public static async Task<bool> TrySaveAsync(PageModel page, IParticipantRegisterStore registers, ParticipantRegister register, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(registers);
        try
        {
            await registers.SaveAsync(register, cancellationToken);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            page.ModelState.AddModelError(string.Empty, Stale);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or DocumentRejectedException)
        {
            page.ModelState.AddModelError(string.Empty, ex.Message);
        }

        return false;
    }
}
