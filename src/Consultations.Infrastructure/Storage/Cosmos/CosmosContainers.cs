using System.Collections.ObjectModel;
using Microsoft.Azure.Cosmos;

namespace Consultations.Infrastructure.Storage.Cosmos;

/// <summary>
/// The containers, partition keys and indexing policies of the Cosmos DB data model (docs/cosmos.md explains why;
/// infra/ deploys the same definitions).
/// </summary>
public static class CosmosContainers
{
    /// <summary>Programme-level documents, partitioned by programme: consultations (and later briefs) of one programme share a partition.</summary>
    public const string Programmes = "programmes";

    /// <summary>Notes, partitioned by consultation: a session page and a country's column in a comparison are single-partition reads.</summary>
    public const string Notes = "notes";

    /// <summary>Participant registers, one per consultation: restricted data in a container of its own, read only by id.</summary>
    public const string Registers = "registers";

    /// <summary>Capture drafts (notes being typed), partitioned by consultation and read only by id: nothing is indexed.</summary>
    public const string Drafts = "drafts";

    /// <summary>Saved searches, partitioned by owner key (a hash of the user id): a user's list is one partition, and nothing is indexed.</summary>
    public const string Searches = "searches";

    /// <summary>ASP.NET Core Data Protection keys (they protect sign-in cookies and antiforgery tokens), shared by every instance; one partition.</summary>
    public const string Keys = "keys";

    /// <summary>The audit trail, partitioned by calendar month (UTC): writes spread over time and a period's entries are one partition per month.</summary>
    public const string Audit = "audit";

    /// <summary>The one partition of <see cref="Programmes"/> that holds the programme documents themselves, so listing them never crosses partitions.</summary>
    public const string ProgrammeCatalogPartition = "_programmes";

    public const string ProgrammesPartitionKeyPath = "/pk";

    public const string ConsultationPartitionKeyPath = "/consultationId";

    public const string MonthPartitionKeyPath = "/month";

    public const string OwnerPartitionKeyPath = "/ownerKey";

    /// <summary>The one partition of <see cref="Audit"/> listing the months that hold entries, so a query never has to guess them.</summary>
    public const string AuditMonthsPartition = "_months";

    /// <summary>Fresh definitions each call (the SDK's property objects are mutable).</summary>
    public static IReadOnlyList<ContainerProperties> CreateDefinitions() =>
    [
        Define(Programmes, ProgrammesPartitionKeyPath, ["/pk/?", "/type/?", "/startDate/?", "/countryCode/?", "/briefId/?"], [["/startDate", "/countryCode", "/id"]]),
        Define(
            Notes,
            ConsultationPartitionKeyPath,
            ["/consultationId/?", "/sessionId/?", "/status/?", "/kind/?", "/themes/[]/?", "/createdUtc/?", "/subThemes/[]/?", "/stakeholderGroup/?", "/publishedUtc/?", "/createdBy/id/?", "/returned/*"],
            [["/createdUtc", "/id"], ["/sessionId", "/createdUtc", "/id"], ["/status", "/createdUtc", "/id"]]),
        Define(Registers, ConsultationPartitionKeyPath, [], []),
        Define(Drafts, ConsultationPartitionKeyPath, [], []),
        Define(Keys, ProgrammesPartitionKeyPath, [], []),
        Define(Searches, OwnerPartitionKeyPath, [], []),
        Define(Audit, MonthPartitionKeyPath, ["/month/?", "/type/?", "/atUtc/?", "/actorId/?", "/action/?", "/programmeId/?"], [["/atUtc", "/id"]], CompositePathSortOrder.Descending),
    ];

    private static ContainerProperties Define(string name, string partitionKeyPath, string[] indexedPaths, string[][] composites, CompositePathSortOrder order = CompositePathSortOrder.Ascending)
    {
        var properties = new ContainerProperties(name, partitionKeyPath);
        var policy = properties.IndexingPolicy;
        policy.IndexingMode = IndexingMode.Consistent;
        policy.Automatic = true;
        policy.IncludedPaths.Clear();
        policy.ExcludedPaths.Clear();

        // Index only what queries filter or sort on: note text and register names are never queried, so they cost no index RU.
        foreach (var path in indexedPaths)
        {
            policy.IncludedPaths.Add(new IncludedPath { Path = path });
        }

        policy.ExcludedPaths.Add(new ExcludedPath { Path = "/*" });
        foreach (var composite in composites)
        {
            policy.CompositeIndexes.Add(new Collection<CompositePath>([.. composite.Select(p => new CompositePath { Path = p, Order = order })]));
        }

        return properties;
    }
}
