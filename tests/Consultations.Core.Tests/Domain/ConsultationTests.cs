using Consultations.Core.Domain;

namespace Consultations.Core.Tests.Domain;

public sealed class ConsultationTests
{
    private readonly Programme _programme = TestData.Programme();

    private static ConsultationDetails Details(string country = "VN", string city = "Hanoi", DateOnly? start = null, DateOnly? end = null) =>
        new(country, city, null, start ?? new DateOnly(2023, 5, 23), end ?? new DateOnly(2023, 5, 24), ConsultationFormat.InPerson, DisclosureRule.ChathamHouse, []);

    [Fact]
    public void Country_is_an_ISO_3166_code_normalised_to_upper_case()
    {
        var consultation = Consultation.Create("c", _programme.Id, Details("vn"), UserRef.System, TestData.T0);

        Assert.Equal("VN", consultation.CountryCode);
        Assert.Equal("Viet Nam", consultation.Country.Name);
        Assert.Equal("Viet Nam — Hanoi", consultation.Title);
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("Vietnam")]
    [InlineData("")]
    public void Unknown_country_codes_are_refused(string code) =>
        Assert.Throws<DomainRuleException>(() => Consultation.Create("c", _programme.Id, Details(code), UserRef.System, TestData.T0));

    [Fact]
    public void The_end_cannot_precede_the_start() =>
        Assert.Throws<DomainRuleException>(() => Consultation.Create("c", _programme.Id, Details(start: new DateOnly(2023, 5, 24), end: new DateOnly(2023, 5, 23)), UserRef.System, TestData.T0));

    [Fact]
    public void Sessions_can_only_carry_themes_of_the_programme()
    {
        var consultation = TestData.Consultation(_programme);

        Assert.Throws<DomainRuleException>(() => consultation.AddSession("Plenary", ["astrology"], DisclosureRule.ChathamHouse, _programme.Taxonomy, UserRef.System, TestData.T0));
    }

    [Fact]
    public void A_rule_cannot_be_loosened_once_notes_are_published()
    {
        var consultation = TestData.Consultation(_programme);

        var ex = Assert.Throws<DomainRuleException>(() => consultation.UpdateSession("plenary-1", "Plenary 1", ["technical-standards"], DisclosureRule.OnTheRecord, _programme.Taxonomy, hasPublishedNotes: true, UserRef.System, TestData.T0));
        Assert.Contains("loosened", ex.Message, StringComparison.Ordinal);

        consultation.UpdateSession("plenary-1", "Plenary 1", ["technical-standards"], DisclosureRule.OnTheRecord, _programme.Taxonomy, hasPublishedNotes: false, UserRef.System, TestData.T0);
        Assert.Equal(DisclosureRule.OnTheRecord, consultation.FindSession("plenary-1")!.DisclosureRule);
    }

    [Fact]
    public void A_session_with_published_notes_cannot_go_off_the_record()
    {
        var consultation = TestData.Consultation(_programme);

        Assert.Throws<DomainRuleException>(() => consultation.UpdateSession("plenary-1", "Plenary 1", [], DisclosureRule.OffTheRecord, _programme.Taxonomy, hasPublishedNotes: true, UserRef.System, TestData.T0));
    }

    [Fact]
    public void Only_an_empty_session_can_be_removed()
    {
        var consultation = TestData.Consultation(_programme);

        Assert.Throws<DomainRuleException>(() => consultation.RemoveSession("plenary-1", hasNotes: true, UserRef.System, TestData.T0));
        consultation.RemoveSession("plenary-1", hasNotes: false, UserRef.System, TestData.T0);
        Assert.Null(consultation.FindSession("plenary-1"));
    }

    [Fact]
    public void Reassigning_a_facilitator_replaces_the_assignment()
    {
        var consultation = TestData.Consultation(_programme);

        consultation.AssignFacilitator(TestData.Facilitator, isLead: true, UserRef.System, TestData.T0);

        Assert.Equal(2, consultation.Facilitators.Count);
        Assert.True(consultation.IsLeadFacilitator(TestData.Facilitator.Id));
        consultation.UnassignFacilitator(TestData.Facilitator.Id, UserRef.System, TestData.T0);
        Assert.False(consultation.IsFacilitator(TestData.Facilitator.Id));
    }

    [Fact]
    public void Ids_must_be_url_safe()
    {
        Assert.Throws<DomainRuleException>(() => Consultation.Create("Has Spaces", _programme.Id, Details(), UserRef.System, TestData.T0));
        Assert.Throws<DomainRuleException>(() => Consultation.Create("../x", _programme.Id, Details(), UserRef.System, TestData.T0));
    }
}
