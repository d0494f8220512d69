using Microsoft.Extensions.Options;

namespace Consultations.Web.Importing;

/// <summary>Limits and waits of note imports (section "Import").</summary>
public sealed class ImportOptions
{
    public const string SectionName = "Import";

    /// <summary>Largest file accepted (bytes); a request a little larger than this is refused with the 413 page before it is read.</summary>
    public long MaxFileBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>How long the upload and the import requests wait for the work before showing the progress page instead.</summary>
    public TimeSpan RequestWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Rows per page of the preview.</summary>
    public int PreviewPageSize { get; set; } = 100;

    /// <summary>The request body limit of the upload: the file plus room for the form around it.</summary>
    public long MaxRequestBytes => MaxFileBytes + (256 * 1024);
}

internal sealed class ImportOptionsValidator : IValidateOptions<ImportOptions>
{
    public ValidateOptionsResult Validate(string? name, ImportOptions options)
    {
        var errors = new List<string>();
        if (options.MaxFileBytes is < 64 * 1024 or > 100 * 1024 * 1024)
        {
            errors.Add($"Import:MaxFileBytes must be between 65536 (64 KB) and 104857600 (100 MB) (was {options.MaxFileBytes}): the whole file is held in memory while it is previewed.");
        }

        if (options.RequestWait < TimeSpan.Zero || options.RequestWait > TimeSpan.FromSeconds(30))
        {
            errors.Add($"Import:RequestWait must be between 00:00:00 and 00:00:30 (was {options.RequestWait}): longer waits risk request time-outs, which the progress page exists to avoid.");
        }

        if (options.PreviewPageSize is < 10 or > 1000)
        {
            errors.Add($"Import:PreviewPageSize must be between 10 and 1000 (was {options.PreviewPageSize}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Marks a page that receives an import file: the request body limit there is <see cref="ImportOptions.MaxRequestBytes"/>, not the app's usual one.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AcceptsImportFileAttribute : Attribute
{
}
