using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Azure.Cosmos;

namespace Consultations.Infrastructure.Storage.Cosmos;

/// <summary>
/// The Data Protection key ring in Cosmos DB (container <see cref="CosmosContainers.Keys"/>, one partition), so every
/// instance of the app signs and reads the same cookies and antiforgery tokens. Keys are read at start and about daily,
/// and written about every 90 days: the synchronous interface Data Protection requires costs nothing that matters.
/// Access is the app identity's data-plane role; Cosmos DB encrypts them at rest (ADR 0012).
/// </summary>
internal sealed class CosmosXmlRepository(Container container) : IXmlRepository
{
    public const string Partition = "_keys";

    public IReadOnlyCollection<XElement> GetAllElements() => ReadAllAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var id = string.IsNullOrWhiteSpace(friendlyName) ? $"key-{Guid.NewGuid():D}" : friendlyName;
        var document = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["id"] = id,
            ["pk"] = Partition,
            ["type"] = "data-protection-key",
            ["xml"] = element.ToString(SaveOptions.DisableFormatting),
        });
        using var stream = new MemoryStream(document);
        using var response = container.CreateItemStreamAsync(stream, new PartitionKey(Partition)).GetAwaiter().GetResult();

        // A key is written once under its own id; a conflict means this very key was stored already.
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Conflict)
        {
            throw new InvalidOperationException($"Could not store a Data Protection key in Cosmos DB container '{container.Id}': {(int)response.StatusCode} {response.ErrorMessage}");
        }
    }

    private async Task<IReadOnlyCollection<XElement>> ReadAllAsync()
    {
        var elements = new List<XElement>();
        var query = new QueryDefinition("SELECT c.id, c.xml FROM c WHERE c.pk = @pk").WithParameter("@pk", Partition);
        using var feed = container.GetItemQueryStreamIterator(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(Partition) });
        while (feed.HasMoreResults)
        {
            using var page = await feed.ReadNextAsync();
            if (!page.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Could not read the Data Protection keys from Cosmos DB container '{container.Id}': {(int)page.StatusCode} {page.ErrorMessage}");
            }

            using var json = await JsonDocument.ParseAsync(page.Content);
            foreach (var item in json.RootElement.GetProperty("Documents").EnumerateArray())
            {
                if (item.TryGetProperty("xml", out var xml) && xml.GetString() is { Length: > 0 } text)
                {
                    elements.Add(XElement.Parse(text));
                }
            }
        }

        return elements;
    }
}
