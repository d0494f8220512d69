using Consultations.Core.Demo;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Storage.Cosmos;
using Consultations.Infrastructure.Storage.Sqlite;
using Consultations.Testing;
using Consultations.Testing.Cosmos;

namespace Consultations.Infrastructure.Tests.Storage;

/// <summary>Copying the demo programme between a real SQLite file and a real Cosmos DB server (the npm server on loopback).</summary>
[Trait("Store", "Cosmos")]
public sealed class ProgrammeCopierTests(CosmosServer server) : IDisposable
{
    private const int DemoNotes = 216;
    private static readonly UserRef Editor = new("editor", "Editor");
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Copies_the_demo_from_sqlite_to_cosmos_document_for_document_and_again_changes_nothing()
    {
        var source = await SeededSqliteAsync();
        var target = await FreshCosmosAsync();
        var progress = new List<ConsultationCopyProgress>();

        var report = await new ProgrammeCopier(source, target).CopyAsync(DemoSeeder.ProgrammeId, new ProgrammeCopyOptions { Progress = progress.Add }, Ct);

        Assert.True(report.Succeeded);
        Assert.Equal(new CopyCounts(1, 0, 0, 0), report.Programme.Counts);
        Assert.Equal(new CopyCounts(4, 0, 0, 0), report.Consultations.Counts);
        Assert.Equal(new CopyCounts(4, 0, 0, 0), report.Registers.Counts);
        Assert.Equal(new CopyCounts(DemoNotes, 0, 0, 0), report.Notes.Counts);
        Assert.Equal(4, report.CountCheck.Count);
        Assert.All(report.CountCheck, c => Assert.True(c.Matches && c.SourceNotes > 0 && c.SourceNotes == c.TargetNotes && c.TargetHasRegister));
        Assert.Equal([1, 2, 3, 4], progress.Select(p => p.Position));
        Assert.Equal(DemoNotes, progress.Sum(p => p.Notes.Created));
        await AssertSameProgrammeAsync(source, target);

        var again = await new ProgrammeCopier(source, target).CopyAsync(DemoSeeder.ProgrammeId, cancellationToken: Ct);

        Assert.True(again.Succeeded);
        Assert.Equal(new CopyCounts(0, 1, 0, 0), again.Programme.Counts);
        Assert.Equal(new CopyCounts(0, 4, 0, 0), again.Consultations.Counts);
        Assert.Equal(new CopyCounts(0, 4, 0, 0), again.Registers.Counts);
        Assert.Equal(new CopyCounts(0, DemoNotes, 0, 0), again.Notes.Counts);
    }

    [Fact]
    public async Task An_interrupted_copy_continues_on_the_next_run_without_duplicates()
    {
        var source = await SeededSqliteAsync();
        var target = await FreshCosmosAsync();
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var done = new List<ConsultationCopyProgress>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ProgrammeCopier(source, target).CopyAsync(
            DemoSeeder.ProgrammeId,
            new ProgrammeCopyOptions
            {
                Progress = p =>
                {
                    done.Add(p);
                    if (p.Position == 2)
                    {
                        interrupt.Cancel();
                    }
                },
            },
            interrupt.Token));

        var copiedNotes = done.Sum(p => p.Notes.Created);
        Assert.Equal(2, done.Count);
        Assert.Equal(2, (await target.Consultations.ListByProgrammeAsync(DemoSeeder.ProgrammeId, Ct)).Count);

        var resumed = await new ProgrammeCopier(source, target).CopyAsync(DemoSeeder.ProgrammeId, cancellationToken: Ct);

        Assert.True(resumed.Succeeded);
        Assert.Equal(new CopyCounts(0, 1, 0, 0), resumed.Programme.Counts);
        Assert.Equal(new CopyCounts(2, 2, 0, 0), resumed.Consultations.Counts);
        Assert.Equal(new CopyCounts(DemoNotes - copiedNotes, copiedNotes, 0, 0), resumed.Notes.Counts);
        var targetNoteIds = new List<string>();
        foreach (var consultation in await target.Consultations.ListByProgrammeAsync(DemoSeeder.ProgrammeId, Ct))
        {
            targetNoteIds.AddRange((await AllNotesAsync(target, consultation.Id)).Select(n => n.Id));
        }

        Assert.Equal(DemoNotes, targetNoteIds.Count);
        Assert.Equal(DemoNotes, targetNoteIds.Distinct(StringComparer.Ordinal).Count());
        await AssertSameProgrammeAsync(source, target);
    }

    [Fact]
    public async Task A_note_edited_in_the_target_is_reported_and_left_alone_unless_overwrite_is_asked_for()
    {
        var source = await SeededSqliteAsync();
        var target = await FreshCosmosAsync();
        await new ProgrammeCopier(source, target).CopyAsync(DemoSeeder.ProgrammeId, cancellationToken: Ct);
        var programme = (await target.Programmes.GetAsync(DemoSeeder.ProgrammeId, Ct))!;
        var consultationId = DemoSeeder.ConsultationIdFor("PH");
        var edited = (await AllNotesAsync(target, consultationId)).First(n => n.Status == NoteStatus.Draft);
        edited.Revise(programme, edited.Content with { Text = "Changed in the target after the copy." }, Editor, DateTimeOffset.UtcNow);
        await target.Notes.UpdateAsync(edited, Ct);

        var report = await new ProgrammeCopier(source, target).CopyAsync(DemoSeeder.ProgrammeId, cancellationToken: Ct);

        Assert.False(report.Succeeded);
        Assert.Equal([edited.Id], report.Notes.Differing);
        Assert.Equal(DemoNotes - 1, report.Notes.Unchanged.Count);
        Assert.Empty(report.Mismatches);
        Assert.Equal("Changed in the target after the copy.", (await target.Notes.GetAsync(consultationId, edited.Id, Ct))!.Text);

        var overwritten = await new ProgrammeCopier(source, target).CopyAsync(DemoSeeder.ProgrammeId, new ProgrammeCopyOptions { Overwrite = true }, Ct);

        Assert.True(overwritten.Succeeded);
        Assert.Equal([edited.Id], overwritten.Notes.Overwritten);
        Assert.Empty(overwritten.Notes.Differing);
        Assert.Equal(
            DocumentJson.Serialize((await source.Notes.GetAsync(consultationId, edited.Id, Ct))!),
            DocumentJson.Serialize((await target.Notes.GetAsync(consultationId, edited.Id, Ct))!));
        await AssertSameProgrammeAsync(source, target);
    }

    [Fact]
    public async Task Copies_back_from_cosmos_into_a_fresh_sqlite_file_identically()
    {
        var original = await SeededSqliteAsync();
        var cosmos = await FreshCosmosAsync();
        await new ProgrammeCopier(original, cosmos).CopyAsync(DemoSeeder.ProgrammeId, cancellationToken: Ct);
        var fresh = await SqliteAsync("back.db");

        var report = await new ProgrammeCopier(cosmos, fresh).CopyAsync(DemoSeeder.ProgrammeId, cancellationToken: Ct);

        Assert.True(report.Succeeded);
        Assert.Equal(new CopyCounts(DemoNotes, 0, 0, 0), report.Notes.Counts);
        Assert.Equal(new CopyCounts(4, 0, 0, 0), report.Registers.Counts);
        await AssertSameProgrammeAsync(original, fresh);
    }

    [Fact]
    public async Task A_note_only_in_the_target_shows_as_extra_in_the_count_check()
    {
        var source = await SeededSqliteAsync();
        var target = await FreshCosmosAsync();
        await new ProgrammeCopier(source, target).CopyAsync(DemoSeeder.ProgrammeId, cancellationToken: Ct);
        var programme = (await target.Programmes.GetAsync(DemoSeeder.ProgrammeId, Ct))!;
        var consultation = (await target.Consultations.GetAsync(DemoSeeder.ProgrammeId, DemoSeeder.ConsultationIdFor("VN"), Ct))!;
        var content = new NoteContent("Written in the target only.", NoteKind.Finding, null, [programme.Taxonomy.Themes[0].Key], []);
        var extra = await target.Notes.CreateAsync(Note.Create(programme, consultation, consultation.Sessions[0], content, Editor, DateTimeOffset.UtcNow), Ct);

        var report = await new ProgrammeCopier(source, target).CopyAsync(DemoSeeder.ProgrammeId, cancellationToken: Ct);

        Assert.False(report.Succeeded);
        Assert.Equal(0, report.Differences);
        var mismatch = Assert.Single(report.Mismatches);
        Assert.Equal(consultation.Id, mismatch.ConsultationId);
        Assert.Equal([extra.Id], mismatch.ExtraNoteIds);
        Assert.Empty(mismatch.MissingNoteIds);
        Assert.Equal(mismatch.SourceNotes + 1, mismatch.TargetNotes);
    }

    [Fact]
    public async Task A_dry_run_reports_what_it_would_copy_and_writes_nothing()
    {
        var source = await SeededSqliteAsync();
        var target = await FreshCosmosAsync();

        var report = await new ProgrammeCopier(source, target).CopyAsync(DemoSeeder.ProgrammeId, new ProgrammeCopyOptions { DryRun = true }, Ct);

        Assert.True(report.DryRun);
        Assert.True(report.Succeeded);
        Assert.Equal(new CopyCounts(1, 0, 0, 0), report.Programme.Counts);
        Assert.Equal(new CopyCounts(DemoNotes, 0, 0, 0), report.Notes.Counts);
        Assert.All(report.CountCheck, c => Assert.True(c.Matches));
        Assert.Null(await target.Programmes.GetAsync(DemoSeeder.ProgrammeId, Ct));
        Assert.Empty(await target.Consultations.ListByProgrammeAsync(DemoSeeder.ProgrammeId, Ct));
        foreach (var consultation in await source.Consultations.ListByProgrammeAsync(DemoSeeder.ProgrammeId, Ct))
        {
            Assert.Null(await target.Registers.GetAsync(consultation.Id, Ct));
            Assert.Empty(await AllNotesAsync(target, consultation.Id));
        }
    }

    [Fact]
    public async Task A_programme_missing_from_the_source_is_a_clear_error()
    {
        var source = await SqliteAsync("empty.db");
        var target = await FreshCosmosAsync();

        var error = await Assert.ThrowsAsync<DocumentNotFoundException>(() => new ProgrammeCopier(source, target).CopyAsync("no-such-programme", cancellationToken: Ct));

        Assert.Contains("'no-such-programme' does not exist", error.Message, StringComparison.Ordinal);
    }

    private async Task<StoreSet> SqliteAsync(string fileName)
    {
        var database = new SqliteDatabase(Path.Combine(_directory.Path, fileName));
        await database.MigrateAsync(Ct);
        return new StoreSet(
            new SqliteProgrammeStore(database),
            new SqliteConsultationStore(database),
            new SqliteNoteStore(database),
            new SqliteParticipantRegisterStore(database),
            new SqliteBriefStore(database));
    }

    private async Task<StoreSet> SeededSqliteAsync()
    {
        var stores = await SqliteAsync("source.db");
        await new DemoSeeder(stores.Programmes, stores.Consultations, stores.Notes, stores.Registers).SeedAsync(Ct);
        return stores;
    }

    private async Task<StoreSet> FreshCosmosAsync()
    {
        var storage = await server.StorageAsync("copy-" + Ids.New());
        return new StoreSet(
            new CosmosProgrammeStore(storage),
            new CosmosConsultationStore(storage),
            new CosmosNoteStore(storage),
            new CosmosParticipantRegisterStore(storage),
            new CosmosBriefStore(storage));
    }

    private static async Task<List<Note>> AllNotesAsync(StoreSet stores, string consultationId)
    {
        var notes = new List<Note>();
        string? token = null;
        do
        {
            var page = await stores.Notes.QueryAsync(consultationId, new NoteQuery { PageSize = NoteQuery.MaxPageSize, ContinuationToken = token }, Ct);
            notes.AddRange(page.Notes);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return notes;
    }

    /// <summary>Every document of the demo programme serializes identically on both sides.</summary>
    private static async Task AssertSameProgrammeAsync(StoreSet expected, StoreSet actual)
    {
        Assert.Equal(
            DocumentJson.Serialize((await expected.Programmes.GetAsync(DemoSeeder.ProgrammeId, Ct))!),
            DocumentJson.Serialize((await actual.Programmes.GetAsync(DemoSeeder.ProgrammeId, Ct))!));
        var consultations = await expected.Consultations.ListByProgrammeAsync(DemoSeeder.ProgrammeId, Ct);
        Assert.Equal(
            consultations.Select(DocumentJson.Serialize),
            (await actual.Consultations.ListByProgrammeAsync(DemoSeeder.ProgrammeId, Ct)).Select(DocumentJson.Serialize));
        var notes = 0;
        foreach (var consultation in consultations)
        {
            Assert.Equal(
                DocumentJson.Serialize((await expected.Registers.GetAsync(consultation.Id, Ct))!),
                DocumentJson.Serialize((await actual.Registers.GetAsync(consultation.Id, Ct))!));
            var expectedNotes = (await AllNotesAsync(expected, consultation.Id)).ToDictionary(n => n.Id, DocumentJson.Serialize, StringComparer.Ordinal);
            var actualNotes = (await AllNotesAsync(actual, consultation.Id)).ToDictionary(n => n.Id, DocumentJson.Serialize, StringComparer.Ordinal);
            Assert.Equal(expectedNotes.OrderBy(n => n.Key, StringComparer.Ordinal), actualNotes.OrderBy(n => n.Key, StringComparer.Ordinal));
            notes += expectedNotes.Count;
        }

        Assert.Equal(DemoNotes, notes);
    }
}
