using System.Text.Json.Nodes;

namespace Consultations.Deployment.Tests;

/// <summary>infra/main.bicep compiled to ARM JSON once per test run, and a walk over its resources.</summary>
internal static class ArmTemplate
{
    private static readonly Lazy<Task<JsonObject>> Main = new(() => BuildAsync(Path.Combine(InfraTools.InfraDirectory, "main.bicep")));

    public static Task<JsonObject> MainAsync() => Main.Value;

    /// <summary>`bicep build --stdout`; fails on a non-zero exit or on any diagnostic (Bicep prints them on stderr).</summary>
    public static async Task<JsonObject> BuildAsync(string bicepFile)
    {
        var run = await InfraTools.RunAsync(InfraTools.Bicep, ["build", bicepFile, "--stdout"]);
        if (run.ExitCode != 0 || !string.IsNullOrWhiteSpace(run.Error))
        {
            throw new InvalidOperationException(run.Describe($"bicep build {bicepFile}"));
        }

        return JsonNode.Parse(run.Output)?.AsObject() ?? throw new InvalidOperationException($"bicep build {bicepFile} printed no template.");
    }

    /// <summary>Every resource with the template that declares it, descending into nested deployments (modules).</summary>
    public static IEnumerable<(JsonObject Resource, JsonObject Template)> Resources(JsonObject template)
    {
        // languageVersion 2.0 templates keep resources in an object keyed by symbolic name; older ones in an array.
        var resources = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject map => map.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var resource in resources.ToList())
        {
            yield return (resource, template);
            if (Type(resource) == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    public static IEnumerable<(JsonObject Resource, JsonObject Template)> OfType(JsonObject template, string type) =>
        Resources(template).Where(r => string.Equals(Type(r.Resource), type, StringComparison.OrdinalIgnoreCase));

    public static (JsonObject Resource, JsonObject Template) Single(JsonObject template, string type)
    {
        var found = OfType(template, type).ToList();
        Assert.True(found.Count == 1, $"Expected one {type} in the template, found {found.Count}.");
        return found[0];
    }

    public static string? Type(JsonObject resource) => resource["type"]?.GetValue<string>();

    /// <summary>An ARM template expression ("[...]"), as opposed to a literal string.</summary>
    public static bool IsExpression(string value) => value.StartsWith('[') && value.EndsWith(']') && !value.StartsWith("[[", StringComparison.Ordinal);
}
