using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Audit;
using Consultations.Web.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Programmes;

public sealed class CreateModel(IProgrammeStore programmes, AuditTrail audit, TimeProvider time) : PageModel
{
    [BindProperty]
    public ProgrammeInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var by = User.ToActor().Ref;
        try
        {
            var programme = Programme.Create(Ids.New(), Input.Name, Input.Description, Input.Funder, by, time.GetUtcNow());
            await programmes.CreateAsync(programme, cancellationToken);
            await audit.RecordAsync(User, AuditAction.ProgrammeCreated, AuditSubject.Programme(programme.Id), "Programme created");
            TempData.Success($"Programme \"{programme.Name}\" created.");
            return RedirectToPage("/Programmes/Dashboard", new { programmeId = programme.Id });
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
            return Page();
        }
    }
}
