using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Consultations.Web.Storage.Cosmos;
using Consultations.Web.Tests.Storage;
using Microsoft.AspNetCore.Hosting;

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
        await using var app = NewApp().WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("No sign-in is configured for the 'Production' environment", ex.ToString(), StringComparison.Ordinal);
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
        var database = app.Services.GetRequiredService<Consultations.Web.Storage.Sqlite.SqliteDatabase>();
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
    public async Task Missing_cosmos_settings_stop_the_app_with_a_clear_message()
    {
        await using var app = new AppFactory().WithWebHostBuilder(b => b.UseSetting("Storage:Provider", "Cosmos"));

        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Storage:Cosmos:AccountEndpoint is required when Storage:Provider is Cosmos", ex.ToString(), StringComparison.Ordinal);
    }
}
