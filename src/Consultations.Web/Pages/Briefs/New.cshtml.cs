using System.ComponentModel.DataAnnotations;
using Consultations.Core.Domain;
using Consultations.Web.Briefs;
using Consultations.Web.Comparison;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Pages.Briefs;

/// <summary>Generates a draft brief from a comparison: in the request when it is quick, else behind a progress page.</summary>
public sealed class NewModel(RepositoryLoader loader, BriefJobs jobs, IOptions<BriefOptions> options) : PageModel
{
    [BindProperty]
    public GenerateInput Input { get; set; } = new();

    public IActionResult OnGet(string programmeId) => RedirectToPage("/Comparison/Index", new { programmeId });

    public async Task<IActionResult> OnPostAsync(string programmeId, CancellationToken cancellationToken)
    {
        var loaded = await loader.ProgrammeAsync(programmeId, Requirement.GenerateBrief, cancellationToken);
        if (loaded.Found is not { Actor: var actor, Programme: var programme })
        {
            return loaded.Answer(this);
        }

        var invalid = Input.ConsultationIds.Concat(Input.Themes).Where(id => !Ids.IsValid(id)).ToList();
        if (!ModelState.IsValid || invalid.Count > 0 || Input.Themes.Any(t => !programme.Taxonomy.ContainsTheme(t)))
        {
            TempData.Warning("The brief was not generated: give it a title of 1 to 160 characters and compare at least one country and theme of this programme.");
            return RedirectToPage("/Comparison/Index", new { programmeId });
        }

        var job = jobs.Start(actor, programme, Input.Title.Trim(), new ComparisonRequest(Input.ConsultationIds, Input.Themes, Input.Kind, string.IsNullOrWhiteSpace(Input.SubTheme) ? null : Input.SubTheme));
        await Task.WhenAny(job.Completion, Task.Delay(options.Value.GenerationWait, cancellationToken));
        return JobModel.Outcome(this, programmeId, job);
    }

    public sealed class GenerateInput
    {
        [Required(ErrorMessage = "Give the brief a title.")]
        [StringLength(Brief.MaxTitleLength, ErrorMessage = "A title can be at most {1} characters.")]
        public string Title { get; set; } = string.Empty;

        public List<string> ConsultationIds { get; set; } = [];

        public List<string> Themes { get; set; } = [];

        public NoteKind? Kind { get; set; }

        public string? SubTheme { get; set; }
    }
}
