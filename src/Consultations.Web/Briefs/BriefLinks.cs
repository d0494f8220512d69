using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Consultations.Web.Briefs;

/// <summary>
/// The one rule for links in brief Markdown, applied by the HTML view, the DOCX and the Markdown export: only
/// absolute <c>http:</c>, <c>https:</c> and <c>mailto:</c> URLs and in-document <c>#fragments</c> become links.
/// Any other target (<c>javascript:</c>, <c>data:</c>, <c>file:</c>, relative paths, <c>//host</c>, …) is dropped
/// and the link's text kept. Images never render: the body shows their alt text.
/// </summary>
public static class BriefLinks
{
    // U+0000 to U+0020: what a browser trims from both ends of a URL.
    private static readonly char[] C0AndSpace = [.. Enumerable.Range(0, 0x21).Select(c => (char)c)];

    private static readonly SearchValues<char> SchemeLetters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

    /// <summary>Whether <paramref name="url"/> may be a link; <paramref name="target"/> is the URL as a browser would read it.</summary>
    /// <remarks>
    /// Markdig has already decoded entities and backslash escapes in the URL, and every writer puts out exactly
    /// <paramref name="target"/> (HTML-escaped), so the browser decodes back to the string decided on here.
    /// </remarks>
    public static bool IsAllowed(string? url, [NotNullWhen(true)] out string? target)
    {
        target = null;
        if (url is null)
        {
            return false;
        }

        // What a browser does before it looks for a scheme (WHATWG URL): drop every ASCII tab and newline, then trim C0 controls and spaces.
        var cleaned = url.Replace("\t", string.Empty, StringComparison.Ordinal)
            .Replace("\n", string.Empty, StringComparison.Ordinal)
            .Replace("\r", string.Empty, StringComparison.Ordinal)
            .Trim(C0AndSpace);
        if (cleaned.StartsWith('#'))
        {
            target = cleaned;
            return true;
        }

        var colon = cleaned.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || cleaned.AsSpan(0, colon).IndexOfAnyExcept(SchemeLetters) >= 0)
        {
            // No scheme: relative to the page (a path, "//host", "?query"), never a link.
            return false;
        }

        var rest = cleaned[(colon + 1)..];
        var allowed = cleaned[..colon].ToUpperInvariant() switch
        {
            "HTTP" or "HTTPS" => rest.StartsWith("//", StringComparison.Ordinal) && Uri.TryCreate(cleaned, UriKind.Absolute, out var web) && web.Host.Length > 0,
            "MAILTO" => rest.Length > 0 && Uri.TryCreate(cleaned, UriKind.Absolute, out _),
            _ => false,
        };
        if (allowed)
        {
            target = cleaned;
        }

        return allowed;
    }

    /// <inheritdoc cref="IsAllowed(string?, out string?)"/>
    public static bool IsAllowed(string? url) => IsAllowed(url, out _);

    /// <summary>The URL a link or autolink points to, as the HTML renderer would write it.</summary>
    public static string? UrlOf(Inline inline) => inline switch
    {
        LinkInline link => link.GetDynamicUrl?.Invoke() ?? link.Url,
        AutolinkInline { IsEmail: true } autolink => "mailto:" + autolink.Url,
        AutolinkInline autolink => autolink.Url,
        _ => null,
    };

    /// <summary>
    /// Applies the rule to a parsed brief in place: a disallowed link or any image is replaced by its text (its
    /// alt text for an image), an allowed link is pointed at the cleaned URL.
    /// </summary>
    public static void Apply(MarkdownDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);

        // Collected first: the tree is changed while going through them.
        foreach (var inline in document.Descendants<Inline>().Where(i => i is LinkInline or AutolinkInline).ToList())
        {
            switch (inline)
            {
                // No image renders: the CSP (img-src 'self' data:) blocks remote ones, and a data: or same-site picture could carry text the export gate cannot read.
                case LinkInline link when link.IsImage || !IsAllowed(UrlOf(link), out _):
                    Unwrap(link);
                    break;
                case LinkInline link:
                    IsAllowed(UrlOf(link), out var target);
                    link.Url = target;
                    link.GetDynamicUrl = null;
                    break;
                case AutolinkInline autolink when !IsAllowed(UrlOf(autolink)):
                    autolink.ReplaceBy(new LiteralInline(autolink.Url) { Span = autolink.Span });
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Puts a link's children where the link was, so its text stays and the link goes.</summary>
    private static void Unwrap(LinkInline link)
    {
        var child = link.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling;
            child.Remove();
            link.InsertBefore(child);
            child = next;
        }

        link.Remove();
    }
}
