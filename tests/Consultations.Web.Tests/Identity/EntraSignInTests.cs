using System.Net;
using System.Web;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Consultations.Core.Guard;
using Consultations.Testing.Identity;
using Consultations.Testing.Web;
using Consultations.Web.Identity;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Identity.Web;
using Page = Consultations.Testing.Web.Page;

namespace Consultations.Web.Tests.Identity;

/// <summary>
/// Entra ID sign-in end to end against a real OpenID Connect provider on loopback: the browser's redirects are followed
/// by hand (app → provider's authorize → form_post callback → session cookie), so every protocol step is visible.
/// </summary>
public sealed class EntraSignInTests(OidcProvider provider) : IClassFixture<OidcProvider>
{
    private const string AuthCookie = "consultations.auth";
    private static readonly Uri AppBase = new("https://localhost/");

    [Fact]
    public async Task A_researcher_signs_in_with_code_and_PKCE_and_opens_the_programmes()
    {
        await using var app = new EntraApp(provider);
        using var browser = new Browser(app, provider);

        var flow = await browser.StartSignInAsync("/programmes", User("Researcher", "Owner"));

        var authorize = HttpUtility.ParseQueryString(new Uri(flow.AuthorizeUrl).Query);
        Assert.StartsWith($"{provider.Issuer}/authorize?", flow.AuthorizeUrl, StringComparison.Ordinal);
        Assert.Equal("code", authorize["response_type"]);
        Assert.Equal("form_post", authorize["response_mode"]);
        Assert.Equal("S256", authorize["code_challenge_method"]);
        Assert.Equal(OidcProvider.ClientId, authorize["client_id"]);
        Assert.Equal("https://localhost/signin-oidc", authorize["redirect_uri"]);
        Assert.Contains("openid", authorize["scope"]!.Split(' '));

        var callback = await browser.CompleteAsync(flow);
        Assert.Equal(HttpStatusCode.Redirect, callback.Status);
        Assert.Equal("/programmes", callback.Location);
        Assert.True(browser.HasSession);

        var programmes = await browser.App.GetOkAsync("/programmes");
        var signedInAs = programmes.Document.QuerySelector("[data-testid=signed-in-as]")!.TextContent;
        Assert.Contains("Rapporteur Example", signedInAs, StringComparison.Ordinal);
        Assert.Contains("Researcher", signedInAs, StringComparison.Ordinal);
        Assert.DoesNotContain("Owner", signedInAs, StringComparison.Ordinal);

        // The sign-in is in the audit trail, under the Entra object id.
        var audit = app.Services.GetRequiredService<Core.Storage.IAuditStore>();
        var entries = await audit.QueryAsync(new Core.Storage.AuditQuery { Action = Core.Audit.AuditAction.SignedIn }, TestContext.Current.CancellationToken);
        Assert.Contains(entries.Entries, e => e.Detail == "Microsoft Entra ID sign-in" && e.Outcome == Core.Audit.AuditOutcome.Succeeded);
    }

    [Fact]
    public async Task A_secret_given_as_a_client_credential_entry_is_presented_when_the_code_is_redeemed()
    {
        await using var app = new EntraApp(provider, b => b
            .UseSetting("AzureAd:ClientSecret", string.Empty)
            .UseSetting("AzureAd:ClientCredentials:0:SourceType", "ClientSecret")
            .UseSetting("AzureAd:ClientCredentials:0:ClientSecret", OidcProvider.ClientSecret));
        using var browser = new Browser(app, provider);

        var callback = await browser.CompleteAsync(await browser.StartSignInAsync("/programmes", User("Researcher")));

        Assert.Equal("/programmes", callback.Location);
        Assert.True(browser.HasSession);
    }

    [Fact]
    public async Task With_a_managed_identity_credential_the_app_starts_and_challenges_with_code_and_PKCE()
    {
        // The redemption itself needs Azure's managed identity endpoint; this checks the MSAL-redeeming wiring starts.
        await using var app = new EntraApp(provider, b => b
            .UseSetting("AzureAd:ClientSecret", string.Empty)
            .UseSetting("AzureAd:ClientCredentials:0:SourceType", "SignedAssertionFromManagedIdentity"));
        using var browser = new Browser(app, provider);

        var challenge = await browser.App.GetAsync("/programmes");

        Assert.Equal(HttpStatusCode.Redirect, challenge.Status);
        var query = HttpUtility.ParseQueryString(new Uri(challenge.Location!).Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
    }

    [Fact]
    public async Task A_funder_is_refused_the_programmes_and_a_user_without_an_app_role_is_told_so()
    {
        await using var app = new EntraApp(provider);
        using var funder = new Browser(app, provider);
        await funder.CompleteAsync(await funder.StartSignInAsync("/programmes", User("Funder")));

        var refused = await funder.App.GetAsync("/programmes");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("You don't have access to this page", refused.MainText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await funder.App.GetAsync("/")).Status);

        using var nobody = new Browser(app, provider);
        var noRole = await nobody.CompleteAsync(await nobody.StartSignInAsync("/", User("Owner", "1")));
        Assert.Equal(HttpStatusCode.Forbidden, noRole.Status);
        Assert.Contains("you have no role in Consultations", noRole.MainText, StringComparison.Ordinal);
        Assert.False(nobody.HasSession);
    }

    public static TheoryData<string> RejectedTokens => ["wrong audience", "wrong issuer", "expired", "bad signature", "no object id"];

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public async Task A_token_that_fails_validation_signs_nobody_in_and_shows_a_friendly_page(string problem)
    {
        await using var app = new EntraApp(provider);
        using var browser = new Browser(app, provider);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var otherTenant = Guid.NewGuid().ToString();
        var (scenario, reason) = problem switch
        {
            "wrong audience" => (User("Researcher").With("aud", Guid.NewGuid().ToString()), "IDX10214"),
            "wrong issuer" => (User("Researcher").With("iss", $"{provider.Instance}{otherTenant}/v2.0").With("tid", otherTenant), "IDX40001"),
            "expired" => (User("Researcher").With("exp", now - 3600).With("iat", now - 7200).With("nbf", now - 7200), "IDX10223"),
            "bad signature" => (User("Researcher") with { TamperSignature = true }, "IDX10511"),
            "no object id" => (User("Researcher") with { Remove = ["oid"] }, "no object ID (oid)"),
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };

        var callback = await browser.CompleteAsync(await browser.StartSignInAsync("/programmes", scenario));

        await AssertRefusedAsync(browser, callback);
        Assert.Contains(reason, app.Failures.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replayed_callback_or_nonce_signs_nobody_in()
    {
        await using var app = new EntraApp(provider);
        using var victim = new Browser(app, provider);
        var flow = await victim.StartSignInAsync("/programmes", User("Researcher"));
        using var attacker = victim.Copy();
        Assert.Equal(HttpStatusCode.Redirect, (await victim.CompleteAsync(flow)).Status);

        // The same browser posting the same answer again: its one-time correlation cookie is gone.
        var again = await victim.PostCallbackAsync(flow);
        Assert.Equal(HttpStatusCode.Redirect, again.Response.Status);
        Assert.DoesNotContain(again.SetCookies, c => c.StartsWith(AuthCookie, StringComparison.Ordinal));
        Assert.StartsWith("/account/sign-in-failed", again.Response.Location, StringComparison.Ordinal);
        Assert.Contains("Correlation failed", app.Failures[^1], StringComparison.Ordinal);

        // Someone holding the browser's cookies and the answer: the provider refuses the used code.
        await AssertRefusedAsync(attacker, await attacker.CompleteAsync(flow));
        Assert.Contains("OpenIdConnectProtocolException", app.Failures[^1], StringComparison.Ordinal);

        // A new sign-in whose ID token carries the first sign-in's nonce.
        using var other = new Browser(app, provider);
        var nonce = HttpUtility.ParseQueryString(new Uri(flow.AuthorizeUrl).Query)["nonce"]!;
        var replayed = await other.CompleteAsync(await other.StartSignInAsync("/programmes", User("Researcher").With("nonce", nonce)));
        await AssertRefusedAsync(other, replayed);
        Assert.Contains("OpenIdConnectProtocolInvalidNonceException", app.Failures[^1], StringComparison.Ordinal);
        Assert.Equal(3, app.Failures.Count);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_the_provider_session()
    {
        await using var app = new EntraApp(provider);
        using var browser = new Browser(app, provider);
        await browser.CompleteAsync(await browser.StartSignInAsync("/", User("Researcher")));

        var form = await browser.App.GetOkAsync("/account/sign-out");
        var signOut = await browser.App.SubmitAsync(form, "main form");

        Assert.Equal(HttpStatusCode.Redirect, signOut.Status);
        Assert.StartsWith($"{provider.Issuer}/endsession?", signOut.Location, StringComparison.Ordinal);
        Assert.Equal("https://localhost/signout-callback-oidc", HttpUtility.ParseQueryString(new Uri(signOut.Location!).Query)["post_logout_redirect_uri"]);
        Assert.False(browser.HasSession);

        var back = await browser.Provider.GetAsync(new Uri(signOut.Location!), HtmlClient.Ct);
        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        var callback = await browser.App.GetAsync(back.Headers.Location!.PathAndQuery);
        Assert.Equal("/account/signed-out", callback.Location);
        Assert.Contains("You have signed out", (await browser.App.GetOkAsync(callback.Location!)).MainText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.App.GetAsync("/programmes")).Status);
    }

    [Fact]
    public async Task A_stale_sign_in_is_sent_back_to_the_provider_with_prompt_login_before_a_sensitive_page()
    {
        await using var app = new EntraApp(provider, RecentSignInOnProgrammes);
        using var browser = new Browser(app, provider);
        var now = DateTimeOffset.UtcNow;
        await browser.CompleteAsync(await browser.StartSignInAsync("/", User("Researcher").With("auth_time", now.AddMinutes(-20).ToUnixTimeSeconds())));
        Assert.Equal(HttpStatusCode.OK, (await browser.App.GetAsync("/")).Status);

        var stepUp = await browser.StartSignInAsync("/programmes", User("Researcher").With("auth_time", now.AddMinutes(-20).ToUnixTimeSeconds()));
        var query = HttpUtility.ParseQueryString(new Uri(stepUp.AuthorizeUrl).Query);
        Assert.Equal("login", query["prompt"]);
        Assert.Equal("900", query["max_age"]);

        // A provider that answers with the old sign-in again is not believed.
        await AssertRefusedAsync(browser, await browser.CompleteAsync(stepUp), sessionKept: true);

        var fresh = await browser.StartSignInAsync("/programmes", User("Researcher").With("auth_time", now.ToUnixTimeSeconds()));
        Assert.Equal("/programmes", (await browser.CompleteAsync(fresh)).Location);
        Assert.Equal(HttpStatusCode.OK, (await browser.App.GetAsync("/programmes")).Status);
    }

    [Fact]
    public async Task With_the_development_sign_in_the_recent_sign_in_is_the_persona_sign_in_time()
    {
        var clock = new ShiftedClock();
        await using var app = new DevelopmentApp(clock);
        using var client = app.CreateHtmlClient();
        await client.SignInAsync("demo-researcher");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/programmes")).Status);

        clock.Shift = TimeSpan.FromMinutes(16);
        var stale = await client.GetAsync("/programmes");

        Assert.Equal(HttpStatusCode.Redirect, stale.Status);
        Assert.StartsWith("/account/sign-in?ReturnUrl=%2Fprogrammes", new Uri(stale.Location!).PathAndQuery, StringComparison.Ordinal);

        // Signed in already, the page's first form is the header's sign-out: the persona form is the one in main.
        var again = await client.SubmitAsync(await client.GetOkAsync(stale.Location!), "main form", [new("PersonaId", "demo-researcher")]);
        Assert.Equal("/programmes", again.Location);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/programmes")).Status);
    }

    [Theory]
    [InlineData("AzureAd:TenantId", "common", "AzureAd:TenantId 'common' is not accepted")]
    [InlineData("AzureAd:ClientSecret", "", "Entra ID redeems the sign-in code only for an app that proves who it is")]
    [InlineData("AzureAd:Instance", "http://login.microsoftonline.com/", "AzureAd:Instance must be the sign-in authority's https address")]
    [InlineData("SignIn:RecentSignInWindow", "1.00:00:00", "SignIn:RecentSignInWindow must be at least 00:01:00 and no longer than SignIn:SessionLifetime")]
    public async Task Sign_in_settings_are_checked_on_start_with_clear_messages(string key, string value, string message)
    {
        await using var app = new EntraApp(provider, b => b.UseSetting(key, value));

        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(message, ex.ToString(), StringComparison.Ordinal);
    }

    private static Scenario User(params string[] roles) => new(new Dictionary<string, object>
    {
        ["oid"] = "3c5e7a91-0b2d-4f68-a1c3-e5f7091b2d4f",
        ["name"] = "Rapporteur Example",
        ["preferred_username"] = "rapporteur@example.org",
        ["roles"] = roles,
    });

    private static void RecentSignInOnProgrammes(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizePage("/Programmes/Index", Policies.RecentSignIn)));

    private static async Task AssertRefusedAsync(Browser browser, Page callback, bool sessionKept = false)
    {
        Assert.Equal(HttpStatusCode.Redirect, callback.Status);
        Assert.StartsWith("/account/sign-in-failed?reference=", callback.Location, StringComparison.Ordinal);
        if (!sessionKept)
        {
            Assert.False(browser.HasSession);
        }

        var page = await browser.App.GetOkAsync(callback.Location!);
        Assert.Contains("Sign-in did not complete", page.MainText, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", page.Text, StringComparison.Ordinal);
    }

    /// <summary>The app in Production, signing in with the test provider.</summary>
    private sealed class EntraApp(OidcProvider provider, Action<IWebHostBuilder>? configure = null) : AppFactory
    {
        private const string IssuerMetadataClient = "entra-issuer-metadata";
        private readonly FailureLog _failures = new();

        /// <summary>Why each refused sign-in was refused (the exception the app logged), so tests check the reason too.</summary>
        public IReadOnlyList<string> Failures => _failures.Entries;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("Guard:HashKey", GuardKey.Generate().ToBase64());
            foreach (var (key, value) in provider.Settings())
            {
                builder.UseSetting(key, value);
            }

            // The provider's certificate is made for the run; the app trusts exactly that one, validation stays on.
            builder.ConfigureTestServices(services =>
            {
                services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o => o.BackchannelHttpHandler = provider.CreateTrustingHandler());
                services.Configure<AadIssuerValidatorOptions>(o => o.HttpClientName = IssuerMetadataClient);
                services.AddHttpClient(IssuerMetadataClient).ConfigurePrimaryHttpMessageHandler(provider.CreateSharedHandler);
                services.AddSingleton<ILoggerProvider>(_failures);
            });
            configure?.Invoke(builder);
        }
    }

    /// <summary>The development sign-in with the RecentSignIn policy on the programmes page and a clock the test moves.</summary>
    private sealed class DevelopmentApp(ShiftedClock clock) : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            RecentSignInOnProgrammes(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
        }
    }

    /// <summary>Keeps the exceptions of the app's "sign-in failed" log entries.</summary>
    private sealed class FailureLog : ILoggerProvider, ILogger
    {
        private readonly List<string> _entries = [];

        public IReadOnlyList<string> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => categoryName == typeof(EntraSignIn).FullName ? this : NullLogger.Instance;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null)
            {
                lock (_entries)
                {
                    _entries.Add(exception.ToString());
                }
            }
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public void Dispose()
        {
        }
    }

    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
    }

    /// <summary>A sign-in in progress: where the app sent the browser, and the provider's self-posting answer.</summary>
    private sealed record SignInFlow(string AuthorizeUrl, string CallbackUrl, List<KeyValuePair<string, string>> Fields);

    /// <summary>
    /// A browser without JavaScript across two sites: the app (in memory, https://localhost) and the provider (loopback
    /// HTTPS). Cookies are kept for the app; redirects are never followed automatically.
    /// </summary>
    private sealed class Browser : IDisposable
    {
        private static readonly HtmlParser Parser = new();
        private readonly AppFactory _app;
        private readonly OidcProvider _provider;

        public Browser(AppFactory app, OidcProvider provider, CookieContainer? cookies = null)
        {
            _app = app;
            _provider = provider;
            Cookies = cookies ?? new CookieContainer();
            App = new HtmlClient(app.CreateDefaultClient(AppBase, new CookieContainerHandler(Cookies)));
            Provider = new HttpClient(provider.CreateTrustingHandler());
        }

        public CookieContainer Cookies { get; }

        public HtmlClient App { get; }

        public HttpClient Provider { get; }

        public bool HasSession => Cookies.GetCookies(AppBase).Any(c => c.Name.StartsWith(AuthCookie, StringComparison.Ordinal));

        /// <summary>Another browser holding a copy of this one's cookies.</summary>
        public Browser Copy()
        {
            var cookies = new CookieContainer();
            foreach (Cookie cookie in Cookies.GetAllCookies())
            {
                cookies.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain) { Secure = cookie.Secure, HttpOnly = cookie.HttpOnly });
            }

            return new Browser(_app, _provider, cookies);
        }

        /// <summary>Opens a page, follows the challenge to the provider and gets its answer (not yet posted back).</summary>
        public async Task<SignInFlow> StartSignInAsync(string url, Scenario scenario)
        {
            var challenge = await App.GetAsync(url);
            Assert.True(challenge.Status == HttpStatusCode.Redirect, $"GET {url} answered {(int)challenge.Status}, not a challenge");
            var authorizeUrl = challenge.Location!;

            using var answer = await Provider.GetAsync(new Uri(OidcProvider.WithScenario(authorizeUrl, scenario)), HtmlClient.Ct);
            var html = await answer.Content.ReadAsStringAsync(HtmlClient.Ct);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"The provider answered {(int)answer.StatusCode}: {html}");
            var form = Parser.ParseDocument(html).QuerySelector<IHtmlFormElement>("form")!;
            var fields = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
            return new SignInFlow(authorizeUrl, form.Action, fields);
        }

        /// <summary>Posts the provider's answer to the app's callback, as the provider's page would.</summary>
        public async Task<Page> CompleteAsync(SignInFlow flow) => (await PostCallbackAsync(flow)).Response;

        public async Task<(Page Response, IReadOnlyList<string> SetCookies)> PostCallbackAsync(SignInFlow flow)
        {
            Assert.StartsWith(AppBase.ToString(), flow.CallbackUrl, StringComparison.Ordinal);
            using var content = new FormUrlEncodedContent(flow.Fields);
            using var response = await App.Http.PostAsync(new Uri(flow.CallbackUrl).PathAndQuery, content, HtmlClient.Ct);
            var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
            return (await Page.ReadAsync(response, flow.CallbackUrl), setCookies);
        }

        public void Dispose()
        {
            App.Dispose();
            Provider.Dispose();
        }
    }
}

internal static class ScenarioExtensions
{
    public static Scenario With(this Scenario scenario, string claim, object value) =>
        scenario with { Claims = new Dictionary<string, object>(scenario.Claims) { [claim] = value } };
}
