using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Consultations.Core.Demo;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Testing;
using Consultations.Testing.Web;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Web.Tests.Web;

/// <summary>
/// A POST form rendered without its antiforgery token answers every click with 400 ("That request could not be
/// handled"), and only pressing the button shows it. For every persona the development sign-in offers, this signs in,
/// walks every page it reaches by links (plus every consultation, session, register and note address), and presses
/// every button of every POST form there the way a browser would; any 400, 405 or 5xx fails, naming persona, page and
/// form. Its own app, because pressing everything changes the data.
/// </summary>
public sealed partial class FormCrawlTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const int MaxPagesPerPersona = 300;

    // A page type is left once this many of its pages in a row brought no form not pressed before; types take turns, least visited first.
    private const int MaxDullPagesPerType = 5;

    private const int MaxPostsPerFormShape = 2;

    private const string SessionType = "/programmes/{programmeId}/consultations/{consultationId}/sessions/{sessionId}";

    private const string NoteEditType = "/programmes/{programmeId}/consultations/{consultationId}/notes/{noteId}/edit";

    private const string UnmaskType = "/programmes/{programmeId}/consultations/{consultationId}/notes/{noteId}/unmask";

    private const string SearchType = "/search";

    /// <summary>Saving, renaming and deleting a saved search: every persona can search (funders find briefs), so every persona keeps searches.</summary>
    private static readonly (string Page, string Target, string? Handler)[] SearchForms = [(SearchType, SearchType, "Save"), (SearchType, SearchType, "Rename"), (SearchType, SearchType, "Delete")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Personas => [.. DemoPersonas.All.Select(p => p.Id)];

    /// <summary>(page type, form target type, handler) each persona must have pressed and seen accepted (a page or a redirect, not a refusal), beyond sign-out.</summary>
    private static readonly Dictionary<string, (string Page, string Target, string? Handler)[]> MustPress = new(StringComparer.Ordinal)
    {
        [DemoPersonas.LeadFacilitator.Id] =
        [
            (SessionType, NoteEditType, "Publish"),
            (SessionType, NoteEditType, "Submit"),
            (SessionType, NoteEditType, "ReturnToReview"),
            (NoteEditType, NoteEditType, "Publish"),
            (NoteEditType, NoteEditType, "ReturnToReview"),
            (NoteEditType, NoteEditType, "Override"),
            (UnmaskType, UnmaskType, "Request"),
        ],
        [DemoPersonas.Facilitator.Id] = [(SessionType, SessionType, "Add"), (NoteEditType, NoteEditType, null)],
        [DemoPersonas.SecondFacilitator.Id] = [(SessionType, SessionType, "Add"), (NoteEditType, NoteEditType, null)],
        [DemoPersonas.Researcher.Id] = [("/programmes/{programmeId}/compare", "/programmes/{programmeId}/briefs/new", null)],
        [DemoPersonas.Reviewer.Id] = [("/programmes/{programmeId}/compare", "/programmes/{programmeId}/briefs/new", null)],
        [DemoPersonas.Administrator.Id] = [("/programmes/{programmeId}/edit", "/programmes/{programmeId}/edit", null), ("/programmes/{programmeId}/themes", "/programmes/{programmeId}/themes", "AddTheme")],
    };

    [Fact]
    public async Task The_development_sign_in_offers_exactly_the_demo_personas()
    {
        using var client = app.CreateHtmlClient();
        var page = await client.GetOkAsync("/account/sign-in");
        var offered = HtmlClient.BrowserSubmissions(page, page.Document.QuerySelector<IHtmlFormElement>("form")!)
            .SelectMany(s => s.Fields.Where(f => f.Key == "PersonaId").Select(f => f.Value));

        Assert.Equal(DemoPersonas.All.Select(p => p.Id).Order(StringComparer.Ordinal), offered.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task Every_post_form_a_persona_can_reach_is_accepted_with_its_antiforgery_token(string persona)
    {
        var clock = Stopwatch.StartNew();
        using var client = app.CreateHtmlClient();
        await SignInAsync(client, persona);
        var crawl = new Crawl(persona, client, new PageTypes(app.Services.GetRequiredService<EndpointDataSource>()));

        if (persona == DemoPersonas.LeadFacilitator.Id)
        {
            foreach (var url in await LeadFirstPagesAsync(client))
            {
                crawl.Enqueue(url);
            }
        }

        await BriefInReviewAsync(persona);
        await SavedSearchAsync(persona);
        string[] seeds = ["/", "/programmes", "/search?programme=demo", .. await KnownAddressesAsync()];
        foreach (var url in seeds)
        {
            crawl.Enqueue(url);
        }

        while (crawl.Pages < MaxPagesPerPersona && crawl.Next() is { } url)
        {
            var page = await client.GetAsync(url);
            var before = crawl.Shapes.Count;
            crawl.Links(page);
            await PressAllAsync(crawl, page, crawl.Types.Of(url), answerDepth: 0);
            crawl.Visited(url, page.Status == HttpStatusCode.OK, dull: page.Status == HttpStatusCode.OK && crawl.Shapes.Count == before);
        }

        // Signing out ends the session, so its forms (the header's and the sign-out page's) are pressed last, signing in again between them.
        foreach (var (_, pageUrl, shape) in crawl.SignOuts.ToList())
        {
            var page = await client.GetOkAsync(pageUrl);
            var submission = Submissions(page).First(s => Shape(crawl, crawl.Types.Of(pageUrl), s) == shape);
            await PressAsync(crawl, submission, crawl.Types.Of(pageUrl), shape);
            await SignInAsync(client, persona);
        }

        var pressed = crawl.Pressed.Where(p => p.Accepted).Select(p => (p.Page, p.Target, p.Handler)).ToHashSet();
        var missing = MustPress.GetValueOrDefault(persona, []).Concat(SearchForms).Where(m => !pressed.Contains(m)).ToList();
        TestContext.Current.SendDiagnosticMessage(
            $"{persona}: {crawl.Pages} pages ({crawl.Rendered} rendered, the rest refused) of {crawl.PageTypesVisited} types, {crawl.Pressed.Count} submissions of {crawl.Shapes.Count} distinct forms"
            + $" ({crawl.Pressed.Count(p => p.Accepted)} accepted), {crawl.RateLimited.Count} rate-limited, {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var form in crawl.Pressed.GroupBy(p => $"{p.Handler ?? "(no handler)"} to {p.Target} on {p.Page}").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            TestContext.Current.SendDiagnosticMessage($"{persona}:   {form.Key}: {string.Join(", ", form.Select(p => (int)p.Status))}");
        }

        foreach (var limited in crawl.RateLimited)
        {
            TestContext.Current.SendDiagnosticMessage($"{persona}: not checked (429 twice): {limited}");
        }

        Assert.True(crawl.Failures.Count == 0, $"{persona}: {crawl.Failures.Count} form submissions failed:\n{string.Join('\n', crawl.Failures)}");
        Assert.True(missing.Count == 0, $"{persona} never had these forms accepted: {string.Join("; ", missing.Select(m => $"{m.Handler ?? "(no handler)"} to {m.Target} on {m.Page}"))}");

        // The walk must really have covered the app, not stopped at a sign-in or error page.
        // A funder is shown only the home page and the briefs (published ones, of which the demo has none); researchers'
        // pages hold few forms, so the walk leaves each of their page types after a handful of dull pages.
        var minimum = persona == DemoPersonas.Funder.Id ? 2
            : persona == DemoPersonas.Researcher.Id || persona == DemoPersonas.Reviewer.Id ? 12
            : 20;
        Assert.True(crawl.Rendered >= minimum, $"{persona}: only {crawl.Rendered} of {crawl.Pages} pages rendered");
        Assert.True(crawl.SignOuts.Count == 2 && crawl.Pressed.Count(p => p.Target == "/account/sign-out" && p.Accepted) == 2, $"{persona}: the two sign-out forms were not both pressed and accepted");
    }

    [Fact]
    public void Every_post_form_in_the_markup_gets_its_antiforgery_token_from_the_form_tag_helper()
    {
        // The crawl only presses what the demo data shows; this also covers forms drawn in states it never reaches
        // (an edit conflict, a deleted note, a purged register): a literal action makes the tag helper drop the token.
        var offenders = new List<string>();
        var pages = Path.Combine(TestPaths.RepositoryRoot, "src", "Consultations.Web");
        var files = Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var forms = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (Match form in FormTag().Matches(text))
            {
                var tag = form.Value;
                if (!PostMethod().IsMatch(tag))
                {
                    continue;
                }

                forms++;
                var routed = tag.Contains("asp-page", StringComparison.Ordinal) || tag.Contains("asp-route", StringComparison.Ordinal);
                var literal = ActionAttribute().IsMatch(tag);
                var tokenForced = tag.Contains("asp-antiforgery=\"true\"", StringComparison.Ordinal);
                if (tag.Contains("asp-antiforgery=\"false\"", StringComparison.Ordinal) || (literal && !routed && !tokenForced))
                {
                    var line = text[..form.Index].Count(c => c == '\n') + 1;
                    offenders.Add($"{Path.GetRelativePath(TestPaths.RepositoryRoot, file)}:{line}: {tag}");
                }
            }
        }

        Assert.True(forms >= 30, $"only {forms} POST forms found under {pages}");
        Assert.True(offenders.Count == 0, "POST forms whose literal action makes the tag helper leave out the antiforgery token (route them with asp-page/asp-page-handler):\n" + string.Join('\n', offenders));
    }

    /// <summary>
    /// Presses every POST form on the page, last first (per-item buttons follow page-wide ones like Submit all, which
    /// would change the items before they were pressed) and deleting ones at the end (or the rest would point at nothing).
    /// </summary>
    private static async Task PressAllAsync(Crawl crawl, Page page, string pageType, int answerDepth)
    {
        foreach (var submission in Submissions(page).Reverse().OrderBy(s => Destructive().IsMatch(s.Action)))
        {
            if (submission.Method != "POST")
            {
                continue;
            }

            var target = crawl.Types.Of(submission.Action);
            var shape = Shape(crawl, pageType, submission);
            if (target == "/account/sign-out")
            {
                // Two of them: the header's (the same on every page) and the sign-out page's own.
                var where = pageType == "/account/sign-out" ? pageType : "header";
                if (answerDepth == 0 && crawl.SignOuts.All(s => s.Where != where))
                {
                    crawl.SignOuts.Add((where, page.Url, shape));
                }

                continue;
            }

            // Signing in again (as anyone) is not what the walk is about: each persona's own sign-in button is pressed at the start. Other sites answer for their own forms.
            if (target == "/account/sign-in" || !submission.Action.StartsWith('/'))
            {
                continue;
            }

            if (crawl.Shapes.GetValueOrDefault(shape) >= MaxPostsPerFormShape)
            {
                continue;
            }

            crawl.Shapes[shape] = crawl.Shapes.GetValueOrDefault(shape) + 1;
            var answer = await PressAsync(crawl, submission, pageType, shape);

            // What the browser shows next: a redirect is followed later like a link, a page rendered for the POST has its own forms.
            if (answer?.Location is { } location)
            {
                crawl.Enqueue(location);
            }
            else if (answer is { Status: HttpStatusCode.OK } && answerDepth == 0)
            {
                crawl.Links(answer);
                await PressAllAsync(crawl, answer, $"{target} (answer to {submission.Handler ?? "POST"})", answerDepth + 1);
            }
        }
    }

    private static async Task<Page?> PressAsync(Crawl crawl, FormSubmission submission, string pageType, string shape)
    {
        var answer = await crawl.Client.SubmitAsync(submission);
        if (answer.Status == HttpStatusCode.TooManyRequests)
        {
            // A rate limit is the app being careful, not a verdict on the token: wait once, then note it as unchecked.
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            answer = await crawl.Client.SubmitAsync(submission);
            if (answer.Status == HttpStatusCode.TooManyRequests)
            {
                crawl.RateLimited.Add(submission.ToString());
                return null;
            }
        }

        var status = (int)answer.Status;
        var target = crawl.Types.Of(submission.Action);
        // Accepted: the handler ran (a page or a redirect), not a step-up to sign-in (which is where signing out rightly ends).
        var accepted = status < 400
            && (target == "/account/sign-out" || answer.Location?.StartsWith("/account/sign-in", StringComparison.Ordinal) != true);
        crawl.Pressed.Add((pageType, target, submission.Handler, answer.Status, accepted));
        if (answer.Status == HttpStatusCode.BadRequest || answer.Status == HttpStatusCode.MethodNotAllowed || status >= 500)
        {
            var what = answer.Document.QuerySelector("[data-testid=status-400]") is not null
                ? "the antiforgery refusal (400 \"That request could not be handled\")"
                : $"{status}: {Excerpt(answer)}";
            crawl.Failures.Add($"{crawl.Persona}: {submission} answered {what} [form shape: {shape}]");
        }

        return answer;
    }

    private static string Excerpt(Page page)
    {
        var text = page.MainText.Length > 0 ? page.MainText : page.Text;
        return text[..Math.Min(text.Length, 300)];
    }

    private static IEnumerable<FormSubmission> Submissions(Page page) =>
        page.Document.QuerySelectorAll<IHtmlFormElement>("form").SelectMany(form => HtmlClient.BrowserSubmissions(page, form, Plausible));

    /// <summary>
    /// A browser will not submit a form while a <c>required</c> field is empty, so the walk types a plausible value
    /// there; the point is the token, not validation (which answers 200 with the form again).
    /// </summary>
    private static string Plausible(IElement element)
    {
        var type = element.GetAttribute("type")?.ToLowerInvariant();
        var min = int.TryParse(element.GetAttribute("minlength"), out var minLength) ? minLength : 0;
        var max = int.TryParse(element.GetAttribute("maxlength"), out var maxLength) ? maxLength : int.MaxValue;
        var text = "Form crawl: a plausible value typed where the form requires one.";
        while (text.Length < min)
        {
            text += " And more of it.";
        }

        return type switch
        {
            "file" => "name,organisation,stakeholder_group,role\n",
            "email" => "form.crawl@example.org",
            "url" => "https://example.org/",
            "tel" => "+1 555 0100",
            "number" or "range" => element.GetAttribute("min") ?? "1",
            "date" => "2026-06-01",
            "datetime-local" => "2026-06-01T09:00",
            "time" => "09:00",
            "month" => "2026-06",
            _ => text[..Math.Min(text.Length, max)],
        };
    }

    /// <summary>What makes two submissions the same form: the page type, where it goes, which button, and which fields (not their values).</summary>
    private static string Shape(Crawl crawl, string pageType, FormSubmission submission) =>
        $"{pageType} → {submission.Method} {crawl.Types.Of(submission.Action)}?handler={submission.Handler} button {submission.Button}"
        + $" fields [{string.Join(',', submission.Fields.Select(f => f.Key).Concat(submission.Files.Select(f => f.Name)).Distinct().Order(StringComparer.Ordinal))}]";

    private static async Task SignInAsync(HtmlClient client, string persona)
    {
        var page = await client.GetOkAsync("/account/sign-in");
        var submission = Submissions(page).SingleOrDefault(s => s.Fields.Contains(new("PersonaId", persona)));
        Assert.True(submission is not null, $"the development sign-in offers no button for {persona}");
        var answer = await client.SubmitAsync(submission);
        Assert.True(answer.Status == HttpStatusCode.Redirect, $"signing in as {persona} answered {(int)answer.Status}");
    }

    /// <summary>
    /// The lead's first pages, made through the UI whatever earlier walks did to the demo notes: a Chatham House session
    /// showing a draft, a submitted and a published note (all three per-note buttons), then, in another session, the edit
    /// pages of a draft, a submitted, a published note and a submitted one naming a participant (Override), which pressing
    /// the first page's buttons cannot change.
    /// </summary>
    private async Task<List<string>> LeadFirstPagesAsync(HtmlClient lead)
    {
        var consultation = (await app.Consultations.ListByProgrammeAsync("demo", Ct)).First(c => c.Id == "demo-ph");
        var sessions = consultation.Sessions.Where(s => s.DisclosureRule == DisclosureRule.ChathamHouse).Take(2).ToList();
        var participant = (await app.Registers.GetAsync(consultation.Id, Ct))!.Participants[^1];
        var root = $"/programmes/demo/consultations/{consultation.Id}";
        var pages = new List<string>();
        foreach (var session in sessions)
        {
            var url = $"{root}/sessions/{session.Id}";
            var notes = new List<string>();
            string[] states = pages.Count == 0 ? ["draft", "submitted", "published"] : ["draft", "submitted", "published", "naming"];
            foreach (var state in states)
            {
                var text = state == "naming"
                    ? $"Form crawl note: {participant.Name} said regional contact lists need a quarterly check."
                    : $"Form crawl note ({state}): regional contact lists need a quarterly check.";
                var added = await lead.SubmitAsync(await lead.GetOkAsync(url), "form[data-testid=add-note-form]", [new("Input.Text", text)]);
                Assert.True(added.Location?.Contains("#note-", StringComparison.Ordinal) == true, $"adding a note on {url} answered {(int)added.Status} {added.Location}");
                var id = added.Location![(added.Location!.IndexOf("#note-", StringComparison.Ordinal) + "#note-".Length)..];
                string[] handlers = state switch { "draft" => [], "published" => ["Submit", "Publish"], _ => ["Submit"] };
                foreach (var handler in handlers)
                {
                    var answer = await lead.SubmitAsync(await lead.GetOkAsync($"{root}/notes/{id}/edit"), $"form[action$='handler={handler}']");
                    Assert.True(answer.Status == HttpStatusCode.Redirect && !answer.Location!.StartsWith("/account/", StringComparison.Ordinal), $"{handler} on note {id} answered {(int)answer.Status} {answer.Location}");
                }

                notes.Add(id);
            }

            var statuses = (await app.Notes.ListBySessionAsync(consultation.Id, session.Id, Ct)).Where(n => notes.Contains(n.Id)).Select(n => n.Status).ToHashSet();
            Assert.True(statuses.SetEquals(new[] { NoteStatus.Draft, NoteStatus.Submitted, NoteStatus.Published }), $"the lead's notes on {url} are {string.Join(", ", statuses)}");
            pages.AddRange(pages.Count == 0 ? [url] : notes.Select(id => $"{root}/notes/{id}/edit"));
            if (states.Contains("naming"))
            {
                // Its page deciding what readers see: many demo notes mask only small-group labels, whose pages have no form to press.
                pages.Insert(0, $"{root}/notes/{notes[^1]}/unmask");
            }
        }

        return pages;
    }

    /// <summary>A brief waiting for review by someone else than the persona, so a reviewer's Approve and Return buttons are on a reachable page.</summary>
    private async Task BriefInReviewAsync(string persona)
    {
        var programme = (await app.Programmes.GetAsync("demo", Ct))!;
        var author = (persona == DemoPersonas.Researcher.Id ? DemoPersonas.Reviewer : DemoPersonas.Researcher).ToActor().Ref;
        var brief = Brief.Create(programme, $"Form crawl brief for {persona}", new BriefScope(["demo-ph"], ["inclusion"], null, null), BriefCoverage.Empty, "## Inclusion\n\nCommon ground.", author, DateTimeOffset.UtcNow, $"form-crawl-{persona}");
        brief.SubmitForReview(author, DateTimeOffset.UtcNow);
        await app.Briefs.CreateAsync(brief, Ct);
    }

    /// <summary>A saved search of the persona's own, so the search page shows its Rename and Delete forms on the first visit.</summary>
    private async Task SavedSearchAsync(string persona) =>
        await app.Services.GetRequiredService<ISavedSearchStore>().SaveAsync(SavedSearch.Create(persona, "demo", $"Form crawl search for {persona}", new Core.Search.SearchRequest(), DateTimeOffset.UtcNow), Ct);

    /// <summary>
    /// The repository addresses the leak test also walks: each consultation, session, register, and a note page per status
    /// per session, taken from the consultations in turn so a facilitator meets its own early.
    /// </summary>
    private async Task<List<string>> KnownAddressesAsync()
    {
        var perConsultation = new List<List<string>>();
        foreach (var consultation in await app.Consultations.ListByProgrammeAsync("demo", Ct))
        {
            var root = $"/programmes/demo/consultations/{consultation.Id}";
            var addresses = new List<string> { root, $"{root}/register", $"{root}/register/history" };
            foreach (var session in consultation.Sessions)
            {
                addresses.Add($"{root}/sessions/{session.Id}");
                // One of each status, as each status has its own buttons (Submit; Back to draft and Publish; Return to review).
                addresses.AddRange((await app.Notes.ListBySessionAsync(consultation.Id, session.Id, Ct)).DistinctBy(n => n.Status).Select(n => $"{root}/notes/{n.Id}/edit"));
            }

            perConsultation.Add(addresses);
        }

        return
        [
            "/programmes/demo", "/programmes/demo/themes", "/programmes/demo/briefs", "/programmes/demo/compare", "/account/sign-out",
            .. Enumerable.Range(0, perConsultation.Max(a => a.Count)).SelectMany(i => perConsultation.Where(a => i < a.Count).Select(a => a[i])),
        ];
    }

    [GeneratedRegex(@"delete|remove|purge", RegexOptions.IgnoreCase)]
    private static partial Regex Destructive();

    [GeneratedRegex(@"<form\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex FormTag();

    [GeneratedRegex(@"\bmethod\s*=\s*""post""", RegexOptions.IgnoreCase)]
    private static partial Regex PostMethod();

    [GeneratedRegex(@"\saction\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex ActionAttribute();

    /// <summary>One persona's walk: the pages waiting per type, what was pressed and what failed.</summary>
    private sealed class Crawl(string persona, HtmlClient client, PageTypes types)
    {
        private readonly Dictionary<string, Queue<string>> _pending = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _visits = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _dull = new(StringComparer.Ordinal);
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public string Persona => persona;

        public HtmlClient Client => client;

        public PageTypes Types => types;

        public int Pages { get; private set; }

        public int Rendered { get; private set; }

        public int PageTypesVisited => _visits.Count;

        public Dictionary<string, int> Shapes { get; } = new(StringComparer.Ordinal);

        public List<(string Page, string Target, string? Handler, HttpStatusCode Status, bool Accepted)> Pressed { get; } = [];

        public List<string> Failures { get; } = [];

        public List<string> RateLimited { get; } = [];

        public List<(string Where, string PageUrl, string Shape)> SignOuts { get; } = [];

        /// <summary>Queues a same-site page; links with a handler are skipped, as the app's GET handlers are downloads (CSV, XLSX, DOCX, Markdown) without forms.</summary>
        public void Enqueue(string url)
        {
            var clean = url.Split('#')[0];
            if (!clean.StartsWith('/') || clean.StartsWith("//", StringComparison.Ordinal) || clean.StartsWith("/css/", StringComparison.Ordinal)
                || clean.StartsWith("/js/", StringComparison.Ordinal) || clean.StartsWith("/lib/", StringComparison.Ordinal)
                || clean.StartsWith("/account/sign-in", StringComparison.Ordinal) || clean.Contains("handler=", StringComparison.Ordinal) || !_seen.Add(clean))
            {
                return;
            }

            var type = types.Of(clean);
            if (!_pending.TryGetValue(type, out var queue))
            {
                _pending[type] = queue = new Queue<string>();
            }

            queue.Enqueue(clean);
        }

        public void Links(Page page)
        {
            foreach (var link in page.Document.QuerySelectorAll("a[href]"))
            {
                Enqueue(link.GetAttribute("href")!);
            }
        }

        /// <summary>The next page of the least-visited type still bringing new forms; null when none is left.</summary>
        public string? Next()
        {
            var type = _pending.Where(p => p.Value.Count > 0 && _dull.GetValueOrDefault(p.Key) < MaxDullPagesPerType)
                .Select(p => p.Key)
                .OrderBy(t => _visits.GetValueOrDefault(t))
                .FirstOrDefault();
            return type is null ? null : _pending[type].Dequeue();
        }

        /// <summary>Counts the page; a rendered page that brought no new form is dull (a refusal is not: another of its type may be the persona's own).</summary>
        public void Visited(string url, bool rendered, bool dull)
        {
            Pages++;
            Rendered += rendered ? 1 : 0;
            var type = types.Of(url);
            _visits[type] = _visits.GetValueOrDefault(type) + 1;
            _dull[type] = dull ? _dull.GetValueOrDefault(type) + 1 : 0;
        }
    }

    /// <summary>Names a URL by the app's route pattern it matches, so every note's edit page is one page type.</summary>
    private sealed class PageTypes(EndpointDataSource endpoints)
    {
        private readonly string[][] _patterns =
        [
            .. endpoints.Endpoints.OfType<RouteEndpoint>()
                .Select(e => e.RoutePattern.RawText?.Trim('/') ?? string.Empty)
                .Distinct(StringComparer.Ordinal)
                .Select(p => p.Length == 0 ? Array.Empty<string>() : p.Split('/')),
        ];

        public string Of(string url)
        {
            var path = url.Split('?', '#')[0].Trim('/');
            var segments = path.Length == 0 ? [] : path.Split('/');
            string[]? best = null;
            var bestScore = -1;
            foreach (var pattern in _patterns)
            {
                if (Matches(pattern, segments) is var score and >= 0 && score > bestScore)
                {
                    (best, bestScore) = (pattern, score);
                }
            }

            return "/" + string.Join('/', best ?? segments);
        }

        /// <summary>Twice the literal segments matched, plus one unless a catch-all did the matching; -1 when the pattern does not match.</summary>
        private static int Matches(string[] pattern, string[] segments)
        {
            var literals = 0;
            for (var i = 0; i < pattern.Length; i++)
            {
                if (pattern[i].StartsWith("{*", StringComparison.Ordinal))
                {
                    return literals * 2;
                }

                if (i >= segments.Length)
                {
                    return -1;
                }

                if (pattern[i].StartsWith('{'))
                {
                    continue;
                }

                if (!string.Equals(pattern[i], segments[i], StringComparison.OrdinalIgnoreCase))
                {
                    return -1;
                }

                literals++;
            }

            return pattern.Length == segments.Length ? (literals * 2) + 1 : -1;
        }
    }
}
