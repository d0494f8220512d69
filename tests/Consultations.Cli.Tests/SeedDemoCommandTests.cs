using Microsoft.Data.Sqlite;

namespace Consultations.Cli.Tests;

public sealed class SeedDemoCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "consultations-cli-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Seeds_the_demo_into_an_empty_folder_and_is_idempotent()
    {
        var (code, output, error) = await RunAsync("seed-demo", "--data-dir", _directory);

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("4 consultations, 4 registers, 216 notes", output, StringComparison.Ordinal);
        Assert.Equal(216L, await CountAsync("SELECT COUNT(*) FROM notes"));
        Assert.Equal(4L, await CountAsync("SELECT COUNT(*) FROM participant_registers"));

        var (again, secondOutput, _) = await RunAsync("seed-demo", "--data-dir", _directory);

        Assert.Equal(0, again);
        Assert.Contains("already complete", secondOutput, StringComparison.Ordinal);
        Assert.Equal(216L, await CountAsync("SELECT COUNT(*) FROM notes"));
    }

    [Fact]
    public async Task Resumes_an_interrupted_seed_without_duplicates()
    {
        await RunAsync("seed-demo", "--data-dir", _directory);
        await ExecuteAsync("DELETE FROM notes WHERE consultation_id = 'demo-id'; DELETE FROM participant_registers WHERE consultation_id = 'demo-my';");

        var (code, output, _) = await RunAsync("seed-demo", "--data-dir", _directory);

        Assert.Equal(0, code);
        Assert.Contains("0 consultations, 1 registers", output, StringComparison.Ordinal);
        Assert.Equal(216L, await CountAsync("SELECT COUNT(*) FROM notes"));
    }

    [Fact]
    public async Task An_unusable_data_folder_fails_with_a_clear_message()
    {
        Directory.CreateDirectory(_directory);
        var file = Path.Combine(_directory, "not-a-folder");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);

        var (code, _, error) = await RunAsync("seed-demo", "--data-dir", file);

        Assert.Equal(1, code);
        Assert.Contains("Could not seed the demo programme", error, StringComparison.Ordinal);
        Assert.Contains("Storage:Sqlite:DataDirectory", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_commands_are_refused_with_usage()
    {
        var (code, _, error) = await RunAsync("frobnicate");

        Assert.NotEqual(0, code);
        Assert.Contains("frobnicate", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private async Task<long> CountAsync(string sql) => (long)(await QueryAsync(sql, c => c.ExecuteScalarAsync(TestContext.Current.CancellationToken)))!;

    private Task<object?> ExecuteAsync(string sql) => QueryAsync(sql, async c => (object?)await c.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));

    private async Task<object?> QueryAsync(string sql, Func<SqliteCommand, Task<object?>> run)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "consultations.db")}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await run(command);
    }
}
