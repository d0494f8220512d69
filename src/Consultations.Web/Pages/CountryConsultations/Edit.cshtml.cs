using Consultations.Core.Access;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Audit;
using Consultations.Web.Identity;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.CountryConsultations;

public sealed class EditModel(RepositoryLoader loader, IConsultationStore consultations, IUserDirectory users, AuditTrail audit, TimeProvider time) : PageModel
{
    public ConsultationScope Scope { get; private set; } = null!;

    public IReadOnlyList<DirectoryUser> Facilitators { get; private set; } = [];

    [BindProperty]
    public ConsultationInput Input { get; set; } = new();

    [BindProperty]
    public string? ETag { get; set; }

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        Input = ConsultationInput.From(Scope.Consultation);
        ETag = Scope.Consultation.ETag;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        Input.AddRuleErrors(ModelState, nameof(Input));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var consultation = Scope.Consultation;
        var by = User.ToActor().Ref;
        var at = time.GetUtcNow();
        var assigned = consultation.Facilitators;
        try
        {
            consultation.ETag = ETag;
            consultation.UpdateDetails(Input.ToDetails(), by, at);
            Input.ApplyAssignments(consultation, Facilitators, by, at);
            await consultations.UpdateAsync(consultation, cancellationToken);
            await audit.RecordAsync(User, AuditAction.ConsultationUpdated, AuditSubject.Consultation(programmeId, consultationId), "Details saved");
            await audit.RecordAssignmentsAsync(User, consultation, assigned);
            TempData.Success("Consultation saved.");
            return RedirectToPage("/CountryConsultations/Details", new { programmeId, consultationId });
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
        }
        catch (ConcurrencyConflictException)
        {
            ModelState.AddModelError(string.Empty, "Someone else changed this consultation while you were editing. Nothing was saved: reload the page to see their changes, then apply yours again.");
        }

        return Page();
    }

    private async Task<Loaded<ConsultationScope>> LoadAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        var loaded = await loader.ConsultationAsync(programmeId, consultationId, Requirement.None, cancellationToken);
        if (loaded.Found is { } scope)
        {
            Scope = scope;
            Facilitators = await users.ListAsync(Role.Facilitator, cancellationToken);
        }

        return loaded;
    }
}
