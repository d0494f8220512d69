using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Consultations.Benchmarks.CaptureLoad;

/// <summary>One timed Draft POST: when it started (Stopwatch ticks), how long it took, and whether it saved.</summary>
internal readonly record struct SaveSample(long StartedAt, double Milliseconds, bool Ok);

/// <summary>
/// A background capture session over plain HTTP: signs in as a demo persona, opens the capture page, then posts the
/// form as capture.js does (multipart form data, antiforgery header, Accept: application/json) with a draft that grows
/// by about ten words at every pause, on a fixed schedule.
/// </summary>
internal sealed class DraftSession : IDisposable
{
    private const int WordsPerPause = 10;

    // A draft past this length starts over, as when the facilitator adds the note and begins the next one.
    private const int RestartLength = 3_000;

    private static readonly HtmlParser Parser = new();

    private readonly HttpClient _http;
    private readonly CapturePair _pair;
    private readonly IReadOnlyList<string> _words;
    private readonly List<SaveSample> _samples = [];
    private List<KeyValuePair<string, string>> _fields = [];
    private string _token = string.Empty;
    private string _text = string.Empty;
    private int _nextWord;

    public DraftSession(Uri baseAddress, CapturePair pair, IReadOnlyList<string> words, int offset)
    {
        _pair = pair;
        _words = words;
        _nextWord = offset % words.Count;
        var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public IReadOnlyList<SaveSample> Samples => _samples;

    public int GuardErrors { get; private set; }

    /// <summary>Signs in, opens the capture page and saves once (untimed warm-up).</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        var signIn = await GetFormAsync("/account/sign-in", "form.persona-list", cancellationToken);
        signIn.RemoveAll(f => f.Key == "PersonaId");
        signIn.Add(new("PersonaId", _pair.PersonaId));
        using (var body = new FormUrlEncodedContent(signIn))
        using (var answer = await _http.PostAsync("/account/sign-in", body, cancellationToken))
        {
            if (answer.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"Sign-in as {_pair.PersonaId} answered {(int)answer.StatusCode}.");
            }
        }

        _fields = await GetFormAsync(_pair.CapturePath, "#capture-form", cancellationToken);
        _token = _fields.Single(f => f.Key == "__RequestVerificationToken").Value;
        var sample = await SaveAsync(withGuard: false, cancellationToken);
        if (!sample.Ok)
        {
            throw new InvalidOperationException($"The first draft save of {_pair} failed.");
        }
    }

    /// <summary>Saves every <paramref name="interval"/> from <paramref name="firstAt"/> until stopped or <paramref name="maxSaves"/> is reached.</summary>
    public async Task RunAsync(TimeSpan interval, TimeSpan firstAt, int maxSaves, bool withGuard, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < maxSaves && !stop.IsCancellationRequested; i++)
        {
            // A fixed schedule, not a pause after each answer: a slow server gets the same offered load.
            var due = firstAt + (interval * i) - clock.Elapsed;
            try
            {
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, stop);
                }

                _samples.Add(await SaveAsync(withGuard, stop));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private async Task<SaveSample> SaveAsync(bool withGuard, CancellationToken cancellationToken)
    {
        Grow();
        if (withGuard)
        {
            await CheckGuardAsync(cancellationToken);
        }

        using var body = new MultipartFormDataContent();
        foreach (var (name, value) in _fields)
        {
            body.Add(new StringContent(name == "Input.Text" ? _text : value), name);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _pair.CapturePath + "?handler=Draft") { Content = body };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Add("X-CSRF-TOKEN", _token);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var answer = await _http.SendAsync(request, cancellationToken);
            var json = await answer.Content.ReadAsStringAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (answer.StatusCode != HttpStatusCode.OK)
            {
                return new SaveSample(started, elapsed, false);
            }

            using var saved = JsonDocument.Parse(json);
            Set("DraftETag", saved.RootElement.GetProperty("eTag").GetString()!);
            Set("NoteId", saved.RootElement.GetProperty("noteId").GetString()!);
            return new SaveSample(started, elapsed, true);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Refused connections, a timeout or a malformed answer all count as errors of the run.
            return new SaveSample(started, Stopwatch.GetElapsedTime(started).TotalMilliseconds, false);
        }
    }

    private async Task CheckGuardAsync(CancellationToken cancellationToken)
    {
        var guardPath = _pair.CapturePath[..^"/capture".Length] + "/guard";
        using var body = new MultipartFormDataContent { { new StringContent(_text), "Text" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, guardPath) { Content = body };
        request.Headers.Add("X-CSRF-TOKEN", _token);
        try
        {
            using var answer = await _http.SendAsync(request, cancellationToken);
            if (answer.StatusCode != HttpStatusCode.OK)
            {
                GuardErrors++;
            }
        }
        catch (HttpRequestException)
        {
            GuardErrors++;
        }
    }

    private void Grow()
    {
        if (_text.Length > RestartLength)
        {
            _text = string.Empty;
        }

        var words = new List<string>(WordsPerPause);
        for (var i = 0; i < WordsPerPause; i++)
        {
            words.Add(_words[_nextWord]);
            _nextWord = (_nextWord + 1) % _words.Count;
        }

        _text = _text.Length == 0 ? string.Join(' ', words) : _text + " " + string.Join(' ', words);
    }

    private void Set(string name, string value)
    {
        _fields.RemoveAll(f => f.Key == name);
        _fields.Add(new(name, value));
    }

    private async Task<List<KeyValuePair<string, string>>> GetFormAsync(string path, string selector, CancellationToken cancellationToken)
    {
        using var answer = await _http.GetAsync(path, cancellationToken);
        var html = await answer.Content.ReadAsStringAsync(cancellationToken);
        if (answer.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} as {_pair.PersonaId} answered {(int)answer.StatusCode}.");
        }

        using var document = await Parser.ParseDocumentAsync(html, cancellationToken);
        var form = document.QuerySelector<IHtmlFormElement>(selector) ?? throw new InvalidOperationException($"No {selector} on {path}.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            // What the browser's FormData holds: named fields, checked boxes only, no buttons.
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

    public void Dispose() => _http.Dispose();
}
