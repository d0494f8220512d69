using System.CommandLine;
using Consultations.Infrastructure.Storage;

namespace Consultations.Cli;

/// <summary>The --store and --data-dir options that the commands reading or writing one store share, and what --store means.</summary>
internal static class StoreOptions
{
    public static Option<string?> Store(string verb)
    {
        var store = new Option<string?>("--store")
        {
            Description = $"Store to {verb} (default: Storage:Provider, which is SQLite unless configured). Cosmos DB settings come from configuration (Storage__Cosmos__AccountEndpoint, ...).",
        };
        store.AcceptOnlyFromAmong("sqlite", "cosmos");
        return store;
    }

    public static Option<string?> DataDirectory(string what = "Folder of the SQLite database") => new("--data-dir")
    {
        HelpName = "folder",
        Description = $"{what} (default: Storage:Sqlite:DataDirectory, else the web app's App_Data when run from the repository root).",
    };

    public static StorageProvider? Provider(string? store) => store switch
    {
        "cosmos" => StorageProvider.Cosmos,
        "sqlite" => StorageProvider.Sqlite,
        _ => null,
    };
}
