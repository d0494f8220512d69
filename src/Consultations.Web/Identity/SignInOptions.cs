using Microsoft.Extensions.Options;

namespace Consultations.Web.Identity;

/// <summary>The signed-in session (section "SignIn"); applies to Entra ID and to the development sign-in alike.</summary>
public sealed class SignInOptions
{
    public const string SectionName = "SignIn";

    /// <summary>How long a session lasts without activity (with sliding expiration) or at all (without).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Whether activity in the second half of the lifetime renews the session.</summary>
    public bool SlidingExpiration { get; set; } = true;

    /// <summary>How recent the last sign-in must be for sensitive actions (the <see cref="Policies.RecentSignIn"/> policy).</summary>
    public TimeSpan RecentSignInWindow { get; set; } = TimeSpan.FromMinutes(15);
}

public sealed class SignInOptionsValidator : IValidateOptions<SignInOptions>
{
    private static readonly TimeSpan MinimumSession = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaximumSession = TimeSpan.FromHours(24);

    public ValidateOptionsResult Validate(string? name, SignInOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SessionLifetime < MinimumSession || options.SessionLifetime > MaximumSession)
        {
            failures.Add($"SignIn:SessionLifetime must be between 00:05:00 and 1.00:00:00 (it is {options.SessionLifetime}); the default is 08:00:00.");
        }

        if (options.RecentSignInWindow < TimeSpan.FromMinutes(1) || options.RecentSignInWindow > options.SessionLifetime)
        {
            failures.Add($"SignIn:RecentSignInWindow must be at least 00:01:00 and no longer than SignIn:SessionLifetime (it is {options.RecentSignInWindow}); the default is 00:15:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
