using Consultations.Core.Analysis;
using Consultations.Core.Audit;
using Consultations.Core.Demo;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Import;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Guard;
using Consultations.Infrastructure.Storage.Sqlite;
using Consultations.Testing;
using Microsoft.Data.Sqlite;

namespace Consultations.Cli.Tests;

/// <summary>
/// A SQLite folder with the demo programme seeded by the CLI and a development guard key, as the web app leaves its App_Data;
/// and the import plan of a file in docs/examples made as the import page makes it (its guard, the lexicon's suggestions, what is there).
/// </summary>
public sealed class DemoFolder : IDisposable
{
    private static readonly string Key = Convert.ToBase64String([.. Enumerable.Range(1, 32).Select(i => (byte)(i * 7))]);

    private DemoFolder(string path)
    {
        Path = path;
        Database = new SqliteDatabase(System.IO.Path.Combine(path, "consultations.db"));
    }

    public string Path { get; }

    public SqliteDatabase Database { get; }

    public INoteStore Notes => new SqliteNoteStore(Database);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string Example(string fileName) => System.IO.Path.Combine(TestPaths.RepositoryRoot, "docs", "examples", fileName);

    public static async Task<DemoFolder> SeedAsync()
    {
        var folder = new DemoFolder(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "consultations-cli-tests", Guid.NewGuid().ToString("N")));
        var (code, _, error) = await CliRun.RunAsync("seed-demo", "--data-dir", folder.Path);
        Assert.True(code == 0, error);
        await File.WriteAllTextAsync(System.IO.Path.Combine(folder.Path, "guard.key"), Key, Ct);
        return folder;
    }

    /// <summary>The plan of an example file for a consultation of the demo programme, with nothing fixed.</summary>
    public async Task<ImportPlan> PlanAsync(string example, string consultationId = "demo-ph", string? session = null)
    {
        var programme = (await new SqliteProgrammeStore(Database).GetAsync(DemoSeeder.ProgrammeId, Ct))!;
        var consultation = (await new SqliteConsultationStore(Database).GetAsync(programme.Id, consultationId, Ct))!;
        var guard = await new ConsultationGuards(new SqliteParticipantRegisterStore(Database), GuardKey.TryParse(Key)!).ForAsync(programme, consultationId, Ct);
        var existing = await ImportExisting.ReadAsync(Notes, consultationId, Ct);
        var document = ImportFiles.Read(example, await File.ReadAllBytesAsync(Example(example), Ct));
        return ImportPlanner.Plan(document, new ImportContext(programme, consultation, session, guard.Check, new ThemeSuggester(programme.Taxonomy), existing));
    }

    public async Task<List<Note>> NotesAsync(string consultationId = "demo-ph")
    {
        var notes = new List<Note>();
        await foreach (var note in Notes.ReadAllAsync(consultationId, new NoteQuery(), Ct))
        {
            notes.Add(note);
        }

        return notes;
    }

    public async Task<List<AuditEntry>> AuditAsync(AuditAction action)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in new SqliteAuditStore(Database).ReadAllAsync(new AuditQuery { Action = action }, Ct))
        {
            entries.Add(entry);
        }

        return entries;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

/// <summary>Runs the CLI in-process and captures what it writes.</summary>
internal static class CliRun
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
