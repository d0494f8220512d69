using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Audit;
using Consultations.Web.Identity;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.CountryConsultations;

/// <summary>Asks before removing a participant, and removes only from the version of the register the user confirmed against.</summary>
public sealed class RegisterRemoveModel(RepositoryLoader loader, IParticipantRegisterStore registers, AuditTrail audit, TimeProvider time) : PageModel
{
    public RegisterScope Found { get; private set; } = null!;

    public Participant Participant { get; private set; } = null!;

    [BindProperty]
    public string? ETag { get; set; }

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, string participantId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, participantId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        ETag = Found.Register!.ETag;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string programmeId, string consultationId, string participantId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, participantId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.IsNotFound && Found is not null ? RemovedAlready(programmeId, consultationId) : loaded.Answer(this);
        }

        var register = Found.Register!;
        if (register.ETag != ETag)
        {
            return ShowStale(register);
        }

        try
        {
            register.Remove(Participant.Id, User.ToActor().Ref, time.GetUtcNow());
            await registers.SaveAsync(register, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return (await LoadAsync(programmeId, consultationId, participantId, cancellationToken)).Found is not null ? ShowStale(Found.Register!) : RemovedAlready(programmeId, consultationId);
        }
        catch (Exception ex) when (ex is DomainRuleException or StoreUnavailableException or DocumentRejectedException)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
            return Page();
        }

        await audit.RecordAsync(User, AuditAction.ParticipantRemoved, AuditSubject.Participant(programmeId, consultationId, participantId), $"1 participant removed; the register has {register.Participants.Count}");
        TempData.Success($"{Participant.Name} removed from the register.");
        return RedirectToPage("/CountryConsultations/Register", new { programmeId, consultationId });
    }

    private PageResult ShowStale(ParticipantRegister current)
    {
        // Confirming again is a decision about the entry as it is now, shown on this page.
        ETag = current.ETag;
        ModelState.Remove(nameof(ETag));
        ModelState.AddModelError(string.Empty, "Someone else changed the register since you opened this page, so nothing was removed. Check the entry below as it is now and confirm again.");
        return Page();
    }

    private RedirectToPageResult RemovedAlready(string programmeId, string consultationId)
    {
        TempData.Success("That participant had already been removed.");
        return RedirectToPage("/CountryConsultations/Register", new { programmeId, consultationId });
    }

    /// <summary>The register and the entry; an entry no longer there is not found, with <see cref="Found"/> set.</summary>
    private async Task<Loaded<RegisterScope>> LoadAsync(string programmeId, string consultationId, string participantId, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(participantId))
        {
            return default;
        }

        var loaded = await loader.RegisterAsync(programmeId, consultationId, Requirement.SeeRegister, cancellationToken);
        if (loaded.Found is not { } found)
        {
            return loaded;
        }

        Found = found;
        if (found.Register?.Participants.FirstOrDefault(p => p.Id == participantId) is not { } participant)
        {
            return default;
        }

        Participant = participant;
        return loaded;
    }
}
