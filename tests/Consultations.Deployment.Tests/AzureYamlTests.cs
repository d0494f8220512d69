using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Consultations.Deployment.Tests;

/// <summary>azure.yaml holds what azd requires (its v1.0 schema) and points at files that exist.</summary>
public sealed partial class AzureYamlTests
{
    private static readonly string[] DotnetLanguages = ["csharp", "dotnet"];

    private static readonly string[] CommandHooks =
        ["prerestore", "postrestore", "preprovision", "postprovision", "prepackage", "postpackage", "predeploy", "postdeploy", "preup", "postup", "predown", "postdown"];

    [Fact]
    public void Names_the_project_as_azd_requires()
    {
        var root = Load();

        var name = Scalar(root, "name");
        Assert.Matches(ProjectName(), name);
        Assert.True(name.Length >= 2);
    }

    [Fact]
    public void Deploys_the_web_project_to_App_Service()
    {
        var services = (YamlMappingNode)Load().Children[new YamlScalarNode("services")];
        var web = (YamlMappingNode)Assert.Single(services.Children).Value;
        Assert.Equal("web", ((YamlScalarNode)services.Children.Single().Key).Value);

        Assert.Equal("appservice", Scalar(web, "host"));
        Assert.Contains(Scalar(web, "language"), DotnetLanguages);
        var project = Path.Combine(InfraTools.RepositoryRoot, Scalar(web, "project"));
        Assert.True(File.Exists(Path.Combine(project, "Consultations.Web.csproj")), $"services.web.project ({project}) has no Consultations.Web.csproj.");
        Assert.False(web.Children.ContainsKey(new YamlScalarNode("docker")), "App Service code deployment needs no Docker settings.");
    }

    [Fact]
    public async Task Points_azd_at_the_Bicep_module_and_its_parameters()
    {
        var infra = (YamlMappingNode)Load().Children[new YamlScalarNode("infra")];
        Assert.Equal("bicep", Scalar(infra, "provider"));
        var folder = Path.Combine(InfraTools.RepositoryRoot, Scalar(infra, "path"));
        var module = Scalar(infra, "module");

        Assert.True(File.Exists(Path.Combine(folder, module + ".bicep")), $"{module}.bicep is missing in {folder}.");
        var parametersFile = Path.Combine(folder, module + ".parameters.json");
        var parameters = JsonNode.Parse(await File.ReadAllTextAsync(parametersFile, TestContext.Current.CancellationToken))!["parameters"]!.AsObject();
        var declared = (await ArmTemplate.MainAsync())["parameters"]!.AsObject();

        // Every value azd passes must be a parameter of the template, and every parameter without a default must get one.
        Assert.All(parameters, p => Assert.True(declared.ContainsKey(p.Key), $"{module}.parameters.json sets '{p.Key}', which main.bicep does not declare."));
        Assert.All(declared.Where(d => d.Value!["defaultValue"] is null), d => Assert.True(parameters.ContainsKey(d.Key), $"'{d.Key}' has no default and no value in {module}.parameters.json."));
        Assert.All(parameters, p => Assert.Matches(AzdSubstitution(), p.Value!["value"]!.GetValue<string>()));
    }

    [Fact]
    public void Hooks_are_azd_hooks_with_a_script_for_each_platform()
    {
        var hooks = (YamlMappingNode)Load().Children[new YamlScalarNode("hooks")];
        Assert.NotEmpty(hooks.Children);

        foreach (var (key, value) in hooks.Children)
        {
            var hook = ((YamlScalarNode)key).Value!;
            Assert.Contains(hook, CommandHooks);
            var platforms = (YamlMappingNode)value;
            foreach (var (platform, shell, extension) in new[] { ("posix", "sh", ".sh"), ("windows", "pwsh", ".ps1") })
            {
                var entry = (YamlMappingNode)platforms.Children[new YamlScalarNode(platform)];
                // azd cannot tell a script's type without 'shell' (Azure/azure-dev#2346).
                Assert.Equal(shell, Scalar(entry, "shell"));
                var run = Scalar(entry, "run");
                Assert.EndsWith(extension, run, StringComparison.Ordinal);
                var script = Path.Combine(InfraTools.RepositoryRoot, run);
                Assert.True(File.Exists(script), $"{hook} ({platform}) runs {run}, which does not exist.");
                if (platform == "posix" && !OperatingSystem.IsWindows())
                {
                    // azd runs POSIX hooks as programs, so the file needs its executable bit (kept by git).
                    Assert.True(File.GetUnixFileMode(script).HasFlag(UnixFileMode.UserExecute), $"{run} is not executable (git update-index --chmod=+x).");
                }
            }
        }
    }

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Path.Combine(InfraTools.RepositoryRoot, "azure.yaml")));
        yaml.Load(reader);
        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text }
            ? text
            : throw new Xunit.Sdk.XunitException($"azure.yaml: '{key}' is missing or empty.");

    // azd's schema: lowercase letters, digits and hyphens, starting and ending with a letter or digit.
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex ProjectName();

    // Values come from the azd environment (${NAME} or ${NAME=default}), never literals that would differ per deployment.
    [GeneratedRegex(@"^\$\{[A-Z][A-Z0-9_]*(=[^}]*)?\}$")]
    private static partial Regex AzdSubstitution();
}
