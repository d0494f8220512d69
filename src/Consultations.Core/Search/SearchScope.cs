using Consultations.Core.Access;
using Consultations.Core.Domain;

namespace Consultations.Core.Search;

/// <summary>Which text of a document a result came from, so a page can badge what only facilitators see.</summary>
public enum SearchView
{
    /// <summary>A published note as readers see it: passed the reader gate, masked.</summary>
    Reader,

    /// <summary>A note of a consultation the searcher facilitates: the full text, in any status, off the record included.</summary>
    Full,

    /// <summary>A published brief version, without its citations.</summary>
    Brief,
}

/// <summary>
/// What one person may find in one programme, decided by <see cref="AccessRules"/> and nothing else. The index applies
/// it inside the query, so hit counts and facet counts never include a document outside it:
/// <list type="bullet">
/// <item>everyone who may browse the repository (researchers, administrators, facilitators) finds published notes as
/// readers see them — the reader text the reader gate let through, masked; never off-the-record notes;</item>
/// <item>facilitators also find every note of the consultations they facilitate, full text, any status (AccessRules'
/// <see cref="NoteScope.All"/>);</item>
/// <item>funders, who may not browse the repository, find published brief versions only.</item>
/// </list>
/// It can only be made from an actor, so no caller can ask for the full text of a consultation by naming it.
/// </summary>
public sealed class SearchScope
{
    private SearchScope(string programmeId, bool readerNotes, IReadOnlySet<string> fullText, bool briefs, int smallGroupThreshold)
    {
        ProgrammeId = programmeId;
        ReaderNotes = readerNotes;
        FullTextConsultations = fullText;
        PublishedBriefs = briefs;
        SmallGroupThreshold = smallGroupThreshold;
    }

    public string ProgrammeId { get; }

    /// <summary>Published notes as readers see them.</summary>
    public bool ReaderNotes { get; }

    /// <summary>Consultations whose every note this person may search in full.</summary>
    public IReadOnlySet<string> FullTextConsultations { get; }

    /// <summary>Published brief versions (text without citations).</summary>
    public bool PublishedBriefs { get; }

    /// <summary>k: in reader results a stakeholder group shared by fewer participants of the consultation is hidden (as on the comparison page).</summary>
    public int SmallGroupThreshold { get; }

    /// <summary>True when this person may find nothing at all.</summary>
    public bool IsEmpty => !ReaderNotes && FullTextConsultations.Count == 0 && !PublishedBriefs;

    /// <summary>Whether note statuses mean anything to this person: only facilitators find notes that are not published.</summary>
    public bool SeesStatus => FullTextConsultations.Count > 0;

    /// <summary>The scope of <paramref name="actor"/> in <paramref name="programme"/>, whose consultations are <paramref name="consultations"/>.</summary>
    public static SearchScope For(Actor actor, Programme programme, IEnumerable<Consultation> consultations)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(consultations);
        var fullText = new HashSet<string>(StringComparer.Ordinal);
        foreach (var consultation in consultations)
        {
            if (consultation.ProgrammeId != programme.Id)
            {
                throw new ArgumentException($"Consultation {consultation.Id} is not part of programme {programme.Id}.", nameof(consultations));
            }

            if (AccessRules.NoteScopeFor(actor, consultation) == NoteScope.All)
            {
                fullText.Add(consultation.Id);
            }
        }

        var readerNotes = AccessRules.CanBrowseRepository(actor);

        // Everyone who may browse reads briefs on their own pages; search gives funders the briefs because notes are closed to them.
        var briefs = !readerNotes && AccessRules.CanReadPublishedBriefs(actor);
        return new SearchScope(programme.Id, readerNotes, fullText, briefs, programme.SmallGroupThreshold);
    }

    /// <summary>Which text of a note of <paramref name="consultationId"/> this person searches.</summary>
    public SearchView ViewOf(string consultationId) =>
        FullTextConsultations.Contains(consultationId) ? SearchView.Full : SearchView.Reader;

    /// <summary>Whether a reader may see a stakeholder group that <paramref name="groupSize"/> participants of the consultation share (0 or unknown: no one to single out).</summary>
    public bool ShowsGroupToReaders(int? groupSize) => groupSize is not (> 0) || groupSize >= SmallGroupThreshold;
}
