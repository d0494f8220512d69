using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Guard;

namespace Consultations.Web.Briefs;

/// <summary>
/// The notes behind a brief's citations: where they live, whether they may be cited (published, past the reader
/// gate, inside the brief's comparison), the frozen snapshot a publication keeps, and — for researchers reading a
/// published version — which cited notes changed since.
/// </summary>
public sealed class BriefEvidence(INoteStore notes, IConsultationStore consultations, ConsultationGuards guards, LinkGenerator links, ILogger<BriefEvidence> logger)
{
    public const int ExcerptLength = 240;

    /// <summary>What a citation of a note that a brief's author may not cite answers: the same as an id that does not exist.</summary>
    public const string NotCitable = "no published note of this comparison has this id";

    /// <summary>What a published version's source says when its note is no longer readable, whatever the reason.</summary>
    public const string NoLongerAvailable = "the note is no longer available to readers (returned to review, withheld or deleted)";

    /// <summary>
    /// Finds the consultation of each citation not yet located, among the brief's consultations (point reads). Only
    /// notes a reader could cite are located: an id of a draft or an off-the-record note stays as unknown as a made-up one.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> LocateAsync(Brief brief, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(brief);
        var located = new Dictionary<string, string>(StringComparer.Ordinal);
        var byConsultation = new Dictionary<string, Consultation?>(StringComparer.Ordinal);
        foreach (var noteId in brief.UnindexedCitations().Where(Ids.IsValid))
        {
            foreach (var consultationId in brief.Scope.ConsultationIds)
            {
                if (await notes.GetAsync(consultationId, noteId, cancellationToken) is not { Status: NoteStatus.Published } note)
                {
                    continue;
                }

                if (!byConsultation.TryGetValue(consultationId, out var consultation))
                {
                    consultation = byConsultation[consultationId] = await consultations.GetAsync(brief.ProgrammeId, consultationId, cancellationToken);
                }

                if (consultation?.FindSession(note.SessionId) is { DisclosureRule: not DisclosureRule.OffTheRecord })
                {
                    located[noteId] = consultationId;
                    break;
                }
            }
        }

        return located;
    }

    /// <summary>
    /// Each cited note as a reader may see it now (a masked copy, past the reader gate), or — for any note the author
    /// may not cite (unknown, deleted, unpublished, off the record, withheld) — the one answer <see cref="NotCitable"/>,
    /// so a citation never confirms that a note exists. In order of first citation.
    /// </summary>
    public async Task<IReadOnlyList<CitationCheck>> CheckAsync(Programme programme, Brief brief, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(brief);
        var checks = new List<CitationCheck>();
        var byConsultation = new Dictionary<string, Consultation?>(StringComparer.Ordinal);
        foreach (var noteId in BriefCitations.Extract(brief.Markdown))
        {
            if (!brief.CitationIndex.TryGetValue(noteId, out var consultationId))
            {
                checks.Add(new CitationCheck(noteId, null, null, NotCitable));
                continue;
            }

            if (!byConsultation.TryGetValue(consultationId, out var consultation))
            {
                consultation = byConsultation[consultationId] = await consultations.GetAsync(programme.Id, consultationId, cancellationToken);
            }

            var note = consultation is null ? null : await notes.GetAsync(consultationId, noteId, cancellationToken);
            var readable = note is null ? null : await ReadableAsync(programme, consultation!, note, cancellationToken);
            checks.Add(readable is null ? new CitationCheck(noteId, null, null, NotCitable) : new CitationCheck(noteId, consultation, readable, null));
        }

        return checks;
    }

    /// <summary>The frozen copies a publication keeps (masked as readers see them), or the reasons some citations cannot be published.</summary>
    public async Task<(IReadOnlyList<CitedNote> Cited, IReadOnlyList<string> Problems)> SnapshotAsync(Programme programme, Brief brief, CancellationToken cancellationToken)
    {
        var checks = await CheckAsync(programme, brief, cancellationToken);
        var problems = checks.Where(c => c.Problem is not null).Select(c => $"[@{c.NoteId}]: {c.Problem}").ToList();
        var cited = checks.Where(c => c.Problem is null)
            .Select(c => new CitedNote(c.NoteId, c.Consultation!.Id, c.Consultation.Country.Name, c.Note!.SessionId, c.Note.Kind, c.Note.Text, c.Note.Version))
            .ToList();
        return (cited, problems);
    }

    /// <summary>Numbered sources of a draft, from the notes as readers see them now.</summary>
    public async Task<IReadOnlyList<BriefSource>> DraftSourcesAsync(Programme programme, Brief brief, CancellationToken cancellationToken)
    {
        var checks = await CheckAsync(programme, brief, cancellationToken);
        return [.. checks.Select((c, i) => new BriefSource(
            i + 1,
            c.NoteId,
            c.Consultation?.Country.Name ?? "Unknown",
            c.Note?.Kind ?? NoteKind.Finding,
            c.Problem is null ? Excerpt(c.Note!.Text) : string.Empty,
            c.Problem is null ? NoteUrl(programme.Id, c.Note!) : "#",
            c.Problem))];
    }

    /// <summary>Numbered sources of a published version from its snapshot (masked as readers see it today), each marked when the note changed since.</summary>
    public async Task<IReadOnlyList<BriefSource>> VersionSourcesAsync(Programme programme, BriefVersion version, CancellationToken cancellationToken) =>
        (await ForReadersAsync(programme, version, withCitations: true, cancellationToken)).Sources;

    /// <summary>
    /// A published version as a reader may read it today — its title and text masked against the registers of its
    /// consultations, and (<paramref name="withCitations"/>) its snapshot texts masked and its numbered sources — so
    /// the page, the print view and every download show the same words. Registers can grow after publication, and
    /// versions published before masking existed hold their notes' text as it was.
    /// </summary>
    public async Task<ReaderVersion> ForReadersAsync(Programme programme, BriefVersion version, bool withCitations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(version);
        var masked = version with
        {
            Title = await MaskAsync(programme, version.Scope.ConsultationIds, version.Title, cancellationToken),
            Markdown = await MaskAsync(programme, version.Scope.ConsultationIds, version.Markdown, cancellationToken),
            Citations = [],
        };
        if (!withCitations)
        {
            return new ReaderVersion(masked, []);
        }

        var read = await ReadCitedAsync(programme, version, cancellationToken);
        var byId = read.ToDictionary(r => r.Cited.NoteId, StringComparer.Ordinal);
        var sources = new List<BriefSource>();
        var order = BriefCitations.Extract(version.Markdown);
        for (var i = 0; i < order.Count; i++)
        {
            if (!byId.TryGetValue(order[i], out var entry))
            {
                continue;
            }

            var (cited, now) = entry;
            var changed = now is null ? NoLongerAvailable : now.Version != cited.Version ? $"the note was edited after publication (version {cited.Version} → {now.Version})" : null;
            sources.Add(new BriefSource(i + 1, cited.NoteId, cited.CountryName, cited.Kind, Excerpt(cited.Text), now is null ? "#" : NoteUrl(programme.Id, now), changed));
        }

        return new ReaderVersion(masked with { Citations = [.. read.Select(r => r.Cited)] }, sources);
    }

    /// <summary>
    /// Text a researcher wrote about these consultations (a brief's title or body) as readers may see it: every span
    /// the registers' guards would hide, masked. Nobody can confirm a brief's words unmasked; the export gate refuses
    /// to publish or export a brief that still names someone.
    /// </summary>
    public Task<string> MaskAsync(Programme programme, IEnumerable<string> consultationIds, string text, CancellationToken cancellationToken) =>
        guards.MaskWrittenAsync(programme, consultationIds, text, cancellationToken);

    /// <summary>How many of a published version's cited notes changed since: edited, or no longer readable (returned, withheld, deleted).</summary>
    public async Task<int> ChangedEvidenceAsync(Programme programme, BriefVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var read = await ReadCitedAsync(programme, version, cancellationToken);
        return read.Count(r => r.Now is null || r.Now.Version != r.Cited.Version);
    }

    /// <summary>Each snapshot citation with its text masked, and the note as a reader may see it now (null when it no longer can).</summary>
    private async Task<IReadOnlyList<(CitedNote Cited, Note? Now)>> ReadCitedAsync(Programme programme, BriefVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var consultationCache = new Dictionary<string, Consultation?>(StringComparer.Ordinal);
        var read = new List<(CitedNote, Note?)>();
        foreach (var cited in version.Citations)
        {
            if (!consultationCache.TryGetValue(cited.ConsultationId, out var consultation))
            {
                consultation = consultationCache[cited.ConsultationId] = await consultations.GetAsync(programme.Id, cited.ConsultationId, cancellationToken);
            }

            var stored = consultation is null ? null : await notes.GetAsync(cited.ConsultationId, cited.NoteId, cancellationToken);
            var now = stored is null ? null : await ReadableAsync(programme, consultation!, stored, cancellationToken);
            // Only the words two people confirmed for this very version of the note are shown as written.
            var confirmed = stored is not null && stored.Version == cited.Version ? stored.UnmaskedKeys : [];
            var guard = await guards.ForAsync(programme, cited.ConsultationId, cancellationToken);
            read.Add((cited with { Text = ReaderGate.Mask(cited.Text, guard, confirmed) }, now));
        }

        return read;
    }

    /// <summary>The note as a reader may see it (masked), or null when it is unpublished, off the record or withheld.</summary>
    private async Task<Note?> ReadableAsync(Programme programme, Consultation consultation, Note note, CancellationToken cancellationToken)
    {
        var session = consultation.FindSession(note.SessionId);
        if (note.Status != NoteStatus.Published || session is null || session.DisclosureRule == DisclosureRule.OffTheRecord)
        {
            return null;
        }

        var guard = await guards.ForAsync(programme, consultation.Id, cancellationToken);
        return ReaderGate.Filter([note], guard, logger).Shown is [var shown] ? shown : null;
    }

    /// <summary>The note on its session's page.</summary>
    private string NoteUrl(string programmeId, Note note) =>
        links.GetPathByPage("/Sessions/Details", values: new { programmeId, consultationId = note.ConsultationId, sessionId = note.SessionId }, fragment: new FragmentString($"#note-{note.Id}"))!;

    private static string Excerpt(string text) => text.Length <= ExcerptLength ? text : text[..(ExcerptLength - 1)] + "…";
}

/// <summary>One citation of a brief: the note as it is now (if any) and why it cannot be cited (if so).</summary>
public sealed record CitationCheck(string NoteId, Consultation? Consultation, Note? Note, string? Problem);

/// <summary>A published version masked for a reader, and its numbered sources (empty without citations).</summary>
public sealed record ReaderVersion(BriefVersion Version, IReadOnlyList<BriefSource> Sources);
