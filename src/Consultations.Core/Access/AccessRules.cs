using Consultations.Core.Domain;

namespace Consultations.Core.Access;

/// <summary>
/// Who may see and do what (the roles in README.md and docs/architecture.md). Pure functions so every page asks the same question the same way
/// and the rules can be tested without a web server.
/// </summary>
public static class AccessRules
{
    /// <summary>Programmes, consultations and published notes: everyone but funders, who read briefs only.</summary>
    public static bool CanBrowseRepository(Actor actor) =>
        actor.Is(Role.Administrator) || actor.Is(Role.Facilitator) || actor.Is(Role.Researcher);

    public static bool CanManageProgrammes(Actor actor) => actor.Is(Role.Administrator);

    public static bool IsFacilitatorOf(Actor actor, Consultation consultation) =>
        actor.Is(Role.Facilitator) && consultation.IsFacilitator(actor.UserId);

    public static bool IsLeadFacilitatorOf(Actor actor, Consultation consultation) =>
        actor.Is(Role.Facilitator) && consultation.IsLeadFacilitator(actor.UserId);

    /// <summary>Write, edit, submit and delete notes.</summary>
    public static bool CanWriteNotes(Actor actor, Consultation consultation) => IsFacilitatorOf(actor, consultation);

    /// <summary>Bring notes in from files, as drafts: the consultation's facilitators, and administrators setting up a programme.</summary>
    public static bool CanImportNotes(Actor actor, Consultation consultation) => IsFacilitatorOf(actor, consultation) || actor.Is(Role.Administrator);

    /// <summary>Publish notes and return published notes to review.</summary>
    public static bool CanReviewNotes(Actor actor, Consultation consultation) => IsLeadFacilitatorOf(actor, consultation);

    /// <summary>
    /// Ask for, confirm or withdraw showing a note's matched names unmasked to readers: the consultation's lead
    /// facilitators and administrators; the domain adds that the confirmer is not the one who asked.
    /// </summary>
    public static bool CanDecideUnmasking(Actor actor, Consultation consultation) =>
        actor.Is(Role.Administrator) || IsLeadFacilitatorOf(actor, consultation);

    /// <summary>Names and organisations of participants (and co-chairs): facilitators of the consultation and administrators.</summary>
    public static bool CanSeeRegister(Actor actor, Consultation consultation) =>
        actor.Is(Role.Administrator) || IsFacilitatorOf(actor, consultation);

    /// <summary>Purge the register of names for good: the consultation's lead facilitator or an administrator.</summary>
    public static bool CanPurgeRegister(Actor actor, Consultation consultation) =>
        actor.Is(Role.Administrator) || IsLeadFacilitatorOf(actor, consultation);

    /// <summary>Generate, edit and submit comparison briefs: researchers and administrators.</summary>
    public static bool CanWriteBriefs(Actor actor) => actor.Is(Role.Researcher) || actor.Is(Role.Administrator);

    /// <summary>Approve (publish) or return a brief; the domain adds that the reviewer is not its submitter.</summary>
    public static bool CanReviewBriefs(Actor actor) => actor.Is(Role.Researcher) || actor.Is(Role.Administrator);

    /// <summary>Drafts, briefs in review, citations and sources: everyone who may browse the repository, never funders.</summary>
    public static bool CanSeeBriefDrafts(Actor actor) => CanBrowseRepository(actor);

    /// <summary>Published briefs (without citations for funders): every signed-in role.</summary>
    public static bool CanReadPublishedBriefs(Actor actor) => CanBrowseRepository(actor) || actor.Is(Role.Funder);

    public static NoteScope NoteScopeFor(Actor actor, Consultation consultation)
    {
        if (IsFacilitatorOf(actor, consultation))
        {
            return NoteScope.All;
        }

        if (actor.Is(Role.Administrator))
        {
            return NoteScope.AllButOffTheRecord;
        }

        return CanBrowseRepository(actor) ? NoteScope.PublishedOnly : NoteScope.None;
    }

    /// <summary>Whether the notes of a session can be listed at all (off the record: facilitators only).</summary>
    public static bool CanSeeSessionNotes(Actor actor, Consultation consultation, Session session)
    {
        var scope = NoteScopeFor(actor, consultation);
        return scope switch
        {
            NoteScope.All => true,
            NoteScope.None => false,
            _ => session.DisclosureRule != DisclosureRule.OffTheRecord,
        };
    }

    public static bool CanSeeNote(Actor actor, Consultation consultation, Note note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var session = consultation.FindSession(note.SessionId);
        if (session is null || note.ConsultationId != consultation.Id || !CanSeeSessionNotes(actor, consultation, session))
        {
            return false;
        }

        return NoteScopeFor(actor, consultation) switch
        {
            NoteScope.All or NoteScope.AllButOffTheRecord => true,
            NoteScope.PublishedOnly => note.Status == NoteStatus.Published,
            _ => false,
        };
    }

    /// <summary>The note statuses someone may read in a consultation (for store queries).</summary>
    public static IReadOnlySet<NoteStatus> VisibleStatuses(Actor actor, Consultation consultation) =>
        NoteScopeFor(actor, consultation) switch
        {
            NoteScope.None => new HashSet<NoteStatus>(),
            NoteScope.PublishedOnly => new HashSet<NoteStatus> { NoteStatus.Published },
            _ => new HashSet<NoteStatus> { NoteStatus.Draft, NoteStatus.Submitted, NoteStatus.Published },
        };
}
