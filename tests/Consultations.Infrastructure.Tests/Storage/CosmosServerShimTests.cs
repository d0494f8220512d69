using System.Net;
using System.Text.Json;
using Consultations.Testing.Cosmos;

namespace Consultations.Infrastructure.Tests.Storage;

/// <summary>The shim changes only the two documented gaps and lets everything else through untouched.</summary>
public sealed class CosmosServerShimTests
{
    private const string Doc = "https://127.0.0.1:1/dbs/db/colls/notes/docs/missing";

    [Fact]
    public async Task A_missing_item_read_becomes_the_documented_404_with_the_server_headers()
    {
        var server = new Canned(HttpStatusCode.InternalServerError, """{"message":"Cannot read properties of undefined (reading 'pk')"}""");

        using var response = await SendAsync(server, HttpMethod.Get, Doc);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("NotFound", body.RootElement.GetProperty("code").GetString());
        Assert.Equal("activity-1", response.Headers.GetValues("x-ms-activity-id").Single());
    }

    [Theory]
    [InlineData("GET", Doc, """{"message":"Something else broke"}""")]
    [InlineData("POST", "https://127.0.0.1:1/dbs/db/colls/notes/docs", """{"message":"Cannot read properties of undefined"}""")]
    [InlineData("GET", "https://127.0.0.1:1/dbs/db/colls/notes", """{"message":"Cannot read properties of undefined"}""")]
    public async Task Other_server_errors_pass_through_unchanged(string method, string url, string body)
    {
        var server = new Canned(HttpStatusCode.InternalServerError, body);

        using var response = await SendAsync(server, new HttpMethod(method), url);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Successful_answers_pass_through_untouched()
    {
        var server = new Canned(HttpStatusCode.OK, """{"id":"d1"}""");

        using var response = await SendAsync(server, HttpMethod.Get, Doc);

        Assert.Same(server.Last, response);
    }

    [Fact]
    public async Task A_query_plan_request_is_answered_with_a_pass_through_plan_over_the_whole_key_range()
    {
        var server = new Canned(HttpStatusCode.OK, "{}");

        using var response = await SendAsync(server, HttpMethod.Post, "https://127.0.0.1:1/dbs/db/colls/notes/docs", ("x-ms-cosmos-is-query-plan-request", "True"));

        Assert.Equal(0, server.Calls);
        using var plan = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var range = plan.RootElement.GetProperty("queryRanges").EnumerateArray().Single();
        Assert.Equal(string.Empty, range.GetProperty("min").GetString());
        Assert.Equal("FF", range.GetProperty("max").GetString());
        Assert.Empty(plan.RootElement.GetProperty("queryInfo").GetProperty("orderBy").EnumerateArray());
    }

    private static async Task<HttpResponseMessage> SendAsync(Canned server, HttpMethod method, string url, params (string Name, string Value)[] headers)
    {
        using var invoker = new HttpMessageInvoker(new CosmosServerShim(server));
        using var request = new HttpRequestMessage(method, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await invoker.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Stands in for the server with one fixed answer, as it sends it on the wire.</summary>
    private sealed class Canned(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        public HttpResponseMessage? Last { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            Last = new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent(body), Headers = { { "x-ms-activity-id", "activity-1" } } };
            return Task.FromResult(Last);
        }
    }
}
