using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Consultations.Infrastructure.Analysis.Azure;

/// <summary>Azure AI Language settings (section "Analysis:Azure").</summary>
public sealed class AzureLanguageOptions
{
    public const string SectionName = "Analysis:Azure";

    // 2024-11-01 is the newest GA version of the text runtime API (learn.microsoft.com/rest/api/language lists it as
    // "latest GA"; 2023-04-01 is the GA before it); every request and response shape used here is the same in both.
    public const string DefaultApiVersion = "2024-11-01";

    /// <summary>The Language resource's custom-subdomain endpoint, e.g. https://my-language.cognitiveservices.azure.com/.</summary>
    public string? Endpoint { get; set; }

    /// <summary>A resource key (sent as Ocp-Apim-Subscription-Key). Leave unset to sign in with Entra ID (DefaultAzureCredential).</summary>
    public string? Key { get; set; }

    public string ApiVersion { get; set; } = DefaultApiVersion;

    /// <summary>How long one HTTP attempt may take before it is abandoned (and retried, up to <see cref="MaxRetries"/> times).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after a 408, 429, 500, 502, 503 or 504, a timeout or a network failure; Retry-After is honoured.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off between retries (doubling each time) when the service names no Retry-After.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);

    /// <summary>Wait between polls of a summarization job when the service names no Retry-After.</summary>
    public TimeSpan JobPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest a summarization may take, from submitting its jobs to the last result.</summary>
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>Checks <see cref="AzureLanguageOptions"/> and names the setting to fix.</summary>
public sealed partial class AzureLanguageOptionsValidator : IValidateOptions<AzureLanguageOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureLanguageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Prefix = AzureLanguageOptions.SectionName;

        if (string.IsNullOrWhiteSpace(options.Endpoint))
        {
            failures.Add($"{Prefix}:Endpoint is required: the Language resource's endpoint, e.g. https://<resource-name>.cognitiveservices.azure.com/.");
        }
        else if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{Prefix}:Endpoint must be an absolute https URL such as https://<resource-name>.cognitiveservices.azure.com/ (was '{options.Endpoint}').");
        }
        else if (endpoint.AbsolutePath != "/" || endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0)
        {
            failures.Add($"{Prefix}:Endpoint must be the resource's base address without a path or query (was '{options.Endpoint}'); the client adds /language/... itself.");
        }
        else if (options.Key is null && endpoint.Host.EndsWith(".api.cognitive.microsoft.com", StringComparison.OrdinalIgnoreCase))
        {
            // Entra ID tokens are only accepted on a resource's custom subdomain, not on the shared regional endpoints.
            failures.Add($"{Prefix}:Endpoint '{options.Endpoint}' is a regional endpoint; Entra ID sign-in needs the resource's custom subdomain (https://<resource-name>.cognitiveservices.azure.com/), or set {Prefix}:Key.");
        }

        if (options.Key is not null && string.IsNullOrWhiteSpace(options.Key))
        {
            failures.Add($"{Prefix}:Key is set but empty: give the resource key, or remove the setting to sign in with Entra ID (DefaultAzureCredential).");
        }

        if (string.IsNullOrWhiteSpace(options.ApiVersion) || !ApiVersionPattern().IsMatch(options.ApiVersion))
        {
            failures.Add($"{Prefix}:ApiVersion must be a dated API version such as '{AzureLanguageOptions.DefaultApiVersion}' (was '{options.ApiVersion}').");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Prefix}:Timeout must be more than zero and at most 5 minutes (was {options.Timeout}).");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{Prefix}:MaxRetries must be between 0 and 10 (was {options.MaxRetries}).");
        }

        if (options.RetryDelay <= TimeSpan.Zero || options.RetryDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{Prefix}:RetryDelay must be more than zero and at most 1 minute (was {options.RetryDelay}).");
        }

        if (options.JobPollInterval <= TimeSpan.Zero || options.JobPollInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{Prefix}:JobPollInterval must be more than zero and at most 1 minute (was {options.JobPollInterval}).");
        }

        if (options.JobTimeout <= TimeSpan.Zero || options.JobTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{Prefix}:JobTimeout must be more than zero and at most 1 hour (was {options.JobTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(-preview)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiVersionPattern();
}
