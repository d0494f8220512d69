using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Storage.Cosmos;
using Consultations.Infrastructure.Storage.Sqlite;
using Consultations.Testing;
using Consultations.Testing.Cosmos;

namespace Consultations.Infrastructure.Tests.Storage;

/// <summary>Capture drafts on both backends: found only by id within their consultation, and never overwritten by a stale window.</summary>
public abstract class DraftStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 6, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly UserRef Facilitator = new("facilitator-1", "Amara");

    protected ICaptureDraftStore Drafts { get; private set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => Drafts = await CreateStoreAsync();

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected abstract Task<ICaptureDraftStore> CreateStoreAsync();

    [Fact]
    public async Task A_draft_round_trips_every_field_and_is_found_only_within_its_consultation()
    {
        var (consultation, session) = NewSession();
        var draft = CaptureDraft.Start(consultation, session, Facilitator, T0);
        draft.Update(new NoteContent("Delegates asked for a regional CERT roster — “with Nguyễn’s caveat”.\n", NoteKind.Challenge, "government", ["technical-standards"], ["technical-standards/interoperability"]), T0.AddSeconds(3));

        await Drafts.SaveAsync(draft, Ct);
        var read = await Drafts.GetAsync(consultation.Id, draft.Id, Ct);

        Assert.NotNull(read);
        Assert.NotNull(read.ETag);
        Assert.Equal(DocumentJson.Serialize(draft), DocumentJson.Serialize(read));
        Assert.Null(await Drafts.GetAsync(Ids.New(), draft.Id, Ct));
        Assert.Null(await Drafts.GetAsync(consultation.Id, CaptureDraft.IdFor(consultation.Id, session.Id, "someone-else"), Ct));
    }

    [Fact]
    public async Task A_stale_window_cannot_overwrite_a_newer_save_and_a_second_start_is_a_conflict()
    {
        var (consultation, session) = NewSession();
        var first = await Drafts.SaveAsync(CaptureDraft.Start(consultation, session, Facilitator, T0), Ct);
        var stale = (await Drafts.GetAsync(consultation.Id, first.Id, Ct))!;

        first.Update(new NoteContent("typed in window one", NoteKind.Finding, null, [], []), T0.AddSeconds(2));
        await Drafts.SaveAsync(first, Ct);
        stale.Update(new NoteContent("typed in window two", NoteKind.Finding, null, [], []), T0.AddSeconds(3));

        var lost = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Drafts.SaveAsync(stale, Ct));
        Assert.Equal(ConflictReason.StaleVersion, lost.Reason);
        var again = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Drafts.SaveAsync(CaptureDraft.Start(consultation, session, Facilitator, T0), Ct));
        Assert.Equal(ConflictReason.AlreadyExists, again.Reason);
        Assert.Equal("typed in window one", (await Drafts.GetAsync(consultation.Id, first.Id, Ct))!.Text);
    }

    [Fact]
    public async Task Deleting_needs_the_current_etag_and_then_the_draft_is_gone()
    {
        var (consultation, session) = NewSession();
        var draft = await Drafts.SaveAsync(CaptureDraft.Start(consultation, session, Facilitator, T0), Ct);
        var stale = (await Drafts.GetAsync(consultation.Id, draft.Id, Ct))!;
        draft.Update(new NoteContent("newer", NoteKind.Quote, null, [], []), T0.AddSeconds(1));
        await Drafts.SaveAsync(draft, Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Drafts.DeleteAsync(stale, Ct));
        await Drafts.DeleteAsync(draft, Ct);

        Assert.Null(await Drafts.GetAsync(consultation.Id, draft.Id, Ct));
        await Drafts.SaveAsync(CaptureDraft.Start(consultation, session, Facilitator, T0.AddMinutes(1)), Ct);
    }

    [Fact]
    public async Task A_draft_at_the_longest_note_length_round_trips()
    {
        var (consultation, session) = NewSession();
        var draft = CaptureDraft.Start(consultation, session, Facilitator, T0);
        var text = string.Concat(Enumerable.Repeat("Phạm noted ", Note.MaxTextLength / 11)).PadRight(Note.MaxTextLength, '.');
        draft.Update(new NoteContent(text, NoteKind.Finding, null, [], []), T0);

        await Drafts.SaveAsync(draft, Ct);

        Assert.Equal(text, (await Drafts.GetAsync(consultation.Id, draft.Id, Ct))!.Text);
    }

    private static (Consultation Consultation, Session Session) NewSession()
    {
        var programme = Programme.Create(Ids.New(), "Programme", null, null, Facilitator, T0);
        var date = new DateOnly(2024, 5, 6);
        var consultation = Consultation.Create(
            Ids.New(),
            programme.Id,
            new ConsultationDetails("VN", "Hanoi", "Venue", date, date, ConsultationFormat.InPerson, DisclosureRule.ChathamHouse, []),
            Facilitator,
            T0);
        var session = consultation.AddSession("plenary", "Plenary", ["technical-standards"], DisclosureRule.ChathamHouse, programme.Taxonomy, Facilitator, T0);
        return (consultation, session);
    }
}

public sealed class SqliteDraftStoreContractTests : DraftStoreContractTests
{
    private readonly TempDirectory _directory = new();

    protected override async Task<ICaptureDraftStore> CreateStoreAsync()
    {
        var database = new SqliteDatabase(Path.Combine(_directory.Path, "drafts.db"));
        await database.MigrateAsync(TestContext.Current.CancellationToken);
        return new SqliteCaptureDraftStore(database);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}

[Trait("Store", "Cosmos")]
public sealed class CosmosDraftStoreContractTests(CosmosServer server) : DraftStoreContractTests
{
    protected override async Task<ICaptureDraftStore> CreateStoreAsync() => new CosmosCaptureDraftStore(await server.StorageAsync("draft-contract"));
}
