using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages;

public sealed class IndexModel(IProgrammeStore programmes, IConsultationStore consultations) : PageModel
{
    public Actor Actor { get; private set; } = null!;

    public IReadOnlyList<Programme> Programmes { get; private set; } = [];

    public IReadOnlyList<Assignment> Assignments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Actor = User.ToActor();
        if (!AccessRules.CanBrowseRepository(Actor))
        {
            return;
        }

        Programmes = await programmes.ListAsync(cancellationToken);
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
