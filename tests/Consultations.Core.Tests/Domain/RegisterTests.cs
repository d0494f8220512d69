using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Storage;

namespace Consultations.Core.Tests.Domain;

public sealed class RegisterTests
{
    private static readonly GuardKey Key = GuardKey.Generate();

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
        var register = NewRegister();

        Assert.Throws<DomainRuleException>(() => register.Add(" ", "Org", null, null, TestData.Lead, TestData.T0));
        Assert.Empty(register.History);
    }

    [Fact]
    public void Updating_and_removing_work_by_id()
    {
        var register = NewRegister();
        var participant = register.Add("Antonio Reyes", "PLDT", "telecoms", null, TestData.Lead, TestData.T0);

        register.Update(participant with { Role = "Head of security" }, TestData.Lead, TestData.T0);
        Assert.Equal("Head of security", register.Participants.Single().Role);

        register.Remove(participant.Id, TestData.Lead, TestData.T0);
        Assert.Empty(register.Participants);
        Assert.Throws<DomainRuleException>(() => register.Update(participant, TestData.Lead, TestData.T0));
        Assert.Throws<DomainRuleException>(() => register.Remove(participant.Id, TestData.Lead, TestData.T0));
    }

    [Fact]
    public void The_same_person_twice_is_refused_ignoring_case_and_diacritics()
    {
        var register = NewRegister();
        register.Add("Nguyễn Văn Đức", "VNCERT", "cert", null, TestData.Lead, TestData.T0);
        var other = register.Add("Nguyen Van Duc", "Viettel", "telecoms", null, TestData.Lead, TestData.T0);

        var ex = Assert.Throws<DomainRuleException>(() => register.Add("nguyen van duc", "vncert", null, null, TestData.Lead, TestData.T0));
        Assert.Contains("already in the register", ex.Message, StringComparison.Ordinal);
        Assert.Throws<DomainRuleException>(() => register.Update(other with { Organisation = "VNCERT" }, TestData.Lead, TestData.T0));
        register.Update(other with { Name = "Nguyễn Văn Duc" }, TestData.Lead, TestData.T0);
        Assert.Equal(2, register.Participants.Count);
    }

    [Fact]
    public void An_import_adds_everyone_or_no_one_and_names_the_rows_at_fault()
    {
        var register = NewRegister();
        register.Add("Antonio Reyes", "PLDT", "telecoms", null, TestData.Lead, TestData.T0);

        var ex = Assert.Throws<DomainRuleException>(() => register.AddRange(
        [
            new("Maria Santos", "DICT", "government", null, 2),
            new("", "Somewhere", null, null, 3),
            new("ANTONIO REYES", "pldt", null, null, 4),
            new("Maria Santos", "DICT", null, null, 5),
        ], TestData.Facilitator, TestData.T0));

        Assert.Contains("Row 3:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Row 4:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Row 5:", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Row 2:", ex.Message, StringComparison.Ordinal);
        Assert.Single(register.Participants);
        Assert.Single(register.History);

        var added = register.AddRange([new("Maria Santos", "DICT", "government", null, 2), new("Budi", "BSSN", "government", "Analyst", 3)], TestData.Facilitator, TestData.T0.AddHours(1));

        Assert.Equal(2, added.Count);
        Assert.Equal(["Antonio Reyes", "Maria Santos", "Budi"], register.Participants.Select(p => p.Name));
        Assert.Equal(new RegisterChange(TestData.T0.AddHours(1), TestData.Facilitator, RegisterAction.Imported, 2), register.History[^1]);
    }

    [Fact]
    public void An_import_that_would_overfill_the_register_is_refused()
    {
        var register = NewRegister();
        var entries = Enumerable.Range(0, ParticipantRegister.MaxParticipants + 1).Select(i => new ParticipantEntry($"Person {i}", "Org", null, null, i + 2)).ToList();

        var ex = Assert.Throws<DomainRuleException>(() => register.AddRange(entries, TestData.Lead, TestData.T0));

        Assert.Contains("at most 2,000", ex.Message, StringComparison.Ordinal);
        Assert.Empty(register.Participants);
    }

    [Fact]
    public void Every_change_is_recorded_with_who_when_and_how_many_but_never_a_name()
    {
        var register = NewRegister();
        var t = TestData.T0;
        var antonio = register.Add("Antonio Reyes", "PLDT", "telecoms", "CISO", TestData.Facilitator, t);
        register.AddRange([new("Maria Santos", "DICT", "government", null), new("Budi", "BSSN", "government", null)], TestData.Facilitator, t.AddMinutes(1));
        register.Update(antonio with { Role = "Head of security" }, TestData.Lead, t.AddMinutes(2));
        register.Remove(antonio.Id, TestData.Lead, t.AddMinutes(3));
        register.Purge(GuardRegister.Compile(register.Participants, Key, 3), TestData.Lead, t.AddMinutes(4));

        Assert.Equal(
        [
            new(t, TestData.Facilitator, RegisterAction.Added, 1),
            new(t.AddMinutes(1), TestData.Facilitator, RegisterAction.Imported, 2),
            new(t.AddMinutes(2), TestData.Lead, RegisterAction.Updated, 1),
            new(t.AddMinutes(3), TestData.Lead, RegisterAction.Removed, 1),
            new RegisterChange(t.AddMinutes(4), TestData.Lead, RegisterAction.Purged, 2),
        ], register.History);
        var history = DocumentJson.Serialize(register.History);
        foreach (var word in new[] { "Antonio", "Reyes", "PLDT", "Maria", "DICT", "Budi", "BSSN", "security", "telecoms", "government" })
        {
            Assert.DoesNotContain(word, history, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Purging_deletes_every_name_keeps_the_guard_and_the_group_counts_and_refuses_further_changes()
    {
        var register = NewRegister();
        var antonio = register.Add("Antonio Reyes", "PLDT", "telecoms", "CISO", TestData.Facilitator, TestData.T0);
        register.Add("Maria Santos", "Department of Information and Communications Technology (DICT)", "government", null, TestData.Facilitator, TestData.T0);
        register.Add("Budi", "BSSN", "government", null, TestData.Facilitator, TestData.T0);
        register.Add("Someone", "Somewhere", null, null, TestData.Facilitator, TestData.T0);
        var guard = GuardRegister.Compile(register.Participants, Key, 3);
        Assert.Null(register.Guard);
        Assert.Equal(new Dictionary<string, int> { ["telecoms"] = 1, ["government"] = 2 }, register.GroupCounts());

        register.Purge(guard, TestData.Lead, TestData.T0.AddDays(30));

        Assert.True(register.IsPurged);
        Assert.Empty(register.Participants);
        Assert.Same(guard, register.Guard);
        Assert.Equal(TestData.T0.AddDays(30), register.PurgedAt);
        Assert.Equal(TestData.Lead, register.PurgedBy);
        Assert.Equal(new Dictionary<string, int> { ["telecoms"] = 1, ["government"] = 2 }, register.GroupCounts());
        var json = DocumentJson.Serialize(register);
        // Long words only: a short one could turn up by chance in the base64 of a hash.
        foreach (var word in new[] { "Antonio", "Reyes", "Maria", "Santos", "Information", "Communications", "Someone", "Somewhere" })
        {
            Assert.DoesNotContain(word, json, StringComparison.Ordinal);
        }

        var refusals = new Action[]
        {
            () => register.Add("New Person", "Org", null, null, TestData.Lead, TestData.T0),
            () => register.AddRange([new("New Person", "Org", null, null)], TestData.Lead, TestData.T0),
            () => register.Update(antonio, TestData.Lead, TestData.T0),
            () => register.Remove(antonio.Id, TestData.Lead, TestData.T0),
            () => register.Purge(GuardRegister.Empty, TestData.Lead, TestData.T0),
        };
        foreach (var refused in refusals)
        {
            var ex = Assert.Throws<DomainRuleException>(refused);
            Assert.Contains("purged on 13 Apr 2023 by Lee Lead", ex.Message, StringComparison.Ordinal);
        }

        Assert.Single(register.History, h => h.Action == RegisterAction.Purged);
    }

    [Fact]
    public void A_purged_register_round_trips_through_the_document_json()
    {
        var register = NewRegister();
        register.Add("Trần Minh Đức", "Viettel", "telecoms", null, TestData.Facilitator, TestData.T0);
        register.Purge(GuardRegister.Compile(register.Participants, Key, 3), TestData.Lead, TestData.T0.AddDays(1));

        var json = DocumentJson.Serialize(register);
        var read = DocumentJson.Deserialize<ParticipantRegister>(json);

        Assert.Equal(json, DocumentJson.Serialize(read));
        Assert.True(read.IsPurged);
        Assert.Equal(register.Guard!.Patterns, read.Guard!.Patterns);
        Assert.Equal(register.History, read.History);
        Assert.Equal(1, read.GroupCounts()["telecoms"]);
        Assert.Throws<DomainRuleException>(() => read.Add("Trần Minh Đức", "Viettel", null, null, TestData.Lead, TestData.T0));
    }

    private static ParticipantRegister NewRegister() =>
        ParticipantRegister.Create(TestData.Consultation(TestData.Programme()), TestData.Lead, TestData.T0);
}
