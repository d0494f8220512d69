using Azure.Core.Pipeline;
using Consultations.Infrastructure.Analysis;
using Consultations.Infrastructure.Analysis.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Consultations.Infrastructure.Hosting;

public static class AzureLanguageServiceExtensions
{
    /// <summary>
    /// Key of an optional <see cref="HttpPipelineTransport"/> service that carries the client's requests instead of
    /// Azure.Core's own (a host registers one with <c>AddKeyedSingleton</c>; the tests do, over a fake service).
    /// </summary>
    public const string TransportKey = "Consultations.AzureLanguage.Transport";

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
        services.AddSingleton(sp => AzureLanguageClient.Create(
            sp.GetRequiredService<IOptions<AzureLanguageOptions>>().Value,
            transport: sp.GetKeyedService<HttpPipelineTransport>(TransportKey)));
        services.AddSingleton(sp => new RemoteTextAnalyzer(sp.GetRequiredService<AzureLanguageClient>()));
        return builder;
    }
}
