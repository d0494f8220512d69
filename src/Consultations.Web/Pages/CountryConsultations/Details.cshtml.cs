using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Guard;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Consultations.Web.Pages.CountryConsultations;

public sealed class DetailsModel(
    IProgrammeStore programmes,
    IConsultationStore consultations,
    INoteStore notes,
    IParticipantRegisterStore registers,
    ConsultationGuards guards,
    ILogger<DetailsModel> logger) : PageModel
{
    public int PageSize => 20;

    public ConsultationScope Scope { get; private set; } = null!;

    public int RegisterCount { get; private set; }

    public bool RegisterPurged { get; private set; }

    /// <summary>Drafts and review counts: only for those who may see unpublished notes.</summary>
    public bool ShowWorkflow { get; private set; }

    public IReadOnlyList<Note> Notes { get; private set; } = [];

    public string? NextPage { get; private set; }

    /// <summary>Published notes on this page held back from a reader because they still match the register.</summary>
    public int Withheld { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Theme { get; set; }

    [BindProperty(SupportsGet = true)]
    public NoteKind? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public NoteStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    private Dictionary<string, (int Drafts, int Submitted, int Published)> Counts { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        if (await ConsultationScope.LoadAsync(this, programmes, consultations, programmeId, consultationId, cancellationToken) is not { } scope)
        {
            return NotFound();
        }

        Scope = scope;
        var consultation = scope.Consultation;
        ShowWorkflow = AccessRules.NoteScopeFor(scope.Actor, consultation) is NoteScope.All or NoteScope.AllButOffTheRecord;
        if (scope.CanSeeRegister)
        {
            var register = await registers.GetAsync(consultation.Id, cancellationToken);
            RegisterCount = register?.Participants.Count ?? 0;
            RegisterPurged = register?.IsPurged == true;
        }

        foreach (var tally in await notes.TallyAsync(consultation.Id, cancellationToken))
        {
            var current = Counts.GetValueOrDefault(tally.SessionId);
            Counts[tally.SessionId] = tally.Status switch
            {
                NoteStatus.Draft => current with { Drafts = current.Drafts + tally.Notes },
                NoteStatus.Submitted => current with { Submitted = current.Submitted + tally.Notes },
                _ => current with { Published = current.Published + tally.Notes },
            };
        }

        var visibleStatuses = AccessRules.VisibleStatuses(scope.Actor, consultation);
        var query = new NoteQuery
        {
            Statuses = Status is { } status ? visibleStatuses.Where(s => s == status).ToHashSet() : visibleStatuses,
            SessionIds = consultation.Sessions.Where(s => AccessRules.CanSeeSessionNotes(scope.Actor, consultation, s)).Select(s => s.Id).ToHashSet(),
            Theme = string.IsNullOrEmpty(Theme) ? null : Theme,
            Kind = Kind,
            PageSize = PageSize,
            ContinuationToken = string.IsNullOrEmpty(After) ? null : After,
        };

        try
        {
            var page = await notes.QueryAsync(consultation.Id, query, cancellationToken);
            Notes = page.Notes;
            NextPage = page.ContinuationToken;
            if (AccessRules.NoteScopeFor(scope.Actor, consultation) == NoteScope.PublishedOnly)
            {
                (Notes, Withheld) = ReaderGate.Filter(Notes, await guards.ForAsync(scope.Programme, consultation.Id, cancellationToken), logger);
            }
        }
        catch (ArgumentException)
        {
            // A tampered or outdated page link: start again from the first page rather than fail.
            return Redirect(PageLink(null));
        }

        return Page();
    }

    /// <summary>Counts for a session row, or null when the reader may not see its notes at all.</summary>
    public (int Drafts, int Submitted, int Published)? CountsFor(Session session) =>
        AccessRules.CanSeeSessionNotes(Scope.Actor, Scope.Consultation, session) ? Counts.GetValueOrDefault(session.Id) : null;

    public string PageLink(string? after)
    {
        var query = new Dictionary<string, string?>
        {
            ["theme"] = Theme,
            ["kind"] = Kind?.ToString(),
            ["status"] = Status?.ToString(),
            ["after"] = after,
        };
        return QueryHelpers.AddQueryString(
            Paths.Consultation(Scope.Programme.Id, Scope.Consultation.Id),
            query.Where(kv => !string.IsNullOrEmpty(kv.Value)).Select(kv => KeyValuePair.Create(kv.Key, kv.Value)));
    }
}
