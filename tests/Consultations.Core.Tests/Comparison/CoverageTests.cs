using Consultations.Core.Access;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;
using Consultations.Core.Storage;

namespace Consultations.Core.Tests.Comparison;

public sealed class CoverageTests
{
    private static readonly Actor Researcher = new("r", "R", new HashSet<Role> { Role.Researcher });
    private static readonly Actor Facilitator = new(TestData.Facilitator.Id, "F", new HashSet<Role> { Role.Facilitator });

    private readonly Consultation _consultation = TestData.Consultation(TestData.Programme());

    private static Dictionary<string, int> Themes(params (string Key, int Count)[] counts) => counts.ToDictionary(c => c.Key, c => c.Count);

    private static readonly NoteTally[] Tallies =
    [
        new("plenary-1", NoteStatus.Published, 3, Themes(("technical-standards", 3), ("inclusion", 1))),
        new("plenary-1", NoteStatus.Draft, 2, Themes(("technical-standards", 2))),
        new("closed", NoteStatus.Draft, 4, Themes(("information-sharing", 4))),
    ];

    [Fact]
    public void Researchers_count_published_notes_only_and_never_off_the_record()
    {
        var column = Coverage.For(Researcher, _consultation, Tallies);

        Assert.Equal(3, column.TotalNotes);
        Assert.Equal(new CoverageCell(CoverageState.Recorded, 3), column["technical-standards"]);
        Assert.Equal(new CoverageCell(CoverageState.Recorded, 1), column["inclusion"]);
        Assert.Equal(new CoverageCell(CoverageState.NotRecorded, 0), column["information-sharing"]);
    }

    [Fact]
    public void Facilitators_of_the_consultation_count_everything()
    {
        var column = Coverage.For(Facilitator, _consultation, Tallies);

        Assert.Equal(9, column.TotalNotes);
        Assert.Equal(5, column["technical-standards"].Notes);
        Assert.Equal(4, column["information-sharing"].Notes);
    }

    [Fact]
    public void Not_discussed_is_kept_apart_from_not_recorded()
    {
        var column = Coverage.For(Researcher, _consultation, []);

        Assert.Equal(CoverageState.NotRecorded, column["technical-standards"].State);
        Assert.Equal(CoverageState.NotDiscussed, column["international-collaboration"].State);
    }
}
