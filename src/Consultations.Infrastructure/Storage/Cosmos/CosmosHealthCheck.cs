using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Consultations.Infrastructure.Storage.Cosmos;

/// <summary>Healthy when Cosmos DB answers a point read (a 1 RU miss; metadata reads are rate-limited separately and are avoided).</summary>
internal sealed class CosmosHealthCheck(CosmosStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await storage.Container(CosmosContainers.Programmes)
                .ReadItemStreamAsync("health-probe", new PartitionKey("_health"), cancellationToken: cancellationToken);
            return response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.NotFound
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Cosmos DB answered {(int)response.StatusCode}.");
        }
        catch (Exception ex) when (ex is CosmosException or HttpRequestException)
        {
            return HealthCheckResult.Unhealthy("Cosmos DB did not answer.", ex);
        }
    }
}
