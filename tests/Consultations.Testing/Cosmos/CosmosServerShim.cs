using System.Net;
using System.Text.RegularExpressions;

namespace Consultations.Testing.Cosmos;

/// <summary>
/// Test-only bridge over two gaps of @vercel/cosmosdb-server (docs/cosmos.md, "Running against a local Cosmos DB server"); every other request and response
/// passes through untouched.
/// 1. Reading an item that does not exist fails there with 500 ("Cannot read properties of undefined"), where
///    Cosmos DB's REST API answers 404 NotFound: exactly that answer to exactly a point read becomes the documented 404.
/// 2. It does not answer the SDK's query-plan request (header x-ms-cosmos-is-query-plan-request), which the SDK
///    sends when a single-partition ORDER BY query resumes from a continuation token: the shim answers with a
///    pass-through plan (the whole key range, no client-side rewriting), so the server itself runs the query,
///    already filtered to one partition in its SQL text. Real Cosmos DB returns a full plan; results are the same
///    for a query that stays in one partition, which is the only kind the app runs.
/// It reaches the client the app builds through dependency injection, never through production code: see <see cref="CosmosServerShimHandlers"/>.
/// </summary>
public sealed partial class CosmosServerShim(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public const string MissingItemSignature = "Cannot read properties of undefined";

    public const string PassThroughQueryPlan = """
        {"partitionedQueryExecutionInfoVersion":2,"queryInfo":{"distinctType":"None","orderBy":[],"orderByExpressions":[],"groupByExpressions":[],"groupByAliases":[],"aggregates":[],"groupByAliasToAggregateType":{},"rewrittenQuery":"","hasSelectValue":false,"hasNonStreamingOrderBy":false},"queryRanges":[{"min":"","max":"FF","isMinInclusive":true,"isMaxInclusive":false}]}
        """;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValues("x-ms-cosmos-is-query-plan-request", out var values) && values.Contains("True", StringComparer.OrdinalIgnoreCase))
        {
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent(PassThroughQueryPlan, System.Text.Encoding.UTF8, "application/json"),
                Headers = { { "x-ms-request-charge", "0" }, { "x-ms-activity-id", Guid.NewGuid().ToString() } },
            };
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method != HttpMethod.Get || response.StatusCode != HttpStatusCode.InternalServerError
            || request.RequestUri is null || !PointRead().IsMatch(request.RequestUri.AbsolutePath))
        {
            return response;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!body.Contains(MissingItemSignature, StringComparison.Ordinal))
        {
            // Not the known gap: keep the server's answer (the content was buffered, so it is still readable).
            return response;
        }

        var notFound = new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            RequestMessage = request,
            Content = new StringContent("""{"code":"NotFound","message":"Entity with the specified id does not exist in the system."}""", System.Text.Encoding.UTF8, "application/json"),
        };
        foreach (var header in response.Headers)
        {
            notFound.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        notFound.Headers.TryAddWithoutValidation("x-ms-substatus", "0");
        response.Dispose();
        return notFound;
    }

    // GET dbs/{db}/colls/{coll}/docs/{id}: a point read of one item.
    [GeneratedRegex("^/dbs/[^/]+/colls/[^/]+/docs/[^/]+/?$")]
    private static partial Regex PointRead();
}
