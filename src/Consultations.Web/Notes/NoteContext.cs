using Consultations.Core.Domain;
using Consultations.Infrastructure.Guard;

namespace Consultations.Web.Notes;

/// <summary>
/// Where a note use case acts, loaded by its caller: the programme (vocabulary), the consultation (who may act), the
/// session (its disclosure rule) and the consultation's compiled guard (the findings a result carries and publication checks).
/// </summary>
public sealed record NoteContext(Programme Programme, Consultation Consultation, Session Session, ConsultationGuard Guard);
