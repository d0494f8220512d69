using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Consultations.Core.Access;

namespace Consultations.Deployment.Tests;

/// <summary>
/// The azd hook scripts cannot run here (they call Azure), so they are checked as far as offline tools go: bash -n and
/// shellcheck, PowerShell's own parser, both platforms present, and the Entra app roles they register equal to the app's.
/// </summary>
public sealed partial class HookScriptTests(PowerShellSession powerShell)
{
    private static readonly string HooksDirectory = Path.Combine(InfraTools.InfraDirectory, "hooks");

    public static TheoryData<string> ShellScripts => [.. Directory.GetFiles(HooksDirectory, "*.sh").Select(f => Path.GetFileName(f))];

    public static TheoryData<string> PowerShellScripts => [.. Directory.GetFiles(HooksDirectory, "*.ps1").Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(ShellScripts))]
    public async Task Shell_hook_parses_with_bash(string script)
    {
        var run = await InfraTools.RunAsync("bash", ["-n", Path.Combine(HooksDirectory, script)]);

        Assert.True(run.ExitCode == 0, run.Describe($"bash -n {script}"));
    }

    [Theory]
    [MemberData(nameof(ShellScripts))]
    public async Task Shell_hook_passes_shellcheck(string script)
    {
        var shellcheck = await InfraTools.EnsureShellcheckAsync();

        var run = await InfraTools.RunAsync(shellcheck, ["--shell=bash", "--severity=style", Path.Combine(HooksDirectory, script)]);

        Assert.True(run.ExitCode == 0, run.Describe($"shellcheck {script}"));
    }

    [Theory]
    [MemberData(nameof(PowerShellScripts))]
    public async Task PowerShell_hook_parses(string script)
    {
        // PowerShell's own parser (the tool package from NuGet), so a syntax error cannot wait for the first Windows user.
        var path = Path.Combine(HooksDirectory, script).Replace("'", "''", StringComparison.Ordinal);
        var command = "$errors = $null; $tokens = $null; " +
            $"[System.Management.Automation.Language.Parser]::ParseFile('{path}', [ref]$tokens, [ref]$errors) | Out-Null; " +
            "$errors | ForEach-Object { '{0}: {1}' -f $_.Extent.StartLineNumber, $_.Message }; $global:LASTEXITCODE = $errors.Count";
        var run = await powerShell.RunCommandAsync(command);

        Assert.True(run.ExitCode == 0, run.Describe($"PowerShell parse of {script}"));
    }

    [Fact]
    public void Each_shell_hook_has_a_PowerShell_twin()
    {
        var shell = Directory.GetFiles(HooksDirectory, "*.sh").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        var powerShell = Directory.GetFiles(HooksDirectory, "*.ps1").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

        Assert.Equal(shell, powerShell);
    }

    [Fact]
    public async Task Registered_app_roles_are_the_ones_docs_identity_lists_and_the_app_knows()
    {
        var registered = await ReadJsonAsync(Path.Combine(HooksDirectory, "entra-app-roles.json"));
        var documented = DocumentedAppRoles();

        Assert.Equal(documented.ToJsonString(), registered.ToJsonString());
        Assert.Equal(
            Enum.GetNames<Role>().Order(StringComparer.Ordinal),
            registered.AsArray().Select(r => r!["value"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Hooks_assign_the_Administrator_role_by_its_registered_id()
    {
        var registered = await ReadJsonAsync(Path.Combine(HooksDirectory, "entra-app-roles.json"));
        var administrator = registered.AsArray().Single(r => r!["value"]!.GetValue<string>() == nameof(Role.Administrator))!["id"]!.GetValue<string>();

        foreach (var script in new[] { "postprovision.sh", "postprovision.ps1" })
        {
            Assert.Contains(administrator, await File.ReadAllTextAsync(Path.Combine(HooksDirectory, script), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Registration_asks_for_the_auth_time_claim_and_creates_no_secret()
    {
        var claims = await ReadJsonAsync(Path.Combine(HooksDirectory, "entra-optional-claims.json"));
        Assert.Contains(claims["idToken"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "auth_time");

        foreach (var script in Directory.GetFiles(HooksDirectory).Where(f => f.EndsWith(".sh", StringComparison.Ordinal) || f.EndsWith(".ps1", StringComparison.Ordinal)))
        {
            var text = await File.ReadAllTextAsync(script, TestContext.Current.CancellationToken);
            Assert.DoesNotMatch(SecretCommand(), text);
        }
    }

    /// <summary>The appRoles block of docs/identity.md (step 6), the reference an administrator pastes into the manifest.</summary>
    private static JsonNode DocumentedAppRoles()
    {
        var markdown = File.ReadAllText(Path.Combine(InfraTools.RepositoryRoot, "docs", "identity.md"));
        var block = AppRolesBlock().Match(markdown);
        Assert.True(block.Success, "docs/identity.md has no \"appRoles\" JSON block.");
        return JsonNode.Parse("{" + block.Value + "}")!["appRoles"]!;
    }

    private static async Task<JsonNode> ReadJsonAsync(string path) =>
        JsonNode.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken))!;

    [GeneratedRegex("\"appRoles\": \\[.*?\\n\\s*\\]", RegexOptions.Singleline)]
    private static partial Regex AppRolesBlock();

    // az commands that would mint a client secret or certificate credential.
    [GeneratedRegex("credential reset|--password|add-password|addPassword|--create-cert|client-secret", RegexOptions.IgnoreCase)]
    private static partial Regex SecretCommand();
}
