using Consultations.Infrastructure.Hosting;
using Consultations.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Consultations.Cli;

/// <summary>
/// Builds the commands' hosts with the same configuration sources and storage wiring as the web app, after the
/// caller's <paramref name="configure"/> step (see <see cref="Program.Run"/>).
/// </summary>
internal sealed class StoreHost(Action<IHostApplicationBuilder>? configure)
{
    /// <summary>
    /// Data folder: --data-dir, else Storage:Sqlite:DataDirectory from configuration (environment variables),
    /// else the web app's App_Data when run from the repository root, so the CLI and `dotnet run` share one database.
    /// Returns the started host and the absolute folder it uses.
    /// </summary>
    public async Task<(IHost Host, string DataDirectory)> StartAsync(string? dataDirectory, CancellationToken cancellationToken)
    {
        var builder = CreateBuilder();
        var absolute = ResolveDataDirectory(builder, dataDirectory);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Sqlite:DataDirectory"] = absolute });
        return (await BuildAndInitializeAsync(builder, cancellationToken), absolute);
    }

    /// <summary>
    /// A host on <paramref name="provider"/> whatever Storage:Provider says, or on the configured store when it is null; the
    /// other settings come from configuration, the SQLite folder as in <see cref="StartAsync(string?, CancellationToken)"/>.
    /// A <paramref name="source"/> is only read: its SQLite file must exist and its Cosmos DB database is verified, never created.
    /// Returns the started host and a description of where it points.
    /// </summary>
    public async Task<(IHost Host, string Location)> StartAsync(StorageProvider? provider, string? dataDirectory, bool source, CancellationToken cancellationToken, Action<HostApplicationBuilder>? register = null)
    {
        var builder = CreateBuilder();
        var overrides = new Dictionary<string, string?>();
        if (provider is { } chosen)
        {
            overrides["Storage:Provider"] = chosen.ToString();
        }

        var effective = provider ?? builder.Configuration.GetSection(StorageOptions.SectionName).GetValue<StorageProvider>(nameof(StorageOptions.Provider));
        if (effective == StorageProvider.Sqlite)
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
        var host = await BuildAndInitializeAsync(builder, cancellationToken, register);
        var options = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var location = options.Provider == StorageProvider.Sqlite
            ? $"SQLite {Path.Combine(options.Sqlite.ResolveDataDirectory(builder.Environment.ContentRootPath), options.Sqlite.FileName)}"
            : $"Cosmos DB {options.Cosmos.AccountEndpoint} database '{options.Cosmos.DatabaseName}'";
        return (host, location);
    }

    /// <summary>A host (not started) with Azure AI Language registered when its settings say so, for commands that need no store.</summary>
    public IHost BuildAnalysisHost()
    {
        var builder = CreateBuilder();
        builder.AddAzureLanguage();
        return builder.Build();
    }

    private HostApplicationBuilder CreateBuilder()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = Directory.GetCurrentDirectory(),
            EnvironmentName = Environments.Production,
        });

        // Before the commands' own settings and registrations: they override its configuration and use its services.
        configure?.Invoke(builder);
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

    private static async Task<IHost> BuildAndInitializeAsync(HostApplicationBuilder builder, CancellationToken cancellationToken, Action<HostApplicationBuilder>? register = null)
    {
        builder.AddConsultationsStorage();
        register?.Invoke(builder);
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
