using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Web.Notes;
using Consultations.Infrastructure.Guard;

namespace Consultations.Web.Loading;

/// <summary>A session of a consultation, loaded for the signed-in user.</summary>
public record SessionScope(Actor Actor, Programme Programme, Consultation Consultation, Session Session) : ConsultationScope(Actor, Programme, Consultation)
{
    /// <summary>Whether the session's notes can be listed at all (off the record: facilitators only).</summary>
    public bool CanSeeNotes => AccessRules.CanSeeSessionNotes(Actor, Consultation, Session);

    /// <summary>Where a note use case acts: this session, with the consultation's compiled guard.</summary>
    public NoteContext NoteContext(ConsultationGuard guard) => new(Programme, Consultation, Session, guard);
}
