using Consultations.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Consultations.Cli;

/// <summary>Builds a host with the same storage wiring and configuration sources as the web app.</summary>
internal static class StoreHost
{
    /// <summary>
    /// Data folder: --data-dir, else Storage:Sqlite:DataDirectory from the environment, else the web app's
    /// App_Data when run from the repository root (so the CLI and `dotnet run` share one database).
    /// </summary>
    public static string ResolveDataDirectory(string? dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(dataDirectory))
        {
            return Path.GetFullPath(dataDirectory);
        }

        var configured = Environment.GetEnvironmentVariable("Storage__Sqlite__DataDirectory");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var webProject = Path.Combine(Directory.GetCurrentDirectory(), "src", "Consultations.Web");
        return Directory.Exists(webProject) ? Path.Combine(webProject, "App_Data") : Path.GetFullPath("App_Data");
    }

    public static async Task<IHost> StartAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = Directory.GetCurrentDirectory(),
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:DataDirectory"] = dataDirectory,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddConsultationsStorage();
        var host = builder.Build();
        await host.InitializeConsultationsStorageAsync(cancellationToken);
        return host;
    }
}
