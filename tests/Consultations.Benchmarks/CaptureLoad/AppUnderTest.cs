using System.Diagnostics;

namespace Consultations.Benchmarks.CaptureLoad;

/// <summary>
/// The real app as its own process (Release build, Development environment for the demo personas, SQLite in a fresh
/// temporary folder, so the demo programme is seeded), listening on a free loopback port.
/// </summary>
internal sealed class AppUnderTest : IAsyncDisposable
{
    private const string ListeningPrefix = "Now listening on: ";

    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;
    private readonly Queue<string> _recentOutput = new();

    private AppUnderTest(Process process, string dataDirectory, bool ownsDataDirectory)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>CPU time the app process has used so far (all its threads).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Consultations.sln")))
            {
                return dir.FullName;
            }
        }

        // Built elsewhere (dotnet build -o): the repository is where the command runs.
        if (File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "Consultations.sln")))
        {
            return Directory.GetCurrentDirectory();
        }

        throw new InvalidOperationException("Run from the repository: Consultations.sln was not found above " + AppContext.BaseDirectory);
    }

    public static async Task BuildAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var project = Path.Combine(repositoryRoot, "src", "Consultations.Web", "Consultations.Web.csproj");
        var build = new ProcessStartInfo("dotnet", ["build", project, "-c", "Release", "--nologo", "-v", "q"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(build) ?? throw new InvalidOperationException("Could not start dotnet build.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build of the web app failed:\n{await output}\n{await error}");
        }
    }

    /// <summary>Starts the app; on <paramref name="dataDirectory"/> (left in place at the end) when given, else on a fresh one, with <paramref name="settings"/> added to its environment.</summary>
    public static async Task<AppUnderTest> StartAsync(string repositoryRoot, CancellationToken cancellationToken, string? dataDirectory = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var projectDirectory = Path.Combine(repositoryRoot, "src", "Consultations.Web");
        var dll = Path.Combine(projectDirectory, "bin", "Release", "net10.0", "Consultations.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build it with dotnet build -c Release src/Consultations.Web (or drop --no-build).");
        }

        var ownsDataDirectory = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("consultations-capture-load-").FullName;

        // Content root is the project folder, as with dotnet run: Development serves wwwroot from there.
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = projectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["Storage__Provider"] = "Sqlite",
                ["Storage__Sqlite__DataDirectory"] = dataDirectory,
                ["Demo__SeedOnStart"] = "true",
                // Every background session signs in from 127.0.0.1, which the per-address sign-in limit would refuse.
                ["Security__SignInPerMinute"] = "100000",
                // Likewise the live guard's per-user limit with --with-guard (one persona holds ten sessions).
                ["Security__GuardChecksPerMinute"] = "100000",
                // Warnings only, as in production: console logging of every line would be part of the measurement.
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            },
        };

        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        var app = new AppUnderTest(process, dataDirectory, ownsDataDirectory);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is not { } line)
            {
                return;
            }

            lock (app._recentOutput)
            {
                app._recentOutput.Enqueue(line);
                if (app._recentOutput.Count > 40)
                {
                    app._recentOutput.Dequeue();
                }
            }

            var at = line.IndexOf(ListeningPrefix, StringComparison.Ordinal);
            if (at >= 0)
            {
                listening.TrySetResult(new Uri(line[(at + ListeningPrefix.Length)..].Trim()));
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var exited = process.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(listening.Task, exited);
        if (first != listening.Task)
        {
            var output = app.RecentOutput();
            await app.DisposeAsync();
            throw new InvalidOperationException($"The app did not start listening (exited or timed out). Its last output:\n{output}");
        }

        app.BaseAddress = await listening.Task;
        return app;
    }

    public string RecentOutput()
    {
        lock (_recentOutput)
        {
            return string.Join('\n', _recentOutput);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Only this child (and anything it started) is stopped, by its handle.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (!_ownsDataDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless; the run's figures are what matter.
        }
    }
}
