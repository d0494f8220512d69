using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Consultations.Testing;

namespace Consultations.Deployment.Tests;

/// <summary>infra/ builds and lints clean with the Bicep CLI from NuGet; nothing is skipped when the CLI is missing.</summary>
public sealed partial class BicepTests
{
    private static readonly string[] BicepFiles = Directory.GetFiles(InfraTools.InfraDirectory, "*.bicep", SearchOption.AllDirectories);

    [Fact]
    public async Task Main_template_builds_without_errors_or_warnings()
    {
        var template = await ArmTemplate.MainAsync();

        Assert.Equal("https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#", template["$schema"]?.GetValue<string>());
        Assert.NotEmpty(ArmTemplate.Resources(template));
    }

    [Fact]
    public async Task Every_bicep_file_lints_without_a_diagnostic()
    {
        Assert.Contains(BicepFiles, f => Path.GetFileName(f) == "main.bicep");
        Assert.True(BicepFiles.Length >= 7, $"Expected main.bicep and its modules, found {BicepFiles.Length} files.");

        var (linted, diagnostics) = await LintAsync(InfraTools.RepositoryRoot, "infra/**/*.bicep");

        Assert.Empty(diagnostics);
        // One SARIF run per file proves the glob reached every file, so a silent "nothing matched" cannot pass.
        Assert.Equal(BicepFiles.Length, linted);
    }

    [Fact]
    public async Task The_lint_check_reports_a_rule_breach()
    {
        // The harness itself: a file that breaks a rule the configuration raises to error must be reported.
        using var folder = new TempDirectory();
        File.Copy(Path.Combine(InfraTools.InfraDirectory, "bicepconfig.json"), Path.Combine(folder.Path, "bicepconfig.json"));
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "bad.bicep"), "param unused string\nvar where = resourceGroup().location\noutput whereOut string = where\n", TestContext.Current.CancellationToken);

        var (linted, diagnostics) = await LintAsync(folder.Path, "*.bicep");

        Assert.Equal(1, linted);
        Assert.Contains(diagnostics, d => d.Contains("no-unused-params", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Contains("no-loc-expr-outside-params", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_suppressed_rule_says_why_on_the_line_above()
    {
        foreach (var file in BicepFiles)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("#disable", StringComparison.Ordinal))
                {
                    Assert.True(
                        i > 0 && lines[i - 1].TrimStart().StartsWith("//", StringComparison.Ordinal),
                        $"{Path.GetRelativePath(InfraTools.RepositoryRoot, file)}:{i + 1} suppresses a lint rule without a reason comment on the line above.");
                    Assert.DoesNotContain("disable-diagnostics", lines[i], StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void Bicep_config_switches_off_only_rules_it_gives_a_reason_for()
    {
        var lines = File.ReadAllLines(Path.Combine(InfraTools.InfraDirectory, "bicepconfig.json"));
        for (var i = 0; i < lines.Length; i++)
        {
            if (OffRule().IsMatch(lines[i]))
            {
                Assert.True(i > 0 && lines[i - 1].TrimStart().StartsWith("//", StringComparison.Ordinal), $"bicepconfig.json:{i + 1} turns a rule off without a reason comment above it.");
            }
        }

        Assert.DoesNotContain(lines, l => l.Contains("\"enabled\": false", StringComparison.Ordinal));
    }

    /// <summary>Lints files matching a glob under <paramref name="directory"/>; returns how many were linted and every diagnostic.</summary>
    private static async Task<(int Linted, List<string> Diagnostics)> LintAsync(string directory, string pattern)
    {
        var run = await InfraTools.RunAsync(InfraTools.Bicep, ["lint", "--pattern", pattern, "--diagnostics-format", "Sarif"], directory);
        Assert.True(run.ExitCode is 0 or 1, run.Describe("bicep lint"));

        var diagnostics = new List<string>();
        var linted = 0;
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(run.Output), new JsonReaderOptions { AllowMultipleValues = true });
        // One SARIF document per linted file, one after another.
        while (reader.Read())
        {
            using (var document = JsonDocument.ParseValue(ref reader))
            {
                foreach (var sarifRun in document.RootElement.GetProperty("runs").EnumerateArray())
                {
                    linted++;
                    foreach (var result in sarifRun.GetProperty("results").EnumerateArray())
                    {
                        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                        diagnostics.Add($"{location.GetProperty("artifactLocation").GetProperty("uri").GetString()}:{location.GetProperty("region").GetProperty("startLine").GetInt32()} " +
                            $"{result.GetProperty("ruleId").GetString()}: {result.GetProperty("message").GetProperty("text").GetString()}");
                    }
                }
            }
        }

        // Diagnostics Bicep cannot put into SARIF (configuration problems) go to stderr; they count too.
        diagnostics.AddRange(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return (linted, diagnostics);
    }

    [GeneratedRegex("\"level\"\\s*:\\s*\"off\"")]
    private static partial Regex OffRule();
}
