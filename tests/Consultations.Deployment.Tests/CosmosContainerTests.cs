using System.Text.Json.Nodes;
using Consultations.Infrastructure.Storage;
using Consultations.Infrastructure.Storage.Cosmos;
using Microsoft.Azure.Cosmos;

namespace Consultations.Deployment.Tests;

/// <summary>
/// infra/ creates exactly the containers the app verifies at start (CosmosContainers.CreateDefinitions): same names,
/// partition keys, included and excluded paths, composite indexes and their order. The app refuses to start on a
/// missing container or a different partition key, and an indexing policy that drifts costs RU or breaks ORDER BY.
/// </summary>
public sealed class CosmosContainerTests
{
    [Fact]
    public async Task The_template_deploys_one_container_per_definition_from_its_containers_variable()
    {
        var (container, template) = await ContainersAsync();

        Assert.Equal("[length(variables('containers'))]", container["copy"]!["count"]!.GetValue<string>());
        Assert.Equal("[variables('containers')[copyIndex()]]", container["properties"]!["resource"]!.GetValue<string>());
        Assert.EndsWith("variables('containers')[copyIndex()].id)]", container["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(
            CosmosContainers.CreateDefinitions().Select(d => d.Id).Order(StringComparer.Ordinal),
            Definitions(template).Select(d => d["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Each_container_matches_the_apps_definition()
    {
        var (_, template) = await ContainersAsync();
        var deployed = Definitions(template).ToDictionary(d => d["id"]!.GetValue<string>(), StringComparer.Ordinal);

        foreach (var expected in CosmosContainers.CreateDefinitions())
        {
            var actual = deployed[expected.Id];
            var where = $"container '{expected.Id}'";

            Assert.Equal([expected.PartitionKeyPath], Strings(actual["partitionKey"]!["paths"]));
            Assert.Equal("Hash", actual["partitionKey"]!["kind"]!.GetValue<string>());

            var policy = actual["indexingPolicy"]!;
            Assert.Equal(expected.IndexingPolicy.IndexingMode.ToString(), policy["indexingMode"]!.GetValue<string>(), ignoreCase: true);
            Assert.Equal(expected.IndexingPolicy.Automatic, policy["automatic"]!.GetValue<bool>());
            Assert.True(
                expected.IndexingPolicy.IncludedPaths.Select(p => p.Path).SequenceEqual(Strings(policy["includedPaths"], "path")),
                $"{where}: included paths differ.");
            Assert.True(
                expected.IndexingPolicy.ExcludedPaths.Select(p => p.Path).SequenceEqual(Strings(policy["excludedPaths"], "path")),
                $"{where}: excluded paths differ.");

            var composites = policy["compositeIndexes"]!.AsArray().Select(c => c!.AsArray().Select(p => $"{p!["path"]} {p["order"]}").ToList()).ToList();
            var expectedComposites = expected.IndexingPolicy.CompositeIndexes.Select(c => c.Select(p => $"{p.Path} {Order(p.Order)}").ToList()).ToList();
            Assert.True(expectedComposites.Count == composites.Count, $"{where}: {composites.Count} composite indexes, the app defines {expectedComposites.Count}.");
            for (var i = 0; i < composites.Count; i++)
            {
                Assert.True(expectedComposites[i].SequenceEqual(composites[i]), $"{where}: composite index {i} is ({string.Join(", ", composites[i])}), the app's is ({string.Join(", ", expectedComposites[i])}).");
            }
        }
    }

    [Fact]
    public async Task The_database_is_the_one_the_app_uses_by_default()
    {
        var template = await ArmTemplate.MainAsync();

        Assert.Equal(new CosmosStorageOptions().DatabaseName, template["variables"]!["databaseName"]!.GetValue<string>());
        var (database, _) = ArmTemplate.Single(template, "Microsoft.DocumentDB/databaseAccounts/sqlDatabases");
        Assert.Equal("[parameters('databaseName')]", database["properties"]!["resource"]!["id"]!.GetValue<string>());
    }

    private static async Task<(JsonObject Container, JsonObject Template)> ContainersAsync() =>
        ArmTemplate.Single(await ArmTemplate.MainAsync(), "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers");

    private static IEnumerable<JsonObject> Definitions(JsonObject template) => template["variables"]!["containers"]!.AsArray().Select(d => d!.AsObject());

    private static IEnumerable<string> Strings(JsonNode? array, string? property = null) =>
        array!.AsArray().Select(n => (property is null ? n : n![property])!.GetValue<string>());

    private static string Order(CompositePathSortOrder order) => order == CompositePathSortOrder.Descending ? "descending" : "ascending";
}
