using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Briefs;
using Consultations.Web.Identity;
using Consultations.Web.Pages.Home;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages;

public sealed class IndexModel(IProgrammeStore programmes, IConsultationStore consultations, IBriefStore briefs, BriefEvidence evidence, AwaitingYou awaiting) : PageModel
{
    public Actor Actor { get; private set; } = null!;

    public IReadOnlyList<Programme> Programmes { get; private set; } = [];

    public IReadOnlyList<Assignment> Assignments { get; private set; } = [];

    /// <summary>What waits for this person, by role; queues with nothing in them are named once, together.</summary>
    public IReadOnlyList<WorkList> Queues { get; private set; } = [];

    /// <summary>The latest version of every published brief, for funders.</summary>
    public IReadOnlyList<(Programme Programme, BriefVersion Version)> PublishedBriefs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Actor = User.ToActor();
        if (!AccessRules.CanBrowseRepository(Actor))
        {
            if (AccessRules.CanReadPublishedBriefs(Actor))
            {
                var published = new List<(Programme, BriefVersion)>();
                foreach (var programme in await programmes.ListAsync(cancellationToken))
                {
                    var versions = await briefs.ListVersionsAsync(programme.Id, cancellationToken: cancellationToken);
                    foreach (var latest in versions.GroupBy(v => v.BriefId).Select(g => g.MaxBy(v => v.Number)!))
                    {
                        published.Add((programme, latest with { Title = await evidence.MaskAsync(programme, latest.Scope.ConsultationIds, latest.Title, cancellationToken) }));
                    }
                }

                PublishedBriefs = [.. published.OrderByDescending(x => x.Item2.PublishedAt)];
            }

            return;
        }

        Programmes = await programmes.ListAsync(cancellationToken);
        var window = Actor.Is(Role.Researcher) ? await awaiting.PreviousVisitAsync(Actor, cancellationToken) : new SinceWindow(null, true);
        Queues = await awaiting.ForAsync(Actor, Programmes, window, cancellationToken);
        if (Actor.Is(Role.Facilitator))
        {
            var mine = new List<Assignment>();
            foreach (var programme in Programmes)
            {
                foreach (var consultation in await consultations.ListByProgrammeAsync(programme.Id, cancellationToken))
                {
                    if (AccessRules.IsFacilitatorOf(Actor, consultation))
                    {
                        mine.Add(new Assignment(programme.Name, consultation, AccessRules.IsLeadFacilitatorOf(Actor, consultation)));
                    }
                }
            }

            Assignments = mine;
        }
    }

    public sealed record Assignment(string ProgrammeName, Consultation Consultation, bool IsLead);
}
