using Consultations.Core.Access;
using Consultations.Core.Domain;

namespace Consultations.Web.Loading;

/// <summary>A programme's brief as it is being written, loaded for someone allowed to see drafts.</summary>
public sealed record BriefDraftScope(Actor Actor, Programme Programme, Brief Brief) : ProgrammeScope(Actor, Programme);
