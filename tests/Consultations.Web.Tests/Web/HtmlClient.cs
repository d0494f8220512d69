using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Consultations.Web.Tests.Web;

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
        var fields = FormFields(form, submitButtonSelector is null ? null : form.QuerySelector<IHtmlButtonElement>(submitButtonSelector));
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
        var fields = FormFields(form, null);
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

    private static List<KeyValuePair<string, string>> FormFields(IHtmlFormElement form, IHtmlButtonElement? submitter)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !input.IsDisabled:
                    if (input.Type is "checkbox" or "radio" && !input.IsChecked)
                    {
                        break;
                    }

                    if (input.Type is "submit" or "button" or "file")
                    {
                        break;
                    }

                    fields.Add(new(input.Name!, input.Value));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    fields.Add(new(area.Name!, area.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    fields.Add(new(select.Name!, select.Value ?? string.Empty));
                    break;
            }
        }

        if (submitter is { Name: { Length: > 0 } name })
        {
            fields.Add(new(name, submitter.Value));
        }

        return fields;
    }
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
