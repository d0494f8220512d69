using Consultations.Core.Domain;
using Consultations.Core.Search;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Storage.Cosmos;
using Consultations.Infrastructure.Storage.Sqlite;
using Consultations.Testing;
using Consultations.Testing.Cosmos;

namespace Consultations.Infrastructure.Tests.Storage;

/// <summary>Saved searches on both backends: every field round-trips, each user finds only their own, and a stale window never overwrites.</summary>
public abstract class SavedSearchStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 6, 9, 0, 0, TimeSpan.FromHours(7));

    protected ISavedSearchStore Searches { get; private set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => Searches = await CreateStoreAsync();

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected abstract Task<ISavedSearchStore> CreateStoreAsync();

    [Fact]
    public async Task A_saved_search_round_trips_every_field()
    {
        var owner = NewUser();
        var request = new SearchRequest { Query = SearchQuery.Parse("\"points of contact\" -NIST Hà Nội"), Sort = SearchSort.AgendaOrder }
            .With(SearchFacet.Country, "VN", "PH")
            .With(SearchFacet.Theme, "information-sharing");
        var search = SavedSearch.Create(owner, "demo", "  Contacts   in Việt Nam ", request, T0);

        await Searches.SaveAsync(search, Ct);
        var read = await Searches.GetAsync(owner, search.Id, Ct);

        Assert.NotNull(read);
        Assert.NotNull(read.ETag);
        Assert.Equal(DocumentJson.Serialize(search), DocumentJson.Serialize(read));
        Assert.Equal("Contacts in Việt Nam", read.Name);
        var again = read.ToRequest();
        Assert.Equal(request.Query.Text, again.Query.Text);
        Assert.Equal(["PH", "VN"], again.Selected(SearchFacet.Country));
        Assert.Equal(["information-sharing"], again.Selected(SearchFacet.Theme));
        Assert.Equal(SearchSort.AgendaOrder, again.Sort);
    }

    [Fact]
    public async Task Each_user_lists_and_reads_only_their_own_searches()
    {
        var (alice, bob) = (NewUser(), NewUser());
        var mine = await Searches.SaveAsync(SavedSearch.Create(alice, "demo", "b second", new SearchRequest(), T0), Ct);
        await Searches.SaveAsync(SavedSearch.Create(alice, "demo", "A first", new SearchRequest(), T0), Ct);
        var theirs = await Searches.SaveAsync(SavedSearch.Create(bob, "demo", "Bob's", new SearchRequest(), T0), Ct);

        Assert.Equal(["A first", "b second"], (await Searches.ListAsync(alice, Ct)).Select(s => s.Name));
        Assert.Equal(["Bob's"], (await Searches.ListAsync(bob, Ct)).Select(s => s.Name));
        Assert.Null(await Searches.GetAsync(bob, mine.Id, Ct));
        Assert.Null(await Searches.GetAsync(alice, theirs.Id, Ct));
        Assert.Empty(await Searches.ListAsync(NewUser(), Ct));
    }

    [Fact]
    public async Task A_stale_window_cannot_overwrite_a_newer_save_and_a_taken_id_is_a_conflict()
    {
        var owner = NewUser();
        var search = await Searches.SaveAsync(SavedSearch.Create(owner, "demo", "Original", new SearchRequest(), T0), Ct);
        var stale = (await Searches.GetAsync(owner, search.Id, Ct))!;

        search.Rename("Renamed", T0.AddMinutes(1));
        await Searches.SaveAsync(search, Ct);
        stale.Opened(T0.AddMinutes(2));

        var lost = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Searches.SaveAsync(stale, Ct));
        Assert.Equal(ConflictReason.StaleVersion, lost.Reason);
        var taken = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Searches.SaveAsync(SavedSearch.Create(owner, "demo", "Same id", new SearchRequest(), T0, search.Id), Ct));
        Assert.Equal(ConflictReason.AlreadyExists, taken.Reason);
        var read = (await Searches.GetAsync(owner, search.Id, Ct))!;
        Assert.Equal("Renamed", read.Name);
        Assert.Equal(T0, read.LastOpenedAt);
    }

    [Fact]
    public async Task Opening_moves_the_last_visit_forward_only()
    {
        var owner = NewUser();
        var search = await Searches.SaveAsync(SavedSearch.Create(owner, "demo", "Visits", new SearchRequest(), T0), Ct);

        search.Opened(T0.AddHours(1));
        search.Opened(T0.AddMinutes(30));
        await Searches.SaveAsync(search, Ct);

        Assert.Equal(T0.AddHours(1), (await Searches.GetAsync(owner, search.Id, Ct))!.LastOpenedAt);
    }

    [Fact]
    public async Task Deleting_needs_the_current_etag_and_only_the_owner_can_reach_it()
    {
        var owner = NewUser();
        var search = await Searches.SaveAsync(SavedSearch.Create(owner, "demo", "To delete", new SearchRequest(), T0), Ct);
        var stale = (await Searches.GetAsync(owner, search.Id, Ct))!;
        search.Rename("Renamed first", T0.AddMinutes(1));
        await Searches.SaveAsync(search, Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Searches.DeleteAsync(stale, Ct));
        await Searches.DeleteAsync(search, Ct);

        Assert.Null(await Searches.GetAsync(owner, search.Id, Ct));
        Assert.Empty(await Searches.ListAsync(owner, Ct));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => Searches.DeleteAsync(search, Ct));
    }

    [Fact]
    public async Task Names_are_required_and_bounded()
    {
        Assert.Throws<DomainRuleException>(() => SavedSearch.Create(NewUser(), "demo", "   ", new SearchRequest(), T0));
        Assert.Throws<DomainRuleException>(() => SavedSearch.Create(NewUser(), "demo", new string('x', SavedSearch.MaxNameLength + 1), new SearchRequest(), T0));
        var longest = SavedSearch.Create(NewUser(), "demo", new string('ắ', SavedSearch.MaxNameLength), new SearchRequest { Query = SearchQuery.Parse(new string('q', 10_000)) }, T0);

        await Searches.SaveAsync(longest, Ct);

        Assert.Equal(SearchQuery.MaxLength, longest.Query.Length);
    }

    // Identity-provider ids may hold any characters; the store files them under a hash.
    private static string NewUser() => "user/" + Ids.New() + "@example.org";
}

public sealed class SqliteSavedSearchStoreContractTests : SavedSearchStoreContractTests
{
    private readonly TempDirectory _directory = new();

    protected override async Task<ISavedSearchStore> CreateStoreAsync()
    {
        var database = new SqliteDatabase(Path.Combine(_directory.Path, "searches.db"));
        await database.MigrateAsync(TestContext.Current.CancellationToken);
        return new SqliteSavedSearchStore(database);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}

[Trait("Store", "Cosmos")]
public sealed class CosmosSavedSearchStoreContractTests(CosmosServer server) : SavedSearchStoreContractTests
{
    protected override async Task<ISavedSearchStore> CreateStoreAsync() => new CosmosSavedSearchStore(await server.StorageAsync("saved-search-contract"));
}
