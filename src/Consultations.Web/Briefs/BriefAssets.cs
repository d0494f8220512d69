using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace Consultations.Web.Briefs;

/// <summary>
/// Serves the images and stylesheets a custom template links as /brief-assets/&lt;file&gt;: plain file names in the
/// templates folder with an allowed extension, nothing else (no templates, no sub-folders, no listing).
/// </summary>
public static partial class BriefAssets
{
    public const string RoutePrefix = "/brief-assets";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".css"] = "text/css; charset=utf-8",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".svg"] = "image/svg+xml",
        [".webp"] = "image/webp",
    };

    /// <summary>The extensions served, e.g. for an admin page to list.</summary>
    public static IReadOnlyCollection<string> Extensions => ContentTypes.Keys;

    /// <summary>The file to send for a requested name, or false when the name is not an allowed asset that exists.</summary>
    public static bool TryResolve(string templatesDirectory, string? file, out string physicalPath, out string contentType)
    {
        ArgumentNullException.ThrowIfNull(templatesDirectory);
        physicalPath = string.Empty;
        contentType = string.Empty;

        // One safe segment only: no separators, no dot-segments, no hidden files, nothing encoded left over.
        if (string.IsNullOrEmpty(file) || !SafeName().IsMatch(file) || !ContentTypes.TryGetValue(Path.GetExtension(file), out var type))
        {
            return false;
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(templatesDirectory));
        var full = Path.GetFullPath(Path.Combine(root, file));
        if (!string.Equals(Path.GetDirectoryName(full), root, StringComparison.Ordinal) || !File.Exists(full))
        {
            return false;
        }

        physicalPath = full;
        contentType = type;
        return true;
    }

    internal static IResult Serve(string file, BriefTemplateFileProvider files, HttpContext context)
    {
        if (!TryResolve(files.Directory, file, out var path, out var contentType))
        {
            return TypedResults.NotFound();
        }

        var info = new FileInfo(path);
        var tag = new EntityTagHeaderValue($"\"{info.LastWriteTimeUtc.Ticks:x}-{info.Length:x}\"");

        // Branding changes rarely but must show when it does: cache, but ask again every time (cheap 304s).
        context.Response.Headers.CacheControl = "private, no-cache";
        return TypedResults.PhysicalFile(path, contentType, lastModified: info.LastWriteTimeUtc, entityTag: tag);
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeName();
}
