using Consultations.Core.Access;
using Consultations.Core.Domain;

namespace Consultations.Web.Loading;

/// <summary>A consultation and its participant register (null until the first participant is added), loaded for someone allowed to see it.</summary>
public sealed record RegisterScope(Actor Actor, Programme Programme, Consultation Consultation, ParticipantRegister? Register)
    : ConsultationScope(Actor, Programme, Consultation);
