using Consultations.Core.Analysis;
using Consultations.Infrastructure.Hosting;
using Consultations.Web.Analysis;

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
        builder.AddAzureLanguage();
        return builder;
    }
}
