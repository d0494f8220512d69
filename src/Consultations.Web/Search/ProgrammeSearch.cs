using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Search;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Guard;

namespace Consultations.Web.Search;

/// <summary>
/// Search as a person may use it: their scope from <see cref="AccessRules"/> (applied inside the index's query), then
/// the page of hits gated again against the store as it is now — fail closed, like every other reader output. A reader
/// hit whose note is no longer published, was moved off the record, is withheld by the reader gate, or whose snippet the
/// guard would now mask is left out (with a notice); a brief hit whose snippet names someone in any register of the
/// programme is left out too. The index may lag another instance's writes by a few seconds; this check does not.
/// </summary>
public sealed class ProgrammeSearch(ISearchIndex index, IConsultationStore consultations, INoteStore notes, ConsultationGuards guards, ILogger<ProgrammeSearch> logger)
{
    public async Task<SearchScope> ScopeAsync(Actor actor, Programme programme, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(programme);
        return SearchScope.For(actor, programme, await consultations.ListByProgrammeAsync(programme.Id, cancellationToken));
    }

    public async Task<SearchResults> SearchAsync(Actor actor, Programme programme, SearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(request);
        var all = await consultations.ListByProgrammeAsync(programme.Id, cancellationToken);
        var scope = SearchScope.For(actor, programme, all);
        var results = await index.SearchAsync(request, scope, cancellationToken);
        var kept = await GateAsync(programme, all, results.Hits, cancellationToken);
        return kept.Count == results.Hits.Count
            ? results
            : results with { Hits = kept, Notices = results.Notices | SearchNotices.Withheld };
    }

    /// <summary>
    /// Notes from the programme's other consultations closest in meaning to a note this person can see, as readers see
    /// them, gated again like search hits; none while search by meaning is still being prepared.
    /// </summary>
    public async Task<IReadOnlyList<SearchHit>> SimilarAsync(Actor actor, Programme programme, string consultationId, string noteId, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(programme);
        var all = await consultations.ListByProgrammeAsync(programme.Id, cancellationToken);
        var scope = SearchScope.For(actor, programme, all);
        var hits = await index.SimilarAsync(noteId, scope, count, cancellationToken);

        // The index answers from other consultations only; checked here too, since this page promises it.
        return await GateAsync(programme, all, [.. hits.Where(h => h.ConsultationId != consultationId && h.View == SearchView.Reader)], cancellationToken);
    }

    private async Task<IReadOnlyList<SearchHit>> GateAsync(Programme programme, IReadOnlyList<Consultation> all, IReadOnlyList<SearchHit> hits, CancellationToken cancellationToken)
    {
        var byId = all.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var kept = new List<SearchHit>(hits.Count);
        foreach (var hit in hits)
        {
            var shown = hit.View switch
            {
                SearchView.Full => true,
                SearchView.Reader => await ReaderMayStillSeeAsync(programme, byId, hit, cancellationToken),
                SearchView.Brief => await BriefSnippetIsCleanAsync(programme, all, hit, cancellationToken),
                _ => false,
            };
            if (shown)
            {
                kept.Add(hit);
            }
        }

        return kept;
    }

    private async Task<bool> ReaderMayStillSeeAsync(Programme programme, Dictionary<string, Consultation> byId, SearchHit hit, CancellationToken cancellationToken)
    {
        if (hit.ConsultationId is not { } consultationId || !byId.TryGetValue(consultationId, out var consultation))
        {
            return false;
        }

        var note = await notes.GetAsync(consultationId, hit.Id, cancellationToken);
        if (note is null || note.Status != NoteStatus.Published || consultation.FindSession(note.SessionId) is not { } session || session.DisclosureRule == DisclosureRule.OffTheRecord)
        {
            return false;
        }

        var guard = await guards.ForAsync(programme, consultationId, cancellationToken);
        return ReaderGate.Filter([note], guard, logger).Withheld == 0 && !Identifies(guard, hit.Snippet);
    }

    private async Task<bool> BriefSnippetIsCleanAsync(Programme programme, IReadOnlyList<Consultation> all, SearchHit hit, CancellationToken cancellationToken)
    {
        foreach (var consultation in all)
        {
            if (Identifies(await guards.ForAsync(programme, consultation.Id, cancellationToken), hit.Snippet))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Identifies(ConsultationGuard guard, Snippet snippet) =>
        snippet.Segments.Count > 0 && guard.Check(snippet.PlainText).Any(f => f.Identifies());
}
