using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.CountryConsultations;

/// <summary>A consultation and its register (null until the first participant is added), loaded for someone allowed to see it.</summary>
public sealed record RegisterScope(ConsultationScope Scope, ParticipantRegister? Register)
{
    public IReadOnlyList<Crumb> Crumbs(params Crumb[] more) =>
        Scope.Crumbs([new("Participant register", Paths.Register(Scope.Programme.Id, Scope.Consultation.Id)), .. more]);
}

/// <summary>What the register pages share: loading with the access check, and the messages for lost races and store failures.</summary>
public static class RegisterPages
{
    public const string Restricted = "The participant register is restricted to this consultation's facilitators and administrators.";

    public const string PurgeRestricted = "Only the consultation's lead facilitator or an administrator can purge its participant register.";

    public const string Stale = "Someone else changed the register since you opened this page, so nothing was saved. What you entered is still below: check the register as it is now, then save again.";

    /// <summary>Loads the register, or says why not (404 for an unknown consultation, 403 with a reason for others' registers).</summary>
    public static async Task<(RegisterScope? Found, IActionResult? Refusal)> LoadAsync(
        PageModel page,
        IProgrammeStore programmes,
        IConsultationStore consultations,
        IParticipantRegisterStore registers,
        string programmeId,
        string consultationId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registers);
        if (await ConsultationScope.LoadAsync(page, programmes, consultations, programmeId, consultationId, cancellationToken) is not { } scope)
        {
            return (null, new NotFoundResult());
        }

        if (!scope.CanSeeRegister)
        {
            return (null, page.ForbidBecause(Restricted));
        }

        return (new RegisterScope(scope, await registers.GetAsync(scope.Consultation.Id, cancellationToken)), null);
    }

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
