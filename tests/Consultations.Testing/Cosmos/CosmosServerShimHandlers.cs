using Consultations.Infrastructure.Storage;
using Consultations.Infrastructure.Storage.Cosmos;

namespace Consultations.Testing.Cosmos;

/// <summary>
/// Test-only: the app's own handlers for the test server with <see cref="CosmosServerShim"/> outermost. Registered as a
/// host's <see cref="ICosmosHttpHandlerFactory"/>, it puts the shim into the Cosmos DB client the app builds;
/// <paramref name="around"/> adds a test's handler between the shim and the network (a recorder, a fault injector).
/// </summary>
public sealed class CosmosServerShimHandlers(Func<HttpMessageHandler, HttpMessageHandler>? around = null) : ICosmosHttpHandlerFactory
{
    public Func<HttpMessageHandler>? HandlersFor(CosmosStorageOptions options)
    {
        var network = new CosmosHttpHandlerFactory().HandlersFor(options) ?? (() => new HttpClientHandler());
        return () => new CosmosServerShim(around is null ? network() : around(network()));
    }
}
