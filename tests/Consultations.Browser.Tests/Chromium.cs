using System.Diagnostics;

namespace Consultations.Browser.Tests;

/// <summary>
/// Finds Debian's Chromium, installing it with apt when it is missing and we may (root, apt present).
/// Otherwise fails loudly: a browser suite that skips silently would hide broken pages.
/// </summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static async Task EnsureInstalledAsync()
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }

        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(ExecutablePath))
            {
                return;
            }

            if (!File.Exists("/usr/bin/apt-get") || Environment.UserName != "root")
            {
                throw new InvalidOperationException(
                    $"The browser tests need Chromium at {ExecutablePath}. Install it with: sudo apt-get install -y chromium");
            }

            await RunAsync("apt-get", "update -qq");
            await RunAsync("apt-get", "install -y -qq --no-install-recommends chromium");
            if (!File.Exists(ExecutablePath))
            {
                throw new InvalidOperationException($"apt-get installed chromium but {ExecutablePath} is still missing.");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed with exit code {process.ExitCode}: {await error}{await output}");
        }
    }
}
