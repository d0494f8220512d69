using Consultations.Testing;

namespace Consultations.Deployment.Tests;

/// <summary>
/// The hooks run against stand-ins for az and azd (FakeCli/, which answer from files and log every call), so what they
/// do on a first and a repeated run is checked without Azure: the guard key is made once and never replaced, the Entra
/// registration is created once and later runs only update it, and nothing ever asks for a secret.
/// </summary>
public abstract class HookBehaviourTests
{
    private static readonly string FakeCli = Path.Combine(InfraTools.RepositoryRoot, "tests", "Consultations.Deployment.Tests", "FakeCli");

    /// <summary>Runs infra/hooks/{name} with this environment (azd passes its .env values as environment variables).</summary>
    private protected abstract Task<ToolRun> RunHookAsync(string name, IReadOnlyDictionary<string, string> environment);

    [Fact]
    public async Task The_guard_key_is_generated_once_and_never_replaced()
    {
        using var state = new TempDirectory();

        // A new environment: a key is generated and stored in the azd environment.
        var first = await RunAsync("preprovision", state, new() { ["AZURE_ENV_NAME"] = "trial" });
        var key = Assert.Single(AzdSets(state), s => s.Name == "GUARD_HASH_KEY").Value;
        Assert.Equal(32, Convert.FromBase64String(key).Length);
        Assert.Contains("generated", first.Output, StringComparison.Ordinal);

        // azd passes it back on the next run: kept, nothing set.
        await RunAsync("preprovision", state, new() { ["AZURE_ENV_NAME"] = "trial", ["GUARD_HASH_KEY"] = key });
        // Provisioned before, key no longer local (another machine after `azd env refresh`): kept in Key Vault.
        await RunAsync("preprovision", state, new() { ["AZURE_ENV_NAME"] = "trial", ["AZURE_KEY_VAULT_NAME"] = "kv-abc" });
        // A fresh local environment for an existing deployment: az finds the vault, so no second key.
        File.WriteAllText(Path.Combine(state.Path, "logged-in"), string.Empty);
        File.WriteAllText(Path.Combine(state.Path, "vault"), "kv-abc\n");
        var found = await RunAsync("preprovision", state, new() { ["AZURE_ENV_NAME"] = "trial", ["AZURE_SUBSCRIPTION_ID"] = "sub-1" });

        Assert.Single(AzdSets(state));
        Assert.Contains("kv-abc", found.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_guard_key_stops_provisioning()
    {
        using var state = new TempDirectory();

        var run = await RunHookAsync("preprovision", Environment(state, new() { ["AZURE_ENV_NAME"] = "trial", ["GUARD_HASH_KEY"] = "c2hvcnQ=" }));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("GUARD_HASH_KEY", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_Entra_setup_the_hooks_only_explain_and_call_no_directory_command()
    {
        using var state = new TempDirectory();
        var outputs = Outputs();

        var pre = await RunAsync("preprovision", state, new() { ["AZURE_ENV_NAME"] = "trial", ["GUARD_HASH_KEY"] = Key });
        var post = await RunAsync("postprovision", state, outputs);
        outputs["ENTRA_CLIENT_ID"] = "app-by-hand";
        var manual = await RunAsync("postprovision", state, outputs);

        Assert.Contains("azd env set ENTRA_SETUP true", pre.Output, StringComparison.Ordinal);
        Assert.Empty(post.Output.Trim());
        Assert.Contains("https://app-trial.azurewebsites.net/signin-oidc", manual.Output, StringComparison.Ordinal);
        Assert.Contains("subject mi-principal", manual.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(AzCalls(state), c => c.StartsWith("ad ", StringComparison.Ordinal) || c.StartsWith("rest ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Entra_setup_registers_the_app_once_and_a_rerun_only_updates_it()
    {
        using var state = new TempDirectory();
        File.WriteAllText(Path.Combine(state.Path, "logged-in"), string.Empty);
        var environment = new Dictionary<string, string> { ["AZURE_ENV_NAME"] = "trial", ["AZURE_SUBSCRIPTION_ID"] = "sub-1", ["ENTRA_SETUP"] = "true", ["GUARD_HASH_KEY"] = Key };

        await RunAsync("preprovision", state, environment);
        var clientId = Assert.Single(AzdSets(state), s => s.Name == "ENTRA_CLIENT_ID").Value;
        Assert.Equal("app-1", clientId);

        // A developer's redirect URI added by hand must survive.
        File.WriteAllText(Path.Combine(state.Path, "redirects"), "https://localhost:5001/signin-oidc\n");
        var outputs = Outputs();
        outputs["ENTRA_SETUP"] = "true";
        outputs["ENTRA_CLIENT_ID"] = clientId;
        var post = await RunAsync("postprovision", state, outputs);

        // Second round: the same calls minus every creation.
        environment["ENTRA_CLIENT_ID"] = clientId;
        await RunAsync("preprovision", state, environment);
        outputs["SERVICE_WEB_ENTRA_CLIENT_ID"] = clientId;
        var again = await RunAsync("postprovision", state, outputs);

        var calls = AzCalls(state);
        Assert.Single(calls, c => c.StartsWith("ad app create", StringComparison.Ordinal));
        Assert.Single(calls, c => c.StartsWith("ad sp create", StringComparison.Ordinal));
        Assert.Single(calls, c => c.StartsWith("ad app federated-credential create", StringComparison.Ordinal));
        Assert.Single(calls, c => c.StartsWith("ad app federated-credential update", StringComparison.Ordinal));
        Assert.Single(calls, c => c.Contains("appRoleAssignedTo", StringComparison.Ordinal));
        Assert.Equal(2, calls.Count(c => c.StartsWith("ad app update --id app-1 --app-roles @", StringComparison.Ordinal) && c.Contains("entra-app-roles.json", StringComparison.Ordinal)));
        Assert.Equal(2, calls.Count(c => c.StartsWith("ad sp update --id sp-1 --set appRoleAssignmentRequired=true", StringComparison.Ordinal)));
        Assert.Equal(
            ["https://app-trial.azurewebsites.net/signin-oidc", "https://app-trial.azurewebsites.net/signout-callback-oidc", "https://localhost:5001/signin-oidc"],
            File.ReadAllLines(Path.Combine(state.Path, "redirects")));
        Assert.True(File.Exists(Path.Combine(state.Path, "owner")));
        Assert.DoesNotContain(calls, c => c.Contains("credential reset", StringComparison.Ordinal) || c.Contains("password", StringComparison.OrdinalIgnoreCase));

        // The first postprovision ran before the app had the client ID, so it asks for one more provision; the second does not.
        Assert.Contains("azd provision", post.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("azd provision", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entra_setup_refuses_a_CLI_signed_in_to_another_tenant()
    {
        using var state = new TempDirectory();
        File.WriteAllText(Path.Combine(state.Path, "logged-in"), string.Empty);

        var run = await RunHookAsync("preprovision", Environment(state, new()
        {
            ["AZURE_ENV_NAME"] = "trial", ["ENTRA_SETUP"] = "true", ["GUARD_HASH_KEY"] = Key, ["ENTRA_TENANT_ID"] = "tenant-other",
        }));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("az login --tenant tenant-other", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(AzCalls(state), c => c.StartsWith("ad app", StringComparison.Ordinal));
    }

    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static Dictionary<string, string> Outputs() => new()
    {
        ["AZURE_ENV_NAME"] = "trial",
        ["AZURE_TENANT_ID"] = "tenant-0",
        ["AZURE_IDENTITY_PRINCIPAL_ID"] = "mi-principal",
        ["SERVICE_WEB_HOST_NAME"] = "app-trial.azurewebsites.net",
    };

    private async Task<ToolRun> RunAsync(string hook, TempDirectory state, Dictionary<string, string> values)
    {
        var run = await RunHookAsync(hook, Environment(state, values));
        Assert.True(run.ExitCode == 0, run.Describe(hook));
        return run;
    }

    private static Dictionary<string, string> Environment(TempDirectory state, Dictionary<string, string> values)
    {
        var environment = new Dictionary<string, string>(values)
        {
            ["FAKE_STATE"] = state.Path,
            ["PATH"] = FakeCli + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH"),
        };
        return environment;
    }

    private static List<(string Name, string Value)> AzdSets(TempDirectory state)
    {
        var file = Path.Combine(state.Path, "azd-env");
        return File.Exists(file) ? [.. File.ReadAllLines(file).Select(l => (l[..l.IndexOf('=', StringComparison.Ordinal)], l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]))] : [];
    }

    private static List<string> AzCalls(TempDirectory state)
    {
        var file = Path.Combine(state.Path, "az.log");
        return File.Exists(file) ? [.. File.ReadAllLines(file)] : [];
    }
}

/// <summary>The bash hooks azd runs on macOS and Linux.</summary>
public sealed class ShellHookBehaviourTests : HookBehaviourTests
{
    private protected override Task<ToolRun> RunHookAsync(string name, IReadOnlyDictionary<string, string> environment) =>
        InfraTools.RunAsync(Path.Combine(InfraTools.InfraDirectory, "hooks", name + ".sh"), [], environment: environment);
}

/// <summary>The PowerShell hooks azd runs on Windows, here under PowerShell 7 on Linux.</summary>
public sealed class PowerShellHookBehaviourTests(PowerShellSession session) : HookBehaviourTests
{
    private protected override Task<ToolRun> RunHookAsync(string name, IReadOnlyDictionary<string, string> environment) =>
        session.RunScriptAsync(Path.Combine(InfraTools.InfraDirectory, "hooks", name + ".ps1"), environment);
}
