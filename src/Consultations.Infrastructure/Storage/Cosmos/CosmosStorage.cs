using System.Diagnostics.Metrics;
using System.Net;
using Azure.Identity;
using Consultations.Core.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace Consultations.Infrastructure.Storage.Cosmos;

/// <summary>The app's Cosmos DB database: its client, containers and the start-up check that they exist as designed.</summary>
public sealed partial class CosmosStorage(CosmosClient client, CosmosStorageOptions options, CosmosRequestObserver observer, ILogger<CosmosStorage> logger)
{
    public CosmosClient Client => client;

    public string DatabaseName => options.DatabaseName;

    public Container Container(string name) => client.GetContainer(options.DatabaseName, name);

    internal CosmosDocuments Documents(string containerName, string documentType, string type) =>
        new(Container(containerName), documentType, type, observer);

    /// <summary>
    /// Creates the database and containers when <paramref name="create"/> (development), otherwise verifies they exist
    /// with the expected partition keys. Failures become one clear message naming the setting or role to fix.
    /// </summary>
    public async Task InitializeAsync(bool create, CancellationToken cancellationToken = default)
    {
        try
        {
            if (create)
            {
                // No throughput is set: serverless accounts need none; provisioned ones give each container its own minimum.
                var database = (await client.CreateDatabaseIfNotExistsAsync(options.DatabaseName, cancellationToken: cancellationToken)).Database;
                foreach (var definition in CosmosContainers.CreateDefinitions())
                {
                    try
                    {
                        await database.CreateContainerIfNotExistsAsync(definition, cancellationToken: cancellationToken);
                    }
                    catch (ArgumentException)
                    {
                        // The SDK refuses an existing container with another partition key; the check below says which and what to do.
                    }
                }
            }

            foreach (var definition in CosmosContainers.CreateDefinitions())
            {
                var existing = (await Container(definition.Id).ReadContainerAsync(cancellationToken: cancellationToken)).Resource;
                if (existing.PartitionKeyPath != definition.PartitionKeyPath)
                {
                    throw new InvalidOperationException(
                        $"Cosmos DB container '{definition.Id}' is partitioned by '{existing.PartitionKeyPath}', but this app needs '{definition.PartitionKeyPath}'. Recreate it from infra/ (see docs/cosmos.md).");
                }
            }
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException(
                $"Cosmos DB database '{options.DatabaseName}' or one of its containers ({string.Join(", ", CosmosContainers.CreateDefinitions().Select(d => d.Id))}) does not exist at {client.Endpoint}. Deploy infra/ (azd up) or, for a local emulator, set Storage:Cosmos:CreateIfMissing=true.", ex);
        }
        catch (CosmosException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new InvalidOperationException(
                $"Cosmos DB at {client.Endpoint} refused the app ({(int)ex.StatusCode}). Grant the app's identity the 'Cosmos DB Built-in Data Contributor' role on the account (creating databases needs the control plane: deploy infra/ instead of CreateIfMissing), or check Storage:Cosmos:AccountKey for an emulator.", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or CosmosException or Azure.Identity.AuthenticationFailedException or CredentialUnavailableException)
        {
            throw new InvalidOperationException(
                $"Cannot reach Cosmos DB at {client.Endpoint}: {ex.Message} Check Storage:Cosmos:AccountEndpoint and that the app can sign in (managed identity or 'az login').", ex);
        }

        LogReady(client.Endpoint, options.DatabaseName, create);
    }

    /// <summary>Builds the client the way the app uses it, sending through the handlers <paramref name="handlers"/> makes for these options.</summary>
    public static CosmosClient CreateClient(CosmosStorageOptions options, ICosmosHttpHandlerFactory handlers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handlers);
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "consultations",
            UseSystemTextJsonSerializerWithOptions = DocumentJson.Options,
            ConnectionMode = options.Emulator ? ConnectionMode.Gateway : ConnectionMode.Direct,
            LimitToEndpoint = options.Emulator,
            MaxRetryAttemptsOnRateLimitedRequests = options.MaxRetryAttemptsOnRateLimitedRequests,
            MaxRetryWaitTimeOnRateLimitedRequests = options.MaxRetryWaitTimeOnRateLimitedRequests,
            RequestTimeout = options.RequestTimeout,
            EnableContentResponseOnWrite = false,
        };
        if (handlers.HandlersFor(options) is { } newHandler)
        {
            clientOptions.HttpClientFactory = () => new HttpClient(newHandler());
        }

        var endpoint = options.AccountEndpoint ?? throw new InvalidOperationException("Storage:Cosmos:AccountEndpoint is not set.");
        return string.IsNullOrEmpty(options.AccountKey)
            ? new CosmosClient(endpoint, new DefaultAzureCredential(), clientOptions)
            : new CosmosClient(endpoint, options.AccountKey, clientOptions);
    }

    public static CosmosRequestObserver CreateObserver(IMeterFactory meters, CosmosStorageOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        return new CosmosRequestObserver(meters.Create(CosmosRequestObserver.MeterName), logger, options.SlowRequestThreshold);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cosmos DB ready at {Endpoint}, database {Database} (containers created when missing: {Create})")]
    private partial void LogReady(Uri endpoint, string database, bool create);
}
