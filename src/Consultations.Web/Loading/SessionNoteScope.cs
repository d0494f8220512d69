using Consultations.Core.Access;
using Consultations.Core.Domain;

namespace Consultations.Web.Loading;

/// <summary>A note the signed-in user may see, with its session.</summary>
public sealed record SessionNoteScope(Actor Actor, Programme Programme, Consultation Consultation, Session Session, Note Note)
    : SessionScope(Actor, Programme, Consultation, Session);
