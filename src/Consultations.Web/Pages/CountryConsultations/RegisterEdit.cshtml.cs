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
/// Edits one participant against the version of the register the user opened: if anyone changed the register since,
/// nothing is saved, the stored entry is shown beside the typed one, and saving again keeps the typed one.
/// </summary>
public sealed class RegisterEditModel(RepositoryLoader loader, IParticipantRegisterStore registers, AuditTrail audit, TimeProvider time) : PageModel
{
    public RegisterScope Found { get; private set; } = null!;

    /// <summary>The entry as stored now; null when someone removed it meanwhile.</summary>
    public Participant? Current { get; private set; }

    /// <summary>Set when this user's save lost a race: the entry as the other person left it.</summary>
    public bool Conflict { get; private set; }

    [BindProperty]
    public ParticipantInput Input { get; set; } = new();

    /// <summary>The version of the register the user started from.</summary>
    [BindProperty]
    public string? ETag { get; set; }

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, string participantId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, participantId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        if (Current is null)
        {
            return NotFound();
        }

        Input = ParticipantInput.From(Current);
        ETag = Found.Register!.ETag;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string programmeId, string consultationId, string participantId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, participantId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        foreach (var (field, message) in Input.Validate(Found.Programme))
        {
            ModelState.AddModelError($"{nameof(Input)}.{field}", message);
        }

        if (Current is null || !ModelState.IsValid)
        {
            return Page();
        }

        var register = Found.Register!;
        if (register.ETag != ETag)
        {
            return ShowConflict(register);
        }

        try
        {
            register.Update(Current with { Name = Input.Name, Organisation = Input.Organisation ?? string.Empty, StakeholderGroup = Input.StakeholderGroupKey(Found.Programme), Role = Input.Role }, User.ToActor().Ref, time.GetUtcNow());
            await registers.SaveAsync(register, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            await LoadAsync(programmeId, consultationId, participantId, cancellationToken);
            return Found.Register is { } theirs && Current is not null ? ShowConflict(theirs) : Page();
        }
        catch (Exception ex) when (ex is DomainRuleException or StoreUnavailableException or DocumentRejectedException)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
            return Page();
        }

        await audit.RecordAsync(User, AuditAction.ParticipantEdited, AuditSubject.Participant(programmeId, consultationId, participantId), "1 participant edited");
        TempData.Success($"{Input.Name.Trim()} saved.");
        return RedirectToPage("/CountryConsultations/Register", new { programmeId, consultationId });
    }

    private PageResult ShowConflict(ParticipantRegister theirs)
    {
        Conflict = true;
        ETag = theirs.ETag;
        ModelState.Remove(nameof(ETag));
        ModelState.AddModelError(string.Empty, RegisterPages.Stale);
        return Page();
    }

    /// <summary>The register, and the entry if it is still there (a missing one is shown, not refused, after a lost race).</summary>
    private async Task<Loaded<RegisterScope>> LoadAsync(string programmeId, string consultationId, string participantId, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(participantId))
        {
            return default;
        }

        var loaded = await loader.RegisterAsync(programmeId, consultationId, Requirement.SeeRegister, cancellationToken);
        if (loaded.Found is { } found)
        {
            Found = found;
            Current = found.Register?.Participants.FirstOrDefault(p => p.Id == participantId);
        }

        return loaded;
    }
}
