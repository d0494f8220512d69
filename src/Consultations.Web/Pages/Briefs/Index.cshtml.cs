using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Briefs;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Briefs;

/// <summary>A programme's briefs: drafts and reviews for the programme team; published versions for everyone, funders included.</summary>
public sealed class IndexModel(RepositoryLoader loader, IBriefStore briefs, BriefEvidence evidence) : PageModel
{
    public Programme Programme { get; private set; } = null!;

    public Actor Actor { get; private set; } = null!;

    public IReadOnlyList<Brief> Drafts { get; private set; } = [];

    /// <summary>Each draft's title as readers may see it (masked against its consultations' registers).</summary>
    public IReadOnlyDictionary<string, string> DraftTitles { get; private set; } = new Dictionary<string, string>();

    /// <summary>The latest version of each published brief, with how many of its cited notes changed since (researchers only).</summary>
    public IReadOnlyList<(BriefVersion Version, int Changed)> Published { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string programmeId, CancellationToken cancellationToken)
    {
        var loaded = await loader.ProgrammeAsync(programmeId, Requirement.ReadPublishedBriefs, cancellationToken);
        if (loaded.Found is not { Programme: var programme } scope)
        {
            return loaded.Answer(this);
        }

        (Programme, Actor) = (programme, scope.Actor);
        var researcher = AccessRules.CanSeeBriefDrafts(Actor);
        if (researcher)
        {
            Drafts = await briefs.ListByProgrammeAsync(programmeId, cancellationToken);
            var titles = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var draft in Drafts)
            {
                titles[draft.Id] = await evidence.MaskAsync(programme, draft.Scope.ConsultationIds, draft.Title, cancellationToken);
            }

            DraftTitles = titles;
        }

        var latest = (await briefs.ListVersionsAsync(programmeId, cancellationToken: cancellationToken))
            .GroupBy(v => v.BriefId)
            .Select(g => g.MaxBy(v => v.Number)!)
            .ToList();
        var published = new List<(BriefVersion, int)>();
        foreach (var version in latest)
        {
            var reader = await evidence.ForReadersAsync(programme, version, withCitations: researcher, cancellationToken);
            published.Add((reader.Version, reader.Sources.Count(s => s.Changed is not null)));
        }

        Published = published;
        return Page();
    }
}
