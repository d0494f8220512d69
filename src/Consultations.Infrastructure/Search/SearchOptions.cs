using Consultations.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace Consultations.Infrastructure.Search;

/// <summary>Where the search index lives and how quickly changes show (section "Search").</summary>
public sealed class SearchOptions
{
    public const string SectionName = "Search";

    /// <summary>Name of the index folder inside the data folder when <see cref="IndexPath"/> is not set.</summary>
    public const string DefaultFolderName = "search-index";

    /// <summary>
    /// Folder of the index; relative paths are resolved against the content root. Empty: <see cref="DefaultFolderName"/>
    /// in the data folder beside the SQLite file. On App Service give a local path: the shared /home share is a poor place
    /// for index files and their locks. One app instance per folder.
    /// </summary>
    public string? IndexPath { get; set; }

    /// <summary>How soon a change is searchable: the searcher is reopened at this interval when something changed.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often changes are committed to disk; what a crash loses since then the next rebuild or catch-up restores.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The index folder as an absolute path.</summary>
    public string ResolveIndexPath(string contentRootPath, SqliteStorageOptions sqlite)
    {
        ArgumentNullException.ThrowIfNull(contentRootPath);
        ArgumentNullException.ThrowIfNull(sqlite);
        return string.IsNullOrWhiteSpace(IndexPath)
            ? Path.Combine(sqlite.ResolveDataDirectory(contentRootPath), DefaultFolderName)
            : Path.GetFullPath(Path.Combine(contentRootPath, IndexPath));
    }
}

internal sealed class SearchOptionsValidator : IValidateOptions<SearchOptions>
{
    public ValidateOptionsResult Validate(string? name, SearchOptions options)
    {
        var failures = new List<string>();
        if (options.IndexPath is { } path && (path.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || path.Contains('\0', StringComparison.Ordinal)))
        {
            failures.Add($"Search:IndexPath must be a folder path (was '{path}').");
        }

        if (options.RefreshInterval < TimeSpan.FromMilliseconds(10) || options.RefreshInterval > TimeSpan.FromSeconds(5))
        {
            failures.Add("Search:RefreshInterval must be between 00:00:00.010 and 00:00:05: changes must be searchable within seconds.");
        }

        if (options.CommitInterval < TimeSpan.FromSeconds(1) || options.CommitInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add("Search:CommitInterval must be between 00:00:01 and 00:10:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
