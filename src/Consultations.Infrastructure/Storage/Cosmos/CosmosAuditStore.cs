using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Consultations.Core.Audit;
using Consultations.Core.Storage;
using Microsoft.Azure.Cosmos;

namespace Consultations.Infrastructure.Storage.Cosmos;

/// <summary>
/// The audit trail in the <c>audit</c> container, partitioned by UTC month (yyyy-MM). Entries are only ever created.
/// A query walks the months of its period newest first, one single-partition query each; the months that hold entries
/// are listed in the small <c>_months</c> partition, written once per month before that month's first entry.
/// </summary>
public sealed class CosmosAuditStore(CosmosStorage storage) : IAuditStore
{
    private const string Partition = CosmosContainers.AuditMonthsPartition;

    private readonly CosmosDocuments _entries = storage.Documents(CosmosContainers.Audit, "audit entry", "audit-entry");
    private readonly CosmosDocuments _months = storage.Documents(CosmosContainers.Audit, "audit month", "audit-month");
    private readonly ConcurrentDictionary<string, bool> _knownMonths = new(StringComparer.Ordinal);

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.EnsureValid();
        var month = AuditEntry.MonthOf(entry.At);

        // The month is listed before its first entry is written, so a written entry is always found by a query.
        if (!_knownMonths.ContainsKey(month))
        {
            try
            {
                await _months.CreateAsync(new MonthMarker(month), month, Partition, [new("month", Partition)], cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                // Listed already (by another instance, or before this one started).
            }

            _knownMonths[month] = true;
        }

        await _entries.CreateAsync(entry, entry.Id, month, [new("month", month), new("atUtc", StoreOrdering.SortableTimestamp(entry.At))], cancellationToken);
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, AuditQuery.MaxPageSize);
        var (startMonth, sdkToken) = DecodeToken(query.ContinuationToken);
        var months = await MonthsAsync(query, cancellationToken);
        var start = startMonth is null ? 0 : months.IndexOf(startMonth);
        if (start < 0)
        {
            throw new ArgumentException("The continuation token is not valid for this query.", nameof(query));
        }

        var entries = new List<AuditEntry>();
        for (var i = start; i < months.Count; i++)
        {
            var (items, next) = await _entries.QueryPageAsync(MonthQuery(months[i], query), months[i], pageSize - entries.Count, sdkToken, Read, cancellationToken);
            entries.AddRange(items);
            sdkToken = null;
            if (next is not null)
            {
                return new AuditPage(entries, EncodeToken(months[i], next));
            }

            if (entries.Count >= pageSize)
            {
                return new AuditPage(entries, i + 1 < months.Count ? EncodeToken(months[i + 1], null) : null);
            }
        }

        return new AuditPage(entries, null);
    }

    /// <summary>The listed months within the query's period, newest first.</summary>
    private async Task<List<string>> MonthsAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var listed = await _months.QueryAllAsync(
            new QueryDefinition("SELECT c.id FROM c WHERE c.month = @pk AND c.type = 'audit-month'").WithParameter("@pk", Partition),
            Partition,
            e => e.GetProperty("id").GetString()!,
            cancellationToken);
        var first = query.From is { } from ? AuditEntry.MonthOf(from) : null;
        var last = query.To is { } to ? AuditEntry.MonthOf(to.AddTicks(-1)) : null;
        return [.. listed
            .Where(m => (first is null || string.CompareOrdinal(m, first) >= 0) && (last is null || string.CompareOrdinal(m, last) <= 0))
            .OrderDescending(StringComparer.Ordinal)];
    }

    private static QueryDefinition MonthQuery(string month, AuditQuery query)
    {
        var sql = new StringBuilder("SELECT * FROM c WHERE c.month = @month AND c.type = 'audit-entry'");
        var parameters = new List<(string Name, object Value)> { ("@month", month) };
        void Filter(string condition, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(condition);
                parameters.Add((name, value));
            }
        }

        Filter("c.atUtc >= @from", "@from", query.From is { } from ? StoreOrdering.SortableTimestamp(from) : null);
        Filter("c.atUtc < @to", "@to", query.To is { } to ? StoreOrdering.SortableTimestamp(to) : null);
        Filter("c.actorId = @actor", "@actor", query.ActorId);
        Filter("c.action = @action", "@action", query.Action is { } action ? JsonNamingPolicy.KebabCaseLower.ConvertName(action.ToString()) : null);
        Filter("c.programmeId = @programme", "@programme", query.ProgrammeId);
        sql.Append(" ORDER BY c.atUtc DESC, c.id DESC");
        var definition = new QueryDefinition(sql.ToString());
        foreach (var (name, value) in parameters)
        {
            definition.WithParameter(name, value);
        }

        return definition;
    }

    private AuditEntry Read(JsonElement element) => _entries.Materialize<AuditEntry>(element, static (_, _) => { });

    // The page token names the month to resume in and, within it, the SDK's own token (empty to start the month afresh).
    private static string EncodeToken(string month, string? sdkToken) =>
        ContinuationTokens.Encode($"{month}|{sdkToken}")!;

    private static (string? Month, string? SdkToken) DecodeToken(string? token)
    {
        var text = ContinuationTokens.Decode(token);
        if (text is null)
        {
            return (null, null);
        }

        var bar = text.IndexOf('|', StringComparison.Ordinal);
        if (bar != 7)
        {
            throw new ArgumentException("The continuation token is not valid for this store.", nameof(token));
        }

        return (text[..bar], bar + 1 < text.Length ? text[(bar + 1)..] : null);
    }

    /// <summary>The listing of one month in the <c>_months</c> partition (its id is the month).</summary>
    private sealed record MonthMarker(string Covers);
}
