using System.Globalization;

namespace Consultations.Core.Storage;

/// <summary>Limits every store enforces alike, so a document SQLite accepts can always move to Cosmos DB.</summary>
public static class DocumentLimits
{
    /// <summary>Cosmos DB's maximum item size (2 MB), applied to the serialized document.</summary>
    public const int MaxDocumentBytes = 2 * 1024 * 1024;

    /// <summary>Room kept for the store's own fields (id, type, partition key, _etag, _ts, _rid…).</summary>
    public const int EnvelopeAllowanceBytes = 4 * 1024;

    /// <summary>Throws <see cref="DocumentRejectedException"/> with a message a user can act on when the document is too large.</summary>
    public static void EnsureWithinLimit(string documentType, long serializedBytes)
    {
        var limit = MaxDocumentBytes - EnvelopeAllowanceBytes;
        if (serializedBytes > limit)
        {
            throw new DocumentRejectedException(string.Create(
                CultureInfo.InvariantCulture,
                $"This {documentType} is too large to store ({serializedBytes / 1024:N0} KB; the limit is {limit / 1024:N0} KB). Nothing was saved: split it into smaller parts and try again."));
        }
    }
}

/// <summary>Orders and fan-out rules shared by the stores and the pages that read several partitions.</summary>
public static class StoreOrdering
{
    /// <summary>How programme lists are ordered in every store: name ignoring case, then id.</summary>
    public static IReadOnlyList<Domain.Programme> Programmes(IEnumerable<Domain.Programme> programmes) =>
        [.. programmes.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Id, StringComparer.Ordinal)];

    /// <summary>How brief lists are ordered in every store: most recently changed first, then id.</summary>
    public static IReadOnlyList<Domain.Brief> Briefs(IEnumerable<Domain.Brief> briefs) =>
        [.. briefs.OrderByDescending(b => b.UpdatedAt).ThenBy(b => b.Id, StringComparer.Ordinal)];

    /// <summary>Published versions: newest publication first, then brief id and number.</summary>
    public static IReadOnlyList<Domain.BriefVersion> BriefVersions(IEnumerable<Domain.BriefVersion> versions) =>
        [.. versions.OrderByDescending(v => v.PublishedAt).ThenBy(v => v.BriefId, StringComparer.Ordinal).ThenByDescending(v => v.Number)];

    /// <summary>Fixed-width UTC text, so that ordinal text order is time order in both stores.</summary>
    public static string SortableTimestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>Runs one read per partition in parallel with a bound, so a page over many consultations neither serialises nor floods the store.</summary>
public static class FanOut
{
    public const int DefaultMaxConcurrency = 8;

    public static async Task<TResult[]> RunAsync<TItem, TResult>(
        IReadOnlyList<TItem> items,
        Func<TItem, CancellationToken, Task<TResult>> action,
        CancellationToken cancellationToken,
        int maxConcurrency = DefaultMaxConcurrency)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(action);
        var results = new TResult[items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxConcurrency), CancellationToken = cancellationToken },
            async (index, ct) => results[index] = await action(items[index], ct));
        return results;
    }
}
