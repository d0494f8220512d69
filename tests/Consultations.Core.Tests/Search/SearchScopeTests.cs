using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Search;

namespace Consultations.Core.Tests.Search;

public sealed class SearchScopeTests
{
    private readonly Programme _programme = TestData.Programme();
    private readonly Consultation _philippines;
    private readonly Consultation _vietNam;

    public SearchScopeTests()
    {
        _philippines = TestData.Consultation(_programme, "ph", "PH");
        _vietNam = Consultation.Create("vn", _programme.Id, new ConsultationDetails("VN", "Hà Nội", null, new DateOnly(2024, 5, 2), new DateOnly(2024, 5, 3), ConsultationFormat.InPerson, DisclosureRule.ChathamHouse, []), UserRef.System, TestData.T0);
        _vietNam.AssignFacilitator(new UserRef("fvn", "Vy"), isLead: true, UserRef.System, TestData.T0);
    }

    [Fact]
    public void Researchers_find_what_readers_see_and_nothing_in_full()
    {
        var scope = For(Role.Researcher, "r");

        Assert.True(scope.ReaderNotes);
        Assert.Empty(scope.FullTextConsultations);
        Assert.False(scope.PublishedBriefs);
        Assert.False(scope.SeesStatus);
        Assert.Equal(SearchView.Reader, scope.ViewOf("ph"));
    }

    [Fact]
    public void Administrators_search_what_readers_see()
    {
        var scope = For(Role.Administrator, "admin");

        Assert.True(scope.ReaderNotes);
        Assert.Empty(scope.FullTextConsultations);
    }

    [Fact]
    public void Facilitators_find_their_own_consultations_in_full_and_the_others_as_readers()
    {
        var assigned = For(Role.Facilitator, TestData.Facilitator.Id);
        var lead = For(Role.Facilitator, "fvn");

        Assert.True(assigned.ReaderNotes);
        Assert.Equal(["ph"], assigned.FullTextConsultations);
        Assert.Equal(["vn"], lead.FullTextConsultations);
        Assert.True(assigned.SeesStatus);
        Assert.Equal(SearchView.Full, assigned.ViewOf("ph"));
        Assert.Equal(SearchView.Reader, assigned.ViewOf("vn"));
    }

    [Fact]
    public void A_facilitator_of_no_consultation_is_a_reader()
    {
        var scope = For(Role.Facilitator, "nobody");

        Assert.True(scope.ReaderNotes);
        Assert.Empty(scope.FullTextConsultations);
    }

    [Fact]
    public void Funders_find_published_briefs_and_never_notes()
    {
        var scope = For(Role.Funder, "fu");

        Assert.False(scope.ReaderNotes);
        Assert.Empty(scope.FullTextConsultations);
        Assert.True(scope.PublishedBriefs);
    }

    [Fact]
    public void Someone_without_a_role_finds_nothing()
    {
        var scope = SearchScope.For(new Actor("x", "X", new HashSet<Role>()), _programme, [_philippines]);

        Assert.True(scope.IsEmpty);
    }

    [Fact]
    public void The_small_group_threshold_is_the_programmes()
    {
        _programme.SetSmallGroupThreshold(5, UserRef.System, TestData.T0);

        var scope = For(Role.Researcher, "r");

        Assert.Equal(5, scope.SmallGroupThreshold);
        Assert.True(scope.ShowsGroupToReaders(null));
        Assert.True(scope.ShowsGroupToReaders(0));
        Assert.False(scope.ShowsGroupToReaders(1));
        Assert.False(scope.ShowsGroupToReaders(4));
        Assert.True(scope.ShowsGroupToReaders(5));
    }

    [Fact]
    public void A_consultation_of_another_programme_is_refused()
    {
        var other = TestData.Consultation(TestData.Programme("other"), "elsewhere");

        Assert.Throws<ArgumentException>(() => SearchScope.For(Actor(Role.Facilitator, TestData.Facilitator.Id), _programme, [other]));
    }

    private SearchScope For(Role role, string userId) => SearchScope.For(Actor(role, userId), _programme, [_philippines, _vietNam]);

    private static Actor Actor(Role role, string userId) => new(userId, userId, new HashSet<Role> { role });
}
