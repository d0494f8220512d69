using Consultations.Core.Domain;
using Consultations.Core.Search;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Guard;
using Consultations.Web.Loading;
using Consultations.Web.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Notes;

/// <summary>
/// "What other countries said about this": the notes of the programme's other consultations closest in meaning to one
/// note, as readers see them. Only for a note its viewer sees as a reader would (published, not off the record, let
/// through by the reader gate) — a seed of "what countries share" that never starts from words a reader may not read.
/// </summary>
public sealed class SimilarModel(RepositoryLoader loader, IConsultationStore consultations, ConsultationGuards guards, ProgrammeSearch search, ILogger<SimilarModel> logger) : PageModel
{
    public const int Count = 10;

    public SessionNoteScope Scope { get; private set; } = null!;

    /// <summary>The note as readers see it (masked).</summary>
    public Note ReaderNote { get; private set; } = null!;

    public IReadOnlyList<SearchHit> Similar { get; private set; } = [];

    public IReadOnlyDictionary<string, Consultation> Consultations { get; private set; } = new Dictionary<string, Consultation>();

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, string noteId, CancellationToken cancellationToken)
    {
        var loaded = await loader.NoteAsync(programmeId, consultationId, noteId, Requirement.BrowseRepository, cancellationToken);
        if (loaded.Found is not { } scope)
        {
            return loaded.Answer(this);
        }

        Scope = scope;
        var guard = await guards.ForAsync(scope.Programme, consultationId, cancellationToken);
        if (scope.Note.Status != NoteStatus.Published || scope.Session.DisclosureRule == DisclosureRule.OffTheRecord
            || ReaderGate.Filter([scope.Note], guard, logger).Shown is not [var shown])
        {
            // Readers cannot see this note, so nothing is compared with it.
            return NotFound();
        }

        ReaderNote = shown;
        Similar = await search.SimilarAsync(scope.Actor, scope.Programme, consultationId, noteId, Count, cancellationToken);
        Consultations = (await consultations.ListByProgrammeAsync(scope.Programme.Id, cancellationToken)).ToDictionary(c => c.Id, StringComparer.Ordinal);
        return Page();
    }
}
