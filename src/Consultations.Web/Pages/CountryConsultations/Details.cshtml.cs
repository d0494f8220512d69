using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Core.Analysis;
using Consultations.Web.Analysis;
using Consultations.Web.Guard;
using Consultations.Web.Importing;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Consultations.Infrastructure.Guard;

namespace Consultations.Web.Pages.CountryConsultations;

public sealed class DetailsModel(
    RepositoryLoader loader,
    INoteStore notes,
    IParticipantRegisterStore registers,
    ConsultationGuards guards,
    ProgrammeAnalysis analysis,
    IOptions<ImportOptions> importOptions,
    ILogger<DetailsModel> logger) : PageModel
{
    public long MaxImportBytes => importOptions.Value.MaxFileBytes;

    /// <summary>Sentences per theme summary: enough to compare countries at a glance.</summary>
    public const int SummarySentences = 3;

    public int PageSize => 20;

    public ConsultationScope Scope { get; private set; } = null!;

    public int RegisterCount { get; private set; }

    public bool RegisterPurged { get; private set; }

    /// <summary>Drafts and review counts: only for those who may see unpublished notes.</summary>
    public bool ShowWorkflow { get; private set; }

    public IReadOnlyList<Note> Notes { get; private set; } = [];

    public string? NextPage { get; private set; }

    /// <summary>Guard flags of the listed notes, for those who see notes before the reader gate (facilitators, administrators).</summary>
    public IReadOnlyDictionary<string, NoteFlags> Flags { get; private set; } = new Dictionary<string, NoteFlags>();

    /// <summary>Published notes on this page held back from a reader because they still match the register.</summary>
    public int Withheld { get; private set; }

    /// <summary>Speaker groups too small to name to this reader (empty for the consultation's own facilitators).</summary>
    public IReadOnlySet<string> HiddenGroups { get; private set; } = new HashSet<string>();

    /// <summary>Per theme of the taxonomy: an extractive summary of the notes this reader may see, and their key phrases.</summary>
    public IReadOnlyList<ThemeDigest> Digests { get; private set; } = [];

    /// <summary>Which engine produced the summaries, said on the page.</summary>
    public string AnalysisEngine { get; private set; } = string.Empty;

    /// <summary>Set when the configured remote engine failed and the local one answered instead.</summary>
    public AnalysisOutage? Outage { get; private set; }

    public static string EngineLabel(string engine) => engine == LocalTextAnalyzer.EngineName ? "the local engine" : "Azure AI Language";

    /// <summary>The session of each summarised note, to link a sentence to where it was said.</summary>
    public IReadOnlyDictionary<string, string> SessionOfNote { get; private set; } = new Dictionary<string, string>();

    [BindProperty(SupportsGet = true)]
    public string? Theme { get; set; }

    [BindProperty(SupportsGet = true)]
    public NoteKind? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public NoteStatus? Status { get; set; }

    /// <summary>A "theme/sub" reference.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Sub { get; set; }

    /// <summary>A stakeholder group key; ignored for a reader when the group is too small to name.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Group { get; set; }

    [BindProperty(SupportsGet = true, Name = "session")]
    public string? SessionFilter { get; set; }

    /// <summary>Published at or after this instant ("what is new since my last visit").</summary>
    [BindProperty(SupportsGet = true)]
    public DateTimeOffset? Since { get; set; }

    /// <summary>Only notes this user wrote (facilitators).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Mine { get; set; }

    /// <summary>Only notes a reviewer sent back that have not been through review again.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Returned { get; set; }

    /// <summary>Only notes the attribution guard raises findings on (those who see notes before the reader gate).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Flagged { get; set; }

    /// <summary>Set when <see cref="Flagged"/> matched more notes than one page shows.</summary>
    public bool FlaggedCapped { get; private set; }

    /// <summary>Notes read to find flagged ones: a consultation's notes fit; beyond this the page says it stopped.</summary>
    public const int FlaggedScanLimit = 5_000;

    /// <summary>Whether any filter beyond the first page is set, to offer "clear filters".</summary>
    public bool Filtered => !string.IsNullOrEmpty(Theme) || Kind is not null || Status is not null || !string.IsNullOrEmpty(Sub)
        || !string.IsNullOrEmpty(Group) || !string.IsNullOrEmpty(SessionFilter) || Since is not null || Mine || Returned || Flagged;

    /// <summary>Groups this reader may filter by (all for the consultation's own team; k-safe ones for readers).</summary>
    public IReadOnlyList<StakeholderGroup> FilterGroups { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    private Dictionary<string, (int Drafts, int Submitted, int Published)> Counts { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        var loaded = await loader.ConsultationAsync(programmeId, consultationId, Requirement.None, cancellationToken);
        if (loaded.Found is not { } scope)
        {
            return loaded.Answer(this);
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
        var visibleSessions = consultation.Sessions.Where(s => AccessRules.CanSeeSessionNotes(scope.Actor, consultation, s)).Select(s => s.Id).ToHashSet();
        var readerGuard = AccessRules.NoteScopeFor(scope.Actor, consultation) == NoteScope.PublishedOnly
            ? await guards.ForAsync(scope.Programme, consultation.Id, cancellationToken)
            : null;
        HiddenGroups = readerGuard?.SmallGroups(scope.Programme.SmallGroupThreshold) ?? new HashSet<string>();
        FilterGroups = [.. scope.Programme.StakeholderGroups.Where(g => !HiddenGroups.Contains(g.Key))];
        if (!ShowWorkflow)
        {
            // Workflow filters mean nothing to a reader, and a group too small to name must not be selectable either.
            (Status, Mine, Returned, Flagged) = (null, false, false, false);
        }

        if (Group is not null && HiddenGroups.Contains(Group))
        {
            Group = null;
        }

        var query = new NoteQuery
        {
            Statuses = Status is { } status ? visibleStatuses.Where(s => s == status).ToHashSet() : visibleStatuses,
            SessionIds = string.IsNullOrEmpty(SessionFilter) ? visibleSessions : visibleSessions.Where(s => s == SessionFilter).ToHashSet(),
            Theme = string.IsNullOrEmpty(Theme) ? null : Theme,
            SubTheme = string.IsNullOrEmpty(Sub) ? null : Sub,
            Kind = Kind,
            StakeholderGroup = string.IsNullOrEmpty(Group) ? null : Group,
            PublishedSince = Since,
            CreatedBy = Mine ? scope.Actor.UserId : null,
            Returned = Returned ? true : null,
            PageSize = PageSize,
            ContinuationToken = string.IsNullOrEmpty(After) ? null : After,
        };

        var gated = await DigestAsync(scope, new NoteQuery { Statuses = visibleStatuses, SessionIds = visibleSessions }, readerGuard, cancellationToken);

        try
        {
            if (Flagged && readerGuard is null)
            {
                // Findings are computed, not stored: read the matching notes and keep those the guard flags, one page's worth.
                var guard = await guards.ForAsync(scope.Programme, consultation.Id, cancellationToken);
                var flagged = new List<Note>();
                var found = new Dictionary<string, NoteFlags>(StringComparer.Ordinal);
                var read = 0;
                await foreach (var note in notes.ReadAllAsync(consultation.Id, query with { ContinuationToken = null }, cancellationToken))
                {
                    if (++read > FlaggedScanLimit || flagged.Count == NoteQuery.MaxPageSize)
                    {
                        FlaggedCapped = true;
                        break;
                    }

                    var flags = NoteFlags.For(note, consultation.FindSession(note.SessionId)!, guard.Check(note));
                    if (flags.Findings > 0)
                    {
                        flagged.Add(note);
                        found[note.Id] = flags;
                    }
                }

                (Notes, Flags, After) = (flagged, found, null);
                return Page();
            }

            var page = await notes.QueryAsync(consultation.Id, query, cancellationToken);
            Notes = page.Notes;
            NextPage = page.ContinuationToken;
            if (readerGuard is not null)
            {
                // The digest already passed these notes through the reader gate (masked copies); only a note published since is checked here.
                var late = ReaderGate.Filter(Notes.Where(n => !gated.ContainsKey(n.Id)), readerGuard, logger).Shown.ToDictionary(n => n.Id, StringComparer.Ordinal);
                var shown = Notes.Select(n => gated.GetValueOrDefault(n.Id) ?? late.GetValueOrDefault(n.Id)).OfType<Note>().ToList();
                (Notes, Withheld) = (shown, Notes.Count - shown.Count);
            }
            else
            {
                var guard = await guards.ForAsync(scope.Programme, consultation.Id, cancellationToken);
                Flags = Notes.ToDictionary(n => n.Id, n => NoteFlags.For(n, consultation.FindSession(n.SessionId)!, guard.Check(n)), StringComparer.Ordinal);
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

    /// <summary>This page with the same filters, from <paramref name="after"/> (the first page when null).</summary>
    public string PageLink(string? after) => FilterLink(f => f with { After = after });

    /// <summary>This page with the current filters changed by <paramref name="change"/>, first page; the fragment lands on the list.</summary>
    public string FilterLink(Func<NoteFilter, NoteFilter> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var f = change(new NoteFilter(Theme, Sub, Kind, Group, Status, SessionFilter, Since, Mine, Returned, Flagged, null));
        return Url.Page("/CountryConsultations/Details", pageHandler: null, values: f.RouteValues(Scope.Programme.Id, Scope.Consultation.Id), protocol: null, host: null, fragment: f.After is null ? "all-notes-heading" : null)!;
    }

    /// <summary>A link that shows only notes with this sub-theme (and its theme).</summary>
    public string SubThemeLink(string subThemeRef) =>
        FilterLink(_ => NoteFilter.None with { Theme = ThemeTaxonomy.SplitSubThemeRef(subThemeRef).ThemeKey, Sub = subThemeRef });

    /// <summary>A link that shows only notes with this theme.</summary>
    public string ThemeLink(string themeKey) => FilterLink(_ => NoteFilter.None with { Theme = themeKey });

    /// <summary>
    /// Builds the per-theme digests from every note this reader may see; returns each read note as the reader may see
    /// it (a masked copy past the reader gate), or null when the gate withheld it.
    /// </summary>
    private async Task<Dictionary<string, Note?>> DigestAsync(ConsultationScope scope, NoteQuery all, ConsultationGuard? readerGuard, CancellationToken cancellationToken)
    {
        var read = await notes.ReadAllAsync(scope.Consultation.Id, all, cancellationToken).ToListAsync(cancellationToken);
        var visible = readerGuard is null ? read : [.. ReaderGate.Filter(read, readerGuard, logger).Shown];
        var verdicts = read.ToDictionary(n => n.Id, _ => (Note?)null, StringComparer.Ordinal);
        foreach (var note in visible)
        {
            verdicts[note.Id] = note;
        }

        var model = analysis.ModelFor(scope.Programme);
        SessionOfNote = visible.ToDictionary(n => n.Id, n => n.SessionId, StringComparer.Ordinal);
        var digests = new List<ThemeDigest>();
        var engines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var theme in scope.Programme.Taxonomy.ActiveThemes)
        {
            var themed = visible.Where(n => n.Themes.Contains(theme.Key)).ToList();
            var summary = themed.Count == 0
                ? new SummaryResult([], analysis.EngineName)
                : await analysis.SummarizeAsync(scope.Programme, [.. themed.Select(n => new AnalysisDocument(n.Id, n.Text))], SummarySentences, cancellationToken);
            engines.Add(summary.Engine);
            digests.Add(new ThemeDigest(theme, themed.Count, summary.Sentences, themed.Count == 0 ? [] : model.Corpus.Extract([.. themed.Select(n => n.Text)], 6)));
        }

        Digests = digests;
        AnalysisEngine = string.Join(" and ", engines.Select(EngineLabel));
        Outage = analysis.Outage;
        return verdicts;
    }
}

/// <summary>The consultation page's note filters, as they appear in its URL (null or false: any).</summary>
public sealed record NoteFilter(
    string? Theme,
    string? Sub,
    NoteKind? Kind,
    string? Group,
    NoteStatus? Status,
    string? Session,
    DateTimeOffset? Since,
    bool Mine,
    bool Returned,
    bool Flagged,
    string? After)
{
    public static NoteFilter None { get; } = new(null, null, null, null, null, null, null, false, false, false, null);

    /// <summary>The instant to its last tick: a window cut to the second would take in notes published just before it opened.</summary>
    public static string FormatSince(DateTimeOffset since) =>
        since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public RouteValueDictionary RouteValues(string programmeId, string consultationId) => new()
    {
        ["programmeId"] = programmeId,
        ["consultationId"] = consultationId,
        ["theme"] = Theme,
        ["sub"] = Sub,
        ["kind"] = Kind,
        ["group"] = Group,
        ["status"] = Status,
        ["session"] = Session,
        ["since"] = Since is { } since ? FormatSince(since) : null,
        ["mine"] = Mine ? "true" : null,
        ["returned"] = Returned ? "true" : null,
        ["flagged"] = Flagged ? "true" : null,
        ["after"] = After,
    };
}

/// <summary>A theme's notes in one consultation, in brief: how many, the sentences that best represent them, their key phrases.</summary>
public sealed record ThemeDigest(Theme Theme, int Notes, IReadOnlyList<SummarySentence> Summary, IReadOnlyList<string> KeyPhrases);
