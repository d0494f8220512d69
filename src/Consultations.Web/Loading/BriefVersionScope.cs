using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Web.Briefs;

namespace Consultations.Web.Loading;

/// <summary>A published version of a programme's brief, as stored, loaded for someone allowed to read published briefs.</summary>
public sealed record BriefVersionScope(Actor Actor, Programme Programme, BriefVersion Version) : ProgrammeScope(Actor, Programme)
{
    /// <summary>Researchers see citations and sources; funders the text alone.</summary>
    public BriefAudience Audience => AccessRules.CanSeeBriefDrafts(Actor) ? BriefAudience.Researcher : BriefAudience.Funder;
}
