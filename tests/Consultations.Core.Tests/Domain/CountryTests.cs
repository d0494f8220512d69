using Consultations.Core.Domain;

namespace Consultations.Core.Tests.Domain;

public sealed class CountryTests
{
    [Theory]
    [InlineData("PH", "the Philippines", "The Philippines")]
    [InlineData("NL", "the Netherlands", "The Netherlands")]
    [InlineData("GB", "the United Kingdom", "The United Kingdom")]
    [InlineData("US", "the United States", "The United States")]
    [InlineData("LA", "the Lao People's Democratic Republic", "The Lao People's Democratic Republic")]
    [InlineData("MK", "the Republic of North Macedonia", "The Republic of North Macedonia")]
    [InlineData("VN", "Viet Nam", "Viet Nam")]
    [InlineData("MY", "Malaysia", "Malaysia")]
    [InlineData("ID", "Indonesia", "Indonesia")]
    public void A_name_takes_its_article_inside_a_sentence_and_a_capital_at_its_start(string code, string inSentence, string atStart)
    {
        var country = Country.FromCode(code);

        Assert.Equal((inSentence, atStart), (country.InSentence, country.AtSentenceStart));
        Assert.Equal((inSentence, atStart), (Country.NameInSentence(country.Name), Country.NameAtSentenceStart(country.Name)));
    }

    [Theory]
    [InlineData("Lao PDR", "the Lao PDR")]
    [InlineData("philippines", "the Philippines")]
    [InlineData("The Philippines", "the Philippines")]
    [InlineData("Alpha", "Alpha")]
    [InlineData("", "")]
    public void A_name_that_is_not_a_listed_country_s_is_kept_unless_it_is_a_known_short_form(string name, string expected) =>
        Assert.Equal(expected, Country.NameInSentence(name));

    [Fact]
    public void Every_name_with_an_article_is_a_plural_a_union_an_island_group_or_a_republic_kingdom_or_federation_by_its_form()
    {
        // A guard against a code typed in the wrong list: each article name says why it takes "the".
        string[] forms = ["Republic", "Kingdom", "States", "Emirates", "Islands", "Federation", "Territory", "Territories", "Netherlands", "Philippines", "Bahamas", "Comoros", "See", "Palestine", "Gambia", "Macedonia"];
        Assert.All(Country.All.Where(c => c.TakesArticle), c => Assert.Contains(forms, f => c.Name.Contains(f, StringComparison.Ordinal)));
    }
}
