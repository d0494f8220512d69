using System.Text.RegularExpressions;
using Consultations.Core.Demo;
using Consultations.Core.Domain;
using Consultations.Infrastructure.Storage.Cosmos;
using Consultations.Testing.Cosmos;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Cli.Tests;

/// <summary>`consultations migrate` between a SQLite folder and the Cosmos DB test server (npm, on loopback).</summary>
[Trait("Store", "Cosmos")]
public sealed class MigrateCommandTests(CosmosServer server) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "consultations-cli-tests", Guid.NewGuid().ToString("N"));
    private readonly string _database = "cli-" + Ids.New();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string SourceFolder => Path.Combine(_directory, "source");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Migrates_the_demo_from_sqlite_to_cosmos_and_a_second_run_changes_nothing()
    {
        await SeedAsync();

        var (code, output, error) = await MigrateAsync("--programme", "demo", "--from", "sqlite", "--to", "cosmos", "--data-dir", SourceFolder);

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains($"from SQLite {Path.Combine(SourceFolder, "consultations.db")} to Cosmos DB {server.Endpoint} database '{_database}'", output, StringComparison.Ordinal);
        Assert.Matches(@"\[4/4\] demo-\w+: consultation created, register created, notes \d+ created", output);
        Assert.Matches(Row("programme", 1, 0, 0, 0), output);
        Assert.Matches(Row("consultations", 4, 0, 0, 0), output);
        Assert.Matches(Row("registers", 4, 0, 0, 0), output);
        Assert.Matches(Row("notes", 216, 0, 0, 0), output);
        Assert.Equal(4, Regex.Count(output, @"notes in source, \d+ in target, register in both: OK"));
        Assert.Contains("Migration complete: the target holds every document of programme 'demo' (216 notes).", output, StringComparison.Ordinal);
        Assert.Equal(216, await CosmosNoteCountAsync());

        var (again, secondOutput, _) = await MigrateAsync("--programme", "demo", "--from", "sqlite", "--to", "cosmos", "--data-dir", SourceFolder);

        Assert.Equal(0, again);
        Assert.Matches(Row("notes", 0, 216, 0, 0), secondOutput);
        Assert.Matches(Row("registers", 0, 4, 0, 0), secondOutput);
        Assert.Equal(216, await CosmosNoteCountAsync());
    }

    [Fact]
    public async Task Migrates_back_from_cosmos_into_a_new_sqlite_folder()
    {
        await SeedAsync();
        await MigrateAsync("--programme", "demo", "--from", "sqlite", "--to", "cosmos", "--data-dir", SourceFolder);
        var back = Path.Combine(_directory, "back");

        var (code, output, error) = await MigrateAsync("--programme", "demo", "--from", "cosmos", "--to", "sqlite", "--data-dir", back);

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Matches(Row("notes", 216, 0, 0, 0), output);
        Assert.Equal(216L, await CountAsync(back, "SELECT COUNT(*) FROM notes"));
        Assert.Equal(4L, await CountAsync(back, "SELECT COUNT(*) FROM participant_registers"));
    }

    [Fact]
    public async Task A_note_only_in_the_target_fails_the_count_check_with_exit_code_2()
    {
        await SeedAsync();
        await MigrateAsync("--programme", "demo", "--from", "sqlite", "--to", "cosmos", "--data-dir", SourceFolder);
        var storage = await server.StorageAsync(_database);
        var programme = (await new CosmosProgrammeStore(storage).GetAsync(DemoSeeder.ProgrammeId, Ct))!;
        var consultation = (await new CosmosConsultationStore(storage).GetAsync(DemoSeeder.ProgrammeId, DemoSeeder.ConsultationIdFor("MY"), Ct))!;
        var content = new NoteContent("Written in Cosmos DB only.", NoteKind.Finding, null, [programme.Taxonomy.Themes[0].Key], []);
        var extra = await new CosmosNoteStore(storage).CreateAsync(Note.Create(programme, consultation, consultation.Sessions[0], content, UserRef.System, DateTimeOffset.UtcNow), Ct);

        var (code, output, _) = await MigrateAsync("--programme", "demo", "--from", "sqlite", "--to", "cosmos", "--data-dir", SourceFolder);

        Assert.Equal(2, code);
        Assert.Contains("demo-my: ", output, StringComparison.Ordinal);
        Assert.Contains("MISMATCH", output, StringComparison.Ordinal);
        Assert.Contains($"only in the target: {extra.Id}", output, StringComparison.Ordinal);
        Assert.Contains("Migration incomplete: 1 consultation(s) fail the count check.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_writes_nothing()
    {
        await SeedAsync();

        var (code, output, _) = await MigrateAsync("--programme", "demo", "--from", "sqlite", "--to", "cosmos", "--data-dir", SourceFolder, "--dry-run");

        Assert.Equal(0, code);
        Assert.Contains("Dry run (nothing was written)", output, StringComparison.Ordinal);
        Assert.Matches(Row("notes", 216, 0, 0, 0), output);
        Assert.Null(await new CosmosProgrammeStore(await server.StorageAsync(_database)).GetAsync(DemoSeeder.ProgrammeId, Ct));
    }

    [Fact]
    public async Task The_same_store_on_both_sides_is_refused()
    {
        var (code, _, error) = await MigrateAsync("--programme", "demo", "--from", "sqlite", "--to", "sqlite");

        Assert.NotEqual(0, code);
        Assert.Contains("--from and --to must name different stores", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_programme_is_refused_with_a_clear_message()
    {
        await SeedAsync();

        var (code, output, error) = await MigrateAsync("--programme", "no-such-programme", "--from", "sqlite", "--to", "cosmos", "--data-dir", SourceFolder);

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Equal("Could not migrate: there is no programme 'no-such-programme' in the SQLite store.", error.Trim());
    }

    [Fact]
    public async Task A_missing_sqlite_source_is_refused_rather_than_created()
    {
        var missing = Path.Combine(_directory, "nothing-here");

        var (code, _, error) = await MigrateAsync("--programme", "demo", "--from", "sqlite", "--to", "cosmos", "--data-dir", missing);

        Assert.Equal(1, code);
        Assert.Contains($"There is no SQLite database at {Path.Combine(missing, "consultations.db")}", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task Missing_cosmos_settings_are_named()
    {
        await SeedAsync();

        // Blanked over whatever the environment says, so the outcome does not depend on the machine.
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.Run(
            ["migrate", "--programme", "demo", "--from", "sqlite", "--to", "cosmos", "--data-dir", SourceFolder],
            output,
            error,
            configureHost: builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Cosmos:AccountEndpoint"] = string.Empty }));

        Assert.Equal(1, code);
        Assert.Contains("Storage:Cosmos:AccountEndpoint", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    // One row of the summary table: the document type, then created, unchanged, overwritten and differs.
    private static string Row(string name, int created, int unchanged, int overwritten, int differs) =>
        $@"(?m)^\s+{name}\s+{created}\s+{unchanged}\s+{overwritten}\s+{differs}\s*$";

    private async Task SeedAsync()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await Program.Run(["seed-demo", "--data-dir", SourceFolder], output, error));
    }

    /// <summary>Runs the CLI with the Cosmos DB settings of this test's database and the server's shim in its client.</summary>
    private async Task<(int Code, string Output, string Error)> MigrateAsync(params string[] args)
    {
        var settings = server.Settings(_database);

        // The command chooses each side's provider itself.
        settings.Remove("Storage:Provider");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.Run(["migrate", .. args], output, error, configureHost: builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<ICosmosHttpHandlerFactory>(new CosmosServerShimHandlers());
        });
        return (code, output.ToString(), error.ToString());
    }

    private async Task<int> CosmosNoteCountAsync()
    {
        var notes = new CosmosNoteStore(await server.StorageAsync(_database));
        var total = 0;
        foreach (var code in new[] { "PH", "ID", "VN", "MY" })
        {
            total += (await notes.TallyAsync(DemoSeeder.ConsultationIdFor(code), Ct)).Sum(t => t.Notes);
        }

        return total;
    }

    private static async Task<long> CountAsync(string folder, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "consultations.db")}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
