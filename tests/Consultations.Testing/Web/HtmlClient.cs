using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Consultations.Testing.Web;

/// <summary>Drives the app like a browser without JavaScript: GET pages, fill forms (antiforgery token included), POST them.</summary>
public sealed class HtmlClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<Page> GetAsync(string url)
    {
        using var response = await Http.GetAsync(url, Ct);
        return await Page.ReadAsync(response, url);
    }

    /// <summary>GETs a page and asserts it rendered (200).</summary>
    public async Task<Page> GetOkAsync(string url)
    {
        var page = await GetAsync(url);
        Assert.True(page.Status == HttpStatusCode.OK, $"GET {url} answered {(int)page.Status} {page.Location}");
        return page;
    }

    /// <summary>Submits a form found on the page with its current field values overridden by <paramref name="values"/>.</summary>
    public async Task<Page> SubmitAsync(Page page, string formSelector, IEnumerable<KeyValuePair<string, string>>? values = null, string? submitButtonSelector = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var form = page.Document.QuerySelector<IHtmlFormElement>(formSelector)
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {page.Url}.");
        var fields = FormData(form, submitButtonSelector is null ? null : form.QuerySelector<IHtmlButtonElement>(submitButtonSelector), null).Fields;
        foreach (var group in (values ?? []).GroupBy(v => v.Key))
        {
            fields.RemoveAll(f => f.Key == group.Key);
            fields.AddRange(group);
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Url : form.GetAttribute("action")!;
        return await PostAsync(action, fields);
    }

    /// <summary>Submits a form as multipart/form-data with one file in <paramref name="fileField"/>, like a browser's upload.</summary>
    public async Task<Page> UploadAsync(Page page, string formSelector, string fileField, string fileName, byte[] content, IEnumerable<KeyValuePair<string, string>>? values = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var form = page.Document.QuerySelector<IHtmlFormElement>(formSelector)
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {page.Url}.");
        Assert.Equal("multipart/form-data", form.GetAttribute("enctype"));
        var fields = FormData(form, null, null).Fields;
        foreach (var group in (values ?? []).GroupBy(v => v.Key))
        {
            fields.RemoveAll(f => f.Key == group.Key);
            fields.AddRange(group);
        }

        using var body = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            body.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        body.Add(file, fileField, fileName);
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Url : form.GetAttribute("action")!;
        using var response = await Http.PostAsync(action, body, Ct);
        return await Page.ReadAsync(response, action);
    }

    /// <summary>
    /// Every submission a browser can make from a form: one per submit button, with that button's name/value and its
    /// formaction, formmethod and formenctype honoured (unnamed buttons that send the same thing count once), or one
    /// implicit submission when the form has no button. <paramref name="fillRequired"/>, when given, supplies a value
    /// for each empty <c>required</c> control that a browser would refuse to submit (for a file input: its content).
    /// </summary>
    public static IReadOnlyList<FormSubmission> BrowserSubmissions(Page page, IHtmlFormElement form, Func<IElement, string>? fillRequired = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(form);
        var buttons = form.Elements.Where(IsSubmitButton).Where(b => !b.HasAttribute("disabled")).ToList();
        var submissions = new List<FormSubmission>();
        foreach (var button in buttons.Count == 0 ? [null] : buttons.Cast<IElement?>())
        {
            var method = (button?.GetAttribute("formmethod") ?? form.GetAttribute("method") ?? "get").Trim().ToUpperInvariant();
            var enctype = button?.GetAttribute("formenctype") ?? form.GetAttribute("enctype");
            var (fields, files) = FormData(form, button, fillRequired);
            var label = button is null
                ? "(implicit submission, no button)"
                : (button.GetAttribute("name") is { Length: > 0 } name ? $"{name}={button.GetAttribute("value")} " : string.Empty)
                    + $"\"{string.Join(' ', ((button as IHtmlInputElement)?.Value ?? button.TextContent).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}\"";
            submissions.Add(new FormSubmission(
                page.Url,
                method == "POST" ? "POST" : "GET",
                Resolve(page.Url, button?.GetAttribute("formaction") ?? form.GetAttribute("action")),
                method == "POST" && string.Equals(enctype, "multipart/form-data", StringComparison.OrdinalIgnoreCase),
                fields,
                files,
                label));
        }

        return [.. submissions.DistinctBy(s => (s.Method, s.Action, s.Multipart, string.Join('&', s.Fields.Select(f => $"{f.Key}={f.Value}"))))];
    }

    /// <summary>Sends a submission the way the browser would: urlencoded or multipart POST, or a GET with the fields as the query.</summary>
    public async Task<Page> SubmitAsync(FormSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.Method == "GET")
        {
            using var query = new FormUrlEncodedContent(submission.Fields);
            // As a browser does: the form's fields replace the action's query; its fragment is not sent.
            var url = $"{submission.Action.Split('#')[0].Split('?')[0]}?{await query.ReadAsStringAsync(Ct)}";
            return await GetAsync(url);
        }

        if (!submission.Multipart)
        {
            return await PostAsync(submission.Action, submission.Fields);
        }

        using var body = new MultipartFormDataContent();
        foreach (var (name, value) in submission.Fields)
        {
            body.Add(new StringContent(value), name);
        }

        foreach (var file in submission.Files)
        {
            // Set by hand: an empty file input is sent with filename="", which MultipartFormDataContent.Add refuses.
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(file.FileName.Length == 0 ? "application/octet-stream" : "text/csv");
            part.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data") { Name = $"\"{file.Name}\"", FileName = $"\"{file.FileName}\"" };
            body.Add(part);
        }

        using var response = await Http.PostAsync(submission.Action, body, Ct);
        return await Page.ReadAsync(response, submission.Action);
    }

    public async Task<Page> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        using var response = await Http.PostAsync(url, content, Ct);
        return await Page.ReadAsync(response, url);
    }

    /// <summary>Follows a redirect answer with a GET and asserts the target rendered.</summary>
    public async Task<Page> FollowAsync(Page page)
    {
        ArgumentNullException.ThrowIfNull(page);
        Assert.True(page.Status is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"Expected a redirect from {page.Url} but got {(int)page.Status}: {page.Text[..Math.Min(page.Text.Length, 400)]}");
        return await GetOkAsync(page.Location!);
    }

    /// <summary>Signs in through the real development sign-in form.</summary>
    public async Task SignInAsync(string personaId)
    {
        var page = await GetOkAsync("/account/sign-in");
        var result = await SubmitAsync(page, "form", [new("PersonaId", personaId)]);
        Assert.Equal(HttpStatusCode.Redirect, result.Status);
    }

    public void Dispose() => Http.Dispose();

    /// <summary>The form's successful controls as a browser collects them, the submitter's name/value included.</summary>
    private static (List<KeyValuePair<string, string>> Fields, List<FormFile> Files) FormData(IHtmlFormElement form, IElement? submitter, Func<IElement, string>? fillRequired)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var files = new List<FormFile>();
        var radioGroups = new Dictionary<string, (IHtmlInputElement First, bool Checked, bool Required)>(StringComparer.Ordinal);
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !input.IsDisabled:
                    if (input.Type is "radio")
                    {
                        var group = radioGroups.TryGetValue(input.Name!, out var known) ? known : (First: input, Checked: false, Required: false);
                        radioGroups[input.Name!] = (group.First, group.Checked || input.IsChecked, group.Required || input.HasAttribute("required"));
                    }

                    if (input.Type is "file")
                    {
                        files.Add(Required(input) && fillRequired is not null
                            ? new FormFile(input.Name!, "form.csv", System.Text.Encoding.UTF8.GetBytes(fillRequired(input)))
                            : new FormFile(input.Name!, string.Empty, []));
                        break;
                    }

                    if (input.Type is "checkbox" && !input.IsChecked && Required(input) && fillRequired is not null)
                    {
                        fields.Add(new(input.Name!, input.Value));
                        break;
                    }

                    if (input.Type is "checkbox" or "radio" && !input.IsChecked)
                    {
                        break;
                    }

                    if (input.Type is "submit" or "button" or "reset" or "image")
                    {
                        break;
                    }

                    fields.Add(new(input.Name!, Filled(input, input.Value, fillRequired)));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name) && !area.IsDisabled:
                    fields.Add(new(area.Name!, Filled(area, area.Value, fillRequired)));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !select.IsDisabled:
                    if (select.IsMultiple)
                    {
                        fields.AddRange(select.Options.Where(o => o.IsSelected && !o.IsDisabled).Select(o => new KeyValuePair<string, string>(select.Name!, o.Value)));
                        break;
                    }

                    var value = select.Value ?? string.Empty;
                    if (value.Length == 0 && Required(select) && fillRequired is not null)
                    {
                        value = select.Options.FirstOrDefault(o => !o.IsDisabled && o.Value.Length > 0)?.Value ?? string.Empty;
                    }

                    fields.Add(new(select.Name!, value));
                    break;
            }
        }

        // A required radio group with nothing chosen stops the browser; the caller asked for plausible values, so pick the first.
        foreach (var (name, group) in radioGroups.Where(g => !g.Value.Checked && g.Value.Required && fillRequired is not null))
        {
            fields.Add(new(name, group.First.Value));
        }

        if (submitter is IHtmlInputElement { Type: "image" } image)
        {
            // An image button sends where it was clicked, not a value.
            var prefix = string.IsNullOrEmpty(image.Name) ? string.Empty : image.Name + ".";
            fields.AddRange([new($"{prefix}x", "0"), new($"{prefix}y", "0")]);
        }
        else if (submitter?.GetAttribute("name") is { Length: > 0 } submitterName)
        {
            fields.Add(new(submitterName, submitter.GetAttribute("value") ?? string.Empty));
        }

        return (fields, files);
    }

    private static bool Required(IElement element) => element.HasAttribute("required");

    private static string Filled(IElement element, string value, Func<IElement, string>? fillRequired) =>
        value.Length == 0 && Required(element) && fillRequired is not null ? fillRequired(element) : value;

    private static bool IsSubmitButton(IElement element) => element switch
    {
        IHtmlButtonElement button => button.Type is "submit",
        IHtmlInputElement input => input.Type is "submit" or "image",
        _ => false,
    };

    /// <summary>Resolves a form's target as the browser does (relative to the page, fragment dropped); same-site targets stay paths.</summary>
    private static string Resolve(string pageUrl, string? action)
    {
        var origin = new Uri("http://localhost/");
        var page = new Uri(origin, pageUrl);
        var target = string.IsNullOrEmpty(action) ? page : new Uri(page, action);
        return target.GetLeftPart(UriPartial.Authority) == origin.GetLeftPart(UriPartial.Authority) ? target.PathAndQuery : target.GetLeftPart(UriPartial.Query);
    }
}

/// <summary>A file control's part of a multipart submission; an empty input is sent with no file name and no bytes.</summary>
public sealed record FormFile(string Name, string FileName, byte[] Content);

/// <summary>One way a browser can submit a form: to where, how, with which fields, pressing which button.</summary>
public sealed record FormSubmission(
    string PageUrl,
    string Method,
    string Action,
    bool Multipart,
    IReadOnlyList<KeyValuePair<string, string>> Fields,
    IReadOnlyList<FormFile> Files,
    string Button)
{
    /// <summary>The Razor Pages handler the submission asks for (the query's <c>handler</c>), if any.</summary>
    public string? Handler => Action.Split('#')[0].Split('?') is [_, var query]
        ? query.Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == "handler") is [_, var handler] ? Uri.UnescapeDataString(handler) : null
        : null;

    public override string ToString() => $"{Method} {Action} (handler {Handler ?? "none"}, button {Button}) from the form on {PageUrl}";
}

/// <summary>An HTTP answer with its HTML parsed.</summary>
public sealed record Page(string Url, HttpStatusCode Status, string? Location, string Text, IHtmlDocument Document)
{
    private static readonly HtmlParser Parser = new();

    public static async Task<Page> ReadAsync(HttpResponseMessage response, string url)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync(HtmlClient.Ct);
        var location = response.Headers.Location?.ToString();
        return new Page(url, response.StatusCode, location, text, Parser.ParseDocument(text));
    }

    /// <summary>The antiforgery token of the page's first form.</summary>
    public string AntiforgeryToken => Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException($"No antiforgery token on {Url}.");

    /// <summary>The visible text of the page's main element, whitespace collapsed.</summary>
    public string MainText => string.Join(' ', (Document.QuerySelector("main")?.TextContent ?? Document.Body?.TextContent ?? string.Empty)
        .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
