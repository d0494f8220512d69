using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Consultations.Infrastructure.Storage.Sqlite;

/// <summary>
/// The SQLite file: opens connections with the durability settings every connection needs and applies
/// the versioned schema migrations shipped in this assembly.
/// </summary>
public sealed partial class SqliteDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(string filePath)
    {
        FilePath = Path.GetFullPath(filePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string FilePath { get; }

    /// <summary>The schema version this build expects (the highest migration it ships).</summary>
    public static int LatestSchemaVersion => Migrations.Value[^1].Version;

    private static Lazy<IReadOnlyList<Migration>> Migrations { get; } = new(LoadMigrations);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();

            // synchronous is per connection: FULL makes every commit durable across power loss in WAL mode.
            command.CommandText = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates the file if needed, switches it to WAL and applies pending migrations; returns the schema version.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite refused write-ahead logging for {FilePath} (journal mode is '{mode}').");
            }
        }

        // BEGIN IMMEDIATE: two processes starting at once must not both apply the same migration.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version     INTEGER NOT NULL PRIMARY KEY,
                    name        TEXT NOT NULL,
                    applied_at  TEXT NOT NULL
                ) STRICT;
                """;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        int current;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;";
            current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        if (current > LatestSchemaVersion)
        {
            throw new InvalidOperationException(
                $"The database {FilePath} has schema version {current}, newer than this version of the app understands ({LatestSchemaVersion}). Upgrade the app or point Storage:Sqlite:DataDirectory elsewhere.");
        }

        foreach (var migration in Migrations.Value.Where(m => m.Version > current))
        {
            await using var apply = connection.CreateCommand();
            apply.Transaction = transaction;
            apply.CommandText = migration.Sql;
            await apply.ExecuteNonQueryAsync(cancellationToken);

            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $at);";
            record.Parameters.AddWithValue("$version", migration.Version);
            record.Parameters.AddWithValue("$name", migration.Name);
            record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            await record.ExecuteNonQueryAsync(cancellationToken);
            current = migration.Version;
        }

        await transaction.CommitAsync(cancellationToken);
        return current;
    }

    private static List<Migration> LoadMigrations()
    {
        const string prefix = "Consultations.Infrastructure.Storage.Sqlite.Migrations.";
        var assembly = typeof(SqliteDatabase).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var name = resource[prefix.Length..];
            var match = MigrationName().Match(name);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration '{name}' must be named NNNN_description.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), name, reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migrations must be numbered 1, 2, 3… without gaps; found {migrations[i].Name}.");
            }
        }

        return migrations.Count > 0 ? migrations : throw new InvalidOperationException("No SQLite migrations are embedded in the build.");
    }

    [GeneratedRegex(@"^(\d{4})_[a-z0-9_]+\.sql$")]
    private static partial Regex MigrationName();

    private sealed record Migration(int Version, string Name, string Sql);
}
