using Consultations.Core.Demo;
using Consultations.Core.Storage;
using Consultations.Web.Storage;
using Consultations.Web.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<StorageInitializer>();
        return builder;
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
    SqliteDatabase database,
    IProgrammeStore programmes,
    DemoSeeder seeder,
    IHostEnvironment environment,
    IOptions<DemoOptions> demo,
    ILogger<StorageInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
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

        if (environment.IsDevelopment() && demo.Value.SeedOnStart && (await programmes.ListAsync(cancellationToken)).Count == 0)
        {
            var result = await seeder.SeedAsync(cancellationToken);
            LogDemoSeeded(result.ConsultationsCreated, result.NotesCreated);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite database ready at {Path} (schema version {Version})")]
    private partial void LogDatabaseReady(string path, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo programme: {Consultations} consultations, {Notes} notes")]
    private partial void LogDemoSeeded(int consultations, int notes);
}
