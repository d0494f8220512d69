using Consultations.Core.Domain;

namespace Consultations.Core.Tests.Domain;

public sealed class RegisterTests
{
    [Fact]
    public void Participants_are_added_trimmed_with_their_group()
    {
        var programme = TestData.Programme();
        var register = ParticipantRegister.Create(TestData.Consultation(programme), TestData.Lead, TestData.T0);

        register.Add("  Phạm Thu Hằng ", "Ministry of Information and Communications (MIC)", "government", "Director", TestData.Lead, TestData.T0);
        register.Add("Joy Faith Lim", "EngageMedia", "civil-society", " ", TestData.Lead, TestData.T0);

        Assert.Equal("Phạm Thu Hằng", register.Participants[0].Name);
        Assert.Null(register.Participants[1].Role);
        Assert.Equal("civil-society", register.Participants[1].StakeholderGroup);
    }

    [Fact]
    public void A_participant_needs_a_name()
    {
        var register = ParticipantRegister.Create(TestData.Consultation(TestData.Programme()), TestData.Lead, TestData.T0);

        Assert.Throws<DomainRuleException>(() => register.Add(" ", "Org", null, null, TestData.Lead, TestData.T0));
    }

    [Fact]
    public void Updating_and_removing_work_by_id()
    {
        var register = ParticipantRegister.Create(TestData.Consultation(TestData.Programme()), TestData.Lead, TestData.T0);
        var participant = register.Add("Antonio Reyes", "PLDT", "telecoms", null, TestData.Lead, TestData.T0);

        register.Update(participant with { Role = "Head of security" }, TestData.Lead, TestData.T0);
        Assert.Equal("Head of security", register.Participants.Single().Role);

        register.Remove(participant.Id, TestData.Lead, TestData.T0);
        Assert.Empty(register.Participants);
        Assert.Throws<DomainRuleException>(() => register.Update(participant, TestData.Lead, TestData.T0));
    }
}
