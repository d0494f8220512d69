using Microsoft.Extensions.Options;

namespace Consultations.Web.Storage;

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
            failures.Add("Storage:Provider=Cosmos is not available in this version yet; use Sqlite (the default).");
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
}
