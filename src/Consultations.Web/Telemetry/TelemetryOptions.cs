using Microsoft.Extensions.Options;

namespace Consultations.Web.Telemetry;

/// <summary>Where traces, metrics and logs go (section "Telemetry"). Nothing is exported unless a destination is set.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public AzureMonitorTelemetryOptions AzureMonitor { get; set; } = new();
}

public sealed class AzureMonitorTelemetryOptions
{
    /// <summary>
    /// The Application Insights connection string. It names the resource, it is not a credential: with local
    /// authentication disabled on the resource, the app signs in with Entra ID (its managed identity) to send.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Sign in with Entra ID (DefaultAzureCredential) to send; false only for a resource that still accepts keys.</summary>
    public bool UseEntraId { get; set; } = true;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(ConnectionString);
}

internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var connection = options.AzureMonitor.ConnectionString;
        if (string.IsNullOrWhiteSpace(connection))
        {
            return ValidateOptionsResult.Success;
        }

        // The exporter would fail later and quietly; say at start-up which setting is wrong.
        return connection.Contains("InstrumentationKey=", StringComparison.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Telemetry:AzureMonitor:ConnectionString must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…).");
    }
}
