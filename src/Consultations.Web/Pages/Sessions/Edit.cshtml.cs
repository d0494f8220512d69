using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Identity;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Sessions;

public sealed class EditModel(RepositoryLoader loader, IConsultationStore consultations, INoteStore notes, TimeProvider time) : PageModel
{
    public SessionScope Scope { get; private set; } = null!;

    public Session Session => Scope.Session;

    public int NoteCount { get; private set; }

    private bool HasPublished { get; set; }

    [BindProperty]
    public SessionInput Input { get; set; } = new();

    [BindProperty]
    public string? ETag { get; set; }

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, sessionId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        Input = new SessionInput { Title = Session.Title, DisclosureRule = Session.DisclosureRule, Themes = [.. Session.Themes] };
        ETag = Scope.Consultation.ETag;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, sessionId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        return await SaveAsync(
            c => c.UpdateSession(sessionId, Input.Title, Input.Themes, Input.DisclosureRule, Scope.Programme.Taxonomy, HasPublished, User.ToActor().Ref, time.GetUtcNow()),
            "Session saved.",
            RedirectToPage("/Sessions/Details", new { programmeId, consultationId, sessionId }),
            cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, consultationId, sessionId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        ModelState.Clear();
        return await SaveAsync(
            c => c.RemoveSession(sessionId, NoteCount > 0, User.ToActor().Ref, time.GetUtcNow()),
            $"Session \"{Session.Title}\" removed.",
            RedirectToPage("/CountryConsultations/Details", new { programmeId, consultationId }),
            cancellationToken);
    }

    private async Task<IActionResult> SaveAsync(Action<Consultation> change, string done, RedirectToPageResult next, CancellationToken cancellationToken)
    {
        try
        {
            var consultation = Scope.Consultation;
            consultation.ETag = ETag;
            change(consultation);
            await consultations.UpdateAsync(consultation, cancellationToken);
            TempData.Success(done);
            return next;
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
        }
        catch (ConcurrencyConflictException)
        {
            ModelState.AddModelError(string.Empty, "Someone else changed this consultation's agenda meanwhile. Nothing was saved; reload the page and make your change again.");
        }

        return Page();
    }

    private async Task<Loaded<SessionScope>> LoadAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken)
    {
        var loaded = await loader.SessionAsync(programmeId, consultationId, sessionId, Requirement.EditAgenda, cancellationToken);
        if (loaded.Found is not { } scope)
        {
            return loaded;
        }

        Scope = scope;
        var sessionNotes = await notes.ListBySessionAsync(consultationId, sessionId, cancellationToken);
        NoteCount = sessionNotes.Count;
        HasPublished = sessionNotes.Any(n => n.Status == NoteStatus.Published);
        return loaded;
    }
}
