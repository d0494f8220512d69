using Consultations.Core.Access;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Audit;
using Consultations.Web.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Programmes;

/// <summary>Everyone in the repository reads the taxonomy; administrators edit it.</summary>
public sealed class ThemesModel(IProgrammeStore programmes, AuditTrail audit, TimeProvider time) : PageModel
{
    public Programme Programme { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(string programmeId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(programmeId, cancellationToken))
        {
            return NotFound();
        }

        return Page();
    }

    public Task<IActionResult> OnPostAddThemeAsync(string programmeId, string? etag, string label, string? description, CancellationToken cancellationToken) =>
        EditAsync(programmeId, etag, t => t.AddTheme(label, description, out _), $"Theme \"{label?.Trim()}\" added.", cancellationToken);

    public Task<IActionResult> OnPostUpdateThemeAsync(string programmeId, string? etag, string themeKey, string label, string? description, bool retired, CancellationToken cancellationToken) =>
        EditAsync(programmeId, etag, t => t.UpdateTheme(themeKey, label, description, retired), "Theme saved.", cancellationToken, $"Theme {themeKey} saved{(retired ? " (retired)" : "")}");

    public Task<IActionResult> OnPostAddSubThemeAsync(string programmeId, string? etag, string themeKey, string label, CancellationToken cancellationToken) =>
        EditAsync(programmeId, etag, t => t.AddSubTheme(themeKey, label, out _), $"Sub-theme \"{label?.Trim()}\" added.", cancellationToken);

    public Task<IActionResult> OnPostUpdateSubThemeAsync(string programmeId, string? etag, string themeKey, string subThemeKey, string label, bool retired, CancellationToken cancellationToken) =>
        EditAsync(programmeId, etag, t => t.UpdateSubTheme(themeKey, subThemeKey, label, retired), "Sub-theme saved.", cancellationToken, $"Sub-theme {themeKey}/{subThemeKey} saved{(retired ? " (retired)" : "")}");

    private async Task<IActionResult> EditAsync(string programmeId, string? etag, Func<ThemeTaxonomy, ThemeTaxonomy> edit, string done, CancellationToken cancellationToken, string? audited = null)
    {
        if (!await LoadAsync(programmeId, cancellationToken))
        {
            return NotFound();
        }

        if (!CanEdit)
        {
            return this.ForbidBecause("Only administrators change a programme's themes.");
        }

        try
        {
            Programme.ETag = etag;
            Programme.ReviseTaxonomy(edit(Programme.Taxonomy), User.ToActor().Ref, time.GetUtcNow());
            await programmes.UpdateAsync(Programme, cancellationToken);
            await audit.RecordAsync(User, AuditAction.TaxonomyChanged, AuditSubject.Programme(programmeId), AuditTrail.Shorten(audited ?? done, 200));
            TempData.Success(done);
            return Redirect($"{Paths.Programme(programmeId)}/themes");
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
        }
        catch (ConcurrencyConflictException)
        {
            ModelState.AddModelError(string.Empty, "Someone else changed the themes while you were editing. Nothing was saved; the page now shows their version, so apply your change again.");
        }

        await LoadAsync(programmeId, cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(string programmeId, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(programmeId) || await programmes.GetAsync(programmeId, cancellationToken) is not { } programme)
        {
            return false;
        }

        Programme = programme;
        CanEdit = AccessRules.CanManageProgrammes(User.ToActor());
        return true;
    }
}
