using Consultations.Core.Access;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Programmes;

public sealed class DashboardModel(RepositoryLoader loader, IConsultationStore consultations, INoteStore notes) : PageModel
{
    public Programme Programme { get; private set; } = null!;

    public IReadOnlyList<CoverageColumn> Columns { get; private set; } = [];

    public bool CanManage { get; private set; }

    /// <summary>True when the reader sees published notes only everywhere (researchers).</summary>
    public bool PublishedOnly { get; private set; }

    private Actor Actor { get; set; } = null!;

    public async Task<IActionResult> OnGetAsync(string programmeId, CancellationToken cancellationToken)
    {
        var loaded = await loader.ProgrammeAsync(programmeId, Requirement.None, cancellationToken);
        if (loaded.Found is not { } scope)
        {
            return loaded.Answer(this);
        }

        (Programme, Actor, CanManage) = (scope.Programme, scope.Actor, scope.CanManageProgrammes);
        var list = await consultations.ListByProgrammeAsync(programmeId, cancellationToken);

        // One query per consultation (a single partition each in Cosmos DB), run side by side.
        var tallies = await FanOut.RunAsync(list, (c, ct) => notes.TallyAsync(c.Id, ct), cancellationToken);
        Columns = [.. list.Select((c, i) => Coverage.For(Actor, c, tallies[i]))];
        PublishedOnly = list.All(c => AccessRules.NoteScopeFor(Actor, c) == NoteScope.PublishedOnly);
        return Page();
    }

    public string RoleIn(Consultation consultation) =>
        AccessRules.IsLeadFacilitatorOf(Actor, consultation) ? "Lead facilitator"
        : AccessRules.IsFacilitatorOf(Actor, consultation) ? "Facilitator"
        : "—";
}
