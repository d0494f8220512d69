using Consultations.Web.Analysis;

namespace Consultations.Web.Hosting;

public static class AnalysisServiceExtensions
{
    /// <summary>Registers text analysis: the local engine's per-programme models (the Azure engine joins when configured).</summary>
    public static IHostApplicationBuilder AddConsultationsAnalysis(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ProgrammeAnalysis>();
        return builder;
    }
}
