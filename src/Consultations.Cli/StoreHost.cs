using Consultations.Infrastructure.Hosting;
using Consultations.Infrastructure.Storage;
using Consultations.Infrastructure.Storage.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Consultations.Cli;

/// <summary>Test-only settings for the hosts <see cref="StoreHost"/> builds: extra configuration and a shim in the Cosmos DB client's HTTP pipeline.</summary>
internal sealed record StoreHostTestHooks(IReadOnlyDictionary<string, string?> Configuration, Func<HttpMessageHandler, HttpMessageHandler>? WrapCosmosHandler);

/// <summary>Builds a host with the same storage wiring and configuration sources as the web app.</summary>
internal static class StoreHost
{
    // Async-local so that tests running in parallel each see only their own hooks.
    private static readonly AsyncLocal<StoreHostTestHooks?> Hooks = new();

    /// <summary>For tests: applies to every host built later in the same async flow.</summary>
    internal static StoreHostTestHooks? TestHooks
    {
        get => Hooks.Value;
        set => Hooks.Value = value;
    }

    /// <summary>
    /// Data folder: --data-dir, else Storage:Sqlite:DataDirectory from configuration (environment variables),
    /// else the web app's App_Data when run from the repository root, so the CLI and `dotnet run` share one database.
    /// Returns the started host and the absolute folder it uses.
    /// </summary>
    public static async Task<(IHost Host, string DataDirectory)> StartAsync(string? dataDirectory, CancellationToken cancellationToken)
    {
        var builder = CreateBuilder();
        var absolute = ResolveDataDirectory(builder, dataDirectory);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Sqlite:DataDirectory"] = absolute });
        return (await BuildAndInitializeAsync(builder, cancellationToken), absolute);
    }

    /// <summary>
    /// A host on <paramref name="provider"/> whatever Storage:Provider says; the other settings come from configuration,
    /// the SQLite folder as in <see cref="StartAsync(string?, CancellationToken)"/>. A <paramref name="source"/> is only
    /// read: its SQLite file must exist and its Cosmos DB database is verified, never created.
    /// Returns the started host and a description of where it points.
    /// </summary>
    public static async Task<(IHost Host, string Location)> StartAsync(StorageProvider provider, string? dataDirectory, bool source, CancellationToken cancellationToken)
    {
        var builder = CreateBuilder();
        var overrides = new Dictionary<string, string?> { ["Storage:Provider"] = provider.ToString() };
        if (provider == StorageProvider.Sqlite)
        {
            var absolute = ResolveDataDirectory(builder, dataDirectory);
            overrides["Storage:Sqlite:DataDirectory"] = absolute;
            var file = Path.Combine(absolute, builder.Configuration["Storage:Sqlite:FileName"] is { Length: > 0 } name ? name : new SqliteStorageOptions().FileName);
            if (source && !File.Exists(file))
            {
                // Opening it would create an empty database, and the copy would then only say the programme is missing.
                throw new InvalidOperationException($"There is no SQLite database at {file}. Pass --data-dir or set Storage:Sqlite:DataDirectory to the folder that holds it.");
            }
        }
        else if (source)
        {
            overrides["Storage:Cosmos:CreateIfMissing"] = "false";
        }

        builder.Configuration.AddInMemoryCollection(overrides);
        var host = await BuildAndInitializeAsync(builder, cancellationToken);
        var options = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var location = provider == StorageProvider.Sqlite
            ? $"SQLite {Path.Combine(options.Sqlite.ResolveDataDirectory(builder.Environment.ContentRootPath), options.Sqlite.FileName)}"
            : $"Cosmos DB {options.Cosmos.AccountEndpoint} database '{options.Cosmos.DatabaseName}'";
        return (host, location);
    }

    /// <summary>The configuration the web app would see (appsettings.json, environment variables), for commands that need settings but no store.</summary>
    public static IConfiguration LoadConfiguration() => CreateBuilder().Configuration;

    private static HostApplicationBuilder CreateBuilder()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = Directory.GetCurrentDirectory(),
            EnvironmentName = Environments.Production,
        });
        if (TestHooks is { } hooks)
        {
            builder.Configuration.AddInMemoryCollection(hooks.Configuration);
        }

        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        return builder;
    }

    private static string ResolveDataDirectory(HostApplicationBuilder builder, string? dataDirectory)
    {
        var folder = !string.IsNullOrWhiteSpace(dataDirectory) ? dataDirectory
            : builder.Configuration["Storage:Sqlite:DataDirectory"] is { Length: > 0 } configured ? configured
            : Directory.Exists(Path.Combine("src", "Consultations.Web")) ? Path.Combine("src", "Consultations.Web", "App_Data")
            : "App_Data";
        return new SqliteStorageOptions { DataDirectory = folder }.ResolveDataDirectory(builder.Environment.ContentRootPath);
    }

    private static async Task<IHost> BuildAndInitializeAsync(HostApplicationBuilder builder, CancellationToken cancellationToken)
    {
        builder.AddConsultationsStorage();
        if (TestHooks?.WrapCosmosHandler is { } wrap)
        {
            // Registered after the app's own client, so this one is resolved instead.
            builder.Services.AddSingleton(sp => CosmosStorage.CreateClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Cosmos, wrap));
        }

        var host = builder.Build();
        try
        {
            await host.InitializeConsultationsStorageAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }
}
