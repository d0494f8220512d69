using Consultations.Infrastructure.Storage;
using Consultations.Testing.Cosmos;

namespace Consultations.Infrastructure.Tests.Storage;

/// <summary>Start-up validation names the setting to fix.</summary>
public sealed class StorageOptionsTests
{
    [Fact]
    public void A_complete_azure_configuration_is_accepted_without_any_key() =>
        Assert.Empty(Failures(new CosmosStorageOptions { AccountEndpoint = "https://acct.documents.azure.com:443/" }));

    [Fact]
    public void The_emulator_configuration_is_accepted_on_loopback() =>
        Assert.Empty(Failures(new CosmosStorageOptions { AccountEndpoint = "https://127.0.0.1:8081/", Emulator = true, AccountKey = CosmosServer.EmulatorKey }));

    [Theory]
    [InlineData(null, false, null, "Storage:Cosmos:AccountEndpoint is required")]
    [InlineData("acct.documents.azure.com", false, null, "must be an absolute https URL")]
    [InlineData("http://acct.documents.azure.com/", false, null, "must be an absolute https URL")]
    [InlineData("https://acct.documents.azure.com/", true, null, "only allowed for a loopback endpoint")]
    [InlineData("https://acct.documents.azure.com/", false, "a2V5", "AccountKey is only for a local emulator")]
    [InlineData("https://localhost:8081/", true, "not base64!", "must be the base64 account key")]
    public void Wrong_cosmos_settings_are_named(string? endpoint, bool emulator, string? key, string expected)
    {
        var failures = Failures(new CosmosStorageOptions { AccountEndpoint = endpoint, Emulator = emulator, AccountKey = key });

        Assert.Contains(failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Database_names_and_retry_limits_are_checked()
    {
        var failures = Failures(new CosmosStorageOptions
        {
            AccountEndpoint = "https://acct.documents.azure.com/",
            DatabaseName = "a/b",
            MaxRetryAttemptsOnRateLimitedRequests = 100,
            RequestTimeout = TimeSpan.Zero,
        });

        Assert.Contains(failures, f => f.StartsWith("Storage:Cosmos:DatabaseName", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Storage:Cosmos:MaxRetryAttemptsOnRateLimitedRequests", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Storage:Cosmos:RequestTimeout", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Failures(CosmosStorageOptions cosmos) =>
        new StorageOptionsValidator().Validate(null, new StorageOptions { Provider = StorageProvider.Cosmos, Cosmos = cosmos }).Failures ?? [];
}
