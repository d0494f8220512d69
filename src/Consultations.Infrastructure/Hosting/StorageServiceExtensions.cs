using System.Diagnostics.Metrics;
using Consultations.Core.Demo;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Storage;
using Consultations.Infrastructure.Storage.Cosmos;
using Consultations.Infrastructure.Storage.Sqlite;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Consultations.Infrastructure.Hosting;

public static class StorageServiceExtensions
{
    /// <summary>Registers the configured store backend, its health check and its start-up work; shared by the web app and the CLI.</summary>
    public static IHostApplicationBuilder AddConsultationsStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.AddOptions<StorageInitializerOptions>();
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

    /// <summary>Migrates the store (creating Cosmos DB containers where allowed), then seeds the demo when <see cref="StorageInitializerOptions"/> asks.</summary>
    public static Task InitializeConsultationsStorageAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Services.GetRequiredService<StorageInitializer>().InitializeAsync(cancellationToken);
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
        services.AddSingleton<ISavedSearchStore, SqliteSavedSearchStore>();
        services.AddSingleton<IAuditStore, SqliteAuditStore>();
        services.AddSingleton<IBulkStore, SqliteBulkStore>();
        services.AddSingleton<IChangeFeed, SqliteChangeFeed>();
        services.AddHealthChecks().AddCheck<SqliteHealthCheck>("storage");
    }

    private static void AddCosmos(IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<ICosmosHttpHandlerFactory, CosmosHttpHandlerFactory>();
        services.AddSingleton(sp => CosmosStorage.CreateClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Cosmos, sp.GetRequiredService<ICosmosHttpHandlerFactory>()));
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
        services.AddSingleton<ISavedSearchStore, CosmosSavedSearchStore>();
        services.AddSingleton<IAuditStore, CosmosAuditStore>();
        services.AddSingleton<IBulkStore, CosmosBulkStore>();
        services.AddSingleton<IChangeFeed, CosmosChangeFeed>();
        services.AddHealthChecks().AddCheck<CosmosHealthCheck>("storage");
    }
}
