using Consultations.Core.Access;
using Consultations.Core.Domain;

namespace Consultations.Web.Loading;

/// <summary>A programme, loaded for the signed-in user.</summary>
public record ProgrammeScope(Actor Actor, Programme Programme)
{
    public bool CanManageProgrammes => AccessRules.CanManageProgrammes(Actor);

    /// <summary>Generate, edit and submit comparison briefs.</summary>
    public bool CanWriteBriefs => AccessRules.CanWriteBriefs(Actor);
}
