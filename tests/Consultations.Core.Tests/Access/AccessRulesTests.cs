using Consultations.Core.Access;
using Consultations.Core.Domain;

namespace Consultations.Core.Tests.Access;

public sealed class AccessRulesTests
{
    private static readonly Actor Admin = new("admin", "Admin", new HashSet<Role> { Role.Administrator });
    private static readonly Actor AssignedFacilitator = new(TestData.Facilitator.Id, "F", new HashSet<Role> { Role.Facilitator });
    private static readonly Actor Lead = new(TestData.Lead.Id, "L", new HashSet<Role> { Role.Facilitator });
    private static readonly Actor OtherFacilitator = new("someone-else", "O", new HashSet<Role> { Role.Facilitator });
    private static readonly Actor Researcher = new("r", "R", new HashSet<Role> { Role.Researcher });
    private static readonly Actor Funder = new("fu", "Fu", new HashSet<Role> { Role.Funder });

    private readonly Programme _programme = TestData.Programme();
    private readonly Consultation _consultation;

    public AccessRulesTests() => _consultation = TestData.Consultation(_programme);

    public static TheoryData<string, bool, bool, bool, NoteScope> Expectations => new()
    {
        // actor, browse, write notes, see register, note scope
        { "admin", true, false, true, NoteScope.AllButOffTheRecord },
        { "assigned", true, true, true, NoteScope.All },
        { "lead", true, true, true, NoteScope.All },
        { "other", true, false, false, NoteScope.PublishedOnly },
        { "researcher", true, false, false, NoteScope.PublishedOnly },
        { "funder", false, false, false, NoteScope.None },
    };

    [Theory]
    [MemberData(nameof(Expectations))]
    public void Each_role_gets_exactly_what_the_product_brief_says(string who, bool browse, bool write, bool register, NoteScope scope)
    {
        var actor = ActorFor(who);

        Assert.Equal(browse, AccessRules.CanBrowseRepository(actor));
        Assert.Equal(write, AccessRules.CanWriteNotes(actor, _consultation));
        Assert.Equal(register, AccessRules.CanSeeRegister(actor, _consultation));
        Assert.Equal(scope, AccessRules.NoteScopeFor(actor, _consultation));
    }

    [Fact]
    public void Only_the_lead_facilitator_reviews()
    {
        Assert.True(AccessRules.CanReviewNotes(Lead, _consultation));
        Assert.False(AccessRules.CanReviewNotes(AssignedFacilitator, _consultation));
        Assert.False(AccessRules.CanReviewNotes(Admin, _consultation));
    }

    [Fact]
    public void Only_the_lead_facilitator_and_administrators_purge_a_register()
    {
        Assert.True(AccessRules.CanPurgeRegister(Lead, _consultation));
        Assert.True(AccessRules.CanPurgeRegister(Admin, _consultation));
        foreach (var actor in new[] { AssignedFacilitator, OtherFacilitator, Researcher, Funder })
        {
            Assert.False(AccessRules.CanPurgeRegister(actor, _consultation));
        }
    }

    [Fact]
    public void A_lead_assignment_without_the_facilitator_role_grants_nothing()
    {
        var researcherWhoIsListed = new Actor(TestData.Lead.Id, "L", new HashSet<Role> { Role.Researcher });

        Assert.False(AccessRules.CanWriteNotes(researcherWhoIsListed, _consultation));
        Assert.False(AccessRules.CanReviewNotes(researcherWhoIsListed, _consultation));
        Assert.False(AccessRules.CanSeeRegister(researcherWhoIsListed, _consultation));
        Assert.False(AccessRules.CanPurgeRegister(researcherWhoIsListed, _consultation));
    }

    [Fact]
    public void Off_the_record_notes_stay_with_the_facilitators()
    {
        var closed = _consultation.FindSession("closed")!;
        var note = TestData.Note(_programme, _consultation, "closed", new NoteContent("Side remark", NoteKind.Finding, null, [], []));

        Assert.True(AccessRules.CanSeeSessionNotes(AssignedFacilitator, _consultation, closed));
        Assert.True(AccessRules.CanSeeNote(AssignedFacilitator, _consultation, note));
        foreach (var actor in new[] { Admin, OtherFacilitator, Researcher, Funder })
        {
            Assert.False(AccessRules.CanSeeSessionNotes(actor, _consultation, closed));
            Assert.False(AccessRules.CanSeeNote(actor, _consultation, note));
        }
    }

    [Fact]
    public void Researchers_see_a_note_only_once_it_is_published()
    {
        var note = TestData.Note(_programme, _consultation);
        Assert.False(AccessRules.CanSeeNote(Researcher, _consultation, note));

        note.Submit(TestData.Facilitator, TestData.T0);
        Assert.False(AccessRules.CanSeeNote(Researcher, _consultation, note));

        note.Publish(_consultation.FindSession("plenary-1")!, TestData.Lead, TestData.T0);
        Assert.True(AccessRules.CanSeeNote(Researcher, _consultation, note));
        Assert.False(AccessRules.CanSeeNote(Funder, _consultation, note));
    }

    [Fact]
    public void A_note_of_another_consultation_is_never_visible_through_this_one()
    {
        var other = TestData.Consultation(_programme, "other");
        var note = TestData.Note(_programme, other);

        Assert.False(AccessRules.CanSeeNote(Admin, _consultation, note));
    }

    [Fact]
    public void Visible_statuses_match_the_scope()
    {
        Assert.Equal([NoteStatus.Published], AccessRules.VisibleStatuses(Researcher, _consultation));
        Assert.Empty(AccessRules.VisibleStatuses(Funder, _consultation));
        Assert.Equal(3, AccessRules.VisibleStatuses(AssignedFacilitator, _consultation).Count);
    }

    private static Actor ActorFor(string who) => who switch
    {
        "admin" => Admin,
        "assigned" => AssignedFacilitator,
        "lead" => Lead,
        "other" => OtherFacilitator,
        "researcher" => Researcher,
        _ => Funder,
    };
}
