using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Guard;
using Consultations.Web.Pages;

namespace Consultations.Web.Briefs;

/// <summary>
/// The notes behind a brief's citations: where they live, whether they may be cited (published, past the reader
/// gate, inside the brief's comparison), the frozen snapshot a publication keeps, and — for researchers reading a
/// published version — which cited notes changed since.
/// </summary>
public sealed class BriefEvidence(INoteStore notes, IConsultationStore consultations, ConsultationGuards guards, ILogger<BriefEvidence> logger)
{
    public const int ExcerptLength = 240;

    /// <summary>Finds the consultation of each citation not yet located, among the brief's consultations (point reads).</summary>
    public async Task<IReadOnlyDictionary<string, string>> LocateAsync(Brief brief, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(brief);
        var located = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var noteId in brief.UnindexedCitations().Where(Ids.IsValid))
        {
            foreach (var consultationId in brief.Scope.ConsultationIds)
            {
                if (await notes.GetAsync(consultationId, noteId, cancellationToken) is not null)
                {
                    located[noteId] = consultationId;
                    break;
                }
            }
        }

        return located;
    }

    /// <summary>Each cited note as it is now, or why it cannot be cited; in order of first citation.</summary>
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
                checks.Add(new CitationCheck(noteId, null, null, "no published note of this comparison has this id"));
                continue;
            }

            if (!byConsultation.TryGetValue(consultationId, out var consultation))
            {
                consultation = byConsultation[consultationId] = await consultations.GetAsync(programme.Id, consultationId, cancellationToken);
            }

            var note = consultation is null ? null : await notes.GetAsync(consultationId, noteId, cancellationToken);
            checks.Add(new CitationCheck(noteId, consultation, note, note is null ? "the note was deleted" : await ProblemAsync(programme, consultation!, note, cancellationToken)));
        }

        return checks;
    }

    /// <summary>The frozen copies a publication keeps, or the reasons some citations cannot be published.</summary>
    public async Task<(IReadOnlyList<CitedNote> Cited, IReadOnlyList<string> Problems)> SnapshotAsync(Programme programme, Brief brief, CancellationToken cancellationToken)
    {
        var checks = await CheckAsync(programme, brief, cancellationToken);
        var problems = checks.Where(c => c.Problem is not null).Select(c => $"[@{c.NoteId}]: {c.Problem}").ToList();
        var cited = checks.Where(c => c.Problem is null)
            .Select(c => new CitedNote(c.NoteId, c.Consultation!.Id, c.Consultation.Country.Name, c.Note!.SessionId, c.Note.Kind, c.Note.Text, c.Note.Version))
            .ToList();
        return (cited, problems);
    }

    /// <summary>Numbered sources of a draft, from the notes as they are now.</summary>
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

    /// <summary>Numbered sources of a published version from its snapshot, each marked when the note changed since.</summary>
    public async Task<IReadOnlyList<BriefSource>> VersionSourcesAsync(Programme programme, BriefVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(version);
        var snapshot = version.Citations.ToDictionary(c => c.NoteId, StringComparer.Ordinal);
        var sources = new List<BriefSource>();
        var order = BriefCitations.Extract(version.Markdown);
        var consultationCache = new Dictionary<string, Consultation?>(StringComparer.Ordinal);
        for (var i = 0; i < order.Count; i++)
        {
            if (!snapshot.TryGetValue(order[i], out var cited))
            {
                continue;
            }

            if (!consultationCache.TryGetValue(cited.ConsultationId, out var consultation))
            {
                consultation = consultationCache[cited.ConsultationId] = await consultations.GetAsync(programme.Id, cited.ConsultationId, cancellationToken);
            }

            var now = consultation is null ? null : await notes.GetAsync(cited.ConsultationId, cited.NoteId, cancellationToken);
            var problem = now is null ? "the note was deleted" : await ProblemAsync(programme, consultation!, now, cancellationToken);
            var changed = problem ?? (now!.Version != cited.Version ? $"the note was edited after publication (version {cited.Version} → {now.Version})" : null);
            sources.Add(new BriefSource(i + 1, cited.NoteId, cited.CountryName, cited.Kind, Excerpt(cited.Text), problem is null ? NoteUrl(programme.Id, now!) : "#", changed));
        }

        return sources;
    }

    private async Task<string?> ProblemAsync(Programme programme, Consultation consultation, Note note, CancellationToken cancellationToken)
    {
        var session = consultation.FindSession(note.SessionId);
        if (note.Status != NoteStatus.Published)
        {
            return "the note is no longer published";
        }

        if (session is null || session.DisclosureRule == DisclosureRule.OffTheRecord)
        {
            return "the note is from an off-the-record session";
        }

        var guard = await guards.ForAsync(programme, consultation.Id, cancellationToken);
        return ReaderGate.Filter([note], guard, logger).Withheld > 0 ? "the note is withheld: it matches the participant register" : null;
    }

    private static string NoteUrl(string programmeId, Note note) => $"{Paths.Session(programmeId, note.ConsultationId, note.SessionId)}#note-{note.Id}";

    private static string Excerpt(string text) => text.Length <= ExcerptLength ? text : text[..(ExcerptLength - 1)] + "…";
}

/// <summary>One citation of a brief: the note as it is now (if any) and why it cannot be cited (if so).</summary>
public sealed record CitationCheck(string NoteId, Consultation? Consultation, Note? Note, string? Problem);
