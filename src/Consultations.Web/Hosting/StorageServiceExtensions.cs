using Consultations.Core.Demo;
using Consultations.Core.Storage;
using Consultations.Web.Storage;
using Consultations.Web.Storage.Cosmos;
using Consultations.Web.Storage.Sqlite;
using System.Diagnostics.Metrics;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Hosting;

/// <summary>Demo data settings (section "Demo").</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>Seed the demo programme on start when the database is empty (Development only).</summary>
    public bool SeedOnStart { get; set; }
}

public static class StorageServiceExtensions
{
    /// <summary>Registers the configured store backend and its start-up work; shared by the web app and the CLI.</summary>
    public static IHostApplicationBuilder AddConsultationsStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);

        // The backend is chosen once, at registration, so the Cosmos DB client exists only when it is configured.
        if (builder.Configuration.GetSection(StorageOptions.SectionName).GetValue<StorageProvider>(nameof(StorageOptions.Provider)) == StorageProvider.Cosmos)
        {
            AddCosmos(services);
        }
        else
        {
            AddSqlite(services);
        }

        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<StorageInitializer>();
        return builder;
    }

    private static void AddSqlite(IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value.Sqlite;
            var environment = sp.GetRequiredService<IHostEnvironment>();
            return new SqliteDatabase(Path.Combine(options.ResolveDataDirectory(environment.ContentRootPath), options.FileName));
        });
        services.AddSingleton<IProgrammeStore, SqliteProgrammeStore>();
        services.AddSingleton<IConsultationStore, SqliteConsultationStore>();
        services.AddSingleton<INoteStore, SqliteNoteStore>();
        services.AddSingleton<IParticipantRegisterStore, SqliteParticipantRegisterStore>();
        services.AddSingleton<IBriefStore, SqliteBriefStore>();
        services.AddSingleton<ICaptureDraftStore, SqliteCaptureDraftStore>();
        services.AddSingleton<IAuditStore, SqliteAuditStore>();
        services.AddHealthChecks().AddCheck<SqliteHealthCheck>("storage");
    }

    private static void AddCosmos(IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton(sp => CosmosStorage.CreateClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Cosmos));
        services.AddSingleton(sp => new CosmosRequestObserver(
            sp.GetRequiredService<IMeterFactory>().Create(CosmosRequestObserver.MeterName),
            sp.GetRequiredService<ILogger<CosmosRequestObserver>>(),
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Cosmos.SlowRequestThreshold));
        services.AddSingleton(sp => new CosmosStorage(
            sp.GetRequiredService<CosmosClient>(),
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Cosmos,
            sp.GetRequiredService<CosmosRequestObserver>(),
            sp.GetRequiredService<ILogger<CosmosStorage>>()));
        services.AddSingleton<IProgrammeStore, CosmosProgrammeStore>();
        services.AddSingleton<IConsultationStore, CosmosConsultationStore>();
        services.AddSingleton<INoteStore, CosmosNoteStore>();
        services.AddSingleton<IParticipantRegisterStore, CosmosParticipantRegisterStore>();
        services.AddSingleton<IBriefStore, CosmosBriefStore>();
        services.AddSingleton<ICaptureDraftStore, CosmosCaptureDraftStore>();
        services.AddSingleton<IAuditStore, CosmosAuditStore>();
        services.AddHealthChecks().AddCheck<CosmosHealthCheck>("storage");
    }

    /// <summary>Migrates the store and, in Development with an empty store, seeds the demo programme.</summary>
    public static Task InitializeConsultationsStorageAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Services.GetRequiredService<StorageInitializer>().InitializeAsync(cancellationToken);
    }
}

/// <summary>Start-up work for storage, run before the app accepts requests.</summary>
public sealed partial class StorageInitializer(
    IServiceProvider services,
    IOptions<StorageOptions> storage,
    IProgrammeStore programmes,
    DemoSeeder seeder,
    IHostEnvironment environment,
    IOptions<DemoOptions> demo,
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

        if (environment.IsDevelopment() && demo.Value.SeedOnStart && (await programmes.ListAsync(cancellationToken)).Count == 0)
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

/// <summary>Healthy when the SQLite file answers a trivial query.</summary>
internal sealed class SqliteHealthCheck(SqliteDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM schema_migrations;";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            return HealthCheckResult.Unhealthy("The database did not answer.", ex);
        }
    }
}

/// <summary>Healthy when Cosmos DB answers a point read (a 1 RU miss; metadata reads are rate-limited separately and are avoided).</summary>
internal sealed class CosmosHealthCheck(CosmosStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await storage.Container(CosmosContainers.Programmes)
                .ReadItemStreamAsync("health-probe", new PartitionKey("_health"), cancellationToken: cancellationToken);
            return response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.NotFound
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Cosmos DB answered {(int)response.StatusCode}.");
        }
        catch (Exception ex) when (ex is CosmosException or HttpRequestException)
        {
            return HealthCheckResult.Unhealthy("Cosmos DB did not answer.", ex);
        }
    }
}
