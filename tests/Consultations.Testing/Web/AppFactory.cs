using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Storage.Cosmos;
using Consultations.Testing.Cosmos;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Testing.Web;

/// <summary>The real app in Development on a temporary SQLite file, seeded with the demo programme.</summary>
public class AppFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory? _data;

    public AppFactory()
    {
        _data = new TempDirectory();
        DataDirectory = _data.Path;
    }

    /// <summary>An app on a data directory the caller owns, so a second app can open it after this one stops (a server restart).</summary>
    protected AppFactory(string dataDirectory) => DataDirectory = dataDirectory;

    public string DataDirectory { get; }

    public IProgrammeStore Programmes => Services.GetRequiredService<IProgrammeStore>();

    public IConsultationStore Consultations => Services.GetRequiredService<IConsultationStore>();

    public INoteStore Notes => Services.GetRequiredService<INoteStore>();

    public IParticipantRegisterStore Registers => Services.GetRequiredService<IParticipantRegisterStore>();

    public IBriefStore Briefs => Services.GetRequiredService<IBriefStore>();

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see each response.</summary>
    public HtmlClient CreateHtmlClient() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>A client signed in as a demo persona through the real sign-in form.</summary>
    public async Task<HtmlClient> SignedInClientAsync(string persona)
    {
        var client = CreateHtmlClient();
        await client.SignInAsync(persona);
        return client;
    }

    /// <summary>Which store this app runs on; the web suite runs once per store.</summary>
    public virtual string Store => "Sqlite";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        builder.UseSetting("Storage:Sqlite:DataDirectory", DataDirectory);
        builder.UseSetting("Demo:SeedOnStart", "true");

        // Every host gets its own index folder (one process per folder), including the hosts WithWebHostBuilder derives from this one.
        builder.UseSetting("Search:IndexPath", Path.Combine(DataDirectory, "search-index-" + Guid.NewGuid().ToString("N")[..8]));

        // Tests sign in and download far faster than people do; the limits themselves are tested with their own apps.
        builder.UseSetting("Security:SignInPerMinute", "100000");
        builder.UseSetting("Security:GuardChecksPerMinute", "100000");
        builder.UseSetting("Security:ExportsPerMinute", "100000");

        // Search by meaning loads a 90 MB model and embeds every demo note; its own tests turn it on (Infrastructure.Tests).
        builder.UseSetting("Search:Embeddings:Enabled", "false");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _data?.Dispose();
        }
    }
}

/// <summary>The same app on Cosmos DB: its own database on the shared test server, with the test-only shim in the client it builds.</summary>
public sealed class CosmosAppFactory(CosmosServer server) : AppFactory
{
    /// <summary>A database of its own unless set: two apps given the same name are two instances on one store.</summary>
    public string DatabaseName { get; init; } = "web-" + Ids.New();

    public CosmosServer Cosmos => server;

    public override string Store => "Cosmos";

    public CosmosStorage Storage => Services.GetRequiredService<CosmosStorage>();

    /// <summary>Handlers for the app's client instead of the plain shimmed ones (e.g. with faults injected).</summary>
    public ICosmosHttpHandlerFactory? Handlers { get; init; }

    /// <summary>More settings over the server's (e.g. Storage:Cosmos:* tuning).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in server.Settings(DatabaseName).Concat(Settings))
        {
            builder.UseSetting(key, value);
        }

        // The app builds its client as in production, through handlers that carry the shim over the server's known gaps.
        builder.ConfigureTestServices(services => services.AddSingleton(Handlers ?? new CosmosServerShimHandlers()));
    }
}
