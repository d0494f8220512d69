using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Storage;
using Consultations.Web.Audit;
using Consultations.Web.Identity;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.CountryConsultations;

/// <summary>
/// Purges the register after the consultation: names, organisations and roles are deleted for good and only the
/// guard's keyed hashes and the group counts remain. Lead facilitator or administrator, after an explicit confirmation.
/// </summary>
public sealed class RegisterPurgeModel(
    RepositoryLoader loader,
    IParticipantRegisterStore registers,
    GuardKey guardKey,
    AuditTrail audit,
    TimeProvider time) : PageModel
{
    public RegisterScope Found { get; private set; } = null!;

    public int Count => Found.Register?.Participants.Count ?? 0;

    /// <summary>The version of the register the user saw when confirming.</summary>
    [BindProperty]
    public string? ETag { get; set; }

    [BindProperty]
    public bool Confirm { get; set; }

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        ETag = Found.Register?.ETag;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        if (await this.RequireRecentSignInAsync() is { } stepUp)
        {
            return stepUp;
        }

        if (!Confirm)
        {
            ModelState.AddModelError(nameof(Confirm), "Tick the box to confirm that you understand the purge cannot be undone.");
            return Page();
        }

        var by = User.ToActor().Ref;
        var register = Found.Register ?? ParticipantRegister.Create(Found.Consultation, by, time.GetUtcNow());
        if (register.ETag != ETag)
        {
            // A purge is final: it must delete exactly the register the user looked at.
            ETag = register.ETag;
            ModelState.Remove(nameof(ETag));
            Confirm = false;
            ModelState.Remove(nameof(Confirm));
            ModelState.AddModelError(string.Empty, $"Someone else changed the register since you opened this page (it now has {Count} participants), so nothing was purged. Check it and confirm again.");
            return Page();
        }

        try
        {
            register.Purge(GuardRegister.Compile(register.Participants, guardKey, Found.Programme.SmallGroupThreshold), by, time.GetUtcNow());
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
            return Page();
        }

        if (!await RegisterPages.TrySaveAsync(this, registers, register, cancellationToken))
        {
            return Page();
        }

        var purged = register.History[^1].Count;
        await audit.RecordAsync(User, AuditAction.RegisterPurged, AuditSubject.Register(programmeId, consultationId), $"Register purged: the names, organisations and roles of {purged} participant(s) deleted; group counts and keyed hashes kept");
        TempData.Success($"Register purged: the names, organisations and roles of {purged} {(purged == 1 ? "participant were" : "participants were")} deleted.");
        return RedirectToPage("/CountryConsultations/Register", new { programmeId, consultationId });
    }

    private async Task<Loaded<RegisterScope>> LoadAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        var loaded = await loader.RegisterAsync(programmeId, consultationId, Requirement.PurgeRegister, cancellationToken);
        if (loaded.Found is { } found)
        {
            Found = found;
        }

        return loaded;
    }
}
