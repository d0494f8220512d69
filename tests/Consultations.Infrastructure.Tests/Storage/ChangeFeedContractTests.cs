using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Storage.Cosmos;
using Consultations.Infrastructure.Storage.Sqlite;
using Consultations.Testing;
using Consultations.Testing.Cosmos;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Consultations.Infrastructure.Tests.Storage;

/// <summary>
/// The change feed on both backends: every write made through the stores, by this app instance or another one on the
/// same database, is read back after a checkpoint; repeats are allowed, losses are not. Each test has a store of its own.
/// </summary>
public abstract class ChangeFeedContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 2, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly UserRef Author = new("author", "Author");

    /// <summary>The first app instance.</summary>
    protected Instance A { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>SQLite hands out each change once; Cosmos DB hands out the last few seconds again on every read.</summary>
    protected abstract bool RepeatsRecentChanges { get; }

    public async ValueTask InitializeAsync() => A = await StartInstanceAsync(TimeProvider.System);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>A new app instance on the same database as every other instance of this test: its own connections or client.</summary>
    protected abstract Task<Instance> StartInstanceAsync(TimeProvider time);

    [Fact]
    public async Task Every_write_through_the_stores_appears_with_what_to_reread()
    {
        var start = await Start(A);
        var programme = await A.Stores.Programmes.CreateAsync(NewProgramme(), Ct);
        programme.UpdateDetails("Renamed", null, null, Author, T0);
        await A.Stores.Programmes.UpdateAsync(programme, Ct);
        var consultation = await A.Stores.Consultations.CreateAsync(NewConsultation(programme), Ct);
        var note = await A.Stores.Notes.CreateAsync(NewNote(programme, consultation, "Points of contact in Đà Nẵng."), Ct);
        note.Revise(programme, note.Content with { Text = "Points of contact, revised." }, Author, T0.AddMinutes(1));
        await A.Stores.Notes.UpdateAsync(note, Ct);
        var gone = await A.Stores.Notes.CreateAsync(NewNote(programme, consultation, "To be deleted."), Ct);
        await A.Stores.Notes.DeleteAsync(gone, Ct);
        var register = ParticipantRegister.Create(consultation, Author, T0);
        register.AddRange([new ParticipantEntry("Nguyễn Thị Lan", "Ministry", "government", null)], Author, T0);
        await A.Stores.Registers.SaveAsync(register, Ct);
        var brief = await A.Stores.Briefs.CreateAsync(NewBrief(programme), Ct);
        brief.SubmitForReview(Author, T0);
        var version = await A.Stores.Briefs.CreateVersionAsync(brief.Publish([], new UserRef("reviewer", "Reviewer"), T0.AddHours(1)), Ct);

        var (changes, _, _) = await DrainAsync(A.Feed, start);

        Assert.Contains(new StoreChange(StoreChangeKind.Programme, programme.Id, null, programme.Id), changes);
        Assert.Contains(new StoreChange(StoreChangeKind.Consultation, consultation.Id, consultation.Id, programme.Id), changes);
        Assert.Contains(new StoreChange(StoreChangeKind.Note, note.Id, consultation.Id, programme.Id), changes);
        Assert.Contains(new StoreChange(StoreChangeKind.NoteDeleted, gone.Id, consultation.Id, programme.Id), changes);
        Assert.Contains(new StoreChange(StoreChangeKind.Register, consultation.Id, consultation.Id, programme.Id), changes);
        Assert.Contains(new StoreChange(StoreChangeKind.BriefVersion, version.Id, null, programme.Id), changes);
        Assert.DoesNotContain(changes, c => c.Id == brief.Id);
    }

    [Fact]
    public async Task A_null_checkpoint_starts_at_the_end()
    {
        var (programme, consultation) = await NewConsultationAsync(A);
        var before = await A.Stores.Notes.CreateAsync(NewNote(programme, consultation, "Written before the checkpoint."), Ct);

        var first = await A.Feed.ReadAsync(null, cancellationToken: Ct);
        var after = await A.Stores.Notes.CreateAsync(NewNote(programme, consultation, "Written after the checkpoint."), Ct);
        var (changes, _, _) = await DrainAsync(A.Feed, first.Checkpoint);

        Assert.Empty(first.Changes);
        Assert.False(first.More);
        Assert.Contains(changes, c => c.Id == after.Id);
        if (!RepeatsRecentChanges)
        {
            Assert.DoesNotContain(changes, c => c.Id == before.Id);
        }
    }

    [Fact]
    public async Task Changes_of_a_later_second_come_after_those_of_an_earlier_one()
    {
        var (programme, consultation) = await NewConsultationAsync(A);
        var start = await Start(A);
        var first = await A.Stores.Notes.CreateAsync(NewNote(programme, consultation, "First."), Ct);
        var doomed = await A.Stores.Notes.CreateAsync(NewNote(programme, consultation, "Deleted in the next second."), Ct);
        await NextSecondAsync();
        var second = await A.Stores.Notes.CreateAsync(NewNote(programme, consultation, "Second."), Ct);
        await A.Stores.Notes.DeleteAsync(doomed, Ct);

        var (changes, _, _) = await DrainAsync(A.Feed, start);

        var created = changes.IndexOf(new StoreChange(StoreChangeKind.Note, first.Id, consultation.Id, programme.Id));
        Assert.InRange(created, 0, changes.IndexOf(new StoreChange(StoreChangeKind.Note, second.Id, consultation.Id, programme.Id)));
        Assert.InRange(created, 0, changes.IndexOf(new StoreChange(StoreChangeKind.NoteDeleted, doomed.Id, consultation.Id, programme.Id)));
    }

    [Fact]
    public async Task Pages_stop_at_max_and_say_when_more_are_waiting()
    {
        var (programme, consultation) = await NewConsultationAsync(A);
        var start = await Start(A);
        var early = new List<Note>();
        for (var i = 0; i < 3; i++)
        {
            early.Add(await A.Stores.Notes.CreateAsync(NewNote(programme, consultation, $"Early {i}."), Ct));
        }

        await NextSecondAsync();
        var late = new List<Note>();
        for (var i = 0; i < 4; i++)
        {
            late.Add(await A.Stores.Notes.CreateAsync(NewNote(programme, consultation, $"Late {i}."), Ct));
        }

        var (changes, _, pages) = await DrainAsync(A.Feed, start, max: 3);

        Assert.True(pages[0].More);
        Assert.DoesNotContain(pages[0].Changes, c => late.Any(n => n.Id == c.Id));
        Assert.False(pages[^1].More);
        Assert.All(early.Concat(late), n => Assert.Contains(changes, c => c.Id == n.Id));
        if (!RepeatsRecentChanges)
        {
            Assert.All(pages, p => Assert.InRange(p.Changes.Count, 0, 3));
            Assert.Equal(early.Concat(late).Select(n => n.Id), changes.Select(c => c.Id));
        }
    }

    [Fact]
    public async Task A_checkpoint_survives_a_restart()
    {
        var (programme, consultation) = await NewConsultationAsync(A);
        var checkpoint = await Start(A);
        var note = await A.Stores.Notes.CreateAsync(NewNote(programme, consultation, "Written before the restart."), Ct);

        var restarted = await StartInstanceAsync(TimeProvider.System);
        var (changes, _, _) = await DrainAsync(restarted.Feed, checkpoint);

        Assert.Contains(new StoreChange(StoreChangeKind.Note, note.Id, consultation.Id, programme.Id), changes);
    }

    [Fact]
    public async Task A_second_instance_sees_the_first_ones_writes_and_deletions()
    {
        var b = await StartInstanceAsync(TimeProvider.System);
        var checkpoint = await Start(b);
        var (programme, consultation) = await NewConsultationAsync(A);
        var kept = await A.Stores.Notes.CreateAsync(NewNote(programme, consultation, "Kept."), Ct);
        var deleted = await A.Stores.Notes.CreateAsync(NewNote(programme, consultation, "Deleted."), Ct);
        await A.Stores.Notes.DeleteAsync(deleted, Ct);

        var (changes, next, _) = await DrainAsync(b.Feed, checkpoint);
        var register = ParticipantRegister.Create(consultation, Author, T0);
        await A.Stores.Registers.SaveAsync(register, Ct);
        var (later, _, _) = await DrainAsync(b.Feed, next);

        Assert.Contains(new StoreChange(StoreChangeKind.Note, kept.Id, consultation.Id, programme.Id), changes);
        Assert.Contains(new StoreChange(StoreChangeKind.NoteDeleted, deleted.Id, consultation.Id, programme.Id), changes);
        Assert.Contains(new StoreChange(StoreChangeKind.Register, consultation.Id, consultation.Id, programme.Id), later);
    }

    [Fact]
    public async Task Deletion_markers_never_show_in_a_listing_and_go_with_their_programme()
    {
        var (programme, consultation) = await NewConsultationAsync(A);
        var note = await A.Stores.Notes.CreateAsync(NewNote(programme, consultation, "Deleted."), Ct);
        await A.Stores.Notes.DeleteAsync(note, Ct);

        Assert.Equal([consultation.Id], (await A.Stores.Consultations.ListByProgrammeAsync(programme.Id, Ct)).Select(c => c.Id));
        Assert.Empty(await A.Stores.Briefs.ListByProgrammeAsync(programme.Id, Ct));
        Assert.Empty(await A.Stores.Briefs.ListVersionsAsync(programme.Id, cancellationToken: Ct));
        Assert.Empty(await A.Stores.Notes.TallyAsync(consultation.Id, Ct));
        Assert.Empty(await A.Stores.Notes.ReadAllAsync(consultation.Id, new NoteQuery(), Ct).ToListAsync(Ct));
        var (removed, _) = await NewConsultationAsync(A);
        await A.Bulk.DeleteProgrammeAsync(removed.Id, Ct);
        Assert.Equal([programme.Id], (await A.Stores.Programmes.ListAsync(Ct)).Select(p => p.Id));
        Assert.Null(await A.Stores.Programmes.GetAsync(removed.Id, Ct));

        // Re-creating and deleting the same note again is reported again.
        var start = await Start(A);
        var again = await A.Stores.Notes.CreateAsync(NewNote(programme, consultation, "Deleted twice.", note.Id), Ct);
        await A.Stores.Notes.DeleteAsync(again, Ct);
        Assert.Contains(new StoreChange(StoreChangeKind.NoteDeleted, note.Id, consultation.Id, programme.Id), (await DrainAsync(A.Feed, start)).Changes);
    }

    [Fact]
    public async Task Bulk_writes_appear_each_note_created_and_the_programme_deleted()
    {
        var (programme, consultation) = await NewConsultationAsync(A);
        var start = await Start(A);
        var notes = Enumerable.Range(0, 12).Select(i => NewNote(programme, consultation, $"Bulk {i}.")).ToList();

        await A.Bulk.CreateNotesAsync(notes, Ct);
        var (created, next, _) = await DrainAsync(A.Feed, start);
        await A.Bulk.DeleteProgrammeAsync(programme.Id, Ct);
        var (deleted, _, _) = await DrainAsync(A.Feed, next);

        Assert.All(notes, n => Assert.Contains(new StoreChange(StoreChangeKind.Note, n.Id, consultation.Id, programme.Id), created));
        Assert.Contains(new StoreChange(StoreChangeKind.Programme, programme.Id, null, programme.Id), deleted);
        Assert.Null(await A.Stores.Programmes.GetAsync(programme.Id, Ct));
    }

    [Fact]
    public async Task A_checkpoint_from_elsewhere_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => A.Feed.ReadAsync("not a checkpoint", cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => A.Feed.ReadAsync(ForeignCheckpoint, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => A.Feed.ReadAsync(null, max: 0, cancellationToken: Ct));
    }

    /// <summary>A well-formed checkpoint of the other backend.</summary>
    protected abstract string ForeignCheckpoint { get; }

    protected static async Task<string> Start(Instance instance) => (await instance.Feed.ReadAsync(null, cancellationToken: Ct)).Checkpoint;

    /// <summary>Reads page after page while the feed says more are waiting.</summary>
    protected static async Task<(List<StoreChange> Changes, string Checkpoint, List<ChangePage> Pages)> DrainAsync(IChangeFeed feed, string checkpoint, int max = 500)
    {
        var pages = new List<ChangePage>();
        do
        {
            var page = await feed.ReadAsync(checkpoint, max, Ct);
            pages.Add(page);
            checkpoint = page.Checkpoint;
            Assert.True(pages.Count < 100, "The change feed said 'more' a hundred times over a handful of writes.");
        }
        while (pages[^1].More);

        return ([.. pages.SelectMany(p => p.Changes)], checkpoint, pages);
    }

    protected static async Task<(Programme Programme, Consultation Consultation)> NewConsultationAsync(Instance instance)
    {
        var programme = await instance.Stores.Programmes.CreateAsync(NewProgramme(), Ct);
        return (programme, await instance.Stores.Consultations.CreateAsync(NewConsultation(programme), Ct));
    }

    protected static Note NewNote(Programme programme, Consultation consultation, string text, string? id = null) =>
        Note.Create(programme, consultation, consultation.FindSession("plenary")!, new NoteContent(text, NoteKind.Finding, "government", ["inclusion"], []), Author, T0, id ?? Ids.New());

    /// <summary>Waits until the clock is in the next second, so writes before and after have different timestamps on both backends.</summary>
    private static async Task NextSecondAsync()
    {
        var now = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromMilliseconds(1050 - now.Millisecond), Ct);
    }

    private static Programme NewProgramme() => Programme.Create(Ids.New(), "Change feed", "Description", "Funder", Author, T0);

    private static Consultation NewConsultation(Programme programme)
    {
        var date = new DateOnly(2025, 6, 2);
        var consultation = Consultation.Create(Ids.New(), programme.Id, new ConsultationDetails("VN", "Hà Nội", null, date, date, ConsultationFormat.InPerson, DisclosureRule.ChathamHouse, []), Author, T0);
        consultation.AddSession("plenary", "Plenary", ["inclusion"], DisclosureRule.ChathamHouse, programme.Taxonomy, Author, T0);
        return consultation;
    }

    private static Brief NewBrief(Programme programme) =>
        Brief.Create(
            programme,
            "Brief",
            new BriefScope(["c1"], ["inclusion"], NoteKind.Finding, null),
            new BriefCoverage([new Core.Comparison.ComparedCountry("c1", "Việt Nam")], []),
            "## Common ground\n\nText.",
            Author,
            T0);

    protected sealed record Instance(StoreSet Stores, IBulkStore Bulk, IChangeFeed Feed);
}

public sealed class SqliteChangeFeedContractTests : ChangeFeedContractTests
{
    private readonly TempDirectory _directory = new();

    protected override bool RepeatsRecentChanges => false;

    protected override string ForeignCheckpoint => "cosmos:eyJWIjoxLCJTaW5jZSI6MSwiRGVsaXZlcmVkIjowfQ";

    private string FilePath => Path.Combine(_directory.Path, "feed.db");

    [Fact]
    public async Task Changes_come_in_commit_order_each_once()
    {
        var (programme, consultation) = await NewConsultationAsync(A);
        var start = await Start(A);
        var note = await A.Stores.Notes.CreateAsync(NewNote(programme, consultation, "One."), Ct);
        await A.Stores.Registers.SaveAsync(ParticipantRegister.Create(consultation, UserRef.System, DateTimeOffset.UnixEpoch), Ct);
        note.Revise(programme, note.Content with { Text = "One, revised." }, UserRef.System, DateTimeOffset.UnixEpoch);
        await A.Stores.Notes.UpdateAsync(note, Ct);
        await A.Stores.Notes.DeleteAsync(note, Ct);

        var (changes, _, _) = await DrainAsync(A.Feed, start);

        Assert.Equal(
            [StoreChangeKind.Note, StoreChangeKind.Register, StoreChangeKind.Note, StoreChangeKind.NoteDeleted],
            changes.Select(c => c.Kind));
    }

    [Fact]
    public async Task Rows_older_than_a_day_are_pruned_and_a_checkpoint_before_them_is_refused()
    {
        var (programme, consultation) = await NewConsultationAsync(A);
        var old = await Start(A);
        await A.Stores.Notes.CreateAsync(NewNote(programme, consultation, "Yesterday's."), Ct);
        var tomorrow = await StartInstanceAsync(new ShiftedTime(TimeSpan.FromDays(1.5)));

        await ((SqliteChangeFeed)tomorrow.Feed).PruneAsync(Ct);

        await Assert.ThrowsAsync<ChangeFeedCheckpointExpiredException>(() => tomorrow.Feed.ReadAsync(old, cancellationToken: Ct));
        var fresh = await Start(tomorrow);
        var note = await tomorrow.Stores.Notes.CreateAsync(NewNote(programme, consultation, "Today's."), Ct);
        Assert.Equal([note.Id], (await DrainAsync(tomorrow.Feed, fresh)).Changes.Select(c => c.Id));
        Assert.Equal(1L, await CountRowsAsync());
    }

    [Fact]
    public async Task A_checkpoint_of_another_database_is_refused_as_expired()
    {
        await NewConsultationAsync(A);
        var elsewhere = await Start(A);
        var other = new SqliteDatabase(Path.Combine(_directory.Path, "other.db"));
        await other.MigrateAsync(Ct);

        await Assert.ThrowsAsync<ChangeFeedCheckpointExpiredException>(() => new SqliteChangeFeed(other, TimeProvider.System).ReadAsync(elsewhere, cancellationToken: Ct));
    }

    [Fact]
    public async Task A_database_from_before_the_change_feed_is_migrated_and_followed_from_then_on()
    {
        var (programme, consultation) = await NewConsultationAsync(A);
        var database = new SqliteDatabase(FilePath);
        await using (var connection = await database.OpenAsync(Ct))
        await using (var downgrade = connection.CreateCommand())
        {
            // What a version-4 file looks like: no feed tables, no triggers, no saved searches, no record of migrations 5 and after.
            downgrade.CommandText = """
                SELECT 1;
                DROP TABLE changes; DROP TABLE changes_pruned; DROP TABLE saved_searches;
                DELETE FROM schema_migrations WHERE version >= 5;
                """;
            foreach (var trigger in await TriggersAsync(connection))
            {
                downgrade.CommandText += $"DROP TRIGGER {trigger};";
            }

            await downgrade.ExecuteNonQueryAsync(Ct);
        }

        var version = await database.MigrateAsync(Ct);
        var restarted = await StartInstanceAsync(TimeProvider.System);
        var start = await Start(restarted);
        var note = await restarted.Stores.Notes.CreateAsync(NewNote(programme, consultation, "After the upgrade."), Ct);

        Assert.Equal(SqliteDatabase.LatestSchemaVersion, version);
        Assert.Equal([note.Id], (await DrainAsync(restarted.Feed, start)).Changes.Select(c => c.Id));
    }

    protected override async Task<Instance> StartInstanceAsync(TimeProvider time)
    {
        var database = new SqliteDatabase(FilePath);
        await database.MigrateAsync(Ct);
        var stores = new StoreSet(
            new SqliteProgrammeStore(database),
            new SqliteConsultationStore(database),
            new SqliteNoteStore(database),
            new SqliteParticipantRegisterStore(database),
            new SqliteBriefStore(database));
        return new Instance(stores, new SqliteBulkStore(database), new SqliteChangeFeed(database, time));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private static async Task<List<string>> TriggersAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_change';";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private async Task<long> CountRowsAsync()
    {
        await using var connection = await new SqliteDatabase(FilePath).OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM changes;";
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}

[Trait("Store", "Cosmos")]
public sealed class CosmosChangeFeedContractTests(CosmosServer server) : ChangeFeedContractTests
{
    // A database per test: the feed reads across the whole database, and other tests' writes would only be noise.
    private readonly string _database = "change-feed-" + Ids.New();
    private readonly List<Microsoft.Azure.Cosmos.CosmosClient> _clients = [];

    protected override bool RepeatsRecentChanges => true;

    protected override string ForeignCheckpoint => "sqlite:12";

    [Fact]
    public async Task A_checkpoint_older_than_a_day_is_refused_as_expired()
    {
        var old = await Start(A);
        var tomorrow = await StartInstanceAsync(new ShiftedTime(TimeSpan.FromDays(1.5)));

        await Assert.ThrowsAsync<ChangeFeedCheckpointExpiredException>(() => tomorrow.Feed.ReadAsync(old, cancellationToken: Ct));
    }

    [Fact]
    public async Task An_idle_feed_keeps_its_checkpoint_current()
    {
        var old = await Start(A);
        var later = await StartInstanceAsync(new ShiftedTime(TimeSpan.FromHours(20)));
        var moved = (await later.Feed.ReadAsync(old, cancellationToken: Ct)).Checkpoint;
        var twoDaysOn = await StartInstanceAsync(new ShiftedTime(TimeSpan.FromHours(40)));

        var page = await twoDaysOn.Feed.ReadAsync(moved, cancellationToken: Ct);

        Assert.Empty(page.Changes);
    }

    protected override async Task<Instance> StartInstanceAsync(TimeProvider time)
    {
        // Each instance has its own client, as two app processes would.
        var options = server.Options(_database);
        var client = CosmosStorage.CreateClient(options, new CosmosServerShimHandlers());
        _clients.Add(client);
        var storage = new CosmosStorage(
            client,
            options,
            new CosmosRequestObserver(new System.Diagnostics.Metrics.Meter("tests"), NullLogger.Instance, options.SlowRequestThreshold),
            NullLogger<CosmosStorage>.Instance);
        await storage.InitializeAsync(create: true, Ct);
        var stores = new StoreSet(
            new CosmosProgrammeStore(storage),
            new CosmosConsultationStore(storage),
            new CosmosNoteStore(storage, time),
            new CosmosParticipantRegisterStore(storage),
            new CosmosBriefStore(storage));
        return new Instance(stores, new CosmosBulkStore(storage, time), new CosmosChangeFeed(storage, time));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _clients.ForEach(c => c.Dispose());
    }
}

/// <summary>The system clock moved on by a fixed amount: "tomorrow" for retention, without waiting a day.</summary>
internal sealed class ShiftedTime(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + shift;
}
