using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages;

/// <summary>A programme and one of its consultations, loaded for the signed-in user.</summary>
public sealed record ConsultationScope(Programme Programme, Consultation Consultation, Actor Actor)
{
    public bool CanWriteNotes => AccessRules.CanWriteNotes(Actor, Consultation);

    public bool CanReviewNotes => AccessRules.CanReviewNotes(Actor, Consultation);

    public bool CanSeeRegister => AccessRules.CanSeeRegister(Actor, Consultation);

    public bool CanPurgeRegister => AccessRules.CanPurgeRegister(Actor, Consultation);

    /// <summary>Agenda changes: administrators and the consultation's lead facilitators.</summary>
    public bool CanEditAgenda => Actor.Is(Role.Administrator) || CanReviewNotes;

    public static async Task<ConsultationScope?> LoadAsync(
        PageModel page,
        IProgrammeStore programmes,
        IConsultationStore consultations,
        string programmeId,
        string consultationId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!Ids.IsValid(programmeId) || !Ids.IsValid(consultationId))
        {
            return null;
        }

        var programme = await programmes.GetAsync(programmeId, cancellationToken);
        if (programme is null)
        {
            return null;
        }

        var consultation = await consultations.GetAsync(programmeId, consultationId, cancellationToken);
        return consultation is null ? null : new ConsultationScope(programme, consultation, page.User.ToActor());
    }

    public IReadOnlyList<Crumb> Crumbs(params Crumb[] more) =>
    [
        new("Programmes", "/programmes"),
        new(Programme.Name, Paths.Programme(Programme.Id)),
        new(Consultation.Title, Paths.Consultation(Programme.Id, Consultation.Id)),
        .. more,
    ];
}
