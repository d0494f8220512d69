using Consultations.Core.Access;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Guard;
using Consultations.Web.Briefs;
using Consultations.Web.Guard;
using Consultations.Web.Pages.CountryConsultations;

namespace Consultations.Web.Pages.Home;

/// <summary>A group of work on the home page ("Submitted for review"), each item a count that links to exactly those notes or briefs.</summary>
public sealed record WorkList(string Key, string Title, string Explanation, IReadOnlyList<WorkItem> Items, bool ItemsAreCounts = true)
{
    /// <summary>Notes in all, or — when each item is one thing to do (a brief, a register) — how many items.</summary>
    public int Total => ItemsAreCounts ? Items.Sum(i => i.Count) : Items.Count;
}

/// <summary>One count and where it leads; <see cref="Parts"/> break it down (e.g. a country's new notes by theme).</summary>
public sealed record WorkItem(string Label, int Count, string Url, string? Detail = null, IReadOnlyList<WorkItem>? Parts = null);

/// <summary>The researcher's "new since" window: since their previous sign-in, or everything on a first visit.</summary>
public sealed record SinceWindow(DateTimeOffset? Since, bool FirstVisit);

/// <summary>
/// What waits for the signed-in person, by role: review queues for lead facilitators, drafts and returned notes for
/// facilitators, briefs to review and briefs whose evidence changed for researchers, what was published since their
/// previous sign-in for readers, and housekeeping for administrators. Every count is computed with the same access rules
/// and reader gate as the list it links to, so the number on the home page is the number of notes the link shows.
/// </summary>
public sealed class AwaitingYou(
    IConsultationStore consultations,
    INoteStore notes,
    IBriefStore briefs,
    IParticipantRegisterStore registers,
    IAuditStore audit,
    ConsultationGuards guards,
    BriefEvidence evidence,
    LinkGenerator links,
    TimeProvider time,
    ViewerClock clock,
    ILogger<AwaitingYou> logger)
{
    /// <summary>Days after a consultation ends when its register should be purged of names.</summary>
    public const int RegisterRetentionDays = 90;

    public async Task<IReadOnlyList<WorkList>> ForAsync(Actor actor, IReadOnlyList<Programme> programmes, SinceWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(programmes);
        ArgumentNullException.ThrowIfNull(window);
        var queues = new List<WorkList>();
        var all = new List<(Programme Programme, Consultation Consultation)>();
        foreach (var programme in programmes)
        {
            all.AddRange((await consultations.ListByProgrammeAsync(programme.Id, cancellationToken)).Select(c => (programme, c)));
        }

        var led = all.Where(x => AccessRules.IsLeadFacilitatorOf(actor, x.Consultation)).ToList();
        if (led.Count > 0)
        {
            queues.AddRange(await LeadQueuesAsync(led, cancellationToken));
        }

        var facilitated = all.Where(x => AccessRules.IsFacilitatorOf(actor, x.Consultation)).ToList();
        if (facilitated.Count > 0)
        {
            queues.AddRange(await FacilitatorQueuesAsync(actor, facilitated, cancellationToken));
        }

        if (AccessRules.CanReviewBriefs(actor))
        {
            queues.AddRange(await BriefQueuesAsync(actor, programmes, cancellationToken));
        }

        if (actor.Is(Role.Researcher))
        {
            queues.Add(await PublishedSinceAsync(actor, all, window, cancellationToken));
        }

        if (actor.Is(Role.Administrator))
        {
            queues.AddRange(await AdministratorQueuesAsync(all, cancellationToken));
        }

        return queues;
    }

    /// <summary>The previous sign-in before the current one (the audit trail keeps every sign-in); none on a first visit.</summary>
    public async Task<SinceWindow> PreviousVisitAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var signIns = await audit.QueryAsync(new AuditQuery { ActorId = actor.UserId, Action = AuditAction.SignedIn, PageSize = 5 }, cancellationToken);
        var succeeded = signIns.Entries.Where(e => e.Outcome == AuditOutcome.Succeeded).ToList();
        return succeeded.Count >= 2 ? new SinceWindow(succeeded[1].At, false) : new SinceWindow(null, true);
    }

    private async Task<IEnumerable<WorkList>> LeadQueuesAsync(List<(Programme Programme, Consultation Consultation)> led, CancellationToken cancellationToken)
    {
        var submitted = new List<WorkItem>();
        var flagged = new List<WorkItem>();
        var returned = new List<WorkItem>();
        foreach (var (programme, consultation) in led)
        {
            var tallies = await notes.TallyAsync(consultation.Id, cancellationToken);
            var bySession = tallies.Where(t => t.Status == NoteStatus.Submitted).GroupBy(t => t.SessionId).ToDictionary(g => g.Key, g => g.Sum(t => t.Notes), StringComparer.Ordinal);
            var parts = consultation.Sessions
                .Where(s => bySession.GetValueOrDefault(s.Id) > 0)
                .Select(s => new WorkItem(s.Title, bySession[s.Id], NotesUrl(consultation, NoteFilter.None with { Status = NoteStatus.Submitted, Session = s.Id })))
                .ToList();
            if (parts.Count > 0)
            {
                submitted.Add(new WorkItem(consultation.Title, parts.Sum(p => p.Count), NotesUrl(consultation, NoteFilter.None with { Status = NoteStatus.Submitted }), null, parts));
            }

            var guard = await guards.ForAsync(programme, consultation.Id, cancellationToken);
            var withFindings = 0;
            await foreach (var note in notes.ReadAllAsync(consultation.Id, new NoteQuery { Statuses = new HashSet<NoteStatus> { NoteStatus.Submitted } }, cancellationToken))
            {
                if (consultation.FindSession(note.SessionId) is { } session && NoteFlags.For(note, session, guard.Check(note)).Findings > 0)
                {
                    withFindings++;
                }
            }

            if (withFindings > 0)
            {
                flagged.Add(new WorkItem(consultation.Title, withFindings, NotesUrl(consultation, NoteFilter.None with { Status = NoteStatus.Submitted, Flagged = true })));
            }

            var sentBack = await CountAsync(consultation, new NoteQuery { Returned = true }, cancellationToken);
            if (sentBack > 0)
            {
                returned.Add(new WorkItem(consultation.Title, sentBack, NotesUrl(consultation, NoteFilter.None with { Returned = true })));
            }
        }

        return
        [
            new WorkList("review", "Submitted for review", "Notes facilitators submitted in the consultations you lead, by session.", submitted),
            new WorkList("findings", "Submitted notes with guard findings", "The attribution guard found a possible name, organisation or other identifying detail: check them before publishing.", flagged),
            new WorkList("returned-out", "Returned, awaiting their authors", "Notes sent back for changes that have not come back for review yet.", returned),
        ];
    }

    private async Task<IEnumerable<WorkList>> FacilitatorQueuesAsync(Actor actor, List<(Programme Programme, Consultation Consultation)> facilitated, CancellationToken cancellationToken)
    {
        var drafts = new List<WorkItem>();
        var returned = new List<WorkItem>();
        foreach (var (_, consultation) in facilitated)
        {
            var mine = await CountAsync(consultation, new NoteQuery { Statuses = new HashSet<NoteStatus> { NoteStatus.Draft }, CreatedBy = actor.UserId }, cancellationToken);
            if (mine > 0)
            {
                drafts.Add(new WorkItem(consultation.Title, mine, NotesUrl(consultation, NoteFilter.None with { Status = NoteStatus.Draft, Mine = true })));
            }

            var back = await CountAsync(consultation, new NoteQuery { CreatedBy = actor.UserId, Returned = true }, cancellationToken);
            if (back > 0)
            {
                returned.Add(new WorkItem(consultation.Title, back, NotesUrl(consultation, NoteFilter.None with { Mine = true, Returned = true })));
            }
        }

        return
        [
            new WorkList("returned-to-you", "Returned to you", "Notes a lead facilitator sent back to you with what to change.", returned),
            new WorkList("drafts", "Your drafts", "Notes you started and have not submitted for review.", drafts),
        ];
    }

    private async Task<IEnumerable<WorkList>> BriefQueuesAsync(Actor actor, IReadOnlyList<Programme> programmes, CancellationToken cancellationToken)
    {
        var inReview = new List<WorkItem>();
        var changed = new List<WorkItem>();
        foreach (var programme in programmes)
        {
            foreach (var brief in await briefs.ListByProgrammeAsync(programme.Id, cancellationToken))
            {
                if (brief.Status == BriefStatus.InReview && brief.SubmittedBy?.Id != actor.UserId)
                {
                    var title = await evidence.MaskAsync(programme, brief.Scope.ConsultationIds, brief.Title, cancellationToken);
                    inReview.Add(new WorkItem(title, 1, BriefUrl(programme.Id, brief.Id), $"{programme.Name} · submitted by {brief.SubmittedBy?.Name ?? "a researcher"}, {clock.Text(brief.SubmittedAt ?? brief.UpdatedAt)}"));
                }
            }

            var versions = await briefs.ListVersionsAsync(programme.Id, cancellationToken: cancellationToken);
            foreach (var latest in versions.GroupBy(v => v.BriefId).Select(g => g.MaxBy(v => v.Number)!))
            {
                var count = await evidence.ChangedEvidenceAsync(programme, latest, cancellationToken);
                if (count > 0)
                {
                    var title = await evidence.MaskAsync(programme, latest.Scope.ConsultationIds, latest.Title, cancellationToken);
                    changed.Add(new WorkItem(title, count, VersionUrl(programme.Id, latest), $"{programme.Name} · version {latest.Number}: {count} cited note{(count == 1 ? " has" : "s have")} changed or been withdrawn since publication"));
                }
            }
        }

        return
        [
            new WorkList("briefs-review", "Briefs to review", "Briefs another researcher submitted; you can approve or return them.", inReview, ItemsAreCounts: false),
            new WorkList("briefs-evidence", "Briefs whose evidence changed", "Published briefs citing notes that were edited or withdrawn since: consider a new version.", changed, ItemsAreCounts: false),
        ];
    }

    private async Task<WorkList> PublishedSinceAsync(Actor actor, List<(Programme Programme, Consultation Consultation)> all, SinceWindow window, CancellationToken cancellationToken)
    {
        var items = new List<WorkItem>();
        var severalProgrammes = all.Select(x => x.Programme.Id).Distinct(StringComparer.Ordinal).Skip(1).Any();
        foreach (var (programme, consultation) in all)
        {
            var sessions = consultation.Sessions.Where(s => AccessRules.CanSeeSessionNotes(actor, consultation, s)).Select(s => s.Id).ToHashSet();
            var (total, byTheme) = window.Since is { } since
                ? await PublishedSinceAsync(actor, programme, consultation, sessions, since, cancellationToken)
                : await PublishedTallyAsync(consultation, sessions, cancellationToken);
            if (total == 0)
            {
                continue;
            }

            var parts = programme.Taxonomy.ActiveThemes
                .Where(t => byTheme.GetValueOrDefault(t.Key) > 0)
                .Select(t => new WorkItem(t.Label, byTheme[t.Key], NotesUrl(consultation, NoteFilter.None with { Theme = t.Key, Since = window.Since })))
                .ToList();
            items.Add(new WorkItem(consultation.Country.Name, total, NotesUrl(consultation, NoteFilter.None with { Since = window.Since }), severalProgrammes ? programme.Name : null, parts));
        }

        var explanation = window.FirstVisit
            ? "Your first visit: everything published so far, by country and theme (as on the programme dashboard; a list says how many notes it withholds for review)."
            : $"Notes published since your previous sign-in ({clock.Text(window.Since!.Value)}), by country and theme.";
        return new WorkList("published-since", window.FirstVisit ? "Published so far" : "Published since your last visit", explanation, items);
    }

    /// <summary>New notes since the window opened: few, so read and counted past the reader gate, as the list shows them.</summary>
    private async Task<(int Total, Dictionary<string, int> ByTheme)> PublishedSinceAsync(
        Actor actor, Programme programme, Consultation consultation, HashSet<string> sessions, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var query = new NoteQuery { Statuses = new HashSet<NoteStatus> { NoteStatus.Published }, SessionIds = sessions, PublishedSince = since };
        var read = await notes.ReadAllAsync(consultation.Id, query, cancellationToken).ToListAsync(cancellationToken);
        var shown = read.Count > 0 && AccessRules.NoteScopeFor(actor, consultation) == NoteScope.PublishedOnly
            ? ReaderGate.Filter(read, await guards.ForAsync(programme, consultation.Id, cancellationToken), logger).Shown
            : read;
        return (shown.Count, shown.SelectMany(n => n.Themes).GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
    }

    /// <summary>
    /// Everything published, on a first visit: counted from the store's tallies like the dashboard (reading every note of a
    /// large programme would make the home page as slow as the programme is big); the list says how many it withholds.
    /// </summary>
    private async Task<(int Total, Dictionary<string, int> ByTheme)> PublishedTallyAsync(Consultation consultation, HashSet<string> sessions, CancellationToken cancellationToken)
    {
        var published = (await notes.TallyAsync(consultation.Id, cancellationToken)).Where(t => t.Status == NoteStatus.Published && sessions.Contains(t.SessionId)).ToList();
        var byTheme = published.SelectMany(t => t.ByTheme).GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);
        return (published.Sum(t => t.Notes), byTheme);
    }

    private async Task<IEnumerable<WorkList>> AdministratorQueuesAsync(List<(Programme Programme, Consultation Consultation)> all, CancellationToken cancellationToken)
    {
        var withoutLead = all
            .Where(x => !x.Consultation.Facilitators.Any(f => f.IsLead))
            .Select(x => new WorkItem(x.Consultation.Title, 1, Path("/CountryConsultations/Edit", new { programmeId = x.Programme.Id, consultationId = x.Consultation.Id }), x.Programme.Name))
            .ToList();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var due = new List<WorkItem>();
        foreach (var (programme, consultation) in all.Where(x => x.Consultation.EndDate.AddDays(RegisterRetentionDays) <= today))
        {
            if (await registers.GetAsync(consultation.Id, cancellationToken) is { IsPurged: false, Participants.Count: > 0 } register)
            {
                due.Add(new WorkItem(
                    consultation.Title,
                    register.Participants.Count,
                    Path("/CountryConsultations/RegisterPurge", new { programmeId = programme.Id, consultationId = consultation.Id }),
                    $"ended {Display.Date(consultation.EndDate)}; {register.Participants.Count} name{(register.Participants.Count == 1 ? "" : "s")} still held"));
            }
        }

        return
        [
            new WorkList("no-lead", "Consultations without a lead facilitator", "Nobody can publish their notes until a lead is assigned.", withoutLead, ItemsAreCounts: false),
            new WorkList("purge-due", "Registers due for purge", $"Consultations that ended more than {RegisterRetentionDays} days ago whose participant register still holds names.", due, ItemsAreCounts: false),
        ];
    }

    private async Task<int> CountAsync(Consultation consultation, NoteQuery query, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in notes.ReadAllAsync(consultation.Id, query, cancellationToken))
        {
            count++;
        }

        return count;
    }

    private string NotesUrl(Consultation consultation, NoteFilter filter) =>
        links.GetPathByPage("/CountryConsultations/Details", handler: null, values: filter.RouteValues(consultation.ProgrammeId, consultation.Id), fragment: new FragmentString("#all-notes-heading"))!;

    private string BriefUrl(string programmeId, string briefId) => Path("/Briefs/Details", new { programmeId, briefId });

    private string VersionUrl(string programmeId, BriefVersion version) => Path("/Briefs/Version", new { programmeId, briefId = version.BriefId, number = version.Number });

    private string Path(string page, object values) => links.GetPathByPage(page, handler: null, values: values)!;
}
