using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.CountryConsultations;

/// <summary>The restricted participant register: facilitators of this consultation and administrators only.</summary>
public sealed class RegisterModel(IProgrammeStore programmes, IConsultationStore consultations, IParticipantRegisterStore registers) : PageModel
{
    public ConsultationScope Scope { get; private set; } = null!;

    public IReadOnlyList<Participant> Participants { get; private set; } = [];

    public IReadOnlyList<(string Group, int Count)> GroupCounts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        if (await ConsultationScope.LoadAsync(this, programmes, consultations, programmeId, consultationId, cancellationToken) is not { } scope)
        {
            return NotFound();
        }

        if (!scope.CanSeeRegister)
        {
            return this.ForbidBecause("The participant register is restricted to this consultation's facilitators and administrators.");
        }

        Scope = scope;
        Participants = [.. ((await registers.GetAsync(scope.Consultation.Id, cancellationToken))?.Participants ?? [])
            .OrderBy(p => p.StakeholderGroup, StringComparer.Ordinal)
            .ThenBy(p => p.Name, StringComparer.CurrentCulture)];
        GroupCounts = [.. Participants
            .GroupBy(p => p.StakeholderGroup ?? "unspecified")
            .Select(g => (g.Key, g.Count()))
            .OrderBy(g => g.Key, StringComparer.Ordinal)];
        return Page();
    }
}
