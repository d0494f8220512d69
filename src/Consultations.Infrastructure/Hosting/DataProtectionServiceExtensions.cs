using Consultations.Infrastructure.Storage;
using Consultations.Infrastructure.Storage.Cosmos;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Consultations.Infrastructure.Hosting;

public static class DataProtectionServiceExtensions
{
    /// <summary>
    /// Keeps the Data Protection keys with the data, so sign-in cookies survive restarts: in a <c>keys</c> folder beside
    /// the SQLite file, or in Cosmos DB where every instance shares them. Resolved late so tests can move the folder or the database.
    /// </summary>
    public static IDataProtectionBuilder PersistKeysWithConsultationsStorage(this IDataProtectionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<StorageOptions>, IHostEnvironment, ILoggerFactory, IServiceProvider>((options, storage, environment, loggers, services) =>
            {
                if (storage.Value.Provider == StorageProvider.Cosmos)
                {
                    options.XmlRepository = new CosmosXmlRepository(services.GetRequiredService<CosmosStorage>().Container(CosmosContainers.Keys));
                    return;
                }

                var keys = Path.Combine(storage.Value.Sqlite.ResolveDataDirectory(environment.ContentRootPath), "keys");
                options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(keys), loggers);
            });
        return builder;
    }
}
