using Consultations.Infrastructure.Hosting;
using Consultations.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Consultations.Cli;

/// <summary>The guard key for the commands that check or mask text as the web app does.</summary>
internal static class GuardKeyFile
{
    /// <summary>
    /// Registers the guard key as the web app has it: Guard:HashKey, else the development key file (guard.key) in the data
    /// folder. Never creates one: a new key would not match the app's. <paramref name="why"/> ends the message when there is none.
    /// </summary>
    public static void Register(HostApplicationBuilder builder, string why)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["Guard:HashKey"]))
        {
            var folder = builder.Configuration["Storage:Sqlite:DataDirectory"] ?? string.Empty;
            var file = Path.Combine(new SqliteStorageOptions { DataDirectory = folder }.ResolveDataDirectory(builder.Environment.ContentRootPath), GuardKeyServiceExtensions.DevelopmentKeyFileName);
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"There is no guard key: set Guard:HashKey (Guard__HashKey) to the web app's key, or run from where the app keeps its development key ({file}). {why}");
            }

            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Guard:HashKey"] = File.ReadAllText(file).Trim() });
        }

        builder.AddConsultationsGuardKey();
    }
}
