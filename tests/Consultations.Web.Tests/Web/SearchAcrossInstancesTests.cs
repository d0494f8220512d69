using Consultations.Core.Access;
using Consultations.Core.Demo;
using Consultations.Core.Domain;
using Consultations.Core.Search;
using Consultations.Testing;
using Consultations.Testing.Cosmos;
using Consultations.Testing.Web;
using Consultations.Web.Search;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Web.Tests.Web;

/// <summary>
/// Two app instances on one store, each with its own search index: what is written through one is found, removed and
/// re-gated by search on the other within 30 s (issue 18), through the store's change feed alone. Counts (<c>Total</c>)
/// come from the index itself, so they show what the other instance's index holds, not only what the read-time gate hides.
/// </summary>
public abstract class SearchAcrossInstancesTests(InstancePair pair)
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);
    private static readonly Actor Facilitator = DemoPersonas.Facilitator.ToActor();
    private static readonly Actor Lead = DemoPersonas.LeadFacilitator.ToActor();
    private static readonly Actor Researcher = DemoPersonas.Researcher.ToActor();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AppFactory A => pair.A;

    private AppFactory B => pair.B;

    [Fact]
    public async Task A_note_saved_and_published_through_one_instance_is_found_on_the_other()
    {
        var word = Word("Quollmesh");
        var (programme, consultation, session) = await PlenaryAsync();
        var note = await A.Notes.CreateAsync(Note.Create(programme, consultation, session, Content($"Delegates proposed a {word} of national contact points."), Facilitator.Ref, DateTimeOffset.UtcNow), Ct);

        var draft = await EventuallyAsync(B, Facilitator, word, r => r.Hits.Count == 1);
        Assert.Equal(NoteStatus.Draft, draft.Hits[0].Status);

        note.Submit(Facilitator.Ref, DateTimeOffset.UtcNow);
        note.Publish(session, Lead.Ref, DateTimeOffset.UtcNow);
        await A.Notes.UpdateAsync(note, Ct);

        var found = await EventuallyAsync(B, Researcher, word, r => r.Hits.Count == 1);
        Assert.Equal(note.Id, found.Hits[0].Id);
        Assert.Equal(SearchView.Reader, found.Hits[0].View);
    }

    [Fact]
    public async Task A_note_deleted_through_one_instance_leaves_the_other_ones_index()
    {
        var word = Word("Numbatlink");
        var (programme, consultation, session) = await PlenaryAsync();
        var note = await A.Notes.CreateAsync(Published(programme, consultation, session, $"The {word} pilot was welcomed."), Ct);
        await EventuallyAsync(B, Researcher, word, r => r.Hits.Count == 1);

        await A.Notes.DeleteAsync(note, Ct);

        await EventuallyAsync(B, Researcher, word, r => r.Total == 0);
        Assert.Equal(0, (await SearchAsync(B, Facilitator, word)).Total);
    }

    [Fact]
    public async Task A_register_change_through_one_instance_re_gates_the_other_ones_index()
    {
        var surname = "Wroblewska" + new string([.. Guid.NewGuid().ToString("N")[..4].Select(c => (char)('a' + (c % 26)))]);
        var word = Word("Bilbyroster");
        var (programme, consultation, session) = await PlenaryAsync();
        await A.Notes.CreateAsync(Published(programme, consultation, session, $"Halina {surname} presented the {word} proposal."), Ct);
        var before = await EventuallyAsync(B, Researcher, word, r => r.Hits.Count == 1);
        Assert.Contains(surname, before.Hits[0].Snippet.PlainText, StringComparison.Ordinal);

        var register = (await A.Registers.GetAsync(consultation.Id, Ct))!;
        register.Add($"Halina {surname}", "Baltic Cyber Institute", null, null, Lead.Ref, DateTimeOffset.UtcNow);
        await A.Registers.SaveAsync(register, Ct);

        await EventuallyAsync(B, Researcher, word, r => r.Total == 0);
        Assert.Equal(0, (await SearchAsync(B, Researcher, surname)).Total);
        Assert.Single((await SearchAsync(B, Facilitator, word)).Hits);
    }

    private static string Word(string stem) => stem + Guid.NewGuid().ToString("N")[..6];

    private static NoteContent Content(string text) => new(text, NoteKind.Finding, null, ["technical-standards"], []);

    private static Note Published(Programme programme, Consultation consultation, Session session, string text)
    {
        var note = Note.Create(programme, consultation, session, Content(text), Facilitator.Ref, DateTimeOffset.UtcNow);
        note.Submit(Facilitator.Ref, DateTimeOffset.UtcNow);
        note.Publish(session, Lead.Ref, DateTimeOffset.UtcNow);
        return note;
    }

    private async Task<(Programme Programme, Consultation Consultation, Session Session)> PlenaryAsync()
    {
        var programme = (await A.Programmes.GetAsync("demo", Ct))!;
        var consultation = (await A.Consultations.GetAsync("demo", "demo-ph", Ct))!;
        return (programme, consultation, consultation.FindSession("plenary-1")!);
    }

    private static async Task<SearchResults> SearchAsync(AppFactory app, Actor actor, string query)
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        return await app.Services.GetRequiredService<ProgrammeSearch>().SearchAsync(actor, programme, new SearchRequest { Query = SearchQuery.Parse(query), PageSize = 50 }, Ct);
    }

    /// <summary>Searches on <paramref name="app"/> until <paramref name="done"/> holds, failing at the 30 s freshness deadline.</summary>
    private static async Task<SearchResults> EventuallyAsync(AppFactory app, Actor actor, string query, Func<SearchResults, bool> done)
    {
        var deadline = DateTime.UtcNow + Freshness;
        while (true)
        {
            var results = await SearchAsync(app, actor, query);
            if (done(results))
            {
                return results;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Search for {query} on the other instance did not reach the expected state within {Freshness.TotalSeconds} s (total {results.Total}, hits {results.Hits.Count}).");
            await Task.Delay(100, Ct);
        }
    }
}

/// <summary>Two running app instances on one store; the second starts once the first has seeded the demo and built its index.</summary>
public abstract class InstancePair : IAsyncLifetime
{
    public AppFactory A { get; private set; } = null!;

    public AppFactory B { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        A = CreateInstance();
        await ReadyAsync(A);
        B = CreateInstance();
        await ReadyAsync(B);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract AppFactory CreateInstance();

    private static Task ReadyAsync(AppFactory app) =>
        app.Services.GetRequiredService<SearchIndexMaintainer>().Ready.WaitAsync(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);
}

/// <summary>Two instances on one SQLite file (each host gets its own Search:IndexPath from <see cref="AppFactory"/>).</summary>
public sealed class SqliteInstancePair : InstancePair
{
    private readonly TempDirectory _data = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _data.Dispose();
    }

    protected override AppFactory CreateInstance() => new SqliteInstance(_data.Path);

    private sealed class SqliteInstance(string dataDirectory) : AppFactory(dataDirectory);
}

/// <summary>Two instances on one Cosmos DB database, each with its own client and its own data folder (and so index).</summary>
public sealed class CosmosInstancePair(CosmosServer server) : InstancePair
{
    private readonly string _database = "instances-" + Ids.New();

    protected override AppFactory CreateInstance() => new CosmosAppFactory(server) { DatabaseName = _database };
}

public sealed class SearchAcrossInstancesOnSqlite(SqliteInstancePair pair) : SearchAcrossInstancesTests(pair), IClassFixture<SqliteInstancePair>;

[Trait("Store", "Cosmos")]
public sealed class SearchAcrossInstancesOnCosmos(CosmosInstancePair pair) : SearchAcrossInstancesTests(pair), IClassFixture<CosmosInstancePair>;
