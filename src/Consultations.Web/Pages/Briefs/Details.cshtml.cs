using Consultations.Core.Access;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Audit;
using Consultations.Web.Briefs;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Briefs;

/// <summary>
/// A brief being written: the draft as it will read (citations numbered, sources listed), and its review:
/// submit, approve and publish (a reviewer other than the submitter), return with a reason, delete an unpublished draft.
/// </summary>
public sealed partial class DetailsModel(
    RepositoryLoader loader,
    IBriefStore briefs,
    BriefEvidence evidence,
    BriefTemplateRenderer renderer,
    ExportGate gate,
    AuditTrail audit,
    TimeProvider time,
    ILogger<DetailsModel> logger) : PageModel
{
    public Programme Programme { get; private set; } = null!;

    public Brief Brief { get; private set; } = null!;

    public Actor Actor { get; private set; } = null!;

    public IHtmlContent Rendered { get; private set; } = HtmlString.Empty;

    public string? TemplateError { get; private set; }

    public IReadOnlyList<BriefSource> Sources { get; private set; } = [];

    public IReadOnlyList<BriefVersion> Versions { get; private set; } = [];

    /// <summary>The title as readers may see it (masked against the brief's registers).</summary>
    public string Title { get; private set; } = string.Empty;

    public bool CanWrite => AccessRules.CanWriteBriefs(Actor);

    public bool CanApprove => AccessRules.CanReviewBriefs(Actor) && Brief.CanBeApprovedBy(Actor.Ref);

    [BindProperty]
    public string? ETag { get; set; }

    [BindProperty]
    public string? ReturnReason { get; set; }

    public async Task<IActionResult> OnGetAsync(string programmeId, string briefId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, briefId, Requirement.ReadBriefDrafts, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        Sources = await evidence.DraftSourcesAsync(Programme, Brief, cancellationToken);
        Title = await evidence.MaskAsync(Programme, Brief.Scope.ConsultationIds, Brief.Title, cancellationToken);
        Versions = await briefs.ListVersionsAsync(programmeId, briefId, cancellationToken);
        (Rendered, TemplateError) = await BriefPages.RenderAsync(
            this,
            renderer,
            new BriefDocumentModel(
                Title,
                Programme.Name,
                Programme.Funder,
                null,
                null,
                BriefHtml.Render(await evidence.MaskAsync(Programme, Brief.Scope.ConsultationIds, Brief.Markdown, cancellationToken), BriefAudience.Researcher),
                Brief.Coverage,
                BriefAudience.Researcher,
                Sources,
                ForPrint: false),
            cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(string programmeId, string briefId, CancellationToken cancellationToken)
    {
        if (await LoadForChangeAsync(programmeId, briefId, Requirement.ChangeBriefDraft, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        Brief.IndexCitations(await evidence.LocateAsync(Brief, cancellationToken));
        var (_, problems) = await evidence.SnapshotAsync(Programme, Brief, cancellationToken);
        if (problems.Count > 0)
        {
            TempData.Warning($"Not submitted: {problems.Count} citation(s) cannot be published — {string.Join("; ", problems)}. Edit the brief to remove or replace them.");
            return RedirectToPage("/Briefs/Details", new { programmeId, briefId });
        }

        return await SaveAsync(
            b => b.SubmitForReview(Actor.Ref, time.GetUtcNow()),
            "Submitted for review. A reviewer other than you approves it for publication.",
            () => audit.RecordAsync(Actor, AuditAction.BriefSubmitted, AuditSubject.Brief(programmeId, briefId), "Submitted for review"),
            cancellationToken);
    }

    public async Task<IActionResult> OnPostReturnAsync(string programmeId, string briefId, CancellationToken cancellationToken)
    {
        if (await LoadForChangeAsync(programmeId, briefId, Requirement.ReviewBriefDraft, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return await SaveAsync(
            b => b.ReturnToDraft(ReturnReason ?? string.Empty, Actor.Ref, time.GetUtcNow()),
            "Returned to its authors with your reason.",
            async () => await audit.RecordAsync(Actor, AuditAction.BriefReturned, AuditSubject.Brief(programmeId, briefId), $"Returned to draft; reason: “{await audit.QuoteAsync(Programme, Brief.Scope.ConsultationIds, ReturnReason, 200)}”"),
            cancellationToken);
    }

    /// <summary>Approve and publish: freezes the submitted text and a snapshot of its notes as the next version.</summary>
    public async Task<IActionResult> OnPostApproveAsync(string programmeId, string briefId, CancellationToken cancellationToken)
    {
        if (await LoadForChangeAsync(programmeId, briefId, Requirement.ReviewBriefDraft, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (await this.RequireRecentSignInAsync() is { } stepUp)
        {
            return stepUp;
        }

        var (cited, problems) = await evidence.SnapshotAsync(Programme, Brief, cancellationToken);
        if (problems.Count > 0)
        {
            TempData.Warning($"Not published: {problems.Count} citation(s) cannot be published — {string.Join("; ", problems)}. Return the brief so its authors can fix them.");
            return RedirectToPage("/Briefs/Details", new { programmeId, briefId });
        }

        var text = $"{Brief.Title}\n{BriefHtml.PlainText(Brief.Markdown, BriefAudience.Funder)}";
        if (await gate.CheckAsync(Programme, Brief.Scope.ConsultationIds, text, "published brief", cancellationToken) is { } blocked)
        {
            await audit.RecordAsync(Actor, AuditAction.ExportBlocked, AuditSubject.Brief(programmeId, briefId), AuditTrail.Shorten(blocked, 250), AuditOutcome.Refused);
            TempData.Warning(blocked);
            return RedirectToPage("/Briefs/Details", new { programmeId, briefId });
        }

        BriefVersion version;
        try
        {
            version = Brief.Publish(cited, Actor.Ref, time.GetUtcNow());
        }
        catch (DomainRuleException ex)
        {
            TempData.Warning(ex.Message);
            return RedirectToPage("/Briefs/Details", new { programmeId, briefId });
        }

        try
        {
            // The version is written first: its id carries the number, so of two simultaneous approvals exactly one publishes.
            await briefs.CreateVersionAsync(version, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            TempData.Warning("Someone else published this brief at the same moment; this is their version.");
            return RedirectToPage("/Briefs/Version", new { programmeId, briefId, number = version.Number });
        }

        await RecordPublishedAsync(version, cancellationToken);
        await audit.RecordAsync(Actor, AuditAction.BriefPublished, AuditSubject.BriefVersion(programmeId, briefId, version.Number), $"Approved and published as version {version.Number} with {version.Citations.Count} cited note(s)");
        LogPublished(logger, briefId, programmeId, version.Number, Actor.UserId, version.Citations.Count);
        TempData.Success($"Published as version {version.Number}. Funders can read it now (without citations).");
        return RedirectToPage("/Briefs/Version", new { programmeId, briefId, number = version.Number });
    }

    public async Task<IActionResult> OnPostDeleteAsync(string programmeId, string briefId, CancellationToken cancellationToken)
    {
        if (await LoadForChangeAsync(programmeId, briefId, Requirement.ChangeBriefDraft, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (Brief.PublishedVersion > 0 || Brief.Status != BriefStatus.Draft)
        {
            TempData.Warning("Only a draft that was never published can be deleted; published versions are kept for good.");
            return RedirectToPage("/Briefs/Details", new { programmeId, briefId });
        }

        try
        {
            await briefs.DeleteAsync(Brief, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            TempData.Warning("Not deleted: someone changed the brief since you opened it. Look at it again first.");
            return RedirectToPage("/Briefs/Details", new { programmeId, briefId });
        }

        await audit.RecordAsync(Actor, AuditAction.BriefDeleted, AuditSubject.Brief(programmeId, briefId), "Unpublished draft deleted");
        TempData.Success($"Draft “{Brief.Title}” deleted.");
        return RedirectToPage("/Briefs/Index", new { programmeId });
    }

    private async Task RecordPublishedAsync(BriefVersion version, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await briefs.UpdateAsync(Brief, cancellationToken);
                return;
            }
            catch (ConcurrencyConflictException)
            {
                // The version is already published; record it on the latest copy of the brief.
                if (await briefs.GetAsync(Programme.Id, Brief.Id, cancellationToken) is not { } latest)
                {
                    return;
                }

                latest.RecordPublished(version);
                Brief = latest;
            }
        }
    }

    private async Task<IActionResult> SaveAsync(Action<Brief> change, string success, Func<Task> audited, CancellationToken cancellationToken)
    {
        try
        {
            change(Brief);
            await briefs.UpdateAsync(Brief, cancellationToken);
        }
        catch (DomainRuleException ex)
        {
            TempData.Warning(ex.Message);
            return RedirectToPage("/Briefs/Details", new { programmeId = Programme.Id, briefId = Brief.Id });
        }
        catch (ConcurrencyConflictException)
        {
            TempData.Warning("Nothing changed: someone else changed this brief since you opened it. Here it is as it is now.");
            return RedirectToPage("/Briefs/Details", new { programmeId = Programme.Id, briefId = Brief.Id });
        }

        await audited();
        TempData.Success(success);
        return RedirectToPage("/Briefs/Details", new { programmeId = Programme.Id, briefId = Brief.Id });
    }

    private async Task<IActionResult?> LoadForChangeAsync(string programmeId, string briefId, Requirement requirement, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, briefId, requirement, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        // Acting on the brief as it was shown: a change made meanwhile is seen before anything is decided on it.
        Brief.ETag = ETag ?? Brief.ETag;
        return null;
    }

    private async Task<Loaded<BriefDraftScope>> LoadAsync(string programmeId, string briefId, Requirement requirement, CancellationToken cancellationToken)
    {
        var loaded = await loader.BriefAsync(programmeId, briefId, requirement, cancellationToken);
        if (loaded.Found is { } scope)
        {
            (Actor, Programme, Brief) = (scope.Actor, scope.Programme, scope.Brief);
        }

        return loaded;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Brief {BriefId} of programme {ProgrammeId} published as version {Version} by {UserId} with {Citations} cited note(s)")]
    private static partial void LogPublished(ILogger logger, string briefId, string programmeId, int version, string userId, int citations);
}
