using Consultations.Core.Comparison;
using Consultations.Core.Domain;

namespace Consultations.Core.Tests.Comparison;

public sealed class BriefWordingTests
{
    private static ComparedNote Note(NoteKind kind, string text) => new("n", "a", "s1", kind, text, [], [], 1, true);

    [Theory]
    [InlineData(4, 4, "all four countries")]
    [InlineData(2, 2, "both countries")]
    [InlineData(3, 4, "three of the four countries")]
    [InlineData(12, 14, "12 of the 14 countries")]
    public void Countries_are_counted_in_words(int count, int of, string expected) =>
        Assert.Equal(expected, BriefWording.CountryCount(count, of));

    [Fact]
    public void A_shared_finding_says_what_the_notes_did_by_their_kinds_and_stances()
    {
        static string Say(params ComparedNote[] notes) => BriefWording.SharedStatement("regulator capacity", "the Philippines and Viet Nam", notes, s => s);

        Assert.Equal(
            "Notes from the Philippines and Viet Nam called for action on **regulator capacity**.",
            Say(Note(NoteKind.Recommendation, "Fund regulators."), Note(NoteKind.Recommendation, "Train regulators."), Note(NoteKind.Finding, "Regulators exist.")));
        Assert.Equal(
            "Notes from the Philippines and Viet Nam raised concerns about **regulator capacity**.",
            Say(Note(NoteKind.Challenge, "Regulators are few."), Note(NoteKind.Finding, "Regulator capacity is a barrier.")));
        Assert.Equal(
            "Notes from the Philippines and Viet Nam were positive about **regulator capacity**.",
            Say(Note(NoteKind.Finding, "Regulator training was effective."), Note(NoteKind.Finding, "Firms welcomed the regulators.")));
        Assert.Equal(
            "Notes from the Philippines and Viet Nam raised **regulator capacity**.",
            Say(Note(NoteKind.Finding, "Regulators meet monthly."), Note(NoteKind.Challenge, "Regulators are few.")));
        Assert.Equal(
            "Notes from the Philippines and Viet Nam raised **regulator capacity**.",
            Say(Note(NoteKind.Recommendation, "Fund regulators."), Note(NoteKind.Finding, "Regulators meet monthly.")));
    }

    [Theory]
    [InlineData("Regional cooperation", "regional cooperation")]
    [InlineData("Public–private sharing", "public–private sharing")]
    [InlineData("ISO/IEC 27001", "ISO/IEC 27001")]
    [InlineData("NIST Cybersecurity Framework", "NIST Cybersecurity Framework")]
    [InlineData("CSIRTs", "CSIRTs")]
    public void A_label_inside_a_sentence_loses_a_heading_capital_but_keeps_an_acronym(string label, string expected) =>
        Assert.Equal(expected, BriefWording.MidSentence(label));

    [Theory]
    [InlineData("Government participants favoured a clear legal mandate.", true)]
    [InlineData("They map their controls to ISO/IEC 27001 only when asked.", false)]
    [InlineData("This view was not shared by everyone.", false)]
    [InlineData("In their view these contracts act as an informal channel.", false)]
    [InlineData("Other private-sector participants argued the opposite.", false)]
    [InlineData("One participant remarked: \"The drill works because we schedule it.", false)]
    [InlineData("One participant remarked: “The drill works.”", true)]
    public void A_sentence_stands_alone_when_it_points_back_to_nothing_and_its_quotes_close(string sentence, bool expected) =>
        Assert.Equal(expected, BriefWording.StandsAlone(sentence));

    [Theory]
    [InlineData("Participants recommended an initial notification within 24 hours.", "Participants recommended an initial notification within 24 hours.")]
    [InlineData("The regulator should publish quarterly bulletins.", "The regulator should publish quarterly bulletins.")]
    [InlineData("Central banks ought to host joint exercises.", "Central banks ought to host joint exercises.")]
    [InlineData("They recommended a tiered scheme for SMEs.", "Participants in the Philippines recommended a tiered scheme for SMEs.")]
    [InlineData("They also proposed a shared map of projects.", "Participants in the Philippines also proposed a shared map of projects.")]
    [InlineData("They noted that reliance on foreign certification bodies keeps audit costs high.", null)]
    [InlineData("They noted that agencies should share more.", null)]
    [InlineData("Reliance on foreign certification bodies keeps audit costs high.", null)]
    [InlineData("This should be reviewed yearly.", null)]
    public void A_recommendation_note_s_sentence_is_shown_as_written_named_or_not_at_all(string sentence, string? expected) =>
        Assert.Equal(expected, BriefWording.AsRecommendation(sentence, "the Philippines"));
}
