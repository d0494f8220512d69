using Consultations.Core.Demo;
using Consultations.Core.Domain;
using Consultations.Core.Guard;

namespace Consultations.Core.Tests.Guard;

/// <summary>The demo programme is written the way the guard expects real notes to be: no one identifiable.</summary>
public sealed class DemoGuardTests
{
    [Fact]
    public void No_demo_note_raises_a_finding_against_its_own_register()
    {
        var problems = new List<string>();
        foreach (var consultation in DemoSeeder.LoadData().Consultations)
        {
            var participants = consultation.Register.Select((p, i) => new Participant($"p{i}", p.Name, p.Organisation, p.StakeholderGroup, p.Role));
            var guard = new AttributionGuard(GuardRegister.Compile(participants, AttributionGuardTests.Key, Programme.DefaultSmallGroupThreshold), AttributionGuardTests.Key);
            foreach (var note in consultation.Sessions.SelectMany(s => s.Notes))
            {
                problems.AddRange(guard.Check(note.Text).Select(f => $"{consultation.Country}: {f.Kind} '{f.Text}' in \"{note.Text}\""));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
