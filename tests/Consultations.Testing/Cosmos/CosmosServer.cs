using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Consultations.Infrastructure.Storage;
using Consultations.Infrastructure.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;

namespace Consultations.Testing.Cosmos;

/// <summary>
/// One Cosmos DB server (npm @vercel/cosmosdb-server, pinned in tests/npm) for a whole test assembly, on a free
/// loopback port. Installs the npm package when missing; fails loudly when it cannot, never skips. Each test project
/// that uses it declares it as an assembly fixture: <c>[assembly: AssemblyFixture(typeof(CosmosServer))]</c>.
/// </summary>
public sealed class CosmosServer : IAsyncLifetime
{
    /// <summary>The emulator's published well-known key; the server accepts it like any other.</summary>
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private static readonly string NpmDirectory = TestNpm.Directory;
    private readonly StringBuilder _log = new();
    private readonly Dictionary<string, Task<CosmosStorage>> _databases = [];
    private Process? _process;
    private CosmosClient? _client;

    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>A client as the app builds it, with the test-only shim in its HTTP pipeline.</summary>
    public CosmosClient Client => _client ?? throw new InvalidOperationException("The Cosmos DB server has not started.");

    public async ValueTask InitializeAsync()
    {
        await EnsureInstalledAsync();
        var port = FreePort();
        Endpoint = $"https://127.0.0.1:{port}/";
        _process = Process.Start(new ProcessStartInfo("node", [Path.Combine(NpmDirectory, "node_modules", "@vercel", "cosmosdb-server", "lib", "cli.js"), "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            WorkingDirectory = NpmDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("Could not start node for the Cosmos DB server.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilListeningAsync(port);
        _client = CosmosStorage.CreateClient(Options("unused"), new CosmosServerShimHandlers());
    }

    /// <summary>The options the app would bind for this server and database.</summary>
    public CosmosStorageOptions Options(string databaseName) => new()
    {
        AccountEndpoint = Endpoint,
        AccountKey = EmulatorKey,
        Emulator = true,
        DatabaseName = databaseName,
    };

    /// <summary>The configuration keys that point the app at this server.</summary>
    public Dictionary<string, string?> Settings(string databaseName) => new()
    {
        ["Storage:Provider"] = "Cosmos",
        ["Storage:Cosmos:AccountEndpoint"] = Endpoint,
        ["Storage:Cosmos:AccountKey"] = EmulatorKey,
        ["Storage:Cosmos:Emulator"] = "true",
        ["Storage:Cosmos:DatabaseName"] = databaseName,
        ["Storage:Cosmos:CreateIfMissing"] = "true",
    };

    /// <summary>A database with the app's containers, created once per name.</summary>
    public Task<CosmosStorage> StorageAsync(string databaseName, CosmosRequestObserver? observer = null)
    {
        lock (_databases)
        {
            if (observer is not null || !_databases.TryGetValue(databaseName, out var storage))
            {
                storage = CreateStorageAsync(databaseName, observer);
                if (observer is null)
                {
                    _databases[databaseName] = storage;
                }
            }

            return storage;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private async Task<CosmosStorage> CreateStorageAsync(string databaseName, CosmosRequestObserver? observer)
    {
        var options = Options(databaseName);
        var storage = new CosmosStorage(
            Client,
            options,
            observer ?? new CosmosRequestObserver(new System.Diagnostics.Metrics.Meter("tests"), NullLogger.Instance, options.SlowRequestThreshold),
            NullLogger<CosmosStorage>.Instance);
        await storage.InitializeAsync(create: true);
        return storage;
    }

    private static Task EnsureInstalledAsync() => TestNpm.EnsureInstalledAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The Cosmos DB server exited ({_process.ExitCode}): {Log()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"The Cosmos DB server did not listen on port {port} within 30 s: {Log()}");
    }

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
