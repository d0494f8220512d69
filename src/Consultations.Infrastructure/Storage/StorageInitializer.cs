using Consultations.Core.Demo;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Storage.Cosmos;
using Consultations.Infrastructure.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Consultations.Infrastructure.Storage;

/// <summary>Start-up work for storage, run before the app accepts requests.</summary>
public sealed partial class StorageInitializer(
    IServiceProvider services,
    IOptions<StorageOptions> storage,
    IOptions<StorageInitializerOptions> initializer,
    IProgrammeStore programmes,
    DemoSeeder seeder,
    IHostEnvironment environment,
    ILogger<StorageInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (storage.Value.Provider == StorageProvider.Cosmos)
        {
            var create = storage.Value.Cosmos.CreateIfMissing ?? environment.IsDevelopment();
            await services.GetRequiredService<CosmosStorage>().InitializeAsync(create, cancellationToken);
        }
        else
        {
            await MigrateSqliteAsync(services.GetRequiredService<SqliteDatabase>(), cancellationToken);
        }

        if (initializer.Value.SeedDemoWhenEmpty && (await programmes.ListAsync(cancellationToken)).Count == 0)
        {
            var result = await seeder.SeedAsync(cancellationToken);
            LogDemoSeeded(result.ConsultationsCreated, result.NotesCreated);
        }
    }

    private async Task MigrateSqliteAsync(SqliteDatabase database, CancellationToken cancellationToken)
    {
        int version;
        try
        {
            version = await database.MigrateAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            throw new InvalidOperationException(
                $"Cannot open the SQLite database at {database.FilePath}: {ex.Message} Check Storage:Sqlite:DataDirectory points to a writable folder.", ex);
        }

        LogDatabaseReady(database.FilePath, version);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite database ready at {Path} (schema version {Version})")]
    private partial void LogDatabaseReady(string path, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo programme: {Consultations} consultations, {Notes} notes")]
    private partial void LogDemoSeeded(int consultations, int notes);
}
