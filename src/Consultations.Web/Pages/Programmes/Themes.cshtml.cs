using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Audit;
using Consultations.Web.Identity;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Programmes;

/// <summary>Everyone in the repository reads the taxonomy; administrators edit it.</summary>
public sealed class ThemesModel(RepositoryLoader loader, IProgrammeStore programmes, AuditTrail audit, TimeProvider time) : PageModel
{
    public Programme Programme { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(string programmeId, CancellationToken cancellationToken) =>
        await LoadAsync(programmeId, Requirement.None, cancellationToken) is { Found: null } loaded ? loaded.Answer(this) : Page();

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
        if (await LoadAsync(programmeId, Requirement.EditThemes, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        try
        {
            Programme.ETag = etag;
            Programme.ReviseTaxonomy(edit(Programme.Taxonomy), User.ToActor().Ref, time.GetUtcNow());
            await programmes.UpdateAsync(Programme, cancellationToken);
            await audit.RecordAsync(User, AuditAction.TaxonomyChanged, AuditSubject.Programme(programmeId), AuditTrail.Shorten(audited ?? done, 200));
            TempData.Success(done);
            return RedirectToPage("/Programmes/Themes", new { programmeId });
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
        }
        catch (ConcurrencyConflictException)
        {
            ModelState.AddModelError(string.Empty, "Someone else changed the themes while you were editing. Nothing was saved; the page now shows their version, so apply your change again.");
        }

        await LoadAsync(programmeId, Requirement.EditThemes, cancellationToken);
        return Page();
    }

    private async Task<Loaded<ProgrammeScope>> LoadAsync(string programmeId, Requirement requirement, CancellationToken cancellationToken)
    {
        var loaded = await loader.ProgrammeAsync(programmeId, requirement, cancellationToken);
        if (loaded.Found is { } scope)
        {
            (Programme, CanEdit) = (scope.Programme, scope.CanManageProgrammes);
        }

        return loaded;
    }
}
