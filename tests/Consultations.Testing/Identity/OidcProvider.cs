using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Consultations.Testing.Identity;

/// <summary>
/// A real OpenID Connect provider (npm oauth2-mock-server, pinned in tests/npm) on a free loopback port over HTTPS with a
/// certificate made for the run, shaped like one Entra ID tenant by Identity/oidc-provider.mjs. Installs the npm packages
/// when missing; fails loudly, never skips.
/// </summary>
public sealed class OidcProvider : IAsyncLifetime
{
    public const string TenantId = "6f1c3b0e-2a4d-4f7b-9c1e-8d2a5b7c9e10";
    public const string ClientId = "0b7e4c2a-9d1f-4e3b-8a6c-5f2d1e0a9b87";

    /// <summary>Made for each run (never stored): the provider redeems a code only for a client presenting it, like Entra ID.</summary>
    public static readonly string ClientSecret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    private static readonly string NpmDirectory = TestNpm.Directory;
    private static readonly string Script = Path.Combine(TestPaths.RepositoryRoot, "tests", "Consultations.Testing", "Identity", "oidc-provider.mjs");
    private readonly StringBuilder _log = new();
    private readonly TempDirectory _files = new();
    private Process? _process;
    private string _certificateHash = string.Empty;
    private readonly Lazy<HttpMessageInvoker> _shared;

    public OidcProvider() => _shared = new(() => new HttpMessageInvoker(CreateTrustingHandler()));

    /// <summary>The issuer, Entra-shaped: https://127.0.0.1:PORT/{tenant}/v2.0.</summary>
    public string Issuer { get; private set; } = string.Empty;

    /// <summary>What AzureAd:Instance points at: the provider's root, under which the tenant's endpoints live.</summary>
    public string Instance { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        await EnsureInstalledAsync();
        var (certificate, key) = WriteCertificate();
        var start = new ProcessStartInfo("node", [Script, NpmDirectory, "0", TenantId, ClientId, certificate, key])
        {
            WorkingDirectory = NpmDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // In the environment rather than the command line, where other processes could read it.
        start.Environment["OIDC_CLIENT_CREDENTIAL"] = ClientSecret;
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for the OpenID Connect provider.");
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, e) =>
        {
            Append(e.Data);
            if (e.Data?.StartsWith('{') == true)
            {
                started.TrySetResult(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Exited += (_, _) => started.TrySetException(new InvalidOperationException($"The OpenID Connect provider exited: {Log()}"));
        _process.EnableRaisingEvents = true;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var line = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var ready = JsonNode.Parse(line)!;
        Issuer = ready["issuer"]!.GetValue<string>();
        Instance = $"https://127.0.0.1:{ready["port"]!.GetValue<int>()}/";
    }

    /// <summary>
    /// An HTTP handler that trusts this provider's certificate and no other self-signed one: the app's back channel and
    /// Identity.Web's issuer check use it in the test host, as a real deployment trusts Entra ID's public certificate.
    /// </summary>
    public HttpMessageHandler CreateTrustingHandler() => new HttpClientHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None
            || (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate?.GetCertHashString(HashAlgorithmName.SHA256) == _certificateHash),
    };

    /// <summary>
    /// The same trust through one handler the fixture owns. Identity.Web caches its issuer check per authority for the
    /// whole process with the first app's HttpClient, so that client must keep working after its app is disposed.
    /// </summary>
    public HttpMessageHandler CreateSharedHandler() => new ForwardingHandler(_shared.Value);

    /// <summary>The configuration keys that make the app sign in with this provider.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["AzureAd:Instance"] = Instance,
        ["AzureAd:TenantId"] = TenantId,
        ["AzureAd:ClientId"] = ClientId,
        ["AzureAd:ClientSecret"] = ClientSecret,
    };

    /// <summary>The authorize URL the app redirected to, with what the provider should put in the ID token.</summary>
    public static string WithScenario(string authorizeUrl, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var json = JsonSerializer.Serialize(new { claims = scenario.Claims, remove = scenario.Remove, tamperSignature = scenario.TamperSignature });
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{authorizeUrl}&test_scenario={encoded}";
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (_shared.IsValueCreated)
        {
            _shared.Value.Dispose();
        }

        _files.Dispose();
    }

    /// <summary>A self-signed certificate for 127.0.0.1, valid for a day, as PEM files for node.</summary>
    private (string Certificate, string Key) WriteCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        _certificateHash = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var certificatePath = Path.Combine(_files.Path, "provider.crt.pem");
        var keyPath = Path.Combine(_files.Path, "provider.key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    private static Task EnsureInstalledAsync() => TestNpm.EnsureInstalledAsync();

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }
}

/// <summary>Sends through the fixture's invoker; disposing it (as an app's HttpClient factory does) leaves that alone.</summary>
internal sealed class ForwardingHandler(HttpMessageInvoker invoker) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        invoker.SendAsync(request, cancellationToken);
}

/// <summary>What the provider should say in the next ID token: claims to set (or override) and to remove, or a broken signature.</summary>
public sealed record Scenario(Dictionary<string, object> Claims)
{
    public IReadOnlyList<string> Remove { get; init; } = [];

    public bool TamperSignature { get; init; }
}
