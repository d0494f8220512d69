using Microsoft.Extensions.Options;

namespace Consultations.Web.Security;

/// <summary>Request limits (section "Security"): rates per minute and the largest request body.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Sign-in attempts per client address per minute.</summary>
    public int SignInPerMinute { get; set; } = 10;

    /// <summary>Live attribution checks per user per minute (the note form asks about once a second while typing).</summary>
    public int GuardChecksPerMinute { get; set; } = 120;

    /// <summary>Downloads and printable views (briefs, comparison spreadsheets) per user per minute.</summary>
    public int ExportsPerMinute { get; set; } = 20;

    /// <summary>Largest request body in bytes: a brief (200,000 characters) or a register import fits with room to spare.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;
}

internal sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var errors = new List<string>();
        if (options.SignInPerMinute < 1 || options.GuardChecksPerMinute < 1 || options.ExportsPerMinute < 1)
        {
            errors.Add("Security:SignInPerMinute, GuardChecksPerMinute and ExportsPerMinute must each be at least 1.");
        }

        if (options.MaxRequestBodyBytes < 64 * 1024)
        {
            errors.Add("Security:MaxRequestBodyBytes must be at least 65536 (64 KB): smaller would refuse ordinary notes.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
