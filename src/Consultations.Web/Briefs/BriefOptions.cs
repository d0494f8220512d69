using Microsoft.Extensions.Options;

namespace Consultations.Web.Briefs;

/// <summary>Where administrators keep the brandable brief template and its assets (section "Briefs").</summary>
public sealed class BriefOptions
{
    public const string SectionName = "Briefs";

    /// <summary>The folder name used beside the SQLite data when <see cref="TemplatesPath"/> is not set.</summary>
    public const string DefaultFolderName = "brief-templates";

    /// <summary>
    /// Folder holding brief.cshtml (and its _ViewImports, partials and /brief-assets files); relative paths are
    /// resolved against the content root; unset means "&lt;SQLite data directory&gt;/brief-templates".
    /// </summary>
    public string? TemplatesPath { get; set; }

    /// <summary>How long the generate request waits for a draft before it shows the progress page instead.</summary>
    public TimeSpan GenerationWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The templates folder as an absolute path; it need not exist (no custom template is a normal state).</summary>
    public string ResolveTemplatesDirectory(string contentRootPath, string dataDirectory) =>
        string.IsNullOrEmpty(TemplatesPath)
            ? Path.GetFullPath(Path.Combine(dataDirectory, DefaultFolderName))
            : Path.GetFullPath(Path.IsPathRooted(TemplatesPath) ? TemplatesPath : Path.Combine(contentRootPath, TemplatesPath));
}

internal sealed class BriefOptionsValidator : IValidateOptions<BriefOptions>
{
    // Wildcards are legal on Linux but not on Windows; refusing them keeps one configuration valid on both.
    private static readonly char[] Wildcards = ['*', '?'];

    public ValidateOptionsResult Validate(string? name, BriefOptions options)
    {
        if (options.GenerationWait < TimeSpan.Zero || options.GenerationWait > TimeSpan.FromSeconds(30))
        {
            return ValidateOptionsResult.Fail($"Briefs:GenerationWait must be between 00:00:00 and 00:00:30 (was {options.GenerationWait}): longer waits risk request time-outs, which the progress page exists to avoid.");
        }

        var path = options.TemplatesPath;
        if (string.IsNullOrEmpty(path))
        {
            return ValidateOptionsResult.Success;
        }

        if (string.IsNullOrWhiteSpace(path) || path.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || path.IndexOfAny(Wildcards) >= 0)
        {
            return ValidateOptionsResult.Fail($"Briefs:TemplatesPath must be a folder path without wildcards or invalid characters (was '{Printable(path)}'). Leave it unset to use '<data directory>/{BriefOptions.DefaultFolderName}'.");
        }

        try
        {
            _ = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return ValidateOptionsResult.Fail($"Briefs:TemplatesPath is not a usable folder path ('{Printable(path)}'): {ex.Message}");
        }

        return ValidateOptionsResult.Success;
    }

    // A NUL or control character would otherwise vanish from the start-up error and hide the problem.
    private static string Printable(string value) =>
        string.Concat(value.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
