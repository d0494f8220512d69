using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Consultations.Deployment.Tests;

/// <summary>"Managed identity everywhere and no keys to leak": what the compiled template turns on and off.</summary>
public sealed partial class InfraSecurityTests
{
    [Fact]
    public async Task Data_services_accept_Entra_ID_only()
    {
        var template = await ArmTemplate.MainAsync();

        Assert.True(Property(template, "Microsoft.DocumentDB/databaseAccounts", "disableLocalAuth"));
        Assert.True(Property(template, "Microsoft.CognitiveServices/accounts", "disableLocalAuth"));
        Assert.True(Property(template, "Microsoft.Insights/components", "DisableLocalAuth"));
        Assert.True(Property(template, "Microsoft.KeyVault/vaults", "enableRbacAuthorization"));
        Assert.True(Property(template, "Microsoft.KeyVault/vaults", "enablePurgeProtection"));
        Assert.True(Property(template, "Microsoft.KeyVault/vaults", "enableSoftDelete"));
    }

    [Fact]
    public async Task No_storage_account_and_no_key_is_ever_listed()
    {
        var template = await ArmTemplate.MainAsync();
        var text = template.ToJsonString();

        // Data Protection keys live in Cosmos DB (container 'keys'), so there is no storage account and no key to fetch.
        Assert.DoesNotContain(ArmTemplate.Resources(template), r => ArmTemplate.Type(r.Resource)!.StartsWith("Microsoft.Storage/", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotMatch(KeyFunction(), text);
    }

    [Fact]
    public async Task The_web_app_is_https_only_without_publishing_passwords()
    {
        var template = await ArmTemplate.MainAsync();
        var (site, _) = ArmTemplate.Single(template, "Microsoft.Web/sites");
        var properties = site["properties"]!;
        var config = properties["siteConfig"]!;

        Assert.True(properties["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("DOTNETCORE|10.0", config["linuxFxVersion"]!.GetValue<string>());
        Assert.Equal("Disabled", config["ftpsState"]!.GetValue<string>());
        Assert.Equal("1.2", config["minTlsVersion"]!.GetValue<string>());
        Assert.True(config["alwaysOn"]!.GetValue<bool>());
        Assert.Equal("/health", config["healthCheckPath"]!.GetValue<string>());
        Assert.Contains("'azd-service-name', 'web'", site["tags"]!.GetValue<string>(), StringComparison.Ordinal);

        var policies = ArmTemplate.OfType(template, "Microsoft.Web/sites/basicPublishingCredentialsPolicies").Select(p => p.Resource).ToList();
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False(p["properties"]!["allow"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task The_apps_identity_gets_data_plane_roles_and_the_deployer_only_when_named()
    {
        var template = await ArmTemplate.MainAsync();

        // Cosmos DB Built-in Data Contributor, through Cosmos DB's own RBAC.
        var (cosmosRole, cosmos) = ArmTemplate.Single(template, "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments");
        Assert.Contains("sqlRoleDefinitions/{1}', resourceId('Microsoft.DocumentDB/databaseAccounts', parameters('name')), variables('dataContributorRoleId'))", Text(cosmosRole["properties"]!["roleDefinitionId"]), StringComparison.Ordinal);
        Assert.Equal("00000000-0000-0000-0000-000000000002", Text(cosmos["variables"]!["dataContributorRoleId"]));

        var azureRoles = ArmTemplate.OfType(template, "Microsoft.Authorization/roleAssignments").Select(r => Text(r.Resource["properties"]!["roleDefinitionId"])).ToList();
        var variables = ArmTemplate.Resources(template).Select(r => r.Template["variables"]?.ToJsonString() ?? string.Empty).Distinct().ToList();
        foreach (var role in new[] { "a97b65f3-24c7-4388-baec-2e87135dc908", "4633458b-17de-408a-b874-0445c86b69e6", "3913510d-42f4-4e42-8a64-420c390055eb" })
        {
            // Cognitive Services User, Key Vault Secrets User, Monitoring Metrics Publisher.
            Assert.Contains(variables, v => v.Contains(role, StringComparison.Ordinal));
        }

        Assert.Equal(3, azureRoles.Count);
        var deployer = template["variables"]!["deployer"]!.GetValue<string>();
        Assert.Contains("empty(parameters('principalId'))", deployer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_guard_key_is_written_only_when_given()
    {
        var template = await ArmTemplate.MainAsync();
        var (secret, nested) = ArmTemplate.Single(template, "Microsoft.KeyVault/vaults/secrets");

        Assert.Equal("[not(empty(parameters('guardHashKey')))]", secret["condition"]!.GetValue<string>());
        Assert.Equal("securestring", nested["parameters"]!["guardHashKey"]!["type"]!.GetValue<string>());
        Assert.Equal("securestring", template["parameters"]!["guardHashKey"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Outputs_follow_azd_conventions_and_do_not_set_AZURE_CLIENT_ID()
    {
        var outputs = (await ArmTemplate.MainAsync())["outputs"]!.AsObject();

        Assert.All(outputs, o => Assert.Matches(UpperCase(), o.Key));
        foreach (var name in new[] { "AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_RESOURCE_GROUP", "AZURE_COSMOS_ENDPOINT", "AZURE_LANGUAGE_ENDPOINT", "SERVICE_WEB_URI", "AZURE_KEY_VAULT_NAME" })
        {
            Assert.True(outputs.ContainsKey(name), $"output {name} is missing.");
        }

        // azd writes outputs into the local environment; AZURE_CLIENT_ID there would redirect DefaultAzureCredential on a developer machine.
        Assert.False(outputs.ContainsKey("AZURE_CLIENT_ID"));
    }

    [Fact]
    public void Infra_files_hold_no_secret()
    {
        var files = Directory.GetFiles(InfraTools.InfraDirectory, "*", SearchOption.AllDirectories).Append(Path.Combine(InfraTools.RepositoryRoot, "azure.yaml"));

        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.False(SecretPatterns.HasKeyLikeString(text), $"{file} holds a long random-looking base64 string (a key?).");
            Assert.False(SecretAssignment().IsMatch(text), $"{file} holds what looks like a key or connection string.");
        }
    }

    private static bool Property(JsonObject template, string type, string name) =>
        ArmTemplate.Single(template, type).Resource["properties"]![name]!.GetValue<bool>();

    private static string Text(JsonNode? node) => node?.ToString() ?? string.Empty;

    [GeneratedRegex("listkeys|listsecrets|listconnectionstrings|listcredentials|listaccountsas", RegexOptions.IgnoreCase)]
    private static partial Regex KeyFunction();

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex UpperCase();

    // The same four assignments as before, each spelled with a one-letter class so this detector is not itself read as a secret.
    [GeneratedRegex("Account[K]ey=|SharedAccess[K]ey=|Instrumentation[K]ey=[0-9a-f]|client_[s]ecret=", RegexOptions.IgnoreCase)]
    private static partial Regex SecretAssignment();
}
