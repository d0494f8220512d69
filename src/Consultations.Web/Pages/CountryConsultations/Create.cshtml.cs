using System.ComponentModel.DataAnnotations;
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

public sealed class CreateModel(RepositoryLoader loader, IConsultationStore consultations, IUserDirectory users, AuditTrail audit, TimeProvider time) : PageModel
{
    public Programme Programme { get; private set; } = null!;

    public IReadOnlyList<DirectoryUser> Facilitators { get; private set; } = [];

    [BindProperty]
    public ConsultationInput Input { get; set; } = new();

    [BindProperty]
    [Display(Name = "Create the standard agenda: an on-the-record opening and one plenary per theme")]
    public bool StandardAgenda { get; set; } = true;

    public async Task<IActionResult> OnGetAsync(string programmeId, CancellationToken cancellationToken) =>
        await LoadAsync(programmeId, cancellationToken) is { Found: null } loaded ? loaded.Answer(this) : Page();

    public async Task<IActionResult> OnPostAsync(string programmeId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        Input.AddRuleErrors(ModelState, nameof(Input));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var by = User.ToActor().Ref;
        var at = time.GetUtcNow();
        try
        {
            var consultation = Consultation.Create(Ids.New(), Programme.Id, Input.ToDetails(), by, at);
            if (StandardAgenda)
            {
                consultation.AddSession("Opening and welcome", [], DisclosureRule.OnTheRecord, Programme.Taxonomy, by, at);
                var plenary = 1;
                foreach (var theme in Programme.Taxonomy.ActiveThemes)
                {
                    consultation.AddSession($"Plenary {plenary++}: {theme.Label}", [theme.Key], Input.DisclosureRule, Programme.Taxonomy, by, at);
                }
            }

            Input.ApplyAssignments(consultation, Facilitators, by, at);
            await consultations.CreateAsync(consultation, cancellationToken);
            await audit.RecordAsync(User, AuditAction.ConsultationCreated, AuditSubject.Consultation(Programme.Id, consultation.Id), $"Consultation created ({consultation.CountryCode}, {consultation.Sessions.Count} sessions)");
            await audit.RecordAssignmentsAsync(User, consultation, []);
            TempData.Success($"Consultation in {consultation.City} created.");
            return RedirectToPage("/CountryConsultations/Details", new { programmeId = Programme.Id, consultationId = consultation.Id });
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
            return Page();
        }
    }

    private async Task<Loaded<ProgrammeScope>> LoadAsync(string programmeId, CancellationToken cancellationToken)
    {
        var loaded = await loader.ProgrammeAsync(programmeId, Requirement.None, cancellationToken);
        if (loaded.Found is { } scope)
        {
            Programme = scope.Programme;
            Facilitators = await users.ListAsync(Role.Facilitator, cancellationToken);
        }

        return loaded;
    }
}
