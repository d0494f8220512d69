using Consultations.Core.Search;

namespace Consultations.Core.Tests.Search;

public sealed class SearchRequestTests
{
    [Fact]
    public void Page_and_size_are_kept_within_bounds()
    {
        Assert.Equal(1, new SearchRequest { Page = -3 }.Page);
        Assert.Equal(1, new SearchRequest { PageSize = 0 }.PageSize);
        Assert.Equal(SearchRequest.MaxPageSize, new SearchRequest { PageSize = 5_000 }.PageSize);
        Assert.Equal(SearchRequest.MaxResultWindow / 50, new SearchRequest { PageSize = 50, Page = int.MaxValue }.Page);
    }

    [Fact]
    public void Facet_choices_accumulate_and_blank_values_are_ignored()
    {
        var request = new SearchRequest()
            .With(SearchFacet.Country, "VN")
            .With(SearchFacet.Country, "PH", " ")
            .With(SearchFacet.Kind, "Finding");

        Assert.Equal(["PH", "VN"], request.Selected(SearchFacet.Country));
        Assert.Equal(["Finding"], request.Selected(SearchFacet.Kind));
        Assert.Empty(request.Selected(SearchFacet.Theme));
    }

    [Fact]
    public void At_most_fifty_values_of_one_facet_are_read()
    {
        var request = new SearchRequest().With(SearchFacet.Session, [.. Enumerable.Range(0, 80).Select(i => $"c/s{i:00}")]);

        Assert.Equal(SearchRequest.MaxValuesPerFacet, request.Selected(SearchFacet.Session).Count);
    }

    [Fact]
    public void Page_count_stops_at_the_result_window()
    {
        var results = new SearchResults(SearchQuery.Empty, 1_000_000, 1, 20, [], [], SearchNotices.None);

        Assert.Equal(SearchRequest.MaxResultWindow / 20, results.PageCount);
        Assert.Equal(0, (results with { Total = 0 }).PageCount);
        Assert.Equal(3, (results with { Total = 41 }).PageCount);
    }
}
