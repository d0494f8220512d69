using System.Net;
using Consultations.Testing.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Web.Tests.Security;

/// <summary>Antiforgery on every form post, rate limits that answer 429 with the friendly page, and a body-size limit that says why.</summary>
public sealed class HardeningTests(HardeningTests.TightApp app) : IClassFixture<HardeningTests.TightApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_page_refuses_a_post_without_an_antiforgery_token()
    {
        using var client = await app.SignedInClientAsync("demo-admin");
        var pages = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.DisplayName?.StartsWith("Page: ", StringComparison.Ordinal) == true && e.DisplayName is not "Page: /Status" and not "Page: /Error")
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .ToList();
        Assert.True(pages.Count > 30, $"only {pages.Count} pages found");

        var accepted = new List<string>();
        foreach (var pattern in pages)
        {
            var url = "/" + pattern
                .Replace("{programmeId}", "demo", StringComparison.Ordinal)
                .Replace("{consultationId}", "demo-ph", StringComparison.Ordinal)
                .Replace("{sessionId}", "plenary-1", StringComparison.Ordinal)
                .Replace("{noteId}", "demo-ph-plenary-1-01", StringComparison.Ordinal)
                .Replace("{participantId}", "x", StringComparison.Ordinal)
                .Replace("{briefId}", "x", StringComparison.Ordinal)
                .Replace("{number:int}", "1", StringComparison.Ordinal)
                .Replace("{jobId}", "x", StringComparison.Ordinal);
            using var content = new FormUrlEncodedContent([new("Input.Name", "Forged")]);
            using var response = await client.Http.PostAsync(url, content, Ct);
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                accepted.Add($"{url}: {(int)response.StatusCode}");
            }
        }

        Assert.True(accepted.Count == 0, "Accepted without a token:\n" + string.Join("\n", accepted));
    }

    [Fact]
    public async Task Exports_are_limited_per_user_but_the_pages_themselves_are_not()
    {
        using var client = await app.SignedInClientAsync("demo-researcher");
        for (var i = 0; i < TightApp.Exports; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/programmes/demo/compare?handler=csv&c=demo-ph&t=inclusion")).Status);
        }

        var refused = await client.GetAsync("/programmes/demo/compare?handler=csv&c=demo-ph&t=inclusion");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/programmes/demo/compare?c=demo-ph&t=inclusion")).Status);

        // Another user has their own allowance.
        using var other = await app.SignedInClientAsync("demo-admin");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/programmes/demo/compare?handler=csv&c=demo-ph&t=inclusion")).Status);
    }

    [Fact]
    public async Task The_live_guard_is_limited_per_user()
    {
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var page = await client.GetOkAsync("/programmes/demo/consultations/demo-ph/sessions/plenary-1");
        var token = page.AntiforgeryToken;
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i <= TightApp.GuardChecks; i++)
        {
            using var content = new FormUrlEncodedContent([new("Text", "A short note."), new("__RequestVerificationToken", token)]);
            using var response = await client.Http.PostAsync("/programmes/demo/consultations/demo-ph/sessions/plenary-1/guard", content, Ct);
            answers.Add(response.StatusCode);
        }

        Assert.All(answers.Take(TightApp.GuardChecks), a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1]);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_and_a_clear_message_and_nothing_is_saved()
    {
        using var client = await app.SignedInClientAsync("demo-facilitator");
        var page = await client.GetOkAsync("/programmes/demo/consultations/demo-ph/sessions/plenary-1");
        var before = (await app.Notes.ListBySessionAsync("demo-ph", "plenary-1", Ct)).Count;

        var refused = await client.SubmitAsync(page, "form[data-testid=add-note-form]", [new("Input.Text", new string('a', TightApp.MaxBody + 1))]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.Status);
        Assert.True(refused.MainText.Contains("That was too large", StringComparison.Ordinal), refused.Text[..Math.Min(2000, refused.Text.Length)]);
        Assert.Equal(before, (await app.Notes.ListBySessionAsync("demo-ph", "plenary-1", Ct)).Count);
    }

    /// <summary>The app with small limits, so tests reach them quickly.</summary>
    public class TightApp : AppFactory
    {
        public const int Exports = 2;
        public const int GuardChecks = 3;
        public const int MaxBody = 65_536;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Security:ExportsPerMinute", Exports.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Security:GuardChecksPerMinute", GuardChecks.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Security:MaxRequestBodyBytes", MaxBody.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>Sign-in attempts per client address: its own app, so other tests' sign-ins do not share the allowance.</summary>
public sealed class SignInRateLimitTests(SignInRateLimitTests.App app) : IClassFixture<SignInRateLimitTests.App>
{
    [Fact]
    public async Task Too_many_sign_in_attempts_get_429_with_a_page_that_says_to_wait()
    {
        using var client = app.CreateHtmlClient();
        var form = await client.GetOkAsync("/account/sign-in");
        for (var i = 0; i < App.SignIns; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.SubmitAsync(form, "form", [new("PersonaId", "nobody-" + i)])).Status);
        }

        var refused = await client.SubmitAsync(form, "form", [new("PersonaId", "demo-admin")]);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains("Too many requests", refused.MainText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/sign-in")).Status);
    }

    public sealed class App : AppFactory
    {
        public const int SignIns = 3;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Security:SignInPerMinute", SignIns.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
