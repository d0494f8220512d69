using System.ComponentModel.DataAnnotations;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Audit;
using Consultations.Web.Identity;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Programmes;

public sealed class EditModel(RepositoryLoader loader, IProgrammeStore programmes, AuditTrail audit, TimeProvider time) : PageModel
{
    public Programme Programme { get; private set; } = null!;

    [BindProperty]
    public ProgrammeInput Input { get; set; } = new();

    [BindProperty]
    [Range(2, 20, ErrorMessage = "The threshold must be between {1} and {2}.")]
    [Display(Name = "Small-group threshold (k)")]
    public int SmallGroupThreshold { get; set; } = Programme.DefaultSmallGroupThreshold;

    [BindProperty]
    public string? ETag { get; set; }

    public async Task<IActionResult> OnGetAsync(string programmeId, CancellationToken cancellationToken)
    {
        var loaded = await loader.ProgrammeAsync(programmeId, Requirement.None, cancellationToken);
        if (loaded.Found is not { Programme: var programme })
        {
            return loaded.Answer(this);
        }

        Programme = programme;
        Input = new ProgrammeInput { Name = programme.Name, Funder = programme.Funder, Description = programme.Description };
        SmallGroupThreshold = programme.SmallGroupThreshold;
        ETag = programme.ETag;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string programmeId, CancellationToken cancellationToken)
    {
        var loaded = await loader.ProgrammeAsync(programmeId, Requirement.None, cancellationToken);
        if (loaded.Found is not { Programme: var programme })
        {
            return loaded.Answer(this);
        }

        Programme = programme;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var by = User.ToActor().Ref;
        try
        {
            programme.ETag = ETag;
            programme.UpdateDetails(Input.Name, Input.Description, Input.Funder, by, time.GetUtcNow());
            programme.SetSmallGroupThreshold(SmallGroupThreshold, by, time.GetUtcNow());
            await programmes.UpdateAsync(programme, cancellationToken);
            await audit.RecordAsync(User, AuditAction.ProgrammeUpdated, AuditSubject.Programme(programme.Id), $"Details saved; small-group threshold k = {programme.SmallGroupThreshold}");
            TempData.Success("Programme saved.");
            return RedirectToPage("/Programmes/Dashboard", new { programmeId = programme.Id });
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
        }
        catch (ConcurrencyConflictException)
        {
            ModelState.AddModelError(string.Empty, "Someone else changed this programme while you were editing. Your changes were not saved; reload the page to see theirs, then apply yours again.");
        }

        return Page();
    }
}
