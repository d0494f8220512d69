using System.Net;
using System.Text.Json;
using Consultations.Core.Storage;
using Microsoft.Azure.Cosmos;

namespace Consultations.Infrastructure.Storage.Cosmos;

/// <summary>
/// The read and write patterns every Cosmos DB store shares: the domain document (the same JSON SQLite keeps)
/// wrapped in an envelope with id, type, schema version and partition key; point reads; conditional writes on
/// _etag; single-partition queries. Stream APIs throughout, so expected outcomes (404, 409, 412) are status
/// codes, not exceptions, and every response's charge is observed.
/// </summary>
internal sealed class CosmosDocuments(Container container, string documentType, string type, CosmosRequestObserver observer)
{
    /// <summary>The envelope and document shape this version writes; a newer one is refused rather than misread.</summary>
    public const int SchemaVersion = 1;

    private static readonly ItemRequestOptions WriteOptions = new() { EnableContentResponseOnWrite = false };

    public async Task<T?> ReadAsync<T>(string id, string partitionKey, Action<T, string> setETag, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await Call("read", () => container.ReadItemStreamAsync(id, new PartitionKey(partitionKey), cancellationToken: cancellationToken));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        EnsureSuccess(response, id);
        using var json = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);

        // Programme-level documents of different types share a container; an id of another type is not this document.
        return TypeOf(json.RootElement) == type ? Materialize(json.RootElement, setETag) : null;
    }

    public async Task<string> CreateAsync<T>(T document, string id, string partitionKey, IEnumerable<KeyValuePair<string, string>>? extra, CancellationToken cancellationToken)
    {
        using var body = Envelope(document, id, partitionKey, extra);
        using var response = await Call("create", () => container.CreateItemStreamAsync(body, new PartitionKey(partitionKey), WriteOptions, cancellationToken));
        EnsureSuccess(response, id);
        return response.Headers.ETag;
    }

    /// <summary>Writes the item whatever is there (a change feed deletion marker, rewritten so that its _ts moves on).</summary>
    public async Task UpsertAsync<T>(T document, string id, string partitionKey, CancellationToken cancellationToken)
    {
        using var body = Envelope(document, id, partitionKey, null);
        using var response = await Call("upsert", () => container.UpsertItemStreamAsync(body, new PartitionKey(partitionKey), WriteOptions, cancellationToken));
        EnsureSuccess(response, id);
    }

    /// <summary>Replaces the item only if its _etag is still <paramref name="expectedETag"/>; returns the new ETag.</summary>
    public async Task<string> ReplaceAsync<T>(T document, string id, string partitionKey, string? expectedETag, IEnumerable<KeyValuePair<string, string>>? extra, CancellationToken cancellationToken)
    {
        if (expectedETag is null)
        {
            // A document that was never read cannot be replaced safely: treat it as a lost race, as SQLite does.
            throw new ConcurrencyConflictException(documentType, id, ConflictReason.StaleVersion);
        }

        using var body = Envelope(document, id, partitionKey, extra);
        var options = new ItemRequestOptions { IfMatchEtag = expectedETag, EnableContentResponseOnWrite = false };
        using var response = await Call("replace", () => container.ReplaceItemStreamAsync(body, id, new PartitionKey(partitionKey), options, cancellationToken));
        EnsureSuccess(response, id);
        return response.Headers.ETag;
    }

    public async Task DeleteAsync(string id, string partitionKey, string? expectedETag, CancellationToken cancellationToken)
    {
        if (expectedETag is null)
        {
            throw new ConcurrencyConflictException(documentType, id, ConflictReason.StaleVersion);
        }

        var options = new ItemRequestOptions { IfMatchEtag = expectedETag };
        using var response = await Call("delete", () => container.DeleteItemStreamAsync(id, new PartitionKey(partitionKey), options, cancellationToken));
        EnsureSuccess(response, id);
    }

    /// <summary>Deletes the item whatever its version (bulk removal of a whole programme); false when there was none.</summary>
    public async Task<bool> DeleteIfExistsAsync(string id, string partitionKey, CancellationToken cancellationToken)
    {
        using var response = await Call("delete", () => container.DeleteItemStreamAsync(id, new PartitionKey(partitionKey), cancellationToken: cancellationToken));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        EnsureSuccess(response, id);
        return true;
    }

    /// <summary>Every result of a single-partition query (the partition-key filter must also be in the SQL text).</summary>
    public Task<List<T>> QueryAllAsync<T>(QueryDefinition query, string partitionKey, Func<JsonElement, T> read, CancellationToken cancellationToken) =>
        QueryAllAsync(query, partitionKey, read, scan: false, cancellationToken);

    /// <summary>
    /// As <see cref="QueryAllAsync{T}(QueryDefinition, string, Func{JsonElement, T}, CancellationToken)"/>; <paramref name="scan"/> allows a
    /// filter on a path the container does not index (the partition key of a container that indexes nothing).
    /// </summary>
    public async Task<List<T>> QueryAllAsync<T>(QueryDefinition query, string partitionKey, Func<JsonElement, T> read, bool scan, CancellationToken cancellationToken)
    {
        var (items, _) = await QueryPageAsync(query, partitionKey, int.MaxValue, null, read, scan, cancellationToken);
        return items;
    }

    /// <summary>
    /// Up to <paramref name="pageSize"/> results from <paramref name="continuationToken"/> on, following the SDK's
    /// continuation tokens (the service may answer with fewer items than asked), and the token for what follows.
    /// </summary>
    public Task<(List<T> Items, string? ContinuationToken)> QueryPageAsync<T>(
        QueryDefinition query, string partitionKey, int pageSize, string? continuationToken, Func<JsonElement, T> read, CancellationToken cancellationToken) =>
        QueryPageAsync(query, partitionKey, pageSize, continuationToken, read, scan: false, cancellationToken);

    private async Task<(List<T> Items, string? ContinuationToken)> QueryPageAsync<T>(
        QueryDefinition query, string partitionKey, int pageSize, string? continuationToken, Func<JsonElement, T> read, bool scan, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var token = continuationToken;
        do
        {
            var options = new QueryRequestOptions
            {
                PartitionKey = new PartitionKey(partitionKey),
                MaxItemCount = pageSize == int.MaxValue ? 1000 : pageSize - items.Count,

                // Single-partition queries go straight to the partition, without the gateway's query-plan round trip.
                EnableOptimisticDirectExecution = true,
                EnableScanInQuery = scan ? true : null,
            };
            using var iterator = container.GetItemQueryStreamIterator(query, token, options);
            if (!iterator.HasMoreResults)
            {
                return (items, null);
            }

            using var response = await Call("query", () => iterator.ReadNextAsync(cancellationToken));
            if (response.StatusCode == HttpStatusCode.BadRequest && token is not null)
            {
                throw new ArgumentException("The continuation token is not valid for this store.", nameof(continuationToken));
            }

            EnsureSuccess(response, partitionKey);
            using (var json = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken))
            {
                foreach (var element in json.RootElement.GetProperty("Documents").EnumerateArray())
                {
                    items.Add(read(element));
                }
            }

            token = response.ContinuationToken;
        }
        while (token is not null && items.Count < pageSize);

        return (items, token);
    }

    /// <summary>
    /// Runs a query across every partition (only the change feed does: no page ever fans out), page by page, handing
    /// each result to <paramref name="take"/> until it returns false; true when the results ran out first.
    /// </summary>
    public async Task<bool> ReadAcrossPartitionsAsync(QueryDefinition query, int pageSize, Func<JsonElement, bool> take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(take);
        var options = new QueryRequestOptions { MaxItemCount = pageSize };
        using var iterator = container.GetItemQueryStreamIterator(query, null, options);
        while (iterator.HasMoreResults)
        {
            using var response = await Call("query", () => iterator.ReadNextAsync(cancellationToken));
            EnsureSuccess(response, container.Id);
            using var json = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);
            foreach (var element in json.RootElement.GetProperty("Documents").EnumerateArray())
            {
                if (!take(element))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Rehydrates a full document (with its _etag) from a query result or point read.</summary>
    public T Materialize<T>(JsonElement element, Action<T, string> setETag)
    {
        ArgumentNullException.ThrowIfNull(setETag);
        if (element.TryGetProperty("schemaVersion", out var version) && version.TryGetInt32(out var number) && number > SchemaVersion)
        {
            throw new InvalidOperationException(
                $"A {documentType} in Cosmos DB was written by a newer version of Consultations (schema {number}; this version reads up to {SchemaVersion}). Upgrade the app.");
        }

        var document = element.Deserialize<T>(DocumentJson.Options) ?? throw new JsonException($"Stored {documentType} is empty.");
        setETag(document, element.GetProperty("_etag").GetString() ?? string.Empty);
        return document;
    }

    private static string? TypeOf(JsonElement element) =>
        element.TryGetProperty("type", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private MemoryStream Envelope<T>(T document, string id, string partitionKey, IEnumerable<KeyValuePair<string, string>>? extra)
    {
        var node = JsonSerializer.SerializeToNode(document, DocumentJson.Options)?.AsObject()
            ?? throw new ArgumentException($"The {documentType} is empty.", nameof(document));
        node["id"] = id;
        node["type"] = type;
        node["schemaVersion"] = SchemaVersion;
        if (container.Id == CosmosContainers.Programmes)
        {
            node["pk"] = partitionKey;
        }

        foreach (var (name, value) in extra ?? [])
        {
            node[name] = value;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(node, DocumentJson.Options);
        DocumentLimits.EnsureWithinLimit(documentType, bytes.Length);
        return new MemoryStream(bytes, writable: false);
    }

    private async Task<ResponseMessage> Call(string operation, Func<Task<ResponseMessage>> send)
    {
        ResponseMessage response;
        try
        {
            response = await send();
        }
        catch (CosmosException ex) when (ex.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout)
        {
            throw Unavailable(ex.StatusCode, ex);
        }
        catch (HttpRequestException ex)
        {
            throw Unavailable(null, ex);
        }

        observer.Record(container.Id, operation, response);
        return response;
    }

    private void EnsureSuccess(ResponseMessage response, string id)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        throw response.StatusCode switch
        {
            HttpStatusCode.NotFound => new DocumentNotFoundException(documentType, id),
            HttpStatusCode.Conflict => new ConcurrencyConflictException(documentType, id, ConflictReason.AlreadyExists),
            HttpStatusCode.PreconditionFailed => new ConcurrencyConflictException(documentType, id, ConflictReason.StaleVersion),
            HttpStatusCode.RequestEntityTooLarge => new DocumentRejectedException(
                $"This {documentType} is too large for the database (Cosmos DB accepts at most 2 MB per document). Nothing was saved: split it into smaller parts and try again."),
            HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout
                or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.InternalServerError => Unavailable(response.StatusCode, null, response.ErrorMessage),
            _ => new InvalidOperationException($"Cosmos DB refused a {documentType} request ({(int)response.StatusCode}): {response.ErrorMessage}"),
        };
    }

    private StoreUnavailableException Unavailable(HttpStatusCode? status, Exception? inner, string? detail = null)
    {
        var message = status switch
        {
            HttpStatusCode.TooManyRequests => "The database is busy (request rate too high) and did not answer in time. Nothing was changed; try again in a moment.",
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "The database refused the app's identity. Nothing was changed; an administrator must check the app's Cosmos DB role assignment.",
            _ => "The database did not answer. Nothing was changed; try again in a moment.",
        };
        // The message is shown to users; what the service said goes to the log through the inner exception.
        inner ??= new InvalidOperationException($"Cosmos DB answered {(int?)status} to a {documentType} request: {detail}");
        return new StoreUnavailableException(message, inner);
    }
}
