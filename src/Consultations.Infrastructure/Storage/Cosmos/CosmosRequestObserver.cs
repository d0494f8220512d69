using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace Consultations.Infrastructure.Storage.Cosmos;

/// <summary>
/// Records every Cosmos DB request's charge (RU) and latency as metrics, and logs the slow ones with their
/// diagnostics, so the RU budget in docs/cosmos.md can be checked against production.
/// </summary>
public sealed partial class CosmosRequestObserver
{
    public const string MeterName = "Consultations.Storage.Cosmos";

    private readonly Histogram<double> _charge;
    private readonly Histogram<double> _duration;
    private readonly ILogger _logger;
    private readonly TimeSpan _slowThreshold;

    public CosmosRequestObserver(Meter meter, ILogger logger, TimeSpan slowThreshold)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _charge = meter.CreateHistogram<double>("consultations.cosmos.request.charge", "RU", "Request units charged per Cosmos DB request.");
        _duration = meter.CreateHistogram<double>("consultations.cosmos.request.duration", "ms", "Client-side latency per Cosmos DB request.");
        _logger = logger;
        _slowThreshold = slowThreshold;
    }

    public void Record(string container, string operation, ResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var elapsed = response.Diagnostics?.GetClientElapsedTime() ?? TimeSpan.Zero;
        var charge = response.Headers.RequestCharge;
        var tags = new TagList
        {
            { "db.cosmosdb.container", container },
            { "db.operation.name", operation },
            { "db.response.status_code", (int)response.StatusCode },
        };
        _charge.Record(charge, tags);
        _duration.Record(elapsed.TotalMilliseconds, tags);
        if (elapsed >= _slowThreshold)
        {
            LogSlowRequest(operation, container, (int)response.StatusCode, elapsed.TotalMilliseconds, charge, response.Diagnostics?.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slow Cosmos DB {Operation} on {Container}: {Status} in {ElapsedMs:N0} ms, {Charge} RU. Diagnostics: {Diagnostics}")]
    private partial void LogSlowRequest(string operation, string container, int status, double elapsedMs, double charge, string? diagnostics);
}
