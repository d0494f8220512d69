using Consultations.Core.Analysis;

namespace Consultations.Core.Tests.Analysis;

public sealed class NounPhrasesTests
{
    [Theory]
    [InlineData("national", true)]
    [InlineData("bilateral", true)]
    [InlineData("academic", true)]
    [InlineData("effective", true)]
    [InlineData("dangerous", true)]
    [InlineData("available", true)]
    [InlineData("certified", true)]
    [InlineData("growing", true)]
    [InlineData("individual", true)]
    [InlineData("regulator", false)]
    [InlineData("training", false)]
    [InlineData("proposal", false)]
    [InlineData("incentive", false)]
    [InlineData("need", false)]
    [InlineData("deal", false)]
    [InlineData("national CERT", false)]
    [InlineData("CERTs", false)]
    [InlineData("ISO/IEC", false)]
    public void A_lone_word_with_an_adjective_s_ending_is_a_modifier_unless_it_is_a_known_noun(string label, bool expected) =>
        Assert.Equal(expected, NounPhrases.IsLoneModifier(label));

    [Theory]
    [InlineData("nist csf", "NIST CSF")]
    [InlineData("iso/iec 27001", "ISO/IEC 27001")]
    [InlineData("regional csirts", "regional CSIRTs")]
    [InlineData("asean level", "ASEAN level")]
    [InlineData("Nist", "Nist")]
    [InlineData("first responders", "first responders")]
    [InlineData("un", "un")]
    [InlineData("certification", "certification")]
    public void Known_acronyms_written_in_lower_case_get_their_capitals_back(string label, string expected) =>
        Assert.Equal(expected, NounPhrases.WithAcronyms(label));
}
