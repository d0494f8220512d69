using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Audit;
using Consultations.Web.Identity;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.CountryConsultations;

/// <summary>
/// Adds one participant. Applied to the register as it is when saved (an addition cannot overwrite anyone's change);
/// a save that still loses a race keeps the typed entry in the form.
/// </summary>
public sealed class RegisterAddModel(RepositoryLoader loader, IParticipantRegisterStore registers, AuditTrail audit, TimeProvider time) : PageModel
{
    public RegisterScope Found { get; private set; } = null!;

    [BindProperty]
    public ParticipantInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        var loaded = await loader.RegisterAsync(programmeId, consultationId, Requirement.SeeRegister, cancellationToken);
        if (loaded.Found is not { } found)
        {
            return loaded.Answer(this);
        }

        Found = found;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        var loaded = await loader.RegisterAsync(programmeId, consultationId, Requirement.SeeRegister, cancellationToken);
        if (loaded.Found is not { } found)
        {
            return loaded.Answer(this);
        }

        Found = found;
        foreach (var (field, message) in Input.Validate(Found.Programme))
        {
            ModelState.AddModelError($"{nameof(Input)}.{field}", message);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var by = User.ToActor().Ref;
        var register = Found.Register ?? ParticipantRegister.Create(Found.Consultation, by, time.GetUtcNow());
        Participant added;
        try
        {
            added = register.Add(Input.Name, Input.Organisation ?? string.Empty, Input.StakeholderGroupKey(Found.Programme), Input.Role, by, time.GetUtcNow());
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

        await audit.RecordAsync(User, AuditAction.ParticipantAdded, AuditSubject.Participant(programmeId, consultationId, added.Id), $"1 participant added; the register has {register.Participants.Count}");
        TempData.Success($"{added.Name} added to the register.");
        return RedirectToPage("/CountryConsultations/Register", new { programmeId, consultationId });
    }
}
