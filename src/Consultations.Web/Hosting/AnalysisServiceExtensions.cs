using Consultations.Core.Analysis;
using Consultations.Web.Analysis;
using Consultations.Web.Analysis.Azure;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Hosting;

public static class AnalysisServiceExtensions
{
    /// <summary>
    /// Registers text analysis: the local engine's per-programme models always, and Azure AI Language only when
    /// <c>Analysis:Azure:Endpoint</c> is configured (validated on start), behind a fallback to the local engine.
    /// </summary>
    public static IHostApplicationBuilder AddConsultationsAnalysis(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddMemoryCache();
        services.AddSingleton<ProgrammeAnalysis>();
        services.AddSingleton<Consultations.Web.Comparison.ComparisonBuilder>();
        services.AddSingleton(sp => new AnalysisHealth(sp.GetRequiredService<TimeProvider>()));
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{AzureLanguageOptions.SectionName}:Endpoint"]))
        {
            services.AddOptions<AzureLanguageOptions>().BindConfiguration(AzureLanguageOptions.SectionName).ValidateOnStart();
            services.AddSingleton<IValidateOptions<AzureLanguageOptions>, AzureLanguageOptionsValidator>();

            // Registered as the remote engine only when configured; the transport can be replaced (tests).
            services.AddSingleton<RemoteTextAnalyzer>(sp => new RemoteTextAnalyzer(AzureLanguageClient.Create(sp.GetRequiredService<IOptions<AzureLanguageOptions>>().Value)));
        }

        return builder;
    }
}

/// <summary>The configured remote engine (Azure AI Language), when there is one.</summary>
public sealed record RemoteTextAnalyzer(ITextAnalyzer Analyzer);
