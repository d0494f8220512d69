using System.Net;
using Consultations.Testing.Cosmos;
using Consultations.Testing.Web;

namespace Consultations.Web.Tests.Web;

/// <summary>Each page renders for the roles that may see it and is refused (403, with a reason) for the others.</summary>
public abstract class AccessMatrixTests(AccessMatrixTests.Fixture fixture)
{
    private const string Ph = "/programmes/demo/consultations/demo-ph";

    // Personas: demo-admin, demo-lead (lead everywhere), demo-facilitator (assigned to PH),
    // demo-facilitator-2 (not assigned to PH), demo-researcher, demo-funder.
    private static readonly string[] Personas = ["demo-admin", "demo-lead", "demo-facilitator", "demo-facilitator-2", "demo-researcher", "demo-funder"];

    public static TheoryData<string, string> Matrix => new()
    {
        // url, expected per persona in the order above: 2 = 200 OK, 3 = 403 Forbidden
        { "/", "222222" },
        { "/programmes", "222223" },
        { "/programmes/demo", "222223" },
        { "/programmes/demo/themes", "222223" },
        { "/programmes/demo/compare", "222223" },
        { "/programmes/demo/edit", "233333" },
        { "/programmes/new", "233333" },
        { "/programmes/demo/consultations/new", "233333" },
        { Ph, "222223" },
        { $"{Ph}/edit", "233333" },
        { $"{Ph}/register", "222333" },
        { $"{Ph}/register/participants/new", "222333" },
        { $"{Ph}/register/import", "222333" },
        { $"{Ph}/register/history", "222333" },
        { $"{Ph}/import", "222333" },
        { $"{Ph}/register/purge", "223333" },
        { $"{Ph}/sessions/plenary-1", "222223" },
        { $"{Ph}/sessions/new", "223333" },
        { $"{Ph}/sessions/plenary-1/edit", "223333" },
        { $"{Ph}/notes/demo-ph-plenary-1-01/edit", "322333" },
        { $"{Ph}/notes/demo-ph-plenary-1-01/delete", "322333" },
        { $"{Ph}/notes/demo-ph-plenary-1-01/unmask", "223333" },
        { "/programmes/demo/briefs", "222222" },
        { "/programmes/demo/briefs/matrix-brief", "222223" },
        { "/programmes/demo/briefs/matrix-brief/edit", "233323" },
        { "/programmes/demo/briefs/matrix-brief/v/1", "222222" },
        { "/briefs/template", "233333" },
        { "/admin/audit", "233333" },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Pages_answer_each_role_as_the_product_brief_says(string url, string expected)
    {
        for (var i = 0; i < Personas.Length; i++)
        {
            var client = await fixture.ClientFor(Personas[i]);
            var page = await client.GetAsync(url);
            var want = expected[i] == '2' ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
            Assert.True(want == page.Status, $"{Personas[i]} GET {url}: expected {(int)want}, got {(int)page.Status}");
            if (want == HttpStatusCode.Forbidden)
            {
                Assert.Contains("You don't have access to this page", page.MainText, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Resource_refusals_say_why()
    {
        var client = await fixture.ClientFor("demo-researcher");

        var page = await client.GetAsync($"{Ph}/register");

        Assert.Contains("restricted to this consultation's facilitators and administrators", page.MainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_programmes_consultations_sessions_and_notes_are_not_found()
    {
        var client = await fixture.ClientFor("demo-lead");

        foreach (var url in new[] { "/programmes/nope", "/programmes/demo/consultations/nope", $"{Ph}/sessions/nope", "/programmes/demo/consultations/demo-ph/notes/nope/edit", "/programmes/NOT_VALID" })
        {
            var page = await client.GetAsync(url);
            Assert.True(page.Status == HttpStatusCode.NotFound, $"{url} answered {(int)page.Status}");
        }
    }

    /// <summary>One app and one signed-in client per persona, shared by the whole matrix.</summary>
    public class Fixture(AppFactory app) : IAsyncLifetime
    {
        private readonly AppFactory _app = app;
        private readonly Dictionary<string, HtmlClient> _clients = [];
        private readonly SemaphoreSlim _lock = new(1, 1);

        public async Task<HtmlClient> ClientFor(string persona)
        {
            await _lock.WaitAsync();
            try
            {
                if (!_clients.TryGetValue(persona, out var client))
                {
                    client = _app.CreateHtmlClient();
                    await client.SignInAsync(persona);
                    _clients[persona] = client;
                }

                return client;
            }
            finally
            {
                _lock.Release();
            }
        }

        /// <summary>A brief with one published version, so the brief pages have rows in the matrix.</summary>
        public async ValueTask InitializeAsync()
        {
            var programme = (await _app.Programmes.GetAsync("demo"))!;
            var author = new Core.Domain.UserRef("demo-researcher", "Researcher");
            var brief = Core.Domain.Brief.Create(programme, "Matrix brief", new Core.Domain.BriefScope(["demo-ph"], ["inclusion"], null, null), Core.Domain.BriefCoverage.Empty, "## Inclusion\n\nCommon ground.", author, DateTimeOffset.UtcNow, "matrix-brief");
            brief.SubmitForReview(author, DateTimeOffset.UtcNow);
            var version = brief.Publish([], new Core.Domain.UserRef("demo-reviewer", "Reviewer"), DateTimeOffset.UtcNow);
            await _app.Briefs.CreateAsync(brief);
            await _app.Briefs.CreateVersionAsync(version);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }

            _lock.Dispose();
            await _app.DisposeAsync();
            GC.SuppressFinalize(this);
        }
    }
}

public sealed class SqliteAccessFixture() : AccessMatrixTests.Fixture(new AppFactory());

public sealed class CosmosAccessFixture(CosmosServer server) : AccessMatrixTests.Fixture(new CosmosAppFactory(server));

public sealed class AccessMatrixTestsOnSqlite(SqliteAccessFixture fixture) : AccessMatrixTests(fixture), IClassFixture<SqliteAccessFixture>;

[Trait("Store", "Cosmos")]
public sealed class AccessMatrixTestsOnCosmos(CosmosAccessFixture fixture) : AccessMatrixTests(fixture), IClassFixture<CosmosAccessFixture>;
