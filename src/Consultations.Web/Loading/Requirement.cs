using Consultations.Core.Access;
using Consultations.Web.Notes;

namespace Consultations.Web.Loading;

/// <summary>
/// What the signed-in user must be allowed to do with what a page loads, each check with the reason its refusal gives.
/// Gates ask about the user alone, before anything is read, so someone who may never use such a page learns nothing of
/// what exists; rules ask once what the route names is found. Both run in the order given.
/// </summary>
public sealed class Requirement
{
    private const string WriteBriefsRefusal = "Only researchers and administrators write briefs.";

    private readonly (Func<Actor, bool> Allows, string Refusal)[] _gates;
    private readonly (Func<ProgrammeScope, bool> Allows, string Refusal)[] _rules;

    private Requirement((Func<Actor, bool>, string)[] gates, (Func<ProgrammeScope, bool>, string)[] rules)
    {
        _gates = gates;
        _rules = rules;
    }

    /// <summary>Nothing beyond the authorization policy of the page's folder, which already decided who reaches it.</summary>
    public static Requirement None { get; } = new([], []);

    public static Requirement EditThemes { get; } = Rule(s => s.CanManageProgrammes, "Only administrators change a programme's themes.");

    public static Requirement GenerateBrief { get; } = Rule(s => s.CanWriteBriefs, WriteBriefsRefusal);

    public static Requirement BrowseRepository { get; } = Gate(AccessRules.CanBrowseRepository, "Funders read published briefs; the notes themselves stay with the programme team.");

    public static Requirement ReadPublishedBriefs { get; } = Gate(AccessRules.CanReadPublishedBriefs, "Published briefs are for the programme team and its funders.");

    public static Requirement ReadBriefDrafts { get; } = Gate(AccessRules.CanSeeBriefDrafts, "Funders read published briefs only; drafts stay with the programme team.");

    /// <summary>The brief editor: writers only, turned away before the brief is read.</summary>
    public static Requirement EditBriefDraft { get; } = Gate(AccessRules.CanWriteBriefs, WriteBriefsRefusal);

    /// <summary>Submit or delete from the brief's page, which everyone who sees drafts reaches.</summary>
    public static Requirement ChangeBriefDraft { get; } = ReadBriefDrafts.Then(GenerateBrief);

    /// <summary>Approve or return from the brief's page; the domain adds that the reviewer is not its submitter.</summary>
    public static Requirement ReviewBriefDraft { get; } = ReadBriefDrafts.Then(Rule(s => AccessRules.CanReviewBriefs(s.Actor), "Only researchers and administrators review briefs."));

    public static Requirement EditAgenda { get; } = InConsultation(s => s.CanEditAgenda, "Only administrators and the consultation's lead facilitator change its agenda.");

    public static Requirement WriteNotes { get; } = InConsultation(s => s.CanWriteNotes, NoteRefusals.Write);

    public static Requirement EditNotes { get; } = InConsultation(s => s.CanWriteNotes, NoteRefusals.Edit);

    public static Requirement DeleteNotes { get; } = InConsultation(s => s.CanWriteNotes, NoteRefusals.Delete);

    public static Requirement ImportNotes { get; } = InConsultation(s => s.CanImportNotes, NoteRefusals.Import);

    public static Requirement CaptureNotes { get; } = InConsultation(s => s.CanWriteNotes, NoteRefusals.Capture);

    public static Requirement DecideUnmasking { get; } = InConsultation(s => s.CanDecideUnmasking, NoteRefusals.Unmask);

    public static Requirement SeeRegister { get; } = InConsultation(s => s.CanSeeRegister, "The participant register is restricted to this consultation's facilitators and administrators.");

    public static Requirement PurgeRegister { get; } = SeeRegister.Then(InConsultation(s => s.CanPurgeRegister, "Only the consultation's lead facilitator or an administrator can purge its participant register."));

    /// <summary>This requirement's checks, then the other's.</summary>
    public Requirement Then(Requirement next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return new([.. _gates, .. next._gates], [.. _rules, .. next._rules]);
    }

    /// <summary>Why the user is turned away before anything is read, or null.</summary>
    internal string? RefusalBeforeLoading(Actor actor) => _gates.FirstOrDefault(g => !g.Allows(actor)).Refusal;

    /// <summary>Why the user is turned away from what was found, or null.</summary>
    internal string? RefusalOf(ProgrammeScope scope) => _rules.FirstOrDefault(r => !r.Allows(scope)).Refusal;

    private static Requirement Gate(Func<Actor, bool> allows, string refusal) => new([(allows, refusal)], []);

    private static Requirement Rule(Func<ProgrammeScope, bool> allows, string refusal) => new([], [(allows, refusal)]);

    private static Requirement InConsultation(Func<ConsultationScope, bool> allows, string refusal) =>
        Rule(s => s is ConsultationScope consultation ? allows(consultation) : throw new InvalidOperationException($"\"{refusal}\" is asked of a consultation, and none was loaded."), refusal);
}
