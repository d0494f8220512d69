using Consultations.Core.Access;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Storage.Cosmos;
using Consultations.Infrastructure.Storage.Sqlite;
using Consultations.Testing;
using Consultations.Testing.Cosmos;

namespace Consultations.Infrastructure.Tests.Storage;

/// <summary>
/// What every audit store must do: keep entries exactly, return them newest first, filter, and page through all of them
/// once. Each test writes under a programme id of its own, so a store shared with other tests does not disturb it.
/// </summary>
public abstract class AuditStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 14, 9, 30, 0, TimeSpan.FromHours(8));
    private static readonly Actor Admin = new("admin-1", "Ada Admin", new HashSet<Role> { Role.Administrator });
    private static readonly Actor Lead = new("lead-1", "Lee Lead", new HashSet<Role> { Role.Facilitator });

    protected IAuditStore Audit { get; private set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => Audit = await CreateStoreAsync();

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected abstract Task<IAuditStore> CreateStoreAsync();

    [Fact]
    public async Task An_entry_round_trips_with_every_field()
    {
        var programme = Ids.New();
        var entry = AuditEntry.Create(Lead, AuditAction.GuardOverridden, AuditSubject.Note(programme, "demo-ph", "note-1"), "2 blocking finding(s) overridden; reason: “a namesake, checked”", AuditOutcome.Succeeded, T0);

        await Audit.AppendAsync(entry, Ct);
        var read = (await Audit.QueryAsync(new AuditQuery { ProgrammeId = programme }, Ct)).Entries.Single();

        Assert.Equal(DocumentJson.Serialize(entry), DocumentJson.Serialize(read));
        Assert.Equal(TimeSpan.Zero, read.At.Offset);
        Assert.Equal(T0, read.At);
        Assert.Equal([Role.Facilitator], read.ActorRoles);
        Assert.Equal(("note", "note-1", "demo-ph"), (read.TargetType, read.TargetId, read.ConsultationId));
    }

    [Fact]
    public async Task The_same_entry_cannot_be_appended_twice()
    {
        var entry = AuditEntry.Create(Admin, AuditAction.SignedIn, AuditSubject.User(Admin.UserId), null, AuditOutcome.Succeeded, T0);
        await Audit.AppendAsync(entry, Ct);

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Audit.AppendAsync(entry with { Detail = "rewritten" }, Ct));

        Assert.Equal(ConflictReason.AlreadyExists, ex.Reason);
    }

    [Fact]
    public async Task A_detail_too_long_or_on_several_lines_is_refused_before_it_is_stored()
    {
        Assert.Throws<ArgumentException>(() => AuditEntry.Create(Admin, AuditAction.SignedIn, AuditSubject.None, new string('x', AuditEntry.MaxDetailLength + 1), AuditOutcome.Succeeded, T0));
        var programme = Ids.New();
        var valid = AuditEntry.Create(Admin, AuditAction.SignedIn, AuditSubject.Programme(programme), "ok", AuditOutcome.Succeeded, T0);

        await Assert.ThrowsAsync<ArgumentException>(() => Audit.AppendAsync(valid with { Detail = new string('x', AuditEntry.MaxDetailLength + 1) }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Audit.AppendAsync(valid with { Detail = "two\nlines" }, Ct));

        Assert.Empty((await Audit.QueryAsync(new AuditQuery { ProgrammeId = programme }, Ct)).Entries);
    }

    [Fact]
    public async Task Entries_come_newest_first_with_ties_broken_by_id()
    {
        var programme = Ids.New();
        var written = new List<AuditEntry>();
        foreach (var minutes in new[] { 5, 0, 30, 5, 12, 5 })
        {
            var entry = AuditEntry.Create(Admin, AuditAction.ProgrammeUpdated, AuditSubject.Programme(programme), $"at +{minutes}", AuditOutcome.Succeeded, T0.AddMinutes(minutes));
            await Audit.AppendAsync(entry, Ct);
            written.Add(entry);
        }

        var read = (await Audit.QueryAsync(new AuditQuery { ProgrammeId = programme }, Ct)).Entries;

        var expected = written.OrderByDescending(e => e.At).ThenByDescending(e => e.Id, StringComparer.Ordinal).Select(e => e.Id);
        Assert.Equal(expected, read.Select(e => e.Id));
    }

    [Fact]
    public async Task Filters_select_by_period_actor_action_and_programme()
    {
        var programme = Ids.New();
        var other = Ids.New();
        var signIn = await AppendAsync(Admin, AuditAction.SignedIn, AuditSubject.Programme(programme), T0);
        var publish = await AppendAsync(Lead, AuditAction.NotePublished, AuditSubject.Note(programme, "c", "n"), T0.AddHours(1));
        var publishLater = await AppendAsync(Lead, AuditAction.NotePublished, AuditSubject.Note(programme, "c", "n2"), T0.AddDays(1));
        await AppendAsync(Lead, AuditAction.NotePublished, AuditSubject.Note(other, "c", "n3"), T0.AddHours(1));

        async Task<List<string>> Found(AuditQuery query) => [.. (await Audit.QueryAsync(query, Ct)).Entries.Select(e => e.Id)];

        Assert.Equal([publishLater.Id, publish.Id, signIn.Id], await Found(new AuditQuery { ProgrammeId = programme }));
        Assert.Equal([publishLater.Id, publish.Id], await Found(new AuditQuery { ProgrammeId = programme, ActorId = Lead.UserId }));
        Assert.Equal([signIn.Id], await Found(new AuditQuery { ProgrammeId = programme, Action = AuditAction.SignedIn }));

        // From is inclusive and To exclusive, whatever offset the bounds are given in.
        Assert.Equal([publish.Id, signIn.Id], await Found(new AuditQuery { ProgrammeId = programme, From = T0, To = T0.AddDays(1) }));
        Assert.Equal([publishLater.Id, publish.Id], await Found(new AuditQuery { ProgrammeId = programme, From = T0.AddHours(1).ToOffset(TimeSpan.FromHours(-5)) }));
        Assert.Empty(await Found(new AuditQuery { ProgrammeId = programme, ActorId = "nobody" }));
    }

    [Fact]
    public async Task Paging_visits_every_entry_once_in_order()
    {
        var programme = Ids.New();
        var written = new List<AuditEntry>();
        for (var i = 0; i < 23; i++)
        {
            // Several entries share an instant, so the token must carry the id as well as the time.
            written.Add(await AppendAsync(i % 2 == 0 ? Admin : Lead, AuditAction.BriefReadByFunder, AuditSubject.BriefVersion(programme, "brief", 1), T0.AddSeconds(i / 3)));
        }

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await Audit.QueryAsync(new AuditQuery { ProgrammeId = programme, PageSize = 5, ContinuationToken = token }, Ct);
            Assert.True(page.Entries.Count <= 5);
            seen.AddRange(page.Entries.Select(e => e.Id));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 20);

        Assert.Equal(written.OrderByDescending(e => e.At).ThenByDescending(e => e.Id, StringComparer.Ordinal).Select(e => e.Id), seen);
        Assert.InRange(pages, 5, 6);
        await Assert.ThrowsAsync<ArgumentException>(() => Audit.QueryAsync(new AuditQuery { ContinuationToken = "not*a*token" }, Ct));
    }

    [Fact]
    public async Task A_period_across_month_ends_is_read_whole_and_in_order()
    {
        var programme = Ids.New();
        var endOfJanuary = new DateTimeOffset(2024, 1, 31, 23, 59, 59, TimeSpan.Zero);
        var written = new List<AuditEntry>
        {
            await AppendAsync(Admin, AuditAction.SignedIn, AuditSubject.Programme(programme), endOfJanuary.AddMonths(-1)),
            await AppendAsync(Admin, AuditAction.SignedIn, AuditSubject.Programme(programme), endOfJanuary),

            // 00:30 on 1 February in Manila is still January in UTC: months are UTC months.
            await AppendAsync(Admin, AuditAction.SignedIn, AuditSubject.Programme(programme), new DateTimeOffset(2024, 2, 1, 0, 30, 0, TimeSpan.FromHours(8))),
            await AppendAsync(Admin, AuditAction.SignedIn, AuditSubject.Programme(programme), endOfJanuary.AddSeconds(1)),
            await AppendAsync(Admin, AuditAction.SignedIn, AuditSubject.Programme(programme), endOfJanuary.AddDays(20)),
        };

        var all = await ReadAllAsync(new AuditQuery { ProgrammeId = programme, PageSize = 2 });
        Assert.Equal(written.OrderByDescending(e => e.At).ThenByDescending(e => e.Id, StringComparer.Ordinal).Select(e => e.Id), all);

        var february = await ReadAllAsync(new AuditQuery { ProgrammeId = programme, From = new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), PageSize = 1 });
        Assert.Equal([written[4].Id, written[3].Id], february);
    }

    private async Task<List<string>> ReadAllAsync(AuditQuery query)
    {
        var ids = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await Audit.QueryAsync(query with { ContinuationToken = token }, Ct);
            ids.AddRange(page.Entries.Select(e => e.Id));
            token = page.ContinuationToken;
        }
        while (token is not null && ++pages < 50);

        return ids;
    }

    private async Task<AuditEntry> AppendAsync(Actor actor, AuditAction action, AuditSubject subject, DateTimeOffset at)
    {
        var entry = AuditEntry.Create(actor, action, subject, $"{action} at {at:O}", AuditOutcome.Succeeded, at);
        await Audit.AppendAsync(entry, Ct);
        return entry;
    }
}

/// <summary>The audit contract on a real SQLite file (a fresh file per test), plus its append-only triggers.</summary>
public sealed class SqliteAuditStoreContractTests : AuditStoreContractTests
{
    private readonly TempDirectory _directory = new();
    private SqliteDatabase _database = null!;

    protected override async Task<IAuditStore> CreateStoreAsync()
    {
        _database = new SqliteDatabase(Path.Combine(_directory.Path, "audit.db"));
        await _database.MigrateAsync(TestContext.Current.CancellationToken);
        return new SqliteAuditStore(_database);
    }

    [Fact]
    public async Task The_file_itself_refuses_to_change_or_delete_an_entry()
    {
        var entry = AuditEntry.Create(new Actor("a", "A", new HashSet<Role>()), AuditAction.SignedIn, AuditSubject.None, "kept", AuditOutcome.Succeeded, DateTimeOffset.UtcNow);
        await Audit.AppendAsync(entry, TestContext.Current.CancellationToken);
        await using var connection = await _database.OpenAsync(TestContext.Current.CancellationToken);

        foreach (var sql in new[] { "UPDATE audit_entries SET action = 'x';", "DELETE FROM audit_entries;" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var ex = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
            Assert.Contains("append-only", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal("kept", (await Audit.QueryAsync(new AuditQuery(), TestContext.Current.CancellationToken)).Entries.Single().Detail);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>The audit contract on Cosmos DB (the npm server on loopback): month partitions and their listing.</summary>
[Trait("Store", "Cosmos")]
public sealed class CosmosAuditStoreContractTests(CosmosServer server) : AuditStoreContractTests
{
    private CosmosStorage _storage = null!;

    protected override async Task<IAuditStore> CreateStoreAsync()
    {
        _storage = await server.StorageAsync("audit-contract");
        return new CosmosAuditStore(_storage);
    }

    [Fact]
    public async Task Each_entry_lives_in_the_partition_of_its_utc_month_and_a_new_store_finds_every_month()
    {
        var programme = Ids.New();
        var actor = new Actor("a", "A", new HashSet<Role>());
        var late = AuditEntry.Create(actor, AuditAction.SignedIn, AuditSubject.Programme(programme), null, AuditOutcome.Succeeded, new DateTimeOffset(2023, 12, 31, 23, 0, 0, TimeSpan.Zero));
        var early = AuditEntry.Create(actor, AuditAction.SignedIn, AuditSubject.Programme(programme), null, AuditOutcome.Succeeded, new DateTimeOffset(2024, 1, 1, 6, 0, 0, TimeSpan.FromHours(7)));
        await Audit.AppendAsync(late, TestContext.Current.CancellationToken);
        await Audit.AppendAsync(early, TestContext.Current.CancellationToken);

        using var item = await _storage.Container(CosmosContainers.Audit).ReadItemStreamAsync(early.Id, new Microsoft.Azure.Cosmos.PartitionKey("2023-12"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(item.IsSuccessStatusCode, $"expected the entry of 06:00 +07:00 on 1 January in December's partition, got {(int)item.StatusCode}");

        // Another app instance has not written these months itself: the listing tells it where to look.
        var fresh = new CosmosAuditStore(_storage);
        var read = (await fresh.QueryAsync(new AuditQuery { ProgrammeId = programme }, TestContext.Current.CancellationToken)).Entries;
        Assert.Equal(new[] { early.Id, late.Id }.Order(StringComparer.Ordinal), read.Select(e => e.Id).Order(StringComparer.Ordinal));
    }
}
