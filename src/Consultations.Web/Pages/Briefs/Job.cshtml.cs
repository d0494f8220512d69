using Consultations.Web.Briefs;
using Consultations.Web.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Briefs;

/// <summary>Progress of a brief generation; the page refreshes itself until the draft is ready, then opens it.</summary>
public sealed class JobModel(BriefJobs jobs) : PageModel
{
    public BriefJob? Job { get; private set; }

    public string ProgrammeId { get; private set; } = string.Empty;

    public int Percent => Job is null || Job.Progress.Total <= 0 ? 0 : Math.Clamp(100 * Job.Progress.Done / Job.Progress.Total, 0, 100);

    public IActionResult OnGet(string programmeId, string jobId)
    {
        ProgrammeId = programmeId;
        if (jobs.Find(jobId, User.ToActor().UserId) is not { } job || job.ProgrammeId != programmeId)
        {
            // Unknown, someone else's, or lost in a restart: the same answer, which says what to do next.
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        Job = job;
        return job.State == BriefJobState.Running ? Page() : Outcome(this, programmeId, job);
    }

    /// <summary>Where a generation leads: the new draft, back to the comparison with the reason, or this progress page.</summary>
    public static IActionResult Outcome(PageModel page, string programmeId, BriefJob job)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(job);
        switch (job.State)
        {
            case BriefJobState.Succeeded:
                page.TempData.Success("Draft brief generated. Edit it, then submit it for review.");
                return page.RedirectToPage("/Briefs/Details", new { programmeId, briefId = job.BriefId });
            case BriefJobState.Failed:
                page.TempData.Warning(job.Error!);
                return page.RedirectToPage("/Comparison/Index", new { programmeId });
            default:
                return page.RedirectToPage("/Briefs/Job", new { programmeId, jobId = job.Id });
        }
    }
}
