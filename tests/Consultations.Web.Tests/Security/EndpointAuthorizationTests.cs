using System.Net;
using Consultations.Core.Domain;
using Consultations.Testing.Web;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Web.Tests.Security;

/// <summary>
/// Every endpoint the app maps — enumerated from its endpoint data source, so a new page without a row here fails —
/// answered for every role, and for a facilitator both on a consultation assigned to them and on one that is not.
/// </summary>
public sealed class EndpointAuthorizationTests(EndpointAuthorizationTests.Fixture fixture) : IClassFixture<EndpointAuthorizationTests.Fixture>
{
    // Who asks, in the order of the expectation strings below. demo-facilitator is assigned to the Philippines only:
    // "fac own" asks about demo-ph, "fac other" about demo-vn. Everyone else asks about demo-ph.
    private static readonly (string? Persona, string Consultation)[] Cases =
    [
        (null, "demo-ph"),
        ("demo-admin", "demo-ph"),
        ("demo-lead", "demo-ph"),
        ("demo-facilitator", "demo-ph"),
        ("demo-facilitator", "demo-vn"),
        ("demo-researcher", "demo-ph"),
        ("demo-funder", "demo-ph"),
    ];

    /// <summary>
    /// Route pattern → expected answer per case: anonymous, administrator, lead facilitator, facilitator (own consultation),
    /// facilitator (other consultation), researcher, funder. 2 = 200, 3 = 403 with the reason page, 4 = 404,
    /// S = redirect to sign-in, M = redirect elsewhere.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Expected = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [""] = "S222222",
        ["Index"] = "S222222",
        ["account/sign-in"] = "2222222",
        ["account/sign-out"] = "S222222",
        ["account/sign-in-failed"] = "2222222",
        ["account/signed-out"] = "2222222",
        ["error"] = "2222222",
        ["status/{code:int}"] = "2222222",
        ["health"] = "2222222",
        ["lib/bootstrap/LICENSE"] = "2222222",
        ["{**path:file}"] = "S444444",
        ["brief-assets/{file}"] = "S444444",
        ["admin/audit"] = "S233333",
        ["briefs/template"] = "S233333",
        ["search"] = "S222222",
        ["programmes"] = "S222223",
        ["programmes/new"] = "S233333",
        ["programmes/{programmeId}"] = "S222223",
        ["programmes/{programmeId}/edit"] = "S233333",
        ["programmes/{programmeId}/themes"] = "S222223",
        ["programmes/{programmeId}/compare"] = "S222223",
        ["programmes/{programmeId}/briefs"] = "S222222",
        ["programmes/{programmeId}/briefs/new"] = "SMMMMMM",
        ["programmes/{programmeId}/briefs/jobs/{jobId}"] = "S444444",
        ["programmes/{programmeId}/briefs/{briefId}"] = "S222223",
        ["programmes/{programmeId}/briefs/{briefId}/edit"] = "S233323",
        ["programmes/{programmeId}/briefs/{briefId}/v/{number:int}"] = "S222222",
        ["programmes/{programmeId}/consultations/new"] = "S233333",
        ["programmes/{programmeId}/consultations/{consultationId}"] = "S222223",
        ["programmes/{programmeId}/consultations/{consultationId}/edit"] = "S233333",
        ["programmes/{programmeId}/consultations/{consultationId}/notes/{noteId}/edit"] = "S322333",
        ["programmes/{programmeId}/consultations/{consultationId}/notes/{noteId}/delete"] = "S322333",
        ["programmes/{programmeId}/consultations/{consultationId}/notes/{noteId}/unmask"] = "S223333",
        ["programmes/{programmeId}/consultations/{consultationId}/notes/{noteId}/similar"] = "S222223",
        ["programmes/{programmeId}/consultations/{consultationId}/register"] = "S222333",
        ["programmes/{programmeId}/consultations/{consultationId}/register/history"] = "S222333",
        ["programmes/{programmeId}/consultations/{consultationId}/register/import"] = "S222333",
        ["programmes/{programmeId}/consultations/{consultationId}/import"] = "S222333",
        ["programmes/{programmeId}/consultations/{consultationId}/import/{jobId}"] = "S444333",
        ["programmes/{programmeId}/consultations/{consultationId}/register/participants/new"] = "S222333",
        ["programmes/{programmeId}/consultations/{consultationId}/register/participants/{participantId}/edit"] = "S222333",
        ["programmes/{programmeId}/consultations/{consultationId}/register/participants/{participantId}/remove"] = "S222333",
        ["programmes/{programmeId}/consultations/{consultationId}/register/purge"] = "S223333",
        ["programmes/{programmeId}/consultations/{consultationId}/sessions/new"] = "S223333",
        ["programmes/{programmeId}/consultations/{consultationId}/sessions/{sessionId}"] = "S222223",
        ["programmes/{programmeId}/consultations/{consultationId}/sessions/{sessionId}/edit"] = "S223333",
        ["programmes/{programmeId}/consultations/{consultationId}/sessions/{sessionId}/guard"] = "S322333",
        ["programmes/{programmeId}/consultations/{consultationId}/sessions/{sessionId}/capture"] = "S322333",
    };

    /// <summary>Endpoints that only answer POST (GET is a 404 by design): asked with a valid antiforgery token.</summary>
    private static readonly Dictionary<string, KeyValuePair<string, string>[]> PostOnly = new Dictionary<string, KeyValuePair<string, string>[]>(StringComparer.Ordinal)
    {
        ["programmes/{programmeId}/consultations/{consultationId}/sessions/{sessionId}/guard"] = [new("Text", "A note to check.")],
    };

    [Fact]
    public void Every_endpoint_the_app_maps_has_a_row_and_every_row_an_endpoint()
    {
        var patterns = fixture.Patterns();

        Assert.Empty(patterns.Except(Expected.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(Expected.Keys.Except(patterns).Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> Rows => [.. Expected.Keys];

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Each_role_and_ownership_case_gets_the_expected_answer(string pattern)
    {
        var failures = new List<string>();
        for (var i = 0; i < Cases.Length; i++)
        {
            var (persona, consultation) = Cases[i];
            var url = await fixture.UrlAsync(pattern, consultation);
            var client = await fixture.ClientFor(persona);
            using var response = PostOnly.TryGetValue(pattern, out var fields)
                ? await PostAsync(client, url, fields)
                : await client.Http.GetAsync(url, TestContext.Current.CancellationToken);
            var actual = Code(response);
            if (actual != Expected[pattern][i])
            {
                failures.Add($"{persona ?? "anonymous"} {(PostOnly.ContainsKey(pattern) ? "POST" : "GET")} {url}: expected {Expected[pattern][i]}, got {actual} ({(int)response.StatusCode} {response.Headers.Location})");
            }
            else if (actual == '3')
            {
                var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                if (!System.Net.WebUtility.HtmlDecode(text).Contains("You don't have access to this page", StringComparison.Ordinal))
                {
                    failures.Add($"{persona} GET {url}: a 403 without the page that says why");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task<HttpResponseMessage> PostAsync(HtmlClient client, string url, KeyValuePair<string, string>[] fields)
    {
        // Any page a signed-in user sees carries the sign-out form's token; anonymous users have none to send.
        var home = await client.GetAsync("/");
        var token = home.Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        using var content = new FormUrlEncodedContent(token is null ? fields : [.. fields, new("__RequestVerificationToken", token)]);
        return await client.Http.PostAsync(url, content, TestContext.Current.CancellationToken);
    }

    private static char Code(HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.OK => '2',
        HttpStatusCode.Forbidden => '3',
        HttpStatusCode.NotFound => '4',
        HttpStatusCode.Redirect or HttpStatusCode.Found when response.Headers.Location?.OriginalString.Contains("/account/sign-in", StringComparison.OrdinalIgnoreCase) == true => 'S',
        HttpStatusCode.Redirect or HttpStatusCode.Found => 'M',
        _ => (char)('0' + ((int)response.StatusCode / 100)),
    };

    /// <summary>One app with a published brief, and one signed-in client per persona.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly AppFactory _app = new();
        private readonly Dictionary<string, HtmlClient> _clients = [];
        private readonly SemaphoreSlim _lock = new(1, 1);
        private readonly Dictionary<string, string> _participants = [];

        public IReadOnlyList<string> Patterns() =>
        [
            .. _app.Services.GetRequiredService<EndpointDataSource>().Endpoints
                .OfType<RouteEndpoint>()
                .Select(e => e.RoutePattern.RawText?.TrimStart('/') ?? string.Empty)
                .Where(p => !p.Contains('.', StringComparison.Ordinal))
                .Distinct(),
        ];

        public async Task<string> UrlAsync(string pattern, string consultation)
        {
            var participant = await ParticipantAsync(consultation);
            var values = new Dictionary<string, string>
            {
                ["{programmeId}"] = "demo",
                ["{consultationId}"] = consultation,
                ["{sessionId}"] = "plenary-1",
                ["{noteId}"] = $"{consultation}-plenary-1-01",
                ["{participantId}"] = participant,
                ["{briefId}"] = "authz-brief",
                ["{number:int}"] = "1",
                ["{jobId}"] = "no-such-job",
                ["{code:int}"] = "404",
                ["{file}"] = "missing.css",
                ["{**path:file}"] = "no-such-file.txt",
            };
            var url = "/" + pattern;
            foreach (var (name, value) in values)
            {
                url = url.Replace(name, value, StringComparison.Ordinal);
            }

            return url;
        }

        public async Task<HtmlClient> ClientFor(string? persona)
        {
            await _lock.WaitAsync();
            try
            {
                var key = persona ?? string.Empty;
                if (!_clients.TryGetValue(key, out var client))
                {
                    client = _app.CreateHtmlClient();
                    if (persona is not null)
                    {
                        await client.SignInAsync(persona);
                    }

                    _clients[key] = client;
                }

                return client;
            }
            finally
            {
                _lock.Release();
            }
        }

        public async ValueTask InitializeAsync()
        {
            var programme = (await _app.Programmes.GetAsync("demo"))!;
            var author = new UserRef("demo-researcher", "Researcher");
            var brief = Brief.Create(programme, "Authorization brief", new BriefScope(["demo-ph"], ["inclusion"], null, null), BriefCoverage.Empty, "## Inclusion\n\nCommon ground.", author, DateTimeOffset.UtcNow, "authz-brief");
            brief.SubmitForReview(author, DateTimeOffset.UtcNow);
            var version = brief.Publish([], new UserRef("demo-reviewer", "Reviewer"), DateTimeOffset.UtcNow);
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
        }

        private async Task<string> ParticipantAsync(string consultation)
        {
            if (!_participants.TryGetValue(consultation, out var id))
            {
                id = _participants[consultation] = (await _app.Registers.GetAsync(consultation))!.Participants[0].Id;
            }

            return id;
        }
    }
}
