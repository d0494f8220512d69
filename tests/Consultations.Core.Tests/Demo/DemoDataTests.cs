using System.Text.RegularExpressions;
using Consultations.Core.Demo;
using Consultations.Core.Domain;
using Consultations.Core.Text;

namespace Consultations.Core.Tests.Demo;

/// <summary>The shipped demo data must be usable and must itself respect the Chatham House Rule.</summary>
public sealed partial class DemoDataTests
{
    private static readonly DemoData Data = DemoSeeder.LoadData();
    private static readonly string[] Kinds = ["finding", "recommendation", "challenge", "quote"];

    [Fact]
    public void Four_country_consultations_in_2023_with_an_opening_and_four_plenaries()
    {
        Assert.Equal(["PH", "VN", "ID", "MY"], Data.Consultations.Select(c => c.Country));
        Assert.All(Data.Consultations, c =>
        {
            Assert.StartsWith("2023-", c.StartDate, StringComparison.Ordinal);
            Assert.Equal("on-the-record", c.Sessions[0].DisclosureRule);
            var plenaries = c.Sessions.Where(s => s.DisclosureRule == "chatham-house").ToList();
            Assert.Equal(4, plenaries.Count);
            Assert.Equal(ThemeTaxonomy.Default.Themes.Select(t => t.Key), plenaries.Select(p => p.Themes.Single()));
            Assert.All(plenaries, p => Assert.InRange(p.Notes.Count, 8, 15));
        });
    }

    [Fact]
    public void The_demo_has_214_notes_as_the_seed_and_migration_tests_expect()
    {
        // The CLI and copier tests count the demo's notes; change them with this number when the demo grows.
        Assert.Equal(216, Data.Consultations.Sum(c => c.Sessions.Sum(s => s.Notes.Count)));
    }

    [Fact]
    public void One_draft_was_returned_to_its_author_with_a_reason_so_every_personas_queue_has_an_example()
    {
        var returned = Data.Consultations.SelectMany(c => c.Sessions.SelectMany(s => s.Notes.Select(n => (c.Country, Note: n)))).Where(x => x.Note.ReturnReason is not null).ToList();
        var (country, note) = Assert.Single(returned);
        Assert.Equal(("PH", "draft"), (country, note.Status));
    }

    [Fact]
    public void Every_note_uses_known_themes_groups_and_kinds()
    {
        var programme = Programme.Create("demo", "Demo", null, null, UserRef.System, DateTimeOffset.UnixEpoch);
        foreach (var note in Data.Consultations.SelectMany(c => c.Sessions).SelectMany(s => s.Notes))
        {
            var content = new NoteContent(note.Text, NoteKind.Finding, note.StakeholderGroup, note.Themes, note.SubThemes);
            Assert.Empty(content.Validate(programme));
            Assert.Contains(note.Kind, Kinds);
        }
    }

    [Fact]
    public void Countries_say_different_things()
    {
        var vocabularies = Data.Consultations.ToDictionary(
            c => c.Country,
            c => c.Sessions.SelectMany(s => s.Notes).SelectMany(n => Words().Matches(n.Text.ToLowerInvariant()).Select(m => m.Value)).ToHashSet());

        foreach (var a in vocabularies)
        {
            foreach (var b in vocabularies.Where(b => string.CompareOrdinal(a.Key, b.Key) < 0))
            {
                var jaccard = (double)a.Value.Intersect(b.Value).Count() / a.Value.Union(b.Value).Count();
                Assert.True(jaccard < 0.5, $"{a.Key} and {b.Key} share {jaccard:P0} of their vocabulary");
            }
        }
    }

    [Fact]
    public void No_note_names_a_participant_or_their_organisation()
    {
        foreach (var consultation in Data.Consultations)
        {
            var forbidden = consultation.Register
                .SelectMany(p => new[] { p.Name, OrganisationName(p.Organisation) })
                .Select(TextFolding.FoldDiacritics)
                .ToList();
            var acronyms = consultation.Register.Select(p => Acronym().Match(p.Organisation)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

            foreach (var note in consultation.Sessions.SelectMany(s => s.Notes))
            {
                var text = TextFolding.FoldDiacritics(note.Text);
                Assert.DoesNotContain(forbidden, f => text.Contains(f, StringComparison.Ordinal));
                Assert.DoesNotContain(acronyms, a => Regex.IsMatch(note.Text, $@"\b{Regex.Escape(a)}\b"));
            }
        }
    }

    [Fact]
    public void Registers_use_diacritics_and_the_naming_conventions_the_guard_must_handle()
    {
        var names = Data.Consultations.SelectMany(c => c.Register).Select(p => p.Name).ToList();

        Assert.Contains(names, n => n.Contains('Đ', StringComparison.Ordinal) || n.Contains('đ', StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains(" bin ", StringComparison.Ordinal) || n.Contains(" binti ", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("Dela ", StringComparison.Ordinal) || n.Contains("Delos ", StringComparison.Ordinal));
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(Data.Consultations, c => Assert.All(c.CoChairs, chair => Assert.Contains(chair.Name, c.Register.Select(p => p.Name))));
    }

    private static string OrganisationName(string organisation) => Acronym().Replace(organisation, string.Empty).Trim();

    [GeneratedRegex(@"\(([A-Za-z0-9&\-]+)\)")]
    private static partial Regex Acronym();

    [GeneratedRegex(@"[a-z]{5,}")]
    private static partial Regex Words();
}
