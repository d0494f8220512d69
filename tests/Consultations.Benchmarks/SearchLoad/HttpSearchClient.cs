using System.Diagnostics;
using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Consultations.Benchmarks.Search;

namespace Consultations.Benchmarks.SearchLoad;

/// <summary>One timed HTTP request: its kind, how long to the whole body (ms), the status, and the server's own time from Server-Timing (NaN without it).</summary>
internal readonly record struct HttpSample(string Kind, string Persona, double Milliseconds, int Status, double ServerMilliseconds);

/// <summary>
/// The search page as the header's search form reaches it: its action and the name of its query box, read from the page
/// a signed-in person sees first (so no route is spelled here), and the facet parameter the results page links with.
/// </summary>
internal sealed record SearchForm(string Action, string QueryField, string Hidden)
{
    private static readonly HtmlParser Parser = new();

    /// <summary>The header's search form on <paramref name="html"/>, or null when the page has none.</summary>
    public static SearchForm? Find(string html)
    {
        using var document = Parser.ParseDocument(html);
        foreach (var form in document.QuerySelectorAll<IHtmlFormElement>("form"))
        {
            var method = form.GetAttribute("method") ?? "get";
            var action = form.GetAttribute("action") ?? string.Empty;
            var box = form.QuerySelector<IHtmlInputElement>("input[type=search]");
            if (method.Equals("get", StringComparison.OrdinalIgnoreCase) && box?.Name is { Length: > 0 } name
                && (form.GetAttribute("role") == "search" || action.Contains("search", StringComparison.OrdinalIgnoreCase)))
            {
                // The form's hidden fields (the programme searched) go with every query, as the browser sends them.
                var hidden = string.Concat(form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]")
                    .Where(i => i.Name is { Length: > 0 })
                    .Select(i => $"{Uri.EscapeDataString(i.Name!)}={Uri.EscapeDataString(i.Value)}&"));
                return new SearchForm(action, name, hidden);
            }
        }

        return null;
    }

    public string Url(QueryKind kind)
    {
        var url = $"{Action}{(Action.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{Hidden}{QueryField}={Uri.EscapeDataString(kind.Text)}";
        return kind.Facet is { } facet && kind.FacetValue is { } value
            ? $"{url}&{Uri.EscapeDataString(facet.ToString())}={Uri.EscapeDataString(value)}"
            : url;
    }
}

/// <summary>A signed-in person over plain HTTP on loopback: cookies kept, redirects not followed, every request bounded by a timeout.</summary>
internal sealed class HttpSearchClient : IDisposable
{
    private static readonly HtmlParser Parser = new();
    private readonly HttpClient _http;

    public HttpSearchClient(Uri baseAddress, string personaId)
    {
        PersonaId = personaId;
        var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string PersonaId { get; }

    /// <summary>Signs in through the development sign-in form, as the capture-load sessions do.</summary>
    public async Task SignInAsync(CancellationToken cancellationToken)
    {
        var fields = await FormAsync("/account/sign-in", "form.persona-list", cancellationToken);
        fields.RemoveAll(f => f.Key == "PersonaId");
        fields.Add(new("PersonaId", PersonaId));
        using var body = new FormUrlEncodedContent(fields);
        using var answer = await _http.PostAsync("/account/sign-in", body, cancellationToken);
        if (answer.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {PersonaId} answered {(int)answer.StatusCode}.");
        }
    }

    public async Task<string> GetStringAsync(string path, CancellationToken cancellationToken) => await _http.GetStringAsync(path, cancellationToken);

    /// <summary>GET <paramref name="path"/>, timed from sending to the last byte of the body.</summary>
    public async Task<(HttpSample Sample, string Body)> TimeAsync(string kind, string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var answer = await _http.GetAsync(path, cancellationToken);
            var body = await answer.Content.ReadAsStringAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return (new HttpSample(kind, PersonaId, elapsed, (int)answer.StatusCode, ServerTime(answer)), body);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (new HttpSample(kind, PersonaId, Stopwatch.GetElapsedTime(started).TotalMilliseconds, 0, double.NaN), string.Empty);
        }
    }

    /// <summary>The named fields of the form <paramref name="selector"/> on <paramref name="path"/>, as a browser would post them.</summary>
    public async Task<List<KeyValuePair<string, string>>> FormAsync(string path, string selector, CancellationToken cancellationToken)
    {
        using var answer = await _http.GetAsync(path, cancellationToken);
        var html = await answer.Content.ReadAsStringAsync(cancellationToken);
        if (answer.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} as {PersonaId} answered {(int)answer.StatusCode}.");
        }

        using var document = await Parser.ParseDocumentAsync(html, cancellationToken);
        var form = document.QuerySelector<IHtmlFormElement>(selector) ?? throw new InvalidOperationException($"No {selector} on {path}.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Name.Length: > 0 } input when !input.IsDisabled && input.Type is not ("submit" or "button" or "file")
                    && (input.Type is not ("checkbox" or "radio") || input.IsChecked):
                    fields.Add(new(input.Name!, input.Value));
                    break;
                case IHtmlTextAreaElement { Name.Length: > 0 } area:
                    fields.Add(new(area.Name!, area.Value));
                    break;
                case IHtmlSelectElement { Name.Length: > 0 } select:
                    fields.Add(new(select.Name!, select.Value ?? string.Empty));
                    break;
            }
        }

        return fields;
    }

    /// <summary>Posts <paramref name="fields"/> as multipart form data to <paramref name="path"/> as capture.js does (antiforgery header, JSON answer).</summary>
    public async Task<(HttpStatusCode Status, string Body)> PostScriptFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string token, CancellationToken cancellationToken)
    {
        using var body = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            body.Add(new StringContent(value), name);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Add("X-CSRF-TOKEN", token);
        using var answer = await _http.SendAsync(request, cancellationToken);
        return (answer.StatusCode, await answer.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>The "search" metric's dur from a Server-Timing header (e.g. <c>search;dur=12.3</c>), or NaN.</summary>
    private static double ServerTime(HttpResponseMessage answer)
    {
        if (!answer.Headers.TryGetValues("Server-Timing", out var values))
        {
            return double.NaN;
        }

        foreach (var metric in values.SelectMany(v => v.Split(',')))
        {
            var parts = metric.Split(';', StringSplitOptions.TrimEntries);
            if (parts[0] == "search" && parts.FirstOrDefault(p => p.StartsWith("dur=", StringComparison.Ordinal)) is { } dur
                && double.TryParse(dur[4..], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
            {
                return ms;
            }
        }

        return double.NaN;
    }

    public void Dispose() => _http.Dispose();
}
