using System.Text.RegularExpressions;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Storage.Cosmos;
using Consultations.Infrastructure.Storage.Sqlite;
using Consultations.Testing.Cosmos;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Cli.Tests;

/// <summary>`consultations generate` on SQLite: shares, the guard, determinism, refusals and argument errors.</summary>
public sealed partial class GenerateCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "consultations-cli-tests", Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Writes_a_programme_with_the_promised_shares_and_says_so_in_one_line()
    {
        var folder = Folder("a");

        var (code, output, error) = await RunAsync("generate", "--notes", "400", "--countries", "4", "--programme", "gen-test", "--seed", "7", "--data-dir", folder);

        Assert.Equal(0, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(
            @"^Generated programme 'gen-test' \(seed 7\) in SQLite .+consultations\.db: 4 consultations, \d+ sessions, \d+ participants, 400 notes "
            + @"\(320 published, 48 submitted, 32 drafts; 12 on the record, 368 under the Chatham House Rule, 20 off the record; \d+ drafts with a planted name\) in \d+\.\d s\.$",
            line.Trim());
        Assert.Contains("Generating programme 'gen-test' (seed 7): 400 notes in 4 countries", error, StringComparison.Ordinal);
        Assert.Contains("[4/4] gen-test-id: 100 of 100 notes written; 400 of 400 in all", error, StringComparison.Ordinal);

        // Per consultation of 100 notes: 5 off the record (2 drafts, 3 submitted), 3 in the opening, and 15 of all unpublished.
        Assert.Equal(400L, await ScalarAsync(folder, "SELECT COUNT(*) FROM notes WHERE programme_id = 'gen-test'"));
        Assert.Equal(320L, await ScalarAsync(folder, "SELECT COUNT(*) FROM notes WHERE status = 'published'"));
        Assert.Equal(48L, await ScalarAsync(folder, "SELECT COUNT(*) FROM notes WHERE status = 'submitted'"));
        Assert.Equal(32L, await ScalarAsync(folder, "SELECT COUNT(*) FROM notes WHERE status = 'draft'"));
        Assert.Equal(20L, await ScalarAsync(folder, "SELECT COUNT(*) FROM notes WHERE session_id LIKE 'closed-%'"));
        Assert.Equal(0L, await ScalarAsync(folder, "SELECT COUNT(*) FROM notes WHERE session_id LIKE 'closed-%' AND status = 'published'"));
        Assert.Equal(12L, await ScalarAsync(folder, "SELECT COUNT(*) FROM notes WHERE session_id = 'opening'"));
        Assert.Equal(4L, await ScalarAsync(folder, "SELECT COUNT(*) FROM consultations WHERE programme_id = 'gen-test'"));
        Assert.Equal(4L, await ScalarAsync(folder, "SELECT COUNT(*) FROM participant_registers WHERE programme_id = 'gen-test'"));

        // Every kind, theme and most stakeholder groups appear; the countries are the first four the generator knows.
        Assert.Equal(4L, await ScalarAsync(folder, "SELECT COUNT(DISTINCT json_extract(doc, '$.kind')) FROM notes"));
        Assert.Equal(4L, await ScalarAsync(folder, "SELECT COUNT(DISTINCT t.value) FROM notes, json_each(notes.doc, '$.themes') t"));
        Assert.True(await ScalarAsync(folder, "SELECT COUNT(DISTINCT json_extract(doc, '$.stakeholderGroup')) FROM notes") >= 7);
        Assert.Equal("ID,MY,PH,VN", string.Join(',', await ColumnAsync(folder, "SELECT country FROM consultations ORDER BY country")));
    }

    [Fact]
    public async Task Registers_use_each_country_s_naming_traditions()
    {
        var folder = Folder("names");
        Assert.Equal(0, (await RunAsync("generate", "--notes", "40", "--countries", "4", "--data-dir", folder)).Code);

        var registers = await SqliteStoresAsync(folder);
        var vn = (await registers.Registers.GetAsync("generated-vn", Ct))!.Participants.Select(p => p.Name).ToList();
        var ph = (await registers.Registers.GetAsync("generated-ph", Ct))!.Participants.Select(p => p.Name).ToList();
        var my = (await registers.Registers.GetAsync("generated-my", Ct))!.Participants.Select(p => p.Name).ToList();
        var id = (await registers.Registers.GetAsync("generated-id", Ct))!.Participants.Select(p => p.Name).ToList();

        Assert.Contains(vn, n => Regex.IsMatch(n, "^(Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý) "));
        Assert.Contains(ph, n => Regex.IsMatch(n, " (Dela Cruz|Delos Santos|De Guzman|Del Rosario|Reyes|Santos|Cruz|Bautista|Garcia|Mendoza|Villanueva|Aquino|Ramos|Navarro|Castillo|Soriano|Manalo|Pascual)$"));
        Assert.Contains(my, n => n.Contains(" bin ", StringComparison.Ordinal) || n.Contains(" binti ", StringComparison.Ordinal));
        Assert.Contains(my, n => Regex.IsMatch(n, "^(Tan|Lim|Lee|Ng|Wong|Chong|Ong|Teo|Goh|Chan|Yap|Khoo|Loh|Cheah) "));
        Assert.Contains(id, n => !n.Contains(' ', StringComparison.Ordinal));
        Assert.All(new[] { vn, ph, my, id }, names => Assert.Equal(names.Count, names.Distinct().Count()));
    }

    [Fact]
    public async Task Published_and_submitted_notes_pass_the_guard_and_only_planted_drafts_do_not()
    {
        var folder = Folder("guard");
        var (code, output, _) = await RunAsync("generate", "--notes", "1200", "--countries", "3", "--seed", "11", "--data-dir", folder);
        Assert.Equal(0, code);
        var planted = int.Parse(PlantedCount().Match(output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(planted, 1, 96 / 2);

        var stores = await SqliteStoresAsync(folder);
        var key = GuardKey.Generate();
        var flaggedDrafts = 0;
        foreach (var consultation in await stores.Consultations.ListByProgrammeAsync("generated", Ct))
        {
            var register = (await stores.Registers.GetAsync(consultation.Id, Ct))!;
            var guard = new AttributionGuard(GuardRegister.Compile(register.Participants, key, 3), key, 3);
            await foreach (var note in stores.Notes.ReadAllAsync(consultation.Id, new NoteQuery(), Ct))
            {
                var findings = guard.Check(note.Text, register.GroupCounts());
                if (note.Status == NoteStatus.Draft)
                {
                    flaggedDrafts += findings.Any(f => f.Identifies()) ? 1 : 0;
                }
                else
                {
                    Assert.True(findings.Count == 0, $"{note.Id} ({note.Status}) has findings: {string.Join(", ", findings.Select(f => f.Kind))}");
                }
            }
        }

        Assert.Equal(planted, flaggedDrafts);
    }

    [Fact]
    public async Task The_same_seed_writes_the_same_programme_and_another_seed_does_not()
    {
        string[] Args(string folder, string seed) => ["generate", "--notes", "150", "--countries", "3", "--seed", seed, "--data-dir", folder];
        Assert.Equal(0, (await RunAsync(Args(Folder("one"), "42"))).Code);
        Assert.Equal(0, (await RunAsync(Args(Folder("two"), "42"))).Code);
        Assert.Equal(0, (await RunAsync(Args(Folder("three"), "43"))).Code);

        // Whole documents: text, kinds, themes, groups, statuses, times. Only ETags (and participants' internal ids) differ.
        const string Notes = "SELECT id || ' ' || doc FROM notes ORDER BY id";
        const string Consultations = "SELECT doc FROM consultations ORDER BY id";
        const string Programme = "SELECT doc FROM programmes";
        const string People = "SELECT json_extract(p.value, '$.name') || '|' || json_extract(p.value, '$.organisation') || '|' || json_extract(p.value, '$.role') FROM participant_registers r, json_each(r.doc, '$.participants') p ORDER BY r.consultation_id, p.key";
        foreach (var sql in new[] { Notes, Consultations, Programme, People })
        {
            Assert.Equal(await ColumnAsync(Folder("one"), sql), await ColumnAsync(Folder("two"), sql));
        }

        var texts = await ColumnAsync(Folder("one"), "SELECT json_extract(doc, '$.text') FROM notes ORDER BY id");
        var otherTexts = await ColumnAsync(Folder("three"), "SELECT json_extract(doc, '$.text') FROM notes ORDER BY id");
        Assert.True(texts.Zip(otherTexts).Count(p => p.First != p.Second) > 140, "another seed should write other notes");
    }

    [Fact]
    public async Task An_existing_programme_is_refused_and_replaced_only_with_replace()
    {
        var folder = Folder("replace");
        Assert.Equal(0, (await RunAsync("generate", "--notes", "90", "--countries", "3", "--data-dir", folder)).Code);

        var (refused, refusedOutput, refusedError) = await RunAsync("generate", "--notes", "40", "--countries", "2", "--data-dir", folder);

        Assert.Equal(1, refused);
        Assert.Empty(refusedOutput);
        Assert.Contains("Could not generate: There is already a programme 'generated'. Pass --replace to delete it and write a new one", refusedError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refusedError, StringComparison.Ordinal);
        Assert.Equal(90L, await ScalarAsync(folder, "SELECT COUNT(*) FROM notes"));

        var (code, output, _) = await RunAsync("generate", "--notes", "40", "--countries", "2", "--replace", "--data-dir", folder);

        Assert.Equal(0, code);
        Assert.StartsWith("Replaced programme 'generated' (seed 1)", output, StringComparison.Ordinal);
        Assert.Equal(40L, await ScalarAsync(folder, "SELECT COUNT(*) FROM notes"));
        Assert.Equal("generated-ph,generated-vn", string.Join(',', await ColumnAsync(folder, "SELECT id FROM consultations ORDER BY id")));
        Assert.Equal(2L, await ScalarAsync(folder, "SELECT COUNT(*) FROM participant_registers"));
    }

    [Fact]
    public async Task Replace_never_deletes_a_programme_that_generate_did_not_write()
    {
        var folder = Folder("demo");
        Assert.Equal(0, (await RunAsync("seed-demo", "--data-dir", folder)).Code);

        var (code, _, error) = await RunAsync("generate", "--notes", "10", "--programme", "demo", "--replace", "--data-dir", folder);

        Assert.Equal(1, code);
        Assert.EndsWith("Could not generate: The programme 'demo' was not written by generate, so --replace will not delete it. Choose another id with --programme.", error.Trim(), StringComparison.Ordinal);
        // Every demo note is still there, however many the demo has.
        var demoNotes = Consultations.Core.Demo.DemoSeeder.LoadData().Consultations.Sum(c => c.Sessions.Sum(s => s.Notes.Count));
        Assert.Equal((long)demoNotes, await ScalarAsync(folder, "SELECT COUNT(*) FROM notes WHERE programme_id = 'demo'"));
    }

    [Theory]
    [InlineData("--notes 0", "Could not generate: --notes must be between 1 and 1,000,000; it was 0.")]
    [InlineData("--notes 1000001", "Could not generate: --notes must be between 1 and 1,000,000; it was 1,000,001.")]
    [InlineData("--notes 5 --countries 10", "Could not generate: --notes must be at least --countries (10), so every consultation has a note; it was 5.")]
    [InlineData("--notes 100 --countries 0", "Could not generate: --countries must be between 1 and 16 (the countries the generator knows); it was 0.")]
    [InlineData("--notes 100 --countries 17", "Could not generate: --countries must be between 1 and 16 (the countries the generator knows); it was 17.")]
    [InlineData("--notes 100 --programme Bad_Id", "Could not generate: --programme must be 1 to 40 lower-case letters, digits and dashes; \"Bad_Id\" is not.")]
    [InlineData("--notes 100 --programme a-programme-id-that-is-much-longer-than-forty", "Could not generate: --programme must be 1 to 40 lower-case letters, digits and dashes;")]
    [InlineData("--notes lots", "Cannot parse argument 'lots' for option '--notes'")]
    [InlineData("--countries 3", "Option '--notes' is required.")]
    [InlineData("--notes 100 --store mongo", "Argument 'mongo' not recognized.")]
    public async Task Bad_arguments_fail_with_a_clear_message_and_touch_no_store(string arguments, string message)
    {
        var folder = Folder("never");

        var (code, _, error) = await RunAsync(["generate", .. arguments.Split(' '), "--data-dir", folder]);

        Assert.Equal(1, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    [GeneratedRegex(@"; (\d+) drafts with a planted name\)")]
    private static partial Regex PlantedCount();

    private string Folder(string name) => Path.Combine(_directory, name);

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<StoreSet> SqliteStoresAsync(string folder)
    {
        var database = new SqliteDatabase(Path.Combine(folder, "consultations.db"));
        await database.MigrateAsync(Ct);
        return new StoreSet(new SqliteProgrammeStore(database), new SqliteConsultationStore(database), new SqliteNoteStore(database), new SqliteParticipantRegisterStore(database), new SqliteBriefStore(database));
    }

    private static async Task<long> ScalarAsync(string folder, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "consultations.db")}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static async Task<List<string>> ColumnAsync(string folder, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "consultations.db")}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}

/// <summary>`consultations generate` into Cosmos DB (the npm test server), configured as the app would be.</summary>
[Trait("Store", "Cosmos")]
public sealed class GenerateCosmosCommandTests(CosmosServer server)
{
    private readonly string _database = "gen-" + Ids.New();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Writes_200_notes_into_cosmos_that_pass_the_guard_and_replaces_them()
    {
        var (code, output, error) = await RunAsync("generate", "--notes", "200", "--countries", "2", "--programme", "gen-cosmos", "--seed", "3");

        Assert.True(code == 0, error);
        Assert.Matches(
            $@"^Generated programme 'gen-cosmos' \(seed 3\) in Cosmos DB {Regex.Escape(server.Endpoint)} database '{_database}': 2 consultations, \d+ sessions, \d+ participants, 200 notes "
            + @"\(160 published, 24 submitted, 16 drafts; 6 on the record, 184 under the Chatham House Rule, 10 off the record; \d+ drafts with a planted name\)",
            output.Trim());

        var storage = await server.StorageAsync(_database);
        var consultations = await new CosmosConsultationStore(storage).ListByProgrammeAsync("gen-cosmos", Ct);
        Assert.Equal(["gen-cosmos-ph", "gen-cosmos-vn"], consultations.Select(c => c.Id).Order(StringComparer.Ordinal));
        var notes = new CosmosNoteStore(storage);
        var registers = new CosmosParticipantRegisterStore(storage);
        var key = GuardKey.Generate();
        var byStatus = new Dictionary<NoteStatus, int>();
        foreach (var consultation in consultations)
        {
            var register = (await registers.GetAsync(consultation.Id, Ct))!;
            var guard = new AttributionGuard(GuardRegister.Compile(register.Participants, key, 3), key, 3);
            await foreach (var note in notes.ReadAllAsync(consultation.Id, new NoteQuery(), Ct))
            {
                byStatus[note.Status] = byStatus.GetValueOrDefault(note.Status) + 1;
                if (note.Status == NoteStatus.Published)
                {
                    Assert.Empty(guard.Check(note.Text, register.GroupCounts()));
                    Assert.NotEqual(DisclosureRule.OffTheRecord, consultation.FindSession(note.SessionId)!.DisclosureRule);
                }
            }
        }

        Assert.Equal(160, byStatus[NoteStatus.Published]);
        Assert.Equal(24, byStatus[NoteStatus.Submitted]);
        Assert.Equal(16, byStatus[NoteStatus.Draft]);

        var (refused, _, refusedError) = await RunAsync("generate", "--notes", "30", "--countries", "1", "--programme", "gen-cosmos");
        Assert.Equal(1, refused);
        Assert.Contains("There is already a programme 'gen-cosmos'", refusedError, StringComparison.Ordinal);

        var (replaced, replacedOutput, replacedError) = await RunAsync("generate", "--notes", "30", "--countries", "1", "--programme", "gen-cosmos", "--replace");

        Assert.True(replaced == 0, replacedError);
        Assert.StartsWith("Replaced programme 'gen-cosmos'", replacedOutput, StringComparison.Ordinal);
        Assert.Equal(["gen-cosmos-vn"], (await new CosmosConsultationStore(storage).ListByProgrammeAsync("gen-cosmos", Ct)).Select(c => c.Id));
        Assert.Equal(30, (await notes.TallyAsync("gen-cosmos-vn", Ct)).Sum(t => t.Notes));
        Assert.Empty(await notes.TallyAsync("gen-cosmos-ph", Ct));
        Assert.Null(await registers.GetAsync("gen-cosmos-ph", Ct));
    }

    /// <summary>Runs the CLI with Storage:Provider=Cosmos pointing at this test's database, the server's shim in its client.</summary>
    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.Run(args, output, error, configureHost: builder =>
        {
            builder.Configuration.AddInMemoryCollection(server.Settings(_database));
            builder.Services.AddSingleton<ICosmosHttpHandlerFactory>(new CosmosServerShimHandlers());
        });
        return (code, output.ToString(), error.ToString());
    }
}
