using Consultations.Core.Domain;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.CountryConsultations;

/// <summary>The restricted participant register: facilitators of this consultation and administrators only.</summary>
public sealed class RegisterModel(RepositoryLoader loader) : PageModel
{
    public RegisterScope Found { get; private set; } = null!;

    public ConsultationScope Scope => Found;

    public ParticipantRegister? Register => Found.Register;

    public IReadOnlyList<Participant> Participants { get; private set; } = [];

    public IReadOnlyList<(string Group, int Count)> GroupCounts { get; private set; } = [];

    public int WithoutGroup { get; private set; }

    /// <summary>How many participants the purge deleted.</summary>
    public int PurgedCount => Register?.History.LastOrDefault(h => h.Action == RegisterAction.Purged)?.Count ?? 0;

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        var loaded = await loader.RegisterAsync(programmeId, consultationId, Requirement.SeeRegister, cancellationToken);
        if (loaded.Found is not { } found)
        {
            return loaded.Answer(this);
        }

        Found = found;
        Participants = [.. (Register?.Participants ?? [])
            .OrderBy(p => p.StakeholderGroup, StringComparer.Ordinal)
            .ThenBy(p => p.Name, StringComparer.CurrentCulture)];
        GroupCounts = [.. (Register?.GroupCounts() ?? new Dictionary<string, int>())
            .Select(g => (g.Key, g.Value))
            .OrderBy(g => g.Key, StringComparer.Ordinal)];
        WithoutGroup = Participants.Count(p => p.StakeholderGroup is null);
        return Page();
    }
}
