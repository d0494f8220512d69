using Microsoft.Extensions.Options;

namespace Consultations.Infrastructure.Storage;

public enum StorageProvider
{
    Sqlite,
    Cosmos,
}

/// <summary>Where the repository keeps its documents (section "Storage").</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    public SqliteStorageOptions Sqlite { get; set; } = new();

    public CosmosStorageOptions Cosmos { get; set; } = new();
}

public sealed class SqliteStorageOptions
{
    /// <summary>Folder for the database file; relative paths are resolved against the content root.</summary>
    public string DataDirectory { get; set; } = "App_Data";

    public string FileName { get; set; } = "consultations.db";

    /// <summary>The data folder as an absolute path.</summary>
    public string ResolveDataDirectory(string contentRootPath) =>
        Path.IsPathRooted(DataDirectory) ? DataDirectory : Path.GetFullPath(Path.Combine(contentRootPath, DataDirectory));
}

/// <summary>Azure Cosmos DB for NoSQL (section "Storage:Cosmos").</summary>
public sealed class CosmosStorageOptions
{
    /// <summary>Account endpoint, e.g. https://myaccount.documents.azure.com:443/.</summary>
    public string? AccountEndpoint { get; set; }

    /// <summary>Account key: only for a local emulator. Azure accounts use Entra ID (DefaultAzureCredential, managed identity).</summary>
    public string? AccountKey { get; set; }

    public string DatabaseName { get; set; } = "consultations";

    /// <summary>Create the database and containers when missing; null means "in Development only". Otherwise they are verified.</summary>
    public bool? CreateIfMissing { get; set; }

    /// <summary>A local emulator on loopback: gateway mode, its self-signed certificate accepted, no region discovery.</summary>
    public bool Emulator { get; set; }

    /// <summary>How often the SDK retries a throttled (429) request before the page reports the store as busy.</summary>
    public int MaxRetryAttemptsOnRateLimitedRequests { get; set; } = 6;

    /// <summary>Total time the SDK may spend waiting on 429 retries for one request.</summary>
    public TimeSpan MaxRetryWaitTimeOnRateLimitedRequests { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Per-request network timeout.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests slower than this are logged with their diagnostics.</summary>
    public TimeSpan SlowRequestThreshold { get; set; } = TimeSpan.FromMilliseconds(500);
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add($"Storage:Provider must be Sqlite or Cosmos (was '{options.Provider}').");
        }

        if (options.Provider == StorageProvider.Cosmos)
        {
            ValidateCosmos(options.Cosmos, failures);
        }

        if (options.Provider == StorageProvider.Sqlite)
        {
            if (string.IsNullOrWhiteSpace(options.Sqlite.DataDirectory))
            {
                failures.Add("Storage:Sqlite:DataDirectory must name a folder for the database file.");
            }

            var fileName = options.Sqlite.FileName;
            if (string.IsNullOrWhiteSpace(fileName) || fileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || fileName.Contains('/', StringComparison.Ordinal))
            {
                failures.Add("Storage:Sqlite:FileName must be a plain file name such as 'consultations.db'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateCosmos(CosmosStorageOptions cosmos, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(cosmos.AccountEndpoint))
        {
            failures.Add("Storage:Cosmos:AccountEndpoint is required when Storage:Provider is Cosmos (e.g. https://myaccount.documents.azure.com:443/).");
        }
        else if (!Uri.TryCreate(cosmos.AccountEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"Storage:Cosmos:AccountEndpoint must be an absolute https URL (was '{cosmos.AccountEndpoint}').");
        }
        else if (cosmos.Emulator && !endpoint.IsLoopback)
        {
            failures.Add("Storage:Cosmos:Emulator accepts the emulator's self-signed certificate, so it is only allowed for a loopback endpoint (localhost or 127.0.0.1).");
        }

        if (!string.IsNullOrEmpty(cosmos.AccountKey))
        {
            if (!cosmos.Emulator)
            {
                failures.Add("Storage:Cosmos:AccountKey is only for a local emulator (with Storage:Cosmos:Emulator=true). Azure accounts sign in with Entra ID: remove the key and grant the app's managed identity the 'Cosmos DB Built-in Data Contributor' role.");
            }
            else if (!IsBase64(cosmos.AccountKey))
            {
                failures.Add("Storage:Cosmos:AccountKey must be the base64 account key.");
            }
        }

        var name = cosmos.DatabaseName;
        if (string.IsNullOrWhiteSpace(name) || name.Length > 255 || name.IndexOfAny(['/', '\\', '#', '?']) >= 0 || name.EndsWith(' '))
        {
            failures.Add("Storage:Cosmos:DatabaseName must be 1-255 characters without '/', '\\', '#' or '?'.");
        }

        if (cosmos.MaxRetryAttemptsOnRateLimitedRequests is < 0 or > 20)
        {
            failures.Add("Storage:Cosmos:MaxRetryAttemptsOnRateLimitedRequests must be between 0 and 20.");
        }

        if (cosmos.MaxRetryWaitTimeOnRateLimitedRequests < TimeSpan.Zero || cosmos.MaxRetryWaitTimeOnRateLimitedRequests > TimeSpan.FromMinutes(2))
        {
            failures.Add("Storage:Cosmos:MaxRetryWaitTimeOnRateLimitedRequests must be between 00:00:00 and 00:02:00.");
        }

        if (cosmos.RequestTimeout <= TimeSpan.Zero || cosmos.RequestTimeout > TimeSpan.FromMinutes(2))
        {
            failures.Add("Storage:Cosmos:RequestTimeout must be more than zero and at most 00:02:00.");
        }
    }

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }
}
