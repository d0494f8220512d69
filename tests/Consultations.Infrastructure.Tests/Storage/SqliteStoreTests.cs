using Consultations.Core.Storage;
using Consultations.Infrastructure.Storage.Sqlite;
using Consultations.Testing;
using Microsoft.Data.Sqlite;

namespace Consultations.Infrastructure.Tests.Storage;

/// <summary>The store contract on a real SQLite file (a fresh file per test).</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly TempDirectory _directory = new();

    protected override async Task<StoreSet> CreateStoresAsync()
    {
        var database = new SqliteDatabase(Path.Combine(_directory.Path, "contract.db"));
        await database.MigrateAsync(TestContext.Current.CancellationToken);
        return new StoreSet(
            new SqliteProgrammeStore(database),
            new SqliteConsultationStore(database),
            new SqliteNoteStore(database),
            new SqliteParticipantRegisterStore(database),
            new SqliteBriefStore(database));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>What only SQLite has: the file, its durability settings and its schema migrations.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Migration_creates_the_file_in_wal_mode_and_records_its_version()
    {
        var database = new SqliteDatabase(Path.Combine(_directory.Path, "nested", "folder", "app.db"));

        var version = await database.MigrateAsync(Ct);

        Assert.True(File.Exists(database.FilePath));
        Assert.Equal(SqliteDatabase.LatestSchemaVersion, version);
        await using var connection = await database.OpenAsync(Ct);
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        Assert.Equal(version.ToString(System.Globalization.CultureInfo.InvariantCulture), await ScalarAsync(connection, "SELECT MAX(version) FROM schema_migrations;"));
    }

    [Fact]
    public async Task Every_connection_commits_with_synchronous_full_even_after_a_pooled_connection_was_relaxed()
    {
        // SQLite's own default is already FULL, so only a connection relaxed earlier shows whether OpenAsync resets it.
        var database = new SqliteDatabase(Path.Combine(_directory.Path, "app.db"));
        await database.MigrateAsync(Ct);
        await using (var relaxed = await database.OpenAsync(Ct))
        {
            await ExecuteAsync(relaxed, "PRAGMA synchronous = NORMAL;");
            Assert.Equal("1", await ScalarAsync(relaxed, "PRAGMA synchronous;"));
        }

        for (var i = 0; i < 3; i++)
        {
            await using var connection = await database.OpenAsync(Ct);
            // 2 = FULL
            Assert.Equal("2", await ScalarAsync(connection, "PRAGMA synchronous;"));
        }
    }

    [Fact]
    public async Task Migrating_again_is_a_no_op_and_keeps_the_data()
    {
        var path = Path.Combine(_directory.Path, "app.db");
        var first = new SqliteDatabase(path);
        await first.MigrateAsync(Ct);
        await new SqliteProgrammeStore(first).CreateAsync(Core.Domain.Programme.Create("kept", "Kept", null, null, Core.Domain.UserRef.System, DateTimeOffset.UnixEpoch), Ct);

        var second = new SqliteDatabase(path);
        await second.MigrateAsync(Ct);

        Assert.NotNull(await new SqliteProgrammeStore(second).GetAsync("kept", Ct));
        await using var connection = await second.OpenAsync(Ct);
        Assert.Equal(SqliteDatabase.LatestSchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), await ScalarAsync(connection, "SELECT COUNT(*) FROM schema_migrations;"));
    }

    [Fact]
    public async Task Concurrent_migrations_of_one_file_apply_each_migration_once()
    {
        var path = Path.Combine(_directory.Path, "race.db");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new SqliteDatabase(path).MigrateAsync(Ct), Ct)));

        await using var connection = await new SqliteDatabase(path).OpenAsync(Ct);
        Assert.Equal(SqliteDatabase.LatestSchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), await ScalarAsync(connection, "SELECT COUNT(*) FROM schema_migrations;"));
    }

    [Fact]
    public async Task A_database_from_a_newer_version_is_refused_with_a_clear_message()
    {
        var database = new SqliteDatabase(Path.Combine(_directory.Path, "future.db"));
        await database.MigrateAsync(Ct);
        await using (var connection = await database.OpenAsync(Ct))
        {
            await ExecuteAsync(connection, "INSERT INTO schema_migrations VALUES (999, '0999_future.sql', '2030-01-01');");
        }

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => database.MigrateAsync(Ct));

        Assert.Contains("schema version 999", ex.Message, StringComparison.Ordinal);
        Assert.Contains("newer than this version", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Documents_are_stored_as_valid_json_only()
    {
        var database = new SqliteDatabase(Path.Combine(_directory.Path, "json.db"));
        await database.MigrateAsync(Ct);
        await using var connection = await database.OpenAsync(Ct);

        await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(connection, "INSERT INTO programmes (id, name, etag, doc) VALUES ('x', 'x', 'e', 'not json');"));
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
