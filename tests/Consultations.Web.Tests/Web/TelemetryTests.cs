using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using Consultations.Testing.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Consultations.Web.Tests.Web;

/// <summary>
/// Telemetry to Application Insights, against a loopback server that takes the Azure Monitor exporter's posts:
/// request metrics and logs arrive, note text never does, and nothing is registered unless configured.
/// </summary>
[Collection(TelemetryTests.Name)]
public sealed class TelemetryTests
{
    public const string Name = "Telemetry (alone)";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_reach_application_insights_and_note_text_never_does()
    {
        await using var ingestion = await Ingestion.StartAsync();
        var canary = $"Telemetry canary {Guid.NewGuid():N} said by a participant";
        var app = new AppFactory().WithWebHostBuilder(b => b
            .UseSetting("Telemetry:AzureMonitor:ConnectionString", $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint={ingestion.Url}/;LiveEndpoint={ingestion.Url}/")
            .UseSetting("Telemetry:AzureMonitor:UseEntraId", "false"));
        await using (app)
        {
            // The requests start no trace of the test's own: the app's activities are roots, as behind App Service.
            System.Diagnostics.Activity.Current = null;
            using var client = new HtmlClient(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
            await client.SignInAsync("demo-facilitator");
            var capture = await client.GetOkAsync("/programmes/demo/consultations/demo-ph/sessions/plenary-2/capture");
            var added = await client.SubmitAsync(capture, "[data-testid=capture-form]", [new("Input.Text", canary)]);
            Assert.Equal(HttpStatusCode.Redirect, added.Status);
            var tracer = app.Services.GetService<TracerProvider>();
            Assert.NotNull(tracer);
            Assert.True(tracer.ForceFlush(30_000), "the trace exporter did not flush within 30 s");
        }

        // Disposing the app flushed the exporters. Request metrics and logs are asserted; request traces arrive when this
        // test runs alone but not always beside the whole suite's other hosts in one process (see docs/security.md#telemetry).
        var sent = await ingestion.WaitForAsync(body => body.Contains("\"requests/duration\"", StringComparison.Ordinal));
        Assert.Contains("consultations-web", sent, StringComparison.Ordinal);
        await ingestion.WaitForAsync(body => body.Contains("\"MessageData\"", StringComparison.Ordinal));
        Assert.DoesNotContain(ingestion.Bodies, body => body.Contains(canary, StringComparison.Ordinal) || body.Contains("Telemetry canary", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_connection_string_nothing_is_registered_and_a_bad_one_stops_the_start_with_its_setting_name()
    {
        await using (var plain = new AppFactory())
        {
            _ = plain.CreateClient();
            Assert.Null(plain.Services.GetService<TracerProvider>());
        }

        var bad = new AppFactory().WithWebHostBuilder(b => b.UseSetting("Telemetry:AzureMonitor:ConnectionString", "https://example.invalid/"));
        await using (bad)
        {
            var ex = Assert.ThrowsAny<Exception>(() => bad.CreateClient());
            Assert.Contains("Telemetry:AzureMonitor:ConnectionString", ex.ToString(), StringComparison.Ordinal);
        }
    }

    /// <summary>A loopback stand-in for the ingestion endpoint: keeps every body it is sent (gzip or not) and answers as the service does.</summary>
    private sealed class Ingestion : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Ingestion(WebApplication app, string url) => (_app, Url) = (app, url);

        public string Url { get; }

        public ConcurrentQueue<string> Bodies { get; } = new();

        public static async Task<Ingestion> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            Ingestion? self = null;
            app.MapPost("/{**path}", async (HttpContext context) =>
            {
                Stream body = context.Request.Body;
                if (context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
                {
                    body = new GZipStream(body, CompressionMode.Decompress);
                }

                using var reader = new StreamReader(body);
                var text = await reader.ReadToEndAsync();
                self!.Bodies.Enqueue(text);
                var items = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
                return Results.Json(new { itemsReceived = items, itemsAccepted = items, errors = Array.Empty<object>() });
            });
            await app.StartAsync();
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
            self = new Ingestion(app, url);
            return self;
        }

        public async Task<string> WaitForAsync(Func<string, bool> match)
        {
            var until = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < until)
            {
                if (Bodies.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                await Task.Delay(200, Ct);
            }

            throw new TimeoutException($"No matching telemetry within 60 s; {Bodies.Count} posts received:\n{string.Join("\n---\n", Bodies.Select(b => b[..Math.Min(b.Length, 500)]))}");
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}

/// <summary>OpenTelemetry listens process-wide: this class runs when no other test's app is serving requests.</summary>
[CollectionDefinition(TelemetryTests.Name, DisableParallelization = true)]
public sealed class TelemetryRunsAlone;
