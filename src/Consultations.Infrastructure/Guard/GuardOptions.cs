using Consultations.Core.Guard;
using Microsoft.Extensions.Options;

namespace Consultations.Infrastructure.Guard;

/// <summary>The attribution guard's secret (section "Guard").</summary>
public sealed class GuardOptions
{
    public const string SectionName = "Guard";

    /// <summary>
    /// Base64 of at least 32 random bytes (e.g. <c>openssl rand -base64 32</c>). Keyed hashes of purged registers are
    /// made with it: keep it secret and never change it, or purged registers stop protecting anyone.
    /// </summary>
    public string? HashKey { get; set; }
}

internal sealed class GuardOptionsValidator(bool isDevelopment) : IValidateOptions<GuardOptions>
{
    public ValidateOptionsResult Validate(string? name, GuardOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.HashKey))
        {
            return isDevelopment
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"Guard:HashKey is required outside Development: the base64 of at least {GuardKey.MinimumBytes} random bytes (e.g. from 'openssl rand -base64 32'), " +
                    "kept secret in a key vault or an environment variable (Guard__HashKey). The attribution guard hashes names with it; never change it once a register has been purged.");
        }

        return GuardKey.TryParse(options.HashKey) is null
            ? ValidateOptionsResult.Fail($"Guard:HashKey must be the base64 of at least {GuardKey.MinimumBytes} random bytes (e.g. from 'openssl rand -base64 32').")
            : ValidateOptionsResult.Success;
    }
}
