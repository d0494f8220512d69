using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Identity;

namespace Consultations.Web.Loading;

/// <summary>
/// Loads what a page shows from its route ids, for the signed-in user, and checks the page's <see cref="Requirement"/>,
/// always in one order: the requirement's gates, then every id (an invalid one is not found, not refused), then what the
/// route names from the programme down, then the requirement's rules. A note is read only after the rules: someone
/// refused learns nothing of which notes exist.
/// </summary>
public sealed class RepositoryLoader(
    IHttpContextAccessor http,
    IProgrammeStore programmes,
    IConsultationStore consultations,
    INoteStore notes,
    IParticipantRegisterStore registers,
    IBriefStore briefs)
{
    public async Task<Loaded<ProgrammeScope>> ProgrammeAsync(string programmeId, Requirement requirement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        var actor = SignedInActor();
        if (requirement.RefusalBeforeLoading(actor) is { } refused)
        {
            return new(null, refused);
        }

        if (!Ids.IsValid(programmeId) || await programmes.GetAsync(programmeId, cancellationToken) is not { } programme)
        {
            return default;
        }

        return Checked(new ProgrammeScope(actor, programme), requirement);
    }

    public async Task<Loaded<ConsultationScope>> ConsultationAsync(string programmeId, string consultationId, Requirement requirement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        var actor = SignedInActor();
        if (requirement.RefusalBeforeLoading(actor) is { } refused)
        {
            return new(null, refused);
        }

        if (!Ids.IsValid(programmeId) || !Ids.IsValid(consultationId)
            || await FindAsync(actor, programmeId, consultationId, cancellationToken) is not { } scope)
        {
            return default;
        }

        return Checked(scope, requirement);
    }

    public async Task<Loaded<SessionScope>> SessionAsync(string programmeId, string consultationId, string sessionId, Requirement requirement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        var actor = SignedInActor();
        if (requirement.RefusalBeforeLoading(actor) is { } refused)
        {
            return new(null, refused);
        }

        if (!Ids.IsValid(programmeId) || !Ids.IsValid(consultationId) || !Ids.IsValid(sessionId)
            || await FindAsync(actor, programmeId, consultationId, cancellationToken) is not { } scope
            || scope.Consultation.FindSession(sessionId) is not { } session)
        {
            return default;
        }

        return Checked(new SessionScope(actor, scope.Programme, scope.Consultation, session), requirement);
    }

    /// <summary>A note the user may see, and its session; a note they may not see is not found.</summary>
    public async Task<Loaded<SessionNoteScope>> NoteAsync(string programmeId, string consultationId, string noteId, Requirement requirement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        var actor = SignedInActor();
        if (requirement.RefusalBeforeLoading(actor) is { } refused)
        {
            return new(null, refused);
        }

        if (!Ids.IsValid(programmeId) || !Ids.IsValid(consultationId) || !Ids.IsValid(noteId)
            || await FindAsync(actor, programmeId, consultationId, cancellationToken) is not { } scope)
        {
            return default;
        }

        if (requirement.RefusalOf(scope) is { } refusal)
        {
            return new(null, refusal);
        }

        if (await notes.GetAsync(consultationId, noteId, cancellationToken) is not { } note
            || !AccessRules.CanSeeNote(actor, scope.Consultation, note)
            || scope.Consultation.FindSession(note.SessionId) is not { } session)
        {
            return default;
        }

        return new(new SessionNoteScope(actor, scope.Programme, scope.Consultation, session, note), null);
    }

    /// <summary>The register, read only for those who may see it, whatever else the requirement asks.</summary>
    public async Task<Loaded<RegisterScope>> RegisterAsync(string programmeId, string consultationId, Requirement requirement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        var loaded = await ConsultationAsync(programmeId, consultationId, Requirement.SeeRegister.Then(requirement), cancellationToken);
        if (loaded.Found is not { } scope)
        {
            return new(null, loaded.Refusal);
        }

        var register = await registers.GetAsync(scope.Consultation.Id, cancellationToken);
        return new(new RegisterScope(scope.Actor, scope.Programme, scope.Consultation, register), null);
    }

    /// <summary>A brief being written; drafts are never for those who may not see them, whatever the requirement asks.</summary>
    public async Task<Loaded<BriefDraftScope>> BriefAsync(string programmeId, string briefId, Requirement requirement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        var actor = SignedInActor();
        if (requirement.Then(Requirement.ReadBriefDrafts).RefusalBeforeLoading(actor) is { } refused)
        {
            return new(null, refused);
        }

        if (!Ids.IsValid(programmeId) || !Ids.IsValid(briefId)
            || await programmes.GetAsync(programmeId, cancellationToken) is not { } programme
            || await briefs.GetAsync(programmeId, briefId, cancellationToken) is not { } brief)
        {
            return default;
        }

        return Checked(new BriefDraftScope(actor, programme, brief), requirement);
    }

    /// <summary>A published version as stored; the page masks it for its reader.</summary>
    public async Task<Loaded<BriefVersionScope>> BriefVersionAsync(string programmeId, string briefId, int number, Requirement requirement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        var actor = SignedInActor();
        if (requirement.Then(Requirement.ReadPublishedBriefs).RefusalBeforeLoading(actor) is { } refused)
        {
            return new(null, refused);
        }

        if (!Ids.IsValid(programmeId) || !Ids.IsValid(briefId)
            || await programmes.GetAsync(programmeId, cancellationToken) is not { } programme
            || await briefs.GetVersionAsync(programmeId, briefId, number, cancellationToken) is not { } version)
        {
            return default;
        }

        return Checked(new BriefVersionScope(actor, programme, version), requirement);
    }

    private static Loaded<TScope> Checked<TScope>(TScope scope, Requirement requirement)
        where TScope : ProgrammeScope =>
        requirement.RefusalOf(scope) is { } refused ? new(null, refused) : new(scope, null);

    private Actor SignedInActor() => (http.HttpContext ?? throw new InvalidOperationException("Pages are loaded within a request.")).User.ToActor();

    private async Task<ConsultationScope?> FindAsync(Actor actor, string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        if (await programmes.GetAsync(programmeId, cancellationToken) is not { } programme)
        {
            return null;
        }

        var consultation = await consultations.GetAsync(programmeId, consultationId, cancellationToken);
        if (consultation is not null && http.HttpContext is { } context)
        {
            // The layout names the reader's role in this consultation ("Lead facilitator"), not just their sign-in role.
            context.Items[CurrentConsultationKey] = consultation;
        }

        return consultation is null ? null : new ConsultationScope(actor, programme, consultation);
    }

    /// <summary>Where the consultation a page is about is kept for the layout during the request.</summary>
    public const string CurrentConsultationKey = "consultations.current-consultation";

    /// <summary>How the header names the signed-in person's role: within a consultation they lead, "Lead facilitator".</summary>
    public static IReadOnlyList<string> RoleLabels(Actor actor, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(context);
        var here = context.Items[CurrentConsultationKey] as Consultation;
        return [.. actor.Roles.Order().Select(role => role switch
        {
            Role.Facilitator when here is not null && AccessRules.IsLeadFacilitatorOf(actor, here) => "Lead facilitator",
            _ => role.ToString(),
        })];
    }
}
