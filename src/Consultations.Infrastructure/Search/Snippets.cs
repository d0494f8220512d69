using Consultations.Core.Search;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace Consultations.Infrastructure.Search;

/// <summary>
/// Snippets by Lucene's highlighter, as plain-text segments: the highlighter writes two private-use characters around
/// each match instead of markup, and <see cref="Snippet.FromMarked"/> splits on them. The text itself is never
/// treated as markup, so a note containing &lt;script&gt; comes back as those characters, to be encoded by the page.
/// </summary>
internal static class Snippets
{
    private const char Open = '\uE000';
    private const char Close = '\uE001';
    private const int FragmentLength = 160;
    private const int MaxFragments = 2;
    private const int LeadLength = 200;

    /// <summary>A brief can be long; its first 50,000 characters are enough to find a passage (notes are at most 20,000).</summary>
    private const int MaxCharsToAnalyze = 50_000;

    private const string Ellipsis = "…";

    /// <summary>The best passages of <paramref name="text"/> for <paramref name="query"/> on <paramref name="field"/>, or its opening when nothing matches there.</summary>
    public static Snippet Make(Query query, string field, string text)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(text);

        // The markers must mean only what the highlighter wrote.
        var clean = text.Replace(Open, ' ').Replace(Close, ' ');
        if (query is not MatchAllDocsQuery)
        {
            try
            {
                var highlighted = Highlight(query, field, clean);
                if (highlighted.Segments.Count > 0)
                {
                    return highlighted;
                }
            }
            catch (InvalidTokenOffsetsException)
            {
                // Offsets that do not fit the text: the opening is still a fair snippet.
            }
        }

        return Lead(clean);
    }

    private static Snippet Highlight(Query query, string field, string text)
    {
        var scorer = new QueryScorer(query, field);
        var highlighter = new Highlighter(new MarkerFormatter(), scorer)
        {
            TextFragmenter = new SimpleSpanFragmenter(scorer, FragmentLength),
            MaxDocCharsToAnalyze = MaxCharsToAnalyze,
        };
        using var tokens = SearchAnalyzers.Index.GetTokenStream(field, text);
        var fragments = highlighter.GetBestTextFragments(tokens, text, mergeContiguousFragments: true, MaxFragments)
            .Where(f => f is not null && f.Score > 0)
            .OrderBy(f => f.FragNum)
            .ToList();
        var snippet = Snippet.Empty;
        var searchFrom = 0;
        foreach (var fragment in fragments)
        {
            var marked = fragment.ToString().Trim();
            var plain = marked.Replace(Open.ToString(), string.Empty, StringComparison.Ordinal).Replace(Close.ToString(), string.Empty, StringComparison.Ordinal);
            var at = text.IndexOf(plain, searchFrom, StringComparison.Ordinal);
            var piece = Snippet.FromMarked(marked, Open, Close);
            snippet = snippet.Segments.Count == 0 && at > 0
                ? new Snippet([new SnippetSegment(Ellipsis + " ", false), .. piece.Segments])
                : snippet.Append(piece, " " + Ellipsis + " ");
            searchFrom = at >= 0 ? at + plain.Length : searchFrom;
        }

        if (snippet.Segments.Count > 0 && searchFrom < text.TrimEnd().Length)
        {
            snippet = new Snippet([.. snippet.Segments, new SnippetSegment(" " + Ellipsis, false)]);
        }

        return snippet;
    }

    /// <summary>The opening of the text, cut at a word.</summary>
    private static Snippet Lead(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length <= LeadLength)
        {
            return trimmed.Length == 0 ? Snippet.Empty : new Snippet([new SnippetSegment(trimmed, false)]);
        }

        var cut = trimmed[..LeadLength];
        var space = cut.LastIndexOf(' ');
        return new Snippet([new SnippetSegment((space > LeadLength / 2 ? cut[..space] : cut).TrimEnd() + " " + Ellipsis, false)]);
    }

    private sealed class MarkerFormatter : IFormatter
    {
        public string HighlightTerm(string originalText, TokenGroup tokenGroup) =>
            tokenGroup.TotalScore > 0 ? Open + originalText + Close : originalText;
    }
}
