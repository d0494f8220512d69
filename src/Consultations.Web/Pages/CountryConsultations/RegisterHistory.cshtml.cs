using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.CountryConsultations;

/// <summary>Who changed the register, when, how and for how many participants; never names.</summary>
public sealed class RegisterHistoryModel(IProgrammeStore programmes, IConsultationStore consultations, IParticipantRegisterStore registers) : PageModel
{
    public RegisterScope Found { get; private set; } = null!;

    /// <summary>Newest first.</summary>
    public IReadOnlyList<RegisterChange> Changes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        var (found, refusal) = await RegisterPages.LoadAsync(this, programmes, consultations, registers, programmeId, consultationId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        Found = found!;
        Changes = [.. (Found.Register?.History ?? []).Reverse()];
        return Page();
    }
}
