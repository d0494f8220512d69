using Consultations.Core.Domain;
using Consultations.Core.Import;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Storage.Cosmos;
using Consultations.Infrastructure.Storage.Sqlite;
using Consultations.Testing;
using Consultations.Testing.Cosmos;

namespace Consultations.Infrastructure.Tests.Storage;

/// <summary>Bulk writes on both backends: many notes at once, and a whole programme removed without touching another.</summary>
public abstract class BulkStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 4, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly UserRef Author = new("author", "Author");

    protected StoreSet Stores { get; private set; } = null!;

    protected IBulkStore Bulk { get; private set; } = null!;

    protected ICaptureDraftStore Drafts { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => (Stores, Bulk, Drafts) = await CreateStoresAsync();

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected abstract Task<(StoreSet Stores, IBulkStore Bulk, ICaptureDraftStore Drafts)> CreateStoresAsync();

    [Fact]
    public async Task Many_notes_are_written_at_once_with_their_etags()
    {
        var (programme, consultation) = await NewConsultationAsync();
        var notes = Notes(programme, consultation, 120);

        await Bulk.CreateNotesAsync(notes, Ct);

        Assert.All(notes, n => Assert.False(string.IsNullOrEmpty(n.ETag)));
        var read = await Stores.Notes.ReadAllAsync(consultation.Id, new NoteQuery(), Ct).ToListAsync(Ct);
        Assert.Equal(notes.Select(n => n.Id), read.Select(n => n.Id));
        Assert.Equal(notes.Select(DocumentJson.Serialize), read.Select(DocumentJson.Serialize));
        Assert.Equal(notes[7].ETag, read[7].ETag);
    }

    [Fact]
    public async Task A_taken_note_id_is_a_conflict()
    {
        var (programme, consultation) = await NewConsultationAsync();
        var first = Notes(programme, consultation, 3);
        await Bulk.CreateNotesAsync(first, Ct);

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Bulk.CreateNotesAsync(Notes(programme, consultation, 5, "again"), Ct));

        Assert.Equal(ConflictReason.AlreadyExists, ex.Reason);
    }

    [Fact]
    public async Task Deleting_a_programme_removes_everything_in_it_and_nothing_else()
    {
        var (programme, consultation) = await NewConsultationAsync();
        var (other, otherConsultation) = await NewConsultationAsync();
        await Bulk.CreateNotesAsync(Notes(programme, consultation, 30), Ct);
        await Bulk.CreateNotesAsync(Notes(other, otherConsultation, 4), Ct);
        var register = ParticipantRegister.Create(consultation, Author, T0);
        register.AddRange([new ParticipantEntry("Nguyễn Thị Lan", "Ministry", "government", null)], Author, T0);
        await Stores.Registers.SaveAsync(register, Ct);
        var draft = CaptureDraft.Start(consultation, consultation.Sessions[0], Author, T0);
        await Drafts.SaveAsync(draft, Ct);

        var deleted = await Bulk.DeleteProgrammeAsync(programme.Id, Ct);

        Assert.Equal(30, deleted);
        Assert.Null(await Stores.Programmes.GetAsync(programme.Id, Ct));
        Assert.Empty(await Stores.Consultations.ListByProgrammeAsync(programme.Id, Ct));
        Assert.Empty(await Stores.Notes.TallyAsync(consultation.Id, Ct));
        Assert.Null(await Stores.Registers.GetAsync(consultation.Id, Ct));
        Assert.Null(await Drafts.GetAsync(consultation.Id, draft.Id, Ct));
        Assert.NotNull(await Stores.Programmes.GetAsync(other.Id, Ct));
        Assert.Equal(4, (await Stores.Notes.TallyAsync(otherConsultation.Id, Ct)).Sum(t => t.Notes));

        Assert.Equal(0, await Bulk.DeleteProgrammeAsync(programme.Id, Ct));
    }

    [Fact]
    public async Task Importing_the_same_plan_again_writes_nothing_twice()
    {
        var (programme, consultation) = await NewConsultationAsync();
        var importer = new NoteImporter(Stores.Notes, Bulk, TimeProvider.System);

        var first = await importer.ImportAsync(await PlanAsync(programme, consultation, 40), programme, consultation, Author, null, Ct);
        var again = await importer.ImportAsync(await PlanAsync(programme, consultation, 40), programme, consultation, Author, null, Ct);

        Assert.Equal((40, 0), (first.Created, first.AlreadyThere));
        Assert.Equal((0, 40), (again.Created, again.AlreadyThere));
        var stored = await Stores.Notes.ReadAllAsync(consultation.Id, new NoteQuery(), Ct).ToListAsync(Ct);
        Assert.Equal(40, stored.Count);
        Assert.All(stored, n => Assert.Equal(NoteStatus.Draft, n.Status));
        Assert.All(stored, n => Assert.Equal("notes.txt", n.Source?.FileName));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => $"paragraph {i}").Order(), stored.Select(n => n.Source!.Location).Order());
    }

    [Fact]
    public async Task An_interrupted_import_leaves_what_a_rerun_completes_without_duplicates()
    {
        var (programme, consultation) = await NewConsultationAsync();
        var importer = new NoteImporter(Stores.Notes, Bulk, TimeProvider.System);
        const int Rows = 1_500;

        // Stopped part-way, as a server that stops mid-import stops it: whatever is written must be completable.
        var plan = await PlanAsync(programme, consultation, Rows);
        using (var stop = new CancellationTokenSource())
        {
            var progress = new SynchronousProgress(p =>
            {
                if (p.Stage.StartsWith("Saving", StringComparison.Ordinal))
                {
                    stop.CancelAfter(TimeSpan.FromMilliseconds(15));
                }
            });
            try
            {
                // On an idle machine SQLite may finish before the stop: then everything was written, which is one of the allowed states.
                await importer.ImportAsync(plan, programme, consultation, Author, progress, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        var partial = (await Stores.Notes.ReadAllAsync(consultation.Id, new NoteQuery(), Ct).ToListAsync(Ct)).Count;
        AssertInterruptedState(partial, Rows);

        var rerun = await importer.ImportAsync(await PlanAsync(programme, consultation, Rows), programme, consultation, Author, null, Ct);

        var stored = await Stores.Notes.ReadAllAsync(consultation.Id, new NoteQuery(), Ct).ToListAsync(Ct);
        Assert.Equal(Rows, stored.Count);
        Assert.Equal(Rows, stored.Select(n => n.Source!.TextSha256).Distinct().Count());
        Assert.Equal(Rows - partial, rerun.Created);
        Assert.Equal(partial, rerun.AlreadyThere);
    }

    [Fact]
    public async Task Two_imports_of_the_same_file_at_once_write_each_note_once()
    {
        var (programme, consultation) = await NewConsultationAsync();
        var importer = new NoteImporter(Stores.Notes, Bulk, TimeProvider.System);

        var results = await Task.WhenAll(
            importer.ImportAsync(await PlanAsync(programme, consultation, 200), programme, consultation, Author, null, Ct),
            importer.ImportAsync(await PlanAsync(programme, consultation, 200), programme, consultation, Author, null, Ct));

        Assert.All(results, r => Assert.Equal(200, r.Created + r.AlreadyThere));
        AssertCreatedByTwoRaces(results.Sum(r => r.Created), 200);
        var stored = await Stores.Notes.ReadAllAsync(consultation.Id, new NoteQuery(), Ct).ToListAsync(Ct);
        Assert.Equal(200, stored.Count);
        Assert.Equal(200, stored.Select(n => n.Source!.TextSha256).Distinct().Count());
    }

    /// <summary>
    /// SQLite: each note is counted by the run that wrote it. Cosmos DB: a write cut short when the other run's conflict
    /// stops the batch may land without its answer, so that note can count as "already there" for both runs — never twice as created.
    /// </summary>
    protected abstract void AssertCreatedByTwoRaces(int created, int rows);

    /// <summary>SQLite writes an import in one transaction: all or nothing. Cosmos DB may stop anywhere.</summary>
    protected abstract void AssertInterruptedState(int written, int rows);

    private async Task<ImportPlan> PlanAsync(Programme programme, Consultation consultation, int rows)
    {
        var text = string.Join("\n\n", Enumerable.Range(1, rows).Select(i => $"Paragraph {i}: SMEs in Đà Nẵng asked for shared incident reporting."));
        var document = ImportFiles.Read("notes.txt", System.Text.Encoding.UTF8.GetBytes(text));
        var existing = await ImportExisting.ReadAsync(Stores.Notes, consultation.Id, Ct);
        return ImportPlanner.Plan(document, new ImportContext(programme, consultation, consultation.Sessions[0].Id, _ => [], null, existing));
    }

    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }

    private async Task<(Programme Programme, Consultation Consultation)> NewConsultationAsync()
    {
        var programme = await Stores.Programmes.CreateAsync(Programme.Create(Ids.New(), "Bulk", null, null, Author, T0), Ct);
        var date = new DateOnly(2025, 3, 4);
        var consultation = Consultation.Create(
            Ids.New(),
            programme.Id,
            new ConsultationDetails("VN", "Hà Nội", null, date, date, ConsultationFormat.InPerson, DisclosureRule.ChathamHouse, []),
            Author,
            T0);
        consultation.AddSession("plenary-1", "Plenary", ["inclusion"], DisclosureRule.ChathamHouse, programme.Taxonomy, Author, T0);
        return (programme, await Stores.Consultations.CreateAsync(consultation, Ct));
    }

    private static List<Note> Notes(Programme programme, Consultation consultation, int count, string text = "Bulk note") =>
    [
        .. Enumerable.Range(0, count).Select(i => Note.Create(
            programme,
            consultation,
            consultation.Sessions[0],
            new NoteContent($"{text} {i}: workforce and inclusion in Đà Nẵng.", NoteKind.Finding, "government", ["inclusion"], []),
            Author,
            T0.AddSeconds(i),
            $"{consultation.Id}-{i + 1:D4}")),
    ];
}

public sealed class SqliteBulkStoreContractTests : BulkStoreContractTests
{
    private readonly TempDirectory _directory = new();

    protected override void AssertCreatedByTwoRaces(int created, int rows) => Assert.Equal(rows, created);

    protected override void AssertInterruptedState(int written, int rows) => Assert.True(written is 0 || written == rows, $"{written} of {rows} notes were written: SQLite should write an import whole or not at all.");

    [Fact]
    public async Task A_conflicting_batch_writes_none_of_its_notes()
    {
        var programme = await Stores.Programmes.CreateAsync(Programme.Create(Ids.New(), "Bulk", null, null, UserRef.System, DateTimeOffset.UnixEpoch), Ct);
        var date = new DateOnly(2025, 3, 4);
        var consultation = Consultation.Create(Ids.New(), programme.Id, new ConsultationDetails("PH", "Cebu City", null, date, date, ConsultationFormat.InPerson, DisclosureRule.ChathamHouse, []), UserRef.System, DateTimeOffset.UnixEpoch);
        consultation.AddSession("plenary-1", "Plenary", [], DisclosureRule.ChathamHouse, programme.Taxonomy, UserRef.System, DateTimeOffset.UnixEpoch);
        await Stores.Consultations.CreateAsync(consultation, Ct);
        Note Make(string id) => Note.Create(programme, consultation, consultation.Sessions[0], new NoteContent("Text", NoteKind.Finding, null, [], []), UserRef.System, DateTimeOffset.UnixEpoch, id);
        await Bulk.CreateNotesAsync([Make("taken")], Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Bulk.CreateNotesAsync([Make("new-1"), Make("new-2"), Make("taken")], Ct));

        Assert.Equal(["taken"], (await Stores.Notes.ReadAllAsync(consultation.Id, new NoteQuery(), Ct).ToListAsync(Ct)).Select(n => n.Id));
    }

    protected override async Task<(StoreSet Stores, IBulkStore Bulk, ICaptureDraftStore Drafts)> CreateStoresAsync()
    {
        var database = new SqliteDatabase(Path.Combine(_directory.Path, "bulk.db"));
        await database.MigrateAsync(Ct);
        var stores = new StoreSet(
            new SqliteProgrammeStore(database),
            new SqliteConsultationStore(database),
            new SqliteNoteStore(database),
            new SqliteParticipantRegisterStore(database),
            new SqliteBriefStore(database));
        return (stores, new SqliteBulkStore(database), new SqliteCaptureDraftStore(database));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}

[Trait("Store", "Cosmos")]
public sealed class CosmosBulkStoreContractTests(CosmosServer server) : BulkStoreContractTests
{
    protected override void AssertCreatedByTwoRaces(int created, int rows) => Assert.InRange(created, 1, rows);

    protected override void AssertInterruptedState(int written, int rows) => Assert.InRange(written, 0, rows);

    protected override async Task<(StoreSet Stores, IBulkStore Bulk, ICaptureDraftStore Drafts)> CreateStoresAsync()
    {
        var storage = await server.StorageAsync("bulk-contract");
        var stores = new StoreSet(
            new CosmosProgrammeStore(storage),
            new CosmosConsultationStore(storage),
            new CosmosNoteStore(storage),
            new CosmosParticipantRegisterStore(storage),
            new CosmosBriefStore(storage));
        return (stores, new CosmosBulkStore(storage), new CosmosCaptureDraftStore(storage));
    }
}
