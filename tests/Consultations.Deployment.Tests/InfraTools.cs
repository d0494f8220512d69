using System.Diagnostics;
using System.Reflection;
using System.Text;
using Consultations.Testing;

namespace Consultations.Deployment.Tests;

/// <summary>The result of one tool run: exit code and what it printed.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error)
{
    public string Describe(string what) => $"{what} exited {ExitCode}.\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>
/// The programs the infra/ tests run: the Bicep CLI and PowerShell come from NuGet (PackageDownload in the test project),
/// bash and shellcheck from the machine. A missing tool fails the test with the fix; it never skips.
/// </summary>
internal static class InfraTools
{
    private static readonly SemaphoreSlim AptLock = new(1, 1);

    public static string RepositoryRoot => TestPaths.RepositoryRoot;

    public static string InfraDirectory => Path.Combine(RepositoryRoot, "infra");

    /// <summary>The Bicep CLI (linux-x64 build), made executable if the package cache lost the mode bit.</summary>
    public static string Bicep { get; } = LocateBicep();

    /// <summary>pwsh.dll of the PowerShell tool package, run with the same dotnet host as the tests.</summary>
    public static string PowerShellDll { get; } = LocateDownload(
        "powershell", Metadata("PowerShellVersion"), Path.Combine("tools", "net10.0", "any", "unix", "pwsh.dll"));

    /// <summary>The dotnet host: the one `dotnet test` names, else the first on PATH.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static async Task<ToolRun> RunAsync(
        string file, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory ?? RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            Environment =
            {
                ["DEBIAN_FRONTEND"] = "noninteractive",
                // PowerShell would otherwise phone home for telemetry and update checks on its first run.
                ["POWERSHELL_TELEMETRY_OPTOUT"] = "1",
                ["POWERSHELL_UPDATECHECK"] = "Off",
            },
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The hooks read azd's values from the environment; the test's own azd-like variables must not leak in.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AZURE_", StringComparison.Ordinal) || k.StartsWith("ENTRA_", StringComparison.Ordinal) || k == "GUARD_HASH_KEY").ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in time.");
        }

        return new ToolRun(process.ExitCode, await output, await error);
    }

    /// <summary>shellcheck from Debian's package, installed like the browser tests install Chromium (root only).</summary>
    public static async Task<string> EnsureShellcheckAsync()
    {
        const string Path = "/usr/bin/shellcheck";
        if (File.Exists(Path))
        {
            return Path;
        }

        await AptLock.WaitAsync();
        try
        {
            if (!File.Exists(Path))
            {
                if (!File.Exists("/usr/bin/apt-get") || Environment.UserName != "root")
                {
                    throw new InvalidOperationException($"The hook script tests need shellcheck at {Path}. Install it with: sudo apt-get install -y shellcheck");
                }

                foreach (var arguments in new[] { new[] { "update", "-qq" }, ["install", "-y", "-qq", "--no-install-recommends", "shellcheck"] })
                {
                    var run = await RunAsync("apt-get", arguments, timeout: TimeSpan.FromMinutes(5));
                    if (run.ExitCode != 0)
                    {
                        throw new InvalidOperationException(run.Describe("apt-get " + string.Join(' ', arguments)));
                    }
                }
            }
        }
        finally
        {
            AptLock.Release();
        }

        return File.Exists(Path) ? Path : throw new InvalidOperationException($"apt-get installed shellcheck but {Path} is still missing.");
    }

    private static string LocateBicep()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            throw new PlatformNotSupportedException("The infra/ tests use the linux-x64 Bicep CLI from NuGet (Azure.Bicep.CommandLine.linux-x64); run them on Linux x64 as CI does.");
        }

        var path = LocateDownload("azure.bicep.commandline.linux-x64", Metadata("BicepCliVersion"), Path.Combine("tools", "bicep"));
        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return path;
    }

    private static string LocateDownload(string packageId, string version, string relativePath)
    {
        // The folder restore used (recorded at build), then the usual overrides, in case the tests run elsewhere.
        string?[] roots =
        [
            Metadata("NuGetPackageRoot"),
            Environment.GetEnvironmentVariable("NUGET_PACKAGES"),
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        ];
        var candidates = roots.Where(r => !string.IsNullOrEmpty(r)).Select(r => Path.Combine(r!, packageId, version, relativePath)).ToList();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"{packageId} {version} is not in the NuGet package folder (looked at {string.Join(", ", candidates)}). " +
                "It is a PackageDownload of tests/Consultations.Deployment.Tests: run `dotnet restore`.");
    }

    private static string Metadata(string key) =>
        typeof(InfraTools).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly has no '{key}' metadata; see Consultations.Deployment.Tests.csproj.");
}
