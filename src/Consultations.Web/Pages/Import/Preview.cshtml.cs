using Consultations.Core.Domain;
using Consultations.Core.Import;
using Consultations.Web.Identity;
using Consultations.Web.Importing;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Pages.Import;

/// <summary>
/// Every proposed note of an import, a page of rows at a time: its session, kind, group and themes, its text with the
/// guard's findings marked, and what stops it. The person fixes rows (one by one or all at once), unticks rows, then imports.
/// </summary>
public sealed class PreviewModel(RepositoryLoader loader, NoteImports imports, IOptions<ImportOptions> options) : PageModel
{
    /// <summary>Characters of a row's text shown; the rest is counted (a row may be far over a note's size).</summary>
    public const int MaxTextShown = 1_500;

    /// <summary>The value of a row's group list that keeps a stakeholder group the file named but the programme does not have.</summary>
    public const string KeepUnknownGroup = "?";

    public ConsultationScope Scope { get; private set; } = null!;

    public ImportJob? Job { get; private set; }

    public string Show { get; private set; } = Views.All;

    public int PageNumber { get; private set; } = 1;

    public int PageCount { get; private set; } = 1;

    public IReadOnlyList<ImportRow> Shown { get; private set; } = [];

    public int ShownTotal { get; private set; }

    /// <summary>The position (among the rows this view shows) of the first row on this page.</summary>
    public int FirstShown { get; private set; } = 1;

    [BindProperty]
    public List<RowInput> Rows { get; set; } = [];

    [BindProperty]
    public bool AcceptSuggestedThemes { get; set; }

    [BindProperty]
    public BulkInput Bulk { get; set; } = new();

    public int Percent => Job is null || Job.Progress.Total <= 0 ? 0 : Math.Clamp(100 * Job.Progress.Done / Job.Progress.Total, 0, 100);

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, string jobId, string? show, int? p, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, jobId, cancellationToken) is { } answer)
        {
            return answer;
        }

        if (Job is { State: ImportJobState.Imported } done)
        {
            return Finished(done);
        }

        if (Job is { State: ImportJobState.Ready, Plan: { } plan })
        {
            Show = Views.Normalise(show);
            var rows = plan.Rows.Where(Views.Filter(Show)).ToList();
            var size = options.Value.PreviewPageSize;
            ShownTotal = rows.Count;
            PageCount = Math.Max(1, (rows.Count + size - 1) / size);
            PageNumber = Math.Clamp(p ?? 1, 1, PageCount);
            Shown = rows.Skip((PageNumber - 1) * size).Take(size).ToList();
            FirstShown = ((PageNumber - 1) * size) + 1;
            AcceptSuggestedThemes = plan.AcceptSuggestedThemes;
        }

        return Page();
    }

    /// <summary>Saves the changes made to the rows on this page.</summary>
    public async Task<IActionResult> OnPostRowsAsync(string programmeId, string consultationId, string jobId, string? show, int? p, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, jobId, cancellationToken) is { } answer)
        {
            return answer;
        }

        if (!await ApplyRowsAsync())
        {
            return Closed(programmeId, consultationId, jobId);
        }

        TempData.Success("Your changes to the rows are saved. Nothing is imported until you press Import.");
        return RedirectToPage(new { programmeId, consultationId, jobId, show, p });
    }

    /// <summary>Changes every row, or every row with a problem, at once.</summary>
    public async Task<IActionResult> OnPostAllAsync(string programmeId, string consultationId, string jobId, string? show, int? p, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, jobId, cancellationToken) is { } answer)
        {
            return answer;
        }

        var fix = new ImportFix
        {
            SessionId = string.IsNullOrEmpty(Bulk.SessionId) ? null : Bulk.SessionId,
            Kind = Enum.TryParse<NoteKind>(Bulk.Kind, out var kind) && Enum.IsDefined(kind) ? kind : null,
            ClearGroup = Bulk.Group == BulkInput.NoGroup,
            StakeholderGroup = string.IsNullOrEmpty(Bulk.Group) || Bulk.Group == BulkInput.NoGroup ? null : Bulk.Group,
            Include = Bulk.Tick switch { "tick" => true, "untick" => false, _ => null },
        };
        if (fix is { SessionId: null, Kind: null, ClearGroup: false, StakeholderGroup: null, Include: null })
        {
            TempData.Warning("Choose what to change first: a session, a kind, a group, or whether the rows are ticked.");
            return RedirectToPage(new { programmeId, consultationId, jobId, show, p });
        }

        int changed = 0;
        try
        {
            var applied = await imports.FixAsync(Job!, plan =>
            {
                var rows = plan.Rows.Where(r => !r.IsAlreadyThere && (Bulk.Scope != BulkInput.ProblemRows || r.HasProblems)).Select(r => r.Row).ToList();
                changed = rows.Count;
                plan.Fix(rows, fix, Scope.Consultation, Scope.Programme);
            });
            if (!applied)
            {
                return Closed(programmeId, consultationId, jobId);
            }
        }
        catch (DomainRuleException ex)
        {
            TempData.Warning(ex.Message);
            return RedirectToPage(new { programmeId, consultationId, jobId, show, p });
        }

        TempData.Success($"Changed {changed:N0} {(changed == 1 ? "row" : "rows")}. Nothing is imported until you press Import.");
        return RedirectToPage(new { programmeId, consultationId, jobId, show, p });
    }

    /// <summary>Saves this page's changes, then writes every ticked row without problems as a draft note.</summary>
    public async Task<IActionResult> OnPostImportAsync(string programmeId, string consultationId, string jobId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, jobId, cancellationToken) is { } answer)
        {
            return answer;
        }

        var job = Job!;
        if (!await ApplyRowsAsync())
        {
            return Closed(programmeId, consultationId, jobId);
        }

        try
        {
            if (!await imports.StartImportAsync(job, User.ToActor(), Scope.Programme, Scope.Consultation))
            {
                return Closed(programmeId, consultationId, jobId);
            }
        }
        catch (DomainRuleException ex)
        {
            TempData.Warning(ex.Message);
            return RedirectToPage(new { programmeId, consultationId, jobId, show = Views.Problems });
        }

        await Task.WhenAny(job.Completion, Task.Delay(options.Value.RequestWait, cancellationToken));
        return job.State == ImportJobState.Imported ? Finished(job) : RedirectToPage(new { programmeId, consultationId, jobId });
    }

    private async Task<IActionResult?> LoadAsync(string programmeId, string consultationId, string jobId, CancellationToken cancellationToken)
    {
        var loaded = await loader.ConsultationAsync(programmeId, consultationId, Requirement.ImportNotes, cancellationToken);
        if (loaded.Found is not { } scope)
        {
            return loaded.Answer(this);
        }

        Scope = scope;
        Job = imports.Find(jobId, User.ToActor().UserId) is { } job && job.ConsultationId == consultationId ? job : null;
        if (Job is null)
        {
            // Unknown, someone else's, or lost in a restart: the same answer, which says what to do next.
            Response.StatusCode = StatusCodes.Status404NotFound;
            return HttpMethods.IsGet(Request.Method) ? Page() : Closed(programmeId, consultationId, jobId);
        }

        return null;
    }

    private async Task<bool> ApplyRowsAsync() =>
        await imports.FixAsync(Job!, plan =>
        {
            plan.AcceptSuggestedThemes = AcceptSuggestedThemes;
            foreach (var input in Rows)
            {
                if (input.Row < 1 || input.Row > plan.Rows.Count)
                {
                    continue;
                }

                var row = plan.Rows[input.Row - 1];
                var fix = new ImportFix
                {
                    SessionId = !string.IsNullOrEmpty(input.SessionId) && input.SessionId != row.SessionId && Scope.Consultation.FindSession(input.SessionId) is not null ? input.SessionId : null,
                    Kind = Enum.TryParse<NoteKind>(input.Kind, out var kind) && Enum.IsDefined(kind) && kind != row.Kind ? kind : null,
                    ClearGroup = input.Group == string.Empty && (row.StakeholderGroup is not null || row.GroupHint is not null),
                    StakeholderGroup = input.Group is { Length: > 0 } key && key != KeepUnknownGroup && key != row.StakeholderGroup && Scope.Programme.FindStakeholderGroup(key) is not null ? key : null,
                    Include = input.Include != row.Included ? input.Include : null,
                };
                plan.Fix([input.Row], fix, Scope.Consultation, Scope.Programme);
            }
        });

    private RedirectToPageResult Finished(ImportJob job)
    {
        var result = job.Result!;
        var message = $"Imported {result.Created:N0} {(result.Created == 1 ? "note" : "notes")} from {job.FileName} as drafts.";
        if (result.AlreadyThere > 0)
        {
            message += $" {result.AlreadyThere:N0} {(result.AlreadyThere == 1 ? "was" : "were")} already in this consultation and {(result.AlreadyThere == 1 ? "was" : "were")} skipped.";
        }

        if (result.LeftOut > 0)
        {
            message += $" {result.LeftOut:N0} unticked {(result.LeftOut == 1 ? "row was" : "rows were")} left out.";
        }

        TempData.Success(message);
        return RedirectToPage("/CountryConsultations/Details", new { programmeId = job.ProgrammeId, consultationId = job.ConsultationId, status = NoteStatus.Draft });
    }

    /// <summary>A post to a preview that is gone, busy or finished: back to where the person can see its state.</summary>
    private RedirectToPageResult Closed(string programmeId, string consultationId, string jobId)
    {
        TempData.Warning(Job is null
            ? "That import is no longer open (it finished long ago, or the server restarted). Choose the file again: anything already imported from it is recognised and not added twice."
            : "That import is already being saved or has finished, so the change was not made.");
        return Job is null
            ? RedirectToPage("/Import/New", new { programmeId, consultationId })
            : RedirectToPage(new { programmeId, consultationId, jobId });
    }

    public sealed class RowInput
    {
        public int Row { get; set; }

        public bool Include { get; set; }

        public string? SessionId { get; set; }

        public string? Kind { get; set; }

        public string? Group { get; set; }
    }

    public sealed class BulkInput
    {
        public const string ProblemRows = "problems";

        public const string NoGroup = "none";

        /// <summary>"all" or <see cref="ProblemRows"/>.</summary>
        public string? Scope { get; set; }

        public string? SessionId { get; set; }

        public string? Kind { get; set; }

        /// <summary>Empty: unchanged; <see cref="NoGroup"/>: no group; else a group key.</summary>
        public string? Group { get; set; }

        /// <summary>Empty: unchanged; "tick" or "untick".</summary>
        public string? Tick { get; set; }
    }

    /// <summary>Which rows the table shows.</summary>
    public static class Views
    {
        public const string All = "all";
        public const string Problems = "problems";
        public const string Findings = "findings";
        public const string Existing = "existing";
        public const string Unticked = "unticked";

        public static string Normalise(string? show) => show is Problems or Findings or Existing or Unticked ? show : All;

        public static Func<ImportRow, bool> Filter(string show) => show switch
        {
            Problems => r => !r.IsAlreadyThere && r.HasProblems,
            Findings => r => r.Findings.Count > 0,
            Existing => r => r.IsAlreadyThere,
            Unticked => r => !r.IsAlreadyThere && !r.Included,
            _ => _ => true,
        };
    }
}
