using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Programmes;

public sealed class IndexModel(IProgrammeStore programmes, IConsultationStore consultations) : PageModel
{
    public IReadOnlyList<Item> Items { get; private set; } = [];

    public bool CanCreate { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        CanCreate = AccessRules.CanManageProgrammes(User.ToActor());
        var items = new List<Item>();
        foreach (var programme in await programmes.ListAsync(cancellationToken))
        {
            var list = await consultations.ListByProgrammeAsync(programme.Id, cancellationToken);
            items.Add(new Item(programme, list.Count, [.. list.Select(c => c.Country.Name).Distinct()]));
        }

        Items = items;
    }

    public sealed record Item(Programme Programme, int Consultations, IReadOnlyList<string> Countries);
}
