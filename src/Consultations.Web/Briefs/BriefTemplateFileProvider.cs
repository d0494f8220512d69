using System.Collections.Concurrent;
using System.Security.Cryptography;
using Consultations.Infrastructure.Storage;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Consultations.Web.Briefs;

/// <summary>The bytes of brief.cshtml read for one render, and the content-addressed view path they compile under.</summary>
/// <param name="Hash">Hex prefix of SHA-256 over brief.cshtml and the folder's _ViewImports.cshtml.</param>
/// <param name="ViewPath">What the view engine is asked for, e.g. /brief-templates/brief.0123abcd4567ef89.cshtml.</param>
/// <param name="FilePath">The brief.cshtml it was read from.</param>
public sealed record BriefTemplateSnapshot(string Hash, string ViewPath, string FilePath);

/// <summary>
/// The only file provider the Razor runtime compiler sees: the administrators' templates folder under
/// <see cref="VirtualRoot"/>. brief.cshtml is exposed under a path that names a hash of its bytes, so an edit is a
/// new path (a fresh compile on the very next render, no file watcher involved); other files map straight through.
/// </summary>
public sealed class BriefTemplateFileProvider : IFileProvider
{
    public const string VirtualRoot = "/brief-templates";

    public const string TemplateFileName = "brief.cshtml";

    private const string ImportsFileName = "_ViewImports.cshtml";

    // A template is a page of markup; anything bigger is a mistake, not a template.
    private const int MaxTemplateBytes = 1024 * 1024;

    // Snapshots are only needed until the compiler has read them; a few keep concurrent edits safe.
    private const int KeptSnapshots = 16;

    private readonly ConcurrentDictionary<string, byte[]> _snapshots = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _snapshotOrder = new();

    public BriefTemplateFileProvider(IOptions<BriefOptions> options, IOptions<StorageOptions> storage, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(environment);
        var contentRoot = environment.ContentRootPath;
        var data = storage.Value.Sqlite.ResolveDataDirectory(contentRoot);
        Directory = options.Value.ResolveTemplatesDirectory(contentRoot, data);
        DisplayPath = Describe(Path.Combine(Directory, TemplateFileName), data, contentRoot);
    }

    /// <summary>The templates folder as an absolute path (it may not exist).</summary>
    public string Directory { get; }

    /// <summary>
    /// The template's path as the admin page shows it: relative to the data folder ("&lt;data folder&gt;/brief-templates/brief.cshtml")
    /// or the app folder, so the page does not disclose the server's directory layout; a path outside both is shown by file name.
    /// </summary>
    public string DisplayPath { get; }

    public static string Describe(string path, string dataDirectory, string contentRoot)
    {
        foreach (var (root, label) in new[] { (dataDirectory, "<data folder>"), (contentRoot, "<app folder>") })
        {
            var relative = Path.GetRelativePath(root, path);
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            {
                return $"{label}/{relative.Replace('\\', '/')}";
            }
        }

        return $"<configured folder>/{Path.GetFileName(path)}";
    }

    /// <summary>Where an administrator puts the custom template.</summary>
    public string TemplatePath => Path.Combine(Directory, TemplateFileName);

    /// <summary>Reads brief.cshtml as it is now; null when there is none (the built-in template is used).</summary>
    /// <exception cref="IOException">The file exists but cannot be read, or is too large to be a template.</exception>
    public async Task<BriefTemplateSnapshot?> SnapshotAsync(CancellationToken cancellationToken)
    {
        var template = await ReadIfExistsAsync(TemplatePath, cancellationToken);
        if (template is null)
        {
            return null;
        }

        // Imports compile into the template, so an edit to them must also give a new path.
        var imports = await ReadIfExistsAsync(Path.Combine(Directory, ImportsFileName), cancellationToken) ?? [];
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(BitConverter.GetBytes(template.Length));
        sha.AppendData(template);
        sha.AppendData(imports);
        var hash = Convert.ToHexStringLower(sha.GetHashAndReset())[..16];

        var name = $"brief.{hash}.cshtml";
        if (_snapshots.TryAdd(name, template))
        {
            _snapshotOrder.Enqueue(name);
            while (_snapshotOrder.Count > KeptSnapshots && _snapshotOrder.TryDequeue(out var old))
            {
                _snapshots.TryRemove(old, out _);
            }
        }

        return new BriefTemplateSnapshot(hash, $"{VirtualRoot}/{name}", TemplatePath);
    }

    public IFileInfo GetFileInfo(string subpath)
    {
        var relative = Relative(subpath);
        if (relative is null)
        {
            return new NotFoundFileInfo(subpath);
        }

        if (_snapshots.TryGetValue(relative, out var bytes))
        {
            return new SnapshotFileInfo(relative, bytes);
        }

        var physical = Physical(relative);
        return physical is not null && File.Exists(physical) ? new PhysicalFileInfo(new FileInfo(physical)) : new NotFoundFileInfo(relative);
    }

    // Listing is never needed to compile a known path, and without it no page can be discovered in this folder.
    public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

    public IChangeToken Watch(string filter)
    {
        var relative = Relative(filter);
        if (relative is null || relative.Contains('*', StringComparison.Ordinal) || _snapshots.ContainsKey(relative) || IsSnapshotName(relative))
        {
            return NullChangeToken.Singleton;
        }

        // Partials and _ViewStart are compiled once and cached; polling lets an edit to them show within seconds.
        var physical = Physical(relative);
        return physical is null ? NullChangeToken.Singleton : new PollingFileChangeToken(new FileInfo(physical));
    }

    /// <summary>The path below <see cref="VirtualRoot"/> ("brief.x.cshtml", "partials/_logo.cshtml"), or null when outside or unsafe.</summary>
    private static string? Relative(string? subpath)
    {
        if (string.IsNullOrEmpty(subpath))
        {
            return null;
        }

        var path = subpath.Replace('\\', '/').TrimStart('~');
        if (!path.StartsWith(VirtualRoot + "/", StringComparison.Ordinal))
        {
            return null;
        }

        var relative = path[(VirtualRoot.Length + 1)..];
        var segments = relative.Split('/');
        return segments.Any(s => s.Length == 0 || s is "." or "..") ? null : relative;
    }

    private static bool IsSnapshotName(string relative) =>
        relative.StartsWith("brief.", StringComparison.Ordinal) && relative.EndsWith(".cshtml", StringComparison.Ordinal) && relative.Length == "brief.".Length + 16 + ".cshtml".Length;

    private string? Physical(string relative)
    {
        var root = Path.TrimEndingDirectorySeparator(Directory) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, relative));
        return full.StartsWith(root, StringComparison.Ordinal) ? full : null;
    }

    private static async Task<byte[]?> ReadIfExistsAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return null;
        }

        if (file.Length > MaxTemplateBytes)
        {
            throw new IOException($"{file.Name} is {file.Length:N0} bytes; a brief template may be at most {MaxTemplateBytes:N0}.");
        }

        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            // Deleted between the check and the read: the same as never there.
            return null;
        }
    }

    /// <summary>The exact bytes hashed for a render, so the compiled view always matches its path.</summary>
    private sealed class SnapshotFileInfo(string name, byte[] bytes) : IFileInfo
    {
        public bool Exists => true;

        public long Length => bytes.Length;

        public string? PhysicalPath => null;

        public string Name => name;

        public DateTimeOffset LastModified { get; } = DateTimeOffset.UtcNow;

        public bool IsDirectory => false;

        public Stream CreateReadStream() => new MemoryStream(bytes, writable: false);
    }
}
