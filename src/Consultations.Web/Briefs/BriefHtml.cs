using System.Globalization;
using System.Text;
using Consultations.Core.Domain;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Html;

namespace Consultations.Web.Briefs;

/// <summary>
/// Brief Markdown to HTML. Raw HTML in the Markdown is shown as text, never passed through (a brief is read by
/// funders: no script or markup can ride along), and links follow <see cref="BriefLinks"/>. Citations become
/// numbered links to the sources list for researchers and disappear for funders.
/// </summary>
public static class BriefHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseEmphasisExtras().DisableHtml().Build();

    /// <summary>The note ids in order of first citation; their 1-based position is the number shown.</summary>
    public static IReadOnlyList<string> SourceOrder(string markdown) => BriefCitations.Extract(markdown);

    public static IHtmlContent Render(string markdown, BriefAudience audience)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        string source;
        if (audience == BriefAudience.Funder)
        {
            source = BriefCitations.Strip(markdown);
        }
        else
        {
            var order = SourceOrder(markdown).Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i + 1, StringComparer.Ordinal);
            // "[2, 4, 7]", each number a link to its source, ascending so a reader finds them in the list.
            source = BriefCitations.Replace(markdown, ids => "\\[" + string.Join(", ", ids.Select(id => order[id]).Distinct().Order().Select(n => string.Create(CultureInfo.InvariantCulture, $"[{n}](#source-{n})"))) + "\\]");
        }

        var document = Markdown.Parse(source, Pipeline);
        BriefLinks.Apply(document);
        return new HtmlString(Markdown.ToHtml(document, Pipeline));
    }

    /// <summary>
    /// Plain text of the Markdown as readers see it, followed by every link address spelled out as words (for the
    /// guard's checks on what leaves: "https://example.org/jane-doe" must be checked as "jane doe", since the
    /// address reaches readers in the DOCX and the Markdown download).
    /// </summary>
    public static string PlainText(string markdown, BriefAudience audience)
    {
        var source = audience == BriefAudience.Funder ? BriefCitations.Strip(markdown) : markdown;
        var text = new StringBuilder(Markdown.ToPlainText(source, Pipeline));
        foreach (var inline in Markdown.Parse(source, Pipeline).Descendants<Inline>())
        {
            if (BriefLinks.UrlOf(inline) is { Length: > 0 } url)
            {
                var words = new string([.. Uri.UnescapeDataString(url).Select(c => char.IsLetterOrDigit(c) ? c : ' ')]);
                text.Append('\n').Append(words);
            }
        }

        return text.ToString();
    }
}
