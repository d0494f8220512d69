using System.Diagnostics;
using Consultations.Core.Access;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Search;
using Consultations.Core.Storage;
using Consultations.Web.Audit;
using Consultations.Web.Briefs;
using Consultations.Web.Briefs.Exports;
using Consultations.Infrastructure.Guard;
using Consultations.Web.Identity;
using Consultations.Web.Loading;
using Consultations.Web.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Search;

/// <summary>
/// Programme-wide search: the query box, facets with counts, hits with highlighted snippets, pages, the CSV/XLSX
/// download of the results for researchers and administrators, and the user's saved searches. All state is in the
/// URL; what a person finds is decided by <see cref="ProgrammeSearch"/> (their access, in the query, gated again).
/// </summary>
public sealed class IndexModel(
    RepositoryLoader loader,
    IProgrammeStore programmes,
    IConsultationStore consultations,
    INoteStore notes,
    ISavedSearchStore savedSearches,
    ProgrammeSearch search,
    ConsultationGuards guards,
    ExportGate exportGate,
    AuditTrail audit,
    TimeProvider time,
    ILogger<IndexModel> logger) : PageModel
{
    /// <summary>Rows an export holds at most: the first results in the chosen order (five pages of 100).</summary>
    public const int MaxExportRows = 500;

    /// <summary>Saved searches one person keeps.</summary>
    public const int MaxSavedSearches = 50;

    private const string ExportRefusal = "Only researchers and administrators download search results.";

    [BindProperty(SupportsGet = true)]
    public SearchState State { get; set; } = new();

    [BindProperty]
    public SavedSearchInput Input { get; set; } = new();

    public Actor Actor { get; private set; } = null!;

    public Programme Programme { get; private set; } = null!;

    /// <summary>Every programme the person may search, for the programme choice when there are several.</summary>
    public IReadOnlyList<Programme> Programmes { get; private set; } = [];

    public IReadOnlyList<Consultation> Consultations { get; private set; } = [];

    public SearchLabels Labels { get; private set; } = null!;

    public SearchResults Results { get; private set; } = null!;

    /// <summary>The person's saved searches in this programme, each with how many results changed since they last opened it.</summary>
    public IReadOnlyList<(SavedSearch Search, int New)> Saved { get; private set; } = [];

    /// <summary>The saved search this page was opened from, if any.</summary>
    public SavedSearch? Opened { get; private set; }

    public bool CanExport => AccessRules.CanWriteBriefs(Actor);

    /// <summary>Whether the facets and badges that only matter to facilitators (status, off the record) are shown.</summary>
    public bool SeesStatus => Results.Facet(SearchFacet.Status) is { Values.Count: > 0 } || Results.Hits.Any(h => h.View == SearchView.Full);

    /// <summary>Everyone who may read something in a programme: notes (researchers, administrators, facilitators) or published briefs (funders).</summary>
    public static bool CanSearch(Actor actor) => AccessRules.CanBrowseRepository(actor) || AccessRules.CanReadPublishedBriefs(actor);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } answer)
        {
            return answer;
        }

        await RunAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken) =>
        ExportAsync("text/csv", "csv", SearchExport.WriteCsv, cancellationToken);

    public Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken) =>
        ExportAsync("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", (rows, stream) => SearchExport.WriteXlsx(rows, "Search results", stream), cancellationToken);

    /// <summary>Keeps the current search (words, facets, order) under a name.</summary>
    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } answer)
        {
            return answer;
        }

        var mine = await savedSearches.ListAsync(Actor.UserId, cancellationToken);
        SavedSearch saved;
        try
        {
            if (mine.Count >= MaxSavedSearches)
            {
                throw new DomainRuleException($"You can keep at most {MaxSavedSearches} saved searches. Delete one you no longer need first.");
            }

            saved = SavedSearch.Create(Actor.UserId, Programme.Id, Input.Name ?? string.Empty, State.ToRequest(), time.GetUtcNow());
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddModelError("Input.Name", ex.Message);
            await RunAsync(cancellationToken);
            return Page();
        }

        await savedSearches.SaveAsync(saved, cancellationToken);
        TempData.Success($"Saved this search as “{saved.Name}”.");
        return RedirectToPage(Values(State));
    }

    public async Task<IActionResult> OnPostRenameAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } answer)
        {
            return answer;
        }

        if (await OwnSavedAsync(cancellationToken) is not { } saved)
        {
            return NotFound();
        }

        try
        {
            saved.Rename(Input.Name ?? string.Empty, time.GetUtcNow());
            saved.ETag = Input.ETag;
            await savedSearches.SaveAsync(saved, cancellationToken);
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddModelError("Input.Name", ex.Message);
            await RunAsync(cancellationToken);
            return Page();
        }
        catch (ConcurrencyConflictException)
        {
            TempData.Warning("That saved search was changed in another window; nothing was renamed. Look at it again and retry.");
            return RedirectToPage(Values(State));
        }

        TempData.Success($"Renamed the saved search to “{saved.Name}”.");
        return RedirectToPage(Values(State));
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } answer)
        {
            return answer;
        }

        if (await OwnSavedAsync(cancellationToken) is not { } saved)
        {
            return NotFound();
        }

        try
        {
            saved.ETag = Input.ETag;
            await savedSearches.DeleteAsync(saved, cancellationToken);
        }
        catch (Exception ex) when (ex is ConcurrencyConflictException or DocumentNotFoundException)
        {
            TempData.Warning("That saved search was changed or deleted in another window; nothing was deleted. Look at it again and retry.");
            return RedirectToPage(Values(State));
        }

        TempData.Success($"Deleted the saved search “{saved.Name}”.");
        return RedirectToPage(Values(State));
    }

    /// <summary>The page's address for <paramref name="state"/>.</summary>
    public string Link(SearchState state) => Url.Page("/Search/Index", (state ?? throw new ArgumentNullException(nameof(state))).RouteValues())!;

    /// <summary>Where a hit is read: the note in its session, or the published brief version.</summary>
    public string? HitUrl(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        if (hit.View == SearchView.Brief)
        {
            return hit is { BriefId: { } briefId, BriefVersion: { } number }
                ? Url.Page("/Briefs/Version", new { programmeId = Programme.Id, briefId, number })
                : null;
        }

        return hit is { ConsultationId: { } consultationId, SessionId: { } sessionId }
            ? Url.Page("/Sessions/Details", pageHandler: null, values: new { programmeId = Programme.Id, consultationId, sessionId }, protocol: null, host: null, fragment: $"note-{hit.Id}")
            : null;
    }

    /// <summary>Where a form's answer sends the person back to: the same search, from its first page.</summary>
    private static Microsoft.AspNetCore.Routing.RouteValueDictionary Values(SearchState state)
    {
        var values = state.RouteValues();
        values.Remove("p");
        return values;
    }

    /// <summary>Signs in, finds the programme (the one named, or the person's first) and what they may search; null when the page can go on.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        Actor = User.ToActor();
        if (!CanSearch(Actor))
        {
            return this.ForbidBecause("Search is for the programme team and its funders.");
        }

        Programmes = await programmes.ListAsync(cancellationToken);
        var programmeId = string.IsNullOrEmpty(State.Programme) ? (Programmes.Count > 0 ? Programmes[0].Id : null) : State.Programme;
        if (programmeId is null)
        {
            return NotFound();
        }

        var loaded = await loader.ProgrammeAsync(programmeId, Requirement.None, cancellationToken);
        if (loaded.Found is not { } scope)
        {
            return loaded.Answer(this);
        }

        Programme = scope.Programme;
        State.Programme = Programme.Id;
        Consultations = await consultations.ListByProgrammeAsync(Programme.Id, cancellationToken);
        Labels = new SearchLabels(Programme, Consultations);
        return null;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        Results = await search.SearchAsync(Actor, Programme, State.ToRequest(), cancellationToken);

        // The search's own time beside the page's, for the search-load run and browser tools (docs/performance.md).
        Response.Headers["Server-Timing"] = FormattableString.Invariant($"search;dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:F1}");
        var now = time.GetUtcNow();
        var saved = new List<(SavedSearch, int)>();
        foreach (var kept in await savedSearches.ListAsync(Actor.UserId, cancellationToken))
        {
            if (kept.ProgrammeId != Programme.Id)
            {
                continue;
            }

            if (kept.Id == State.Saved)
            {
                // Opening it: from now on only what changes after this visit is new.
                Opened = kept;
                kept.Opened(now);
                try
                {
                    await savedSearches.SaveAsync(kept, cancellationToken);
                }
                catch (ConcurrencyConflictException)
                {
                    // Another window opened it at the same moment; its visit counts.
                }

                saved.Add((kept, 0));
                continue;
            }

            var changed = await search.SearchAsync(Actor, Programme, kept.ToRequest() with { ChangedSince = kept.LastOpenedAt, PageSize = 1, CountFacets = false }, cancellationToken);
            saved.Add((kept, changed.Total));
        }

        Saved = saved;
    }

    private async Task<SavedSearch?> OwnSavedAsync(CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(Input.Id) || !Ids.IsValid(Input.Id) ? null : await savedSearches.GetAsync(Actor.UserId, Input.Id, cancellationToken);

    /// <summary>
    /// The results (all pages up to <see cref="MaxExportRows"/>) as a spreadsheet: reader-view hits only, each note read
    /// again and passed through the reader gate so the file holds the masked reader text, then the export gate over all
    /// of it. A facilitator's full-text hits never go into a file.
    /// </summary>
    private async Task<IActionResult> ExportAsync(string contentType, string extension, Action<IReadOnlyList<SearchExportRow>, Stream> write, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } answer)
        {
            return answer;
        }

        if (!CanExport)
        {
            return this.ForbidBecause(ExportRefusal);
        }

        if (await this.RequireRecentSignInAsync() is { } stepUp)
        {
            return stepUp;
        }

        var hits = new List<SearchHit>();
        var request = State.ToRequest(SearchRequest.MaxPageSize) with { CountFacets = false };
        for (var page = 1; hits.Count < MaxExportRows; page++)
        {
            var results = await search.SearchAsync(Actor, Programme, request with { Page = page }, cancellationToken);
            hits.AddRange(results.Hits.Where(h => h.View == SearchView.Reader));
            if (page >= results.PageCount || results.Hits.Count == 0)
            {
                break;
            }
        }

        var rows = await RowsAsync(hits.Take(MaxExportRows), cancellationToken);
        var text = string.Join("\n", rows.Select(r => r.Text));
        var upper = extension.ToUpperInvariant();
        if (await exportGate.CheckAsync(Programme, rows.Select(r => r.ConsultationId), text, $"{upper} export of search results", cancellationToken) is { } blocked)
        {
            await audit.RecordAsync(User, AuditAction.ExportBlocked, AuditSubject.Search(Programme.Id), AuditTrail.Shorten(blocked, 250), AuditOutcome.Refused);
            TempData.Warning(blocked);
            return RedirectToPage(Values(State));
        }

        // Counts only: the words searched for may themselves be a name.
        await audit.RecordAsync(User, AuditAction.SearchExported, AuditSubject.Search(Programme.Id), $"{upper} export: {rows.Count} results{(hits.Count > MaxExportRows ? $" (first {MaxExportRows})" : string.Empty)}, {State.ToRequest().Filters.Count} facets chosen");

        var stream = new MemoryStream();
        write(rows, stream);
        stream.Position = 0;
        return File(stream, contentType, $"{Programme.Id}-search-{time.GetUtcNow():yyyyMMdd}.{extension}");
    }

    /// <summary>Each hit's note as a reader may see it now (masked); a note no longer published, or withheld, is left out.</summary>
    private async Task<List<SearchExportRow>> RowsAsync(IEnumerable<SearchHit> hits, CancellationToken cancellationToken)
    {
        var rows = new List<SearchExportRow>();
        var byId = Consultations.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var gates = new Dictionary<string, ConsultationGuard>(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            if (hit.ConsultationId is not { } consultationId || !byId.TryGetValue(consultationId, out var consultation)
                || await notes.GetAsync(consultationId, hit.Id, cancellationToken) is not { Status: NoteStatus.Published } note
                || consultation.FindSession(note.SessionId) is not { DisclosureRule: not DisclosureRule.OffTheRecord } session)
            {
                continue;
            }

            if (!gates.TryGetValue(consultationId, out var guard))
            {
                guard = gates[consultationId] = await guards.ForAsync(Programme, consultationId, cancellationToken);
            }

            if (ReaderGate.Filter([note], guard, logger).Shown is not [var shown])
            {
                continue;
            }

            rows.Add(new SearchExportRow(
                consultationId,
                consultation.Country.Name,
                session.Title,
                shown.Kind.Label(),
                Labels.Themes(shown.Themes),
                hit.StakeholderGroup is null ? string.Empty : Labels.Group(hit.StakeholderGroup),
                shown.PublishedAt ?? shown.UpdatedAt,
                shown.Text,
                $"{Request.Scheme}://{Request.Host}{HitUrl(hit)}"));
        }

        return rows;
    }

    public sealed class SavedSearchInput
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public string? ETag { get; set; }
    }
}
