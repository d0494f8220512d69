using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Consultations.Testing.Analysis;

/// <summary>
/// A stand-in Azure AI Language resource: Kestrel over HTTPS on a free loopback port with a throwaway certificate
/// (Azure.Core refuses bearer tokens over plain HTTP, and the options demand https), recording every request and
/// answering through the test's handler. <see cref="Transport"/> trusts exactly that certificate.
/// </summary>
public sealed class FakeLanguageService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly HttpClientTransport _transport;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Func<RecordedRequest, Reply> _handler;
    private int _count;

    private FakeLanguageService(WebApplication app, X509Certificate2 certificate, Func<RecordedRequest, Reply> handler)
    {
        _app = app;
        _certificate = certificate;
        _handler = handler;
        var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        _transport = new HttpClientTransport(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString(HashAlgorithmName.SHA256) == thumbprint },
        });
    }

    public Uri Endpoint { get; private set; } = new("https://127.0.0.1/");

    public HttpPipelineTransport Transport => _transport;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests.OrderBy(r => r.Number)];

    public static async Task<FakeLanguageService> StartAsync(Func<RecordedRequest, Reply> handler)
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Test", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var service = new FakeLanguageService(app, certificate, handler);
        app.Run(service.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        service.Endpoint = new Uri(address.TrimEnd('/') + "/");
        return service;
    }

    /// <summary>Stops listening (the port then refuses connections) but keeps <see cref="Transport"/> usable.</summary>
    public async Task StopAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        _transport.Dispose();
        _certificate.Dispose();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new RecordedRequest(
            Interlocked.Increment(ref _count),
            _clock.Elapsed,
            new Uri($"{context.Request.Scheme}://{context.Request.Host}/"),
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.Length == 0 ? null : JsonDocument.Parse(body).RootElement.Clone());
        _requests.Enqueue(request);

        var reply = _handler(request);
        if (reply.Hang)
        {
            using var hang = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, hang.Token);
            }
            catch (OperationCanceledException)
            {
                // The client gave up (timeout or cancellation) or the test is over: nothing to answer.
            }

            return;
        }

        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (reply.Body is not null)
        {
            context.Response.ContentType = reply.ContentType;
            await context.Response.WriteAsync(reply.Body, context.RequestAborted);
        }
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));

        // A PKCS#12 round trip gives Kestrel a certificate whose private key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}

/// <summary>One request as the fake service received it; <see cref="At"/> is the time since the service started.</summary>
public sealed record RecordedRequest(
    int Number,
    TimeSpan At,
    Uri Origin,
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    JsonElement? Body)
{
    public string? Kind => Body is { } body && body.TryGetProperty("kind", out var kind) ? kind.GetString() : null;

    public JsonElement Parameters => Body!.Value.GetProperty("parameters");

    /// <summary>analysisInput.documents, each as sent (id, text and the raw element for other properties).</summary>
    public IReadOnlyList<SentDocument> Documents =>
        [.. Body!.Value.GetProperty("analysisInput").GetProperty("documents").EnumerateArray()
            .Select(d => new SentDocument(d.GetProperty("id").GetString()!, d.GetProperty("text").GetString()!, d))];

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

public sealed record SentDocument(string Id, string Text, JsonElement Json)
{
    public string? Language => Json.TryGetProperty("language", out var language) ? language.GetString() : null;
}

/// <summary>What the fake service answers: a status, an optional body and headers, or nothing at all (<see cref="Never"/>).</summary>
public sealed record Reply(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, string ContentType = "application/json; charset=utf-8")
{
    public static Reply Never { get; } = new(0) { Hang = true };

    public bool Hang { get; private init; }

    public static Reply Json(object body, int status = 200, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, JsonSerializer.Serialize(body), headers);
}
