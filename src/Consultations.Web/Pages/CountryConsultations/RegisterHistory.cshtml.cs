using Consultations.Core.Domain;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.CountryConsultations;

/// <summary>Who changed the register, when, how and for how many participants; never names.</summary>
public sealed class RegisterHistoryModel(RepositoryLoader loader) : PageModel
{
    public RegisterScope Found { get; private set; } = null!;

    /// <summary>Newest first.</summary>
    public IReadOnlyList<RegisterChange> Changes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        var loaded = await loader.RegisterAsync(programmeId, consultationId, Requirement.SeeRegister, cancellationToken);
        if (loaded.Found is not { } found)
        {
            return loaded.Answer(this);
        }

        Found = found;
        Changes = [.. (Found.Register?.History ?? []).Reverse()];
        return Page();
    }
}
