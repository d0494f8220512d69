using Consultations.Core.Domain;
using Consultations.Infrastructure.Storage.Cosmos;
using Consultations.Testing.Cosmos;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Infrastructure.Tests.Storage;

/// <summary>The Data Protection key ring in Cosmos DB: what one instance protects, another instance reads.</summary>
[Trait("Store", "Cosmos")]
public sealed class CosmosKeyRingTests(CosmosServer server)
{
    [Fact]
    public async Task Two_instances_sharing_the_keys_container_read_each_others_cookies_and_a_third_finds_the_same_key()
    {
        var storage = await server.StorageAsync("keys-" + Ids.New());
        using var first = Instance(storage);
        using var second = Instance(storage);

        var cookie = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("signed in as demo-lead");
        Assert.Equal("signed in as demo-lead", second.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Unprotect(cookie));

        // The key was written once, under its own id, in the container's one partition.
        var elements = new CosmosXmlRepository(storage.Container(CosmosContainers.Keys)).GetAllElements();
        var key = Assert.Single(elements);
        Assert.Equal("key", key.Name.LocalName);
        using var third = Instance(storage);
        Assert.Equal("signed in as demo-lead", third.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Unprotect(cookie));
    }

    [Fact]
    public async Task An_empty_container_reads_as_no_keys_and_a_key_stored_twice_is_kept_once()
    {
        var storage = await server.StorageAsync("keys-" + Ids.New());
        var repository = new CosmosXmlRepository(storage.Container(CosmosContainers.Keys));
        Assert.Empty(repository.GetAllElements());

        var element = new System.Xml.Linq.XElement("key", new System.Xml.Linq.XAttribute("id", "k1"));
        repository.StoreElement(element, "key-k1");
        repository.StoreElement(element, "key-k1");

        Assert.Equal("k1", Assert.Single(repository.GetAllElements()).Attribute("id")!.Value);
    }

    private static ServiceProvider Instance(CosmosStorage storage)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("Consultations");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new CosmosXmlRepository(storage.Container(CosmosContainers.Keys)));
        return services.BuildServiceProvider();
    }
}
