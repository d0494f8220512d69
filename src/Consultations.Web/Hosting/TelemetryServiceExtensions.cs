using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Consultations.Infrastructure.Storage.Cosmos;
using Consultations.Web.Telemetry;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Consultations.Web.Hosting;

public static class TelemetryServiceExtensions
{
    public const string ServiceName = "consultations-web";

    /// <summary>
    /// Requests, their timings, the Cosmos DB request metrics and the app's logs to Application Insights through
    /// OpenTelemetry — registered only when <c>Telemetry:AzureMonitor:ConnectionString</c> is set. Note text is never
    /// logged, and query strings are redacted by the instrumentation, so nothing a participant said leaves this way.
    /// </summary>
    public static IHostApplicationBuilder AddConsultationsTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();

        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();

        // Checked now: the exporters would otherwise fail first, with a message that does not name the setting.
        if (new TelemetryOptionsValidator().Validate(null, options) is { Failed: true } invalid)
        {
            throw new InvalidOperationException(invalid.FailureMessage);
        }

        if (!options.AzureMonitor.IsEnabled)
        {
            return builder;
        }

        // One credential for the three exporters: with local auth disabled on Application Insights, ingestion needs Entra ID.
        var credential = options.AzureMonitor.UseEntraId ? new DefaultAzureCredential() : null;
        void Configure(AzureMonitorExporterOptions exporter)
        {
            exporter.ConnectionString = options.AzureMonitor.ConnectionString;
            exporter.Credential = credential;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                // Few requests, each worth keeping: a caller's "not sampled" flag must not hide the app's own requests.
                .SetSampler(new AlwaysOnSampler())
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !IsStaticAsset(context.Request.Path))
                .AddAzureMonitorTraceExporter(Configure))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(CosmosRequestObserver.MeterName)
                .AddAzureMonitorMetricExporter(Configure));
        builder.Logging.AddOpenTelemetry(logging => logging.AddAzureMonitorLogExporter(Configure));
        return builder;
    }

    // Stylesheets and scripts would be most of the requests and say nothing about how the app is doing.
    private static bool IsStaticAsset(PathString path) =>
        path.StartsWithSegments("/css", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/js", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/lib", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/favicon.ico", StringComparison.OrdinalIgnoreCase);
}
