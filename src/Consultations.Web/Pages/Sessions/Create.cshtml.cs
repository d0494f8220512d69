using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Identity;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Sessions;

/// <summary>Adds a session to a consultation's agenda (administrators and lead facilitators).</summary>
public sealed class CreateModel(RepositoryLoader loader, IConsultationStore consultations, TimeProvider time) : PageModel
{
    public ConsultationScope Scope { get; private set; } = null!;

    [BindProperty]
    public SessionInput Input { get; set; } = new();

    [BindProperty]
    public string? ETag { get; set; }

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        Input.DisclosureRule = Scope.Consultation.DisclosureRule;
        ETag = Scope.Consultation.ETag;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            var consultation = Scope.Consultation;
            consultation.ETag = ETag;
            var session = consultation.AddSession(Input.Title, Input.Themes, Input.DisclosureRule, Scope.Programme.Taxonomy, User.ToActor().Ref, time.GetUtcNow());
            await consultations.UpdateAsync(consultation, cancellationToken);
            TempData.Success($"Session \"{session.Title}\" added.");
            return RedirectToPage("/Sessions/Details", new { programmeId, consultationId, sessionId = session.Id });
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
        }
        catch (ConcurrencyConflictException)
        {
            ModelState.AddModelError(string.Empty, "Someone else changed this consultation's agenda meanwhile. Nothing was saved; check the agenda and add the session again.");
            ETag = (await consultations.GetAsync(programmeId, consultationId, cancellationToken))?.ETag;
        }

        return Page();
    }

    private async Task<Loaded<ConsultationScope>> LoadAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        var loaded = await loader.ConsultationAsync(programmeId, consultationId, Requirement.EditAgenda, cancellationToken);
        if (loaded.Found is { } scope)
        {
            Scope = scope;
        }

        return loaded;
    }
}
