using Consultations.Infrastructure.Analysis;
using Consultations.Infrastructure.Analysis.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Consultations.Infrastructure.Hosting;

public static class AzureLanguageServiceExtensions
{
    /// <summary>
    /// Registers Azure AI Language (<see cref="AzureLanguageClient"/>, and as <see cref="RemoteTextAnalyzer"/>) only when
    /// <c>Analysis:Azure:Endpoint</c> is configured, with its options validated on start; otherwise nothing.
    /// </summary>
    public static IHostApplicationBuilder AddAzureLanguage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{AzureLanguageOptions.SectionName}:Endpoint"]))
        {
            return builder;
        }

        var services = builder.Services;
        services.AddOptions<AzureLanguageOptions>().BindConfiguration(AzureLanguageOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AzureLanguageOptions>, AzureLanguageOptionsValidator>();
        services.AddSingleton(sp => AzureLanguageClient.Create(sp.GetRequiredService<IOptions<AzureLanguageOptions>>().Value));
        services.AddSingleton(sp => new RemoteTextAnalyzer(sp.GetRequiredService<AzureLanguageClient>()));
        return builder;
    }
}
