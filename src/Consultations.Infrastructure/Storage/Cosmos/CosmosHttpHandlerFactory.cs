namespace Consultations.Infrastructure.Storage.Cosmos;

/// <summary>
/// Where the Cosmos DB client's HTTP handlers come from. Resolved from dependency injection, so a host can put a
/// handler of its own into the client's pipeline by registering another implementation (the tests do, for their server).
/// </summary>
public interface ICosmosHttpHandlerFactory
{
    /// <summary>
    /// For a client with these options: a function the SDK calls for each <see cref="HttpClient"/> it needs, returning
    /// a fresh handler, or null to let the SDK build its own.
    /// </summary>
    Func<HttpMessageHandler>? HandlersFor(CosmosStorageOptions options);
}

/// <summary>The app's handlers: the SDK's own, except for a local emulator, whose self-signed certificate is accepted.</summary>
public sealed class CosmosHttpHandlerFactory : ICosmosHttpHandlerFactory
{
    public Func<HttpMessageHandler>? HandlersFor(CosmosStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Emulator ? EmulatorHandler : null;
    }

    // Validation allows the emulator only for a loopback endpoint: its certificate is self-signed.
    private static HttpClientHandler EmulatorHandler() =>
        new() { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
}
