using Consultations.Web.Hosting;
using Consultations.Web.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Consultations.Cli;

/// <summary>Builds a host with the same storage wiring and configuration sources as the web app.</summary>
internal static class StoreHost
{
    /// <summary>
    /// Data folder: --data-dir, else Storage:Sqlite:DataDirectory from configuration (environment variables),
    /// else the web app's App_Data when run from the repository root, so the CLI and `dotnet run` share one database.
    /// Returns the started host and the absolute folder it uses.
    /// </summary>
    public static async Task<(IHost Host, string DataDirectory)> StartAsync(string? dataDirectory, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = Directory.GetCurrentDirectory(),
            EnvironmentName = Environments.Production,
        });
        var folder = !string.IsNullOrWhiteSpace(dataDirectory) ? dataDirectory
            : builder.Configuration["Storage:Sqlite:DataDirectory"] is { Length: > 0 } configured ? configured
            : Directory.Exists(Path.Combine("src", "Consultations.Web")) ? Path.Combine("src", "Consultations.Web", "App_Data")
            : "App_Data";
        var absolute = new SqliteStorageOptions { DataDirectory = folder }.ResolveDataDirectory(builder.Environment.ContentRootPath);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:DataDirectory"] = absolute,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddConsultationsStorage();
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

        return (host, absolute);
    }
}
