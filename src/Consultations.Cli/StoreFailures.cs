using Consultations.Core.Storage;
using Microsoft.Extensions.Options;

namespace Consultations.Cli;

/// <summary>The one-line messages the store commands print for what a store or its settings can raise.</summary>
internal static class StoreFailures
{
    /// <summary>
    /// What to tell the user about <paramref name="exception"/> (<paramref name="retry"/> follows an outage), or null when it is
    /// none of a store's expected failures: a bug, which should surface with its stack trace.
    /// </summary>
    public static string? Describe(Exception exception, string retry) => exception switch
    {
        OptionsValidationException options => string.Join(" ", options.Failures),
        StoreUnavailableException unavailable => $"{unavailable.Message} {retry}",
        InvalidOperationException or DocumentRejectedException or ConcurrencyConflictException or DocumentNotFoundException => exception.Message,
        _ => null,
    };
}
