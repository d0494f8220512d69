using System.Net;
using Consultations.Core.Guard;
using Consultations.Infrastructure.Storage.Cosmos;
using Consultations.Testing.Cosmos;
using Consultations.Testing.Web;
using Consultations.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Web.Tests.Web;

public abstract class HostingTests
{
    /// <summary>A fresh app on this class's store.</summary>
    protected abstract AppFactory NewApp();

    /// <summary>Overwrites the stored demo-vn consultation with a document this version cannot read.</summary>
    protected abstract Task CorruptConsultationAsync(AppFactory app);

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_except_for_health_and_static_files()
    {
        await using var app = NewApp();
        using var client = app.CreateHtmlClient();

        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.Status);
        Assert.StartsWith("http://localhost/account/sign-in", home.Location, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/css/site.css")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/sign-in")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/programmes")).Status);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        await using var app = NewApp();
        using var client = app.CreateHtmlClient();

        foreach (var url in new[] { "/account/sign-in", "/css/site.css", "/health", "/programmes" })
        {
            using var response = await client.Http.GetAsync(url, HtmlClient.Ct);

            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task Outside_development_the_app_refuses_to_start_without_a_real_sign_in()
    {
        await using var app = NewApp().WithWebHostBuilder(b => b.UseEnvironment("Production").UseSetting("Guard:HashKey", GuardKey.Generate().ToBase64()));

        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("No sign-in is configured for the 'Production' environment", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_development_the_app_refuses_to_start_without_a_guard_key()
    {
        await using var app = NewApp().WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Guard:HashKey is required outside Development", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_guard_key_that_is_not_base64_of_32_bytes_stops_the_app_in_any_environment()
    {
        await using var app = NewApp().WithWebHostBuilder(b => b.UseSetting("Guard:HashKey", Convert.ToBase64String(new byte[16])));

        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Guard:HashKey must be the base64 of at least 32 random bytes", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_development_without_a_configured_key_one_is_generated_once_and_kept_in_the_data_folder()
    {
        await using var app = NewApp();
        using var client = app.CreateHtmlClient();
        await client.GetAsync("/health");

        var file = Path.Combine(app.DataDirectory, GuardServiceExtensions.DevelopmentKeyFileName);
        var key = app.Services.GetRequiredService<GuardKey>();
        Assert.Equal(key.ToBase64(), File.ReadAllText(file));

        // A restart (a new host on the same folder) reads the same key back.
        await using var restarted = app.WithWebHostBuilder(_ => { });
        Assert.Equal(key.ToBase64(), restarted.Services.GetRequiredService<GuardKey>().ToBase64());

        await using var configured = app.WithWebHostBuilder(b => b.UseSetting("Guard:HashKey", Convert.ToBase64String(new byte[32])));
        Assert.Equal(Convert.ToBase64String(new byte[32]), configured.Services.GetRequiredService<GuardKey>().ToBase64());
    }


    [Fact]
    public async Task The_demo_is_seeded_once_on_first_start_in_development()
    {
        await using var app = NewApp();
        using var client = app.CreateHtmlClient();
        await client.GetAsync("/health");

        var consultations = await app.Consultations.ListByProgrammeAsync("demo", HtmlClient.Ct);

        Assert.Equal(["PH", "VN", "ID", "MY"], consultations.Select(c => c.CountryCode));
        var notes = 0;
        foreach (var consultation in consultations)
        {
            notes += (await app.Notes.TallyAsync(consultation.Id, HtmlClient.Ct)).Sum(t => t.Notes);
            Assert.NotNull(await app.Registers.GetAsync(consultation.Id, HtmlClient.Ct));
        }

        Assert.InRange(notes, 4 * 4 * 8, 4 * 6 * 15);
    }

    [Fact]
    public async Task An_unexpected_failure_shows_a_friendly_page_with_a_reference_and_no_stack_trace()
    {
        await using var app = NewApp();
        using var client = app.CreateHtmlClient();
        await client.SignInAsync("demo-researcher");

        // A document this version cannot read (e.g. hand-edited) makes the page fail unexpectedly.
        await CorruptConsultationAsync(app);

        var page = await client.GetAsync("/programmes/demo/consultations/demo-vn");

        Assert.Equal(HttpStatusCode.InternalServerError, page.Status);
        Assert.Contains("Something went wrong", page.MainText, StringComparison.Ordinal);
        Assert.NotEmpty(page.Document.QuerySelector("[data-testid=error-page] code")!.TextContent);
        Assert.DoesNotContain("Exception", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Consultations.", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_addresses_get_the_friendly_not_found_page()
    {
        await using var app = NewApp();
        using var client = app.CreateHtmlClient();
        await client.SignInAsync("demo-researcher");

        var page = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("Page not found", page.MainText, StringComparison.Ordinal);
    }
}

public sealed class HostingTestsOnSqlite : HostingTests
{
    protected override AppFactory NewApp() => new();

    protected override async Task CorruptConsultationAsync(AppFactory app)
    {
        var database = app.Services.GetRequiredService<Consultations.Infrastructure.Storage.Sqlite.SqliteDatabase>();
        await using var connection = await database.OpenAsync(HtmlClient.Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE consultations SET doc = '{\"id\": 42}' WHERE id = 'demo-vn';";
        await command.ExecuteNonQueryAsync(HtmlClient.Ct);
    }

    [Fact]
    public async Task Invalid_storage_settings_stop_the_app_with_a_clear_message()
    {
        await using var app = NewApp().WithWebHostBuilder(b => b.UseSetting("Storage:Sqlite:FileName", "../escape.db"));

        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Storage:Sqlite:FileName must be a plain file name", ex.ToString(), StringComparison.Ordinal);
    }
}

[Trait("Store", "Cosmos")]
public sealed class HostingTestsOnCosmos(CosmosServer server) : HostingTests
{
    protected override AppFactory NewApp() => new CosmosAppFactory(server);

    protected override async Task CorruptConsultationAsync(AppFactory app)
    {
        var container = ((CosmosAppFactory)app).Storage.Container(CosmosContainers.Programmes);
        using var body = new MemoryStream("""{"id":"demo-vn","pk":"demo","type":"consultation","schemaVersion":1,"countryCode":42}"""u8.ToArray());
        using var response = await container.UpsertItemStreamAsync(body, new Microsoft.Azure.Cosmos.PartitionKey("demo"), cancellationToken: HtmlClient.Ct);
        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task When_the_database_throttles_writes_the_typed_note_is_kept_and_pages_say_the_store_is_busy()
    {
        FaultInjector? faults = null;
        await using var app = new CosmosAppFactory(server)
        {
            Handlers = new CosmosServerShimHandlers(inner => faults = new FaultInjector(inner)),
            Settings = new Dictionary<string, string?> { ["Storage:Cosmos:MaxRetryAttemptsOnRateLimitedRequests"] = "0" },
        };
        using var client = await app.SignedInClientAsync("demo-facilitator");
        const string session = "/programmes/demo/consultations/demo-ph/sessions/plenary-1";
        var form = await client.GetOkAsync(session);

        faults!.ThrottleWrites = true;
        var refused = await client.SubmitAsync(form, "[data-testid=add-note-form]", [new("Input.Text", "Words typed while the database was busy.")]);

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("The database is busy", refused.MainText, StringComparison.Ordinal);
        Assert.Equal("Words typed while the database was busy.", refused.Document.QuerySelector("[data-testid=add-note-form] textarea")!.TextContent.Trim());
        Assert.DoesNotContain(await app.Notes.ListBySessionAsync("demo-ph", "plenary-1", HtmlClient.Ct), n => n.Text.StartsWith("Words typed", StringComparison.Ordinal));

        faults.ThrottleReads = true;
        var busy = await client.GetAsync(session);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.Status);
        Assert.Contains("The repository is busy", busy.MainText, StringComparison.Ordinal);

        faults.ThrottleReads = faults.ThrottleWrites = false;
        var saved = await client.SubmitAsync(refused, "[data-testid=add-note-form]");
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Contains(await app.Notes.ListBySessionAsync("demo-ph", "plenary-1", HtmlClient.Ct), n => n.Text == "Words typed while the database was busy.");
    }

    [Fact]
    public async Task Missing_cosmos_settings_stop_the_app_with_a_clear_message()
    {
        await using var app = new AppFactory().WithWebHostBuilder(b => b.UseSetting("Storage:Provider", "Cosmos"));

        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Storage:Cosmos:AccountEndpoint is required when Storage:Provider is Cosmos", ex.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>Test-only fault injection: answers document requests with 429 (request rate too large) while switched on.</summary>
internal sealed class FaultInjector(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public volatile bool ThrottleWrites;

    public volatile bool ThrottleReads;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var onDocuments = request.RequestUri?.AbsolutePath.Contains("/docs", StringComparison.Ordinal) == true;
        var isQuery = request.Headers.Contains("x-ms-documentdb-isquery") || request.Headers.Contains("x-ms-cosmos-is-query-plan-request");
        var isWrite = request.Method != HttpMethod.Get && !isQuery;
        if (onDocuments && ((isWrite && ThrottleWrites) || (!isWrite && ThrottleReads)))
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.TooManyRequests)
            {
                RequestMessage = request,
                Content = new StringContent("""{"code":"TooManyRequests","message":"Request rate is large."}"""),
                Headers = { { "x-ms-retry-after-ms", "1" }, { "x-ms-substatus", "3200" }, { "x-ms-request-charge", "0" } },
            });
        }

        return base.SendAsync(request, cancellationToken);
    }
}
