using System.Net;
using Consultations.Core.Domain;
using Consultations.Testing.Cosmos;
using Consultations.Testing.Web;
using Consultations.Web.Analysis;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Web.Tests.Web;

/// <summary>
/// What each main page asks of Cosmos DB: every document request names one partition (no page fans out across
/// partitions), and the number of requests per page stays within the budget docs/cosmos.md prices in RU.
/// </summary>
[Trait("Store", "Cosmos")]
public sealed class CosmosRequestBudgetTests(CosmosServer server)
{
    private const string Ph = "/programmes/demo/consultations/demo-ph";

    public static TheoryData<string, string, int> Pages => new()
    {
        // url, persona, most document requests allowed
        { "/programmes", "demo-researcher", 2 },
        { "/programmes/demo", "demo-researcher", 6 },
        // The page's own note list plus all its visible notes for the per-theme summaries.
        { Ph, "demo-facilitator", 8 },
        // Facilitators' note pages read the register too: each note card shows its guard findings.
        { $"{Ph}/sessions/plenary-2", "demo-facilitator", 4 },
        // Researchers' note pages also read the register: the reader gate re-checks every note against it.
        { $"{Ph}/sessions/plenary-2", "demo-researcher", 4 },
        { $"{Ph}/notes/demo-ph-plenary-2-01/edit", "demo-facilitator", 4 },
        { $"{Ph}/register", "demo-facilitator", 3 },
        // Programme, consultation list, then per consultation its published notes and its register (the reader gate);
        // the first view may also wait for the programme corpus (a consultation list and one note scan per consultation).
        { "/programmes/demo/compare", "demo-researcher", 15 },
        { "/programmes/demo/briefs", "demo-researcher", 3 },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_page_reads_single_partitions_within_its_request_budget(string url, string persona, int budget)
    {
        var (app, recorder) = await StartAsync();
        await using (app)
        {
            using var client = await app.SignedInClientAsync(persona);
            recorder.Start();

            var page = await client.GetAsync(url);

            Assert.Equal(HttpStatusCode.OK, page.Status);
            var requests = recorder.Snapshot();
            Assert.All(requests, r => Assert.True(r.PartitionKey is not null, $"{r.Method} {r.Path} names no partition"));
            Assert.DoesNotContain(requests, r => r.CrossPartition);
            TestContext.Current.SendDiagnosticMessage($"{url} as {persona}: {requests.Count} requests ({string.Join(", ", requests.Select(r => $"{r.Kind} {r.Path} {r.PartitionKey}"))})");
            Assert.InRange(requests.Count, 1, budget);
        }
    }

    [Fact]
    public async Task Saving_a_note_costs_point_reads_of_its_context_and_register_and_one_replace()
    {
        var (app, recorder) = await StartAsync();
        await using (app)
        {
            using var client = await app.SignedInClientAsync("demo-facilitator");
            var programme = (await app.Programmes.GetAsync("demo", HtmlClient.Ct))!;
            var consultation = (await app.Consultations.GetAsync("demo", "demo-ph", HtmlClient.Ct))!;
            var draft = await app.Notes.CreateAsync(
                Note.Create(programme, consultation, consultation.FindSession("plenary-2")!, new NoteContent("A finding.", NoteKind.Finding, null, [], []), new UserRef("demo-facilitator", "Sam Okafor"), DateTimeOffset.UtcNow),
                HtmlClient.Ct);
            var form = await client.GetOkAsync($"{Ph}/notes/{draft.Id}/edit");
            recorder.Start();

            var saved = await client.SubmitAsync(form, "[data-testid=edit-note-form]", [new("Input.Text", "A reworded finding.")]);

            Assert.Equal(HttpStatusCode.Redirect, saved.Status);
            var requests = recorder.Snapshot();
            TestContext.Current.SendDiagnosticMessage($"save: {string.Join(", ", requests.Select(r => $"{r.Kind} {r.Path} {r.PartitionKey}"))}");
            Assert.Equal(1, requests.Count(r => r.Kind == "replace"));
            // Programme, consultation, the note and the register (for the guard's check of the saved text).
            Assert.Equal(4, requests.Count(r => r.Kind == "read"));
            Assert.Equal(5, requests.Count);
        }
    }

    private async Task<(CosmosAppFactory App, RequestRecorder Recorder)> StartAsync()
    {
        RequestRecorder? recorder = null;
        var app = new CosmosAppFactory(server) { Handlers = new CosmosServerShimHandlers(inner => recorder = new RequestRecorder(inner)) };
        using (var warmUp = app.CreateHtmlClient())
        {
            await warmUp.GetAsync("/health");
        }

        // Requests run in the test's execution context, so the recorder can tell a page's requests from background work (search index, change feed).
        app.Server.PreserveExecutionContext = true;

        // The programme's analysis model is built in the background on first use; build it now so its queries are not counted as a page's.
        await app.Services.GetRequiredService<ProgrammeAnalysis>().ReadyModelAsync((await app.Programmes.GetAsync("demo", HtmlClient.Ct))!);

        return (app, recorder!);
    }

    /// <summary>
    /// Test-only: notes what each document request made on the test's own flow (after <see cref="Start"/>) asked for, and
    /// passes every request on unchanged. Background services (the search index maintainer following the change feed,
    /// which reads across partitions by design) run on flows of their own and are not a page's cost.
    /// </summary>
    private sealed class RequestRecorder(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private static readonly AsyncLocal<bool> Measuring = new();
        private readonly List<Recorded> _requests = [];

        /// <summary>Forgets what was recorded and counts the requests of the caller's flow from here on.</summary>
        public void Start()
        {
            // Set in a synchronous call, so the caller's execution context (and what it awaits) carries it.
            Measuring.Value = true;
            lock (_requests)
            {
                _requests.Clear();
            }
        }

        public List<Recorded> Snapshot()
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri?.AbsolutePath ?? string.Empty;
            if (Measuring.Value && path.Contains("/docs", StringComparison.Ordinal))
            {
                var isQuery = request.Headers.Contains("x-ms-documentdb-isquery");
                var isPlan = request.Headers.Contains("x-ms-cosmos-is-query-plan-request");
                var kind = isPlan ? "plan" : isQuery ? "query" : request.Method.Method switch
                {
                    "GET" => "read",
                    "PUT" => "replace",
                    "DELETE" => "delete",
                    _ => "create",
                };
                var partitionKey = request.Headers.TryGetValues("x-ms-documentdb-partitionkey", out var pk) ? pk.Single() : null;
                var crossPartition = request.Headers.TryGetValues("x-ms-documentdb-query-enablecrosspartition", out var cross) && cross.Single() == "True";
                lock (_requests)
                {
                    // A query plan is the SDK's own preparation (answered by the shim here), not a document read.
                    if (!isPlan)
                    {
                        _requests.Add(new Recorded(request.Method.Method, path, kind, partitionKey, crossPartition));
                    }
                }
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed record Recorded(string Method, string Path, string Kind, string? PartitionKey, bool CrossPartition);
}
