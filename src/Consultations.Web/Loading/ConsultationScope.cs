using Consultations.Core.Access;
using Consultations.Core.Domain;

namespace Consultations.Web.Loading;

/// <summary>A programme and one of its consultations, loaded for the signed-in user, with what the user may do there.</summary>
public record ConsultationScope(Actor Actor, Programme Programme, Consultation Consultation) : ProgrammeScope(Actor, Programme)
{
    public bool CanWriteNotes => AccessRules.CanWriteNotes(Actor, Consultation);

    public bool CanImportNotes => AccessRules.CanImportNotes(Actor, Consultation);

    public bool CanReviewNotes => AccessRules.CanReviewNotes(Actor, Consultation);

    public bool CanDecideUnmasking => AccessRules.CanDecideUnmasking(Actor, Consultation);

    public bool CanSeeRegister => AccessRules.CanSeeRegister(Actor, Consultation);

    public bool CanPurgeRegister => AccessRules.CanPurgeRegister(Actor, Consultation);

    /// <summary>Agenda changes: administrators and the consultation's lead facilitators.</summary>
    public bool CanEditAgenda => Actor.Is(Role.Administrator) || CanReviewNotes;
}
