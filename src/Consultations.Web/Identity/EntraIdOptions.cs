using Microsoft.Extensions.Options;

namespace Consultations.Web.Identity;

/// <summary>
/// Microsoft Entra ID sign-in (section "AzureAd", the one Microsoft.Identity.Web binds). Setting <see cref="ClientId"/>
/// switches the app from the development sign-in to Entra ID in every environment.
/// </summary>
public sealed class EntraIdOptions
{
    public const string SectionName = "AzureAd";

    /// <summary>The sign-in authority's host, e.g. <c>https://login.microsoftonline.com/</c>.</summary>
    public string? Instance { get; set; }

    /// <summary>The directory (tenant) whose people sign in and whose app-role assignments count.</summary>
    public string? TenantId { get; set; }

    /// <summary>The application (client) ID of the app registration.</summary>
    public string? ClientId { get; set; }

    /// <summary>A client secret; prefer <see cref="ClientCredentials"/> with a managed identity or a certificate.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Microsoft.Identity.Web credential descriptions; only their kinds are checked here.</summary>
    public IList<EntraCredential> ClientCredentials { get; } = [];

    /// <summary>Whether the configuration asks for Entra ID sign-in.</summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[$"{SectionName}:{nameof(ClientId)}"]);
    }

    /// <summary>
    /// True when a credential other than a plain secret is configured: ASP.NET Core cannot present those when it redeems
    /// the sign-in code, so Microsoft.Identity.Web (MSAL) must redeem it.
    /// </summary>
    public bool NeedsMsalCodeRedemption =>
        ClientCredentials.Any(c => !string.Equals(c.SourceType, EntraCredential.ClientSecretSource, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One entry of <c>AzureAd:ClientCredentials</c> (Microsoft.Identity.Web's CredentialDescription, the parts checked here).</summary>
public sealed class EntraCredential
{
    public const string ClientSecretSource = "ClientSecret";

    /// <summary>E.g. SignedAssertionFromManagedIdentity, KeyVault, StoreWithThumbprint, ClientSecret.</summary>
    public string? SourceType { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>For SignedAssertionFromManagedIdentity: the user-assigned identity's client ID (unset for a system-assigned one).</summary>
    public string? ManagedIdentityClientId { get; set; }
}

/// <summary>Explains each problem with the AzureAd section by its setting name.</summary>
public sealed class EntraIdOptionsValidator : IValidateOptions<EntraIdOptions>
{
    private static readonly string[] MultiTenantValues = ["common", "organizations", "consumers"];

    public ValidateOptionsResult Validate(string? name, EntraIdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Guid.TryParse(options.ClientId, out _))
        {
            failures.Add("AzureAd:ClientId must be the application (client) ID of the app registration, a GUID (see docs/identity.md).");
        }

        if (string.IsNullOrWhiteSpace(options.TenantId))
        {
            failures.Add("AzureAd:TenantId is required: the directory (tenant) ID of the organisation whose people sign in.");
        }
        else if (MultiTenantValues.Contains(options.TenantId.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"AzureAd:TenantId '{options.TenantId}' is not accepted: app roles are assigned in one tenant, so give that tenant's ID.");
        }
        else if (!Guid.TryParse(options.TenantId, out _) && Uri.CheckHostName(options.TenantId) != UriHostNameType.Dns)
        {
            failures.Add("AzureAd:TenantId must be the tenant ID (a GUID) or one of its verified domain names.");
        }

        CheckInstance(options, failures);
        CheckCredentials(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckInstance(EntraIdOptions options, List<string> failures)
    {
        // Metadata and signing keys are trusted only over HTTPS (Identity.Web's issuer check fetches them itself, HTTPS only).
        if (!Uri.TryCreate(options.Instance, UriKind.Absolute, out var instance) || instance.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add("AzureAd:Instance must be the sign-in authority's https address, e.g. https://login.microsoftonline.com/.");
        }
    }

    private static void CheckCredentials(EntraIdOptions options, List<string> failures)
    {
        var hasSecret = !string.IsNullOrWhiteSpace(options.ClientSecret);
        var hasCredentials = options.ClientCredentials.Count > 0;
        if (!hasSecret && !hasCredentials)
        {
            failures.Add("Entra ID redeems the sign-in code only for an app that proves who it is: set AzureAd:ClientCredentials " +
                "(a managed identity federated credential or a certificate, preferred) or AzureAd:ClientSecret (from Key Vault or the host's secret settings, never the repository).");
        }
        else if (hasSecret && hasCredentials)
        {
            failures.Add("Set AzureAd:ClientSecret or AzureAd:ClientCredentials, not both.");
        }

        for (var i = 0; i < options.ClientCredentials.Count; i++)
        {
            var credential = options.ClientCredentials[i];
            if (string.IsNullOrWhiteSpace(credential.SourceType))
            {
                failures.Add($"AzureAd:ClientCredentials:{i}:SourceType is required (e.g. SignedAssertionFromManagedIdentity, KeyVault or ClientSecret).");
            }
            else if (string.Equals(credential.SourceType, EntraCredential.ClientSecretSource, StringComparison.OrdinalIgnoreCase)
                && string.IsNullOrWhiteSpace(credential.ClientSecret))
            {
                failures.Add($"AzureAd:ClientCredentials:{i}:ClientSecret is empty.");
            }
        }
    }
}
