using System.ComponentModel.DataAnnotations;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Briefs;
using Consultations.Web.Identity;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Briefs;

/// <summary>Edit a draft brief's Markdown. A stale save shows the other version and keeps the typed text.</summary>
public sealed class EditModel(RepositoryLoader loader, IBriefStore briefs, BriefEvidence evidence, ExportGate gate, TimeProvider time) : PageModel
{
    public Programme Programme { get; private set; } = null!;

    public Brief Brief { get; private set; } = null!;

    /// <summary>The version someone else saved, when this user's save lost the race.</summary>
    public Brief? Theirs { get; private set; }

    [BindProperty]
    public BriefInput Input { get; set; } = new();

    [BindProperty]
    public string? ETag { get; set; }

    public async Task<IActionResult> OnGetAsync(string programmeId, string briefId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, briefId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        Input = new BriefInput { Title = Brief.Title, Markdown = Brief.Markdown };
        ETag = Brief.ETag;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string programmeId, string briefId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, briefId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var stored = Brief.ETag;
        try
        {
            Brief.Edit(Input.Title, Input.Markdown ?? string.Empty, User.ToActor().Ref, time.GetUtcNow());
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
            return Page();
        }

        // A brief is read by other researchers and, once published, by funders: a name typed into it is refused
        // before it is stored, and what was typed stays in the form to be fixed.
        if (await gate.CheckAsync(Programme, Brief.Scope.ConsultationIds, $"{Brief.Title}\n{BriefHtml.PlainText(Brief.Markdown, BriefAudience.Funder)}", "brief", cancellationToken) is { } named)
        {
            ModelState.AddModelError(string.Empty, named);
            return Page();
        }

        Brief.IndexCitations(await evidence.LocateAsync(Brief, cancellationToken));
        Brief.ETag = ETag;
        try
        {
            await briefs.UpdateAsync(Brief, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // Show what the other person saved beside the typed text; saving again deliberately replaces theirs.
            Theirs = await briefs.GetAsync(programmeId, briefId, cancellationToken);
            ETag = Theirs?.ETag ?? stored;
            ModelState.Clear();
            return Page();
        }

        var warnings = new List<string>();
        var problems = (await evidence.CheckAsync(Programme, Brief, cancellationToken)).Where(c => c.Problem is not null).ToList();
        if (problems.Count > 0)
        {
            warnings.Add($"{problems.Count} citation(s) cannot be published: {string.Join("; ", problems.Select(p => $"[@{p.NoteId}] {p.Problem}"))}.");
        }

        if (warnings.Count > 0)
        {
            TempData.Warning("Saved, but: " + string.Join(" ", warnings));
        }
        else
        {
            TempData.Success("Brief saved.");
        }

        return RedirectToPage("/Briefs/Details", new { programmeId, briefId });
    }

    private async Task<IActionResult?> LoadAsync(string programmeId, string briefId, CancellationToken cancellationToken)
    {
        var loaded = await loader.BriefAsync(programmeId, briefId, Requirement.EditBriefDraft, cancellationToken);
        if (loaded.Found is not { } scope)
        {
            return loaded.Answer(this);
        }

        (Programme, Brief) = (scope.Programme, scope.Brief);
        if (Brief.Status != BriefStatus.Draft)
        {
            TempData.Warning("This brief is waiting for review: a reviewer must return it before it can be edited.");
            return RedirectToPage("/Briefs/Details", new { programmeId, briefId });
        }

        return null;
    }

    public sealed class BriefInput
    {
        [Required(ErrorMessage = "Give the brief a title.")]
        [StringLength(Brief.MaxTitleLength, ErrorMessage = "A title can be at most {1} characters.")]
        public string Title { get; set; } = string.Empty;

        [StringLength(Brief.MaxMarkdownLength, ErrorMessage = "A brief can be at most {1} characters.")]
        public string? Markdown { get; set; }
    }
}
