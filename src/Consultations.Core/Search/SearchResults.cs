using System.Net;
using System.Text;
using Consultations.Core.Domain;

namespace Consultations.Core.Search;

/// <summary>One page of results with the counts of every facet over all hits (not only this page).</summary>
public sealed record SearchResults(
    SearchQuery Query,
    int Total,
    int Page,
    int PageSize,
    IReadOnlyList<SearchHit> Hits,
    IReadOnlyList<FacetCounts> Facets,
    SearchNotices Notices)
{
    public int PageCount => Total == 0 ? 0 : Math.Min((Total + PageSize - 1) / PageSize, SearchRequest.MaxResultWindow / PageSize);

    public FacetCounts? Facet(SearchFacet facet) => Facets.FirstOrDefault(f => f.Facet == facet);

    /// <summary>The short sentences a page shows about <see cref="Notices"/>.</summary>
    public IReadOnlyList<string> NoticeText => SearchNoticeText.Describe(Notices, Query);

    public static SearchResults None(SearchRequest request, SearchNotices notices)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(request.Query, 0, request.Page, request.PageSize, [], [], notices | request.Query.Notices);
    }
}

/// <summary>A facet's values with how many hits carry each; chosen values are listed even when none carries them.</summary>
public sealed record FacetCounts(SearchFacet Facet, IReadOnlyList<FacetValue> Values);

public sealed record FacetValue(string Value, int Count, bool Selected);

/// <summary>
/// One result: where it lives and enough to list it. The page links to the note (or brief version) and reads it through
/// the usual loader and reader gate before showing more than the snippet.
/// </summary>
public sealed record SearchHit
{
    public required string Key { get; init; }

    public required SearchView View { get; init; }

    public required string ProgrammeId { get; init; }

    /// <summary>The note's consultation; null for a brief.</summary>
    public string? ConsultationId { get; init; }

    public string? SessionId { get; init; }

    public string? SessionTitle { get; init; }

    /// <summary>The note id, or the brief version id.</summary>
    public required string Id { get; init; }

    public string? BriefId { get; init; }

    public int? BriefVersion { get; init; }

    /// <summary>A brief version's title as readers get it.</summary>
    public string? Title { get; init; }

    public NoteStatus? Status { get; init; }

    public DisclosureRule? DisclosureRule { get; init; }

    public NoteKind? Kind { get; init; }

    public IReadOnlyList<string> Themes { get; init; } = [];

    /// <summary>Null when there is none or the searcher may not see it (a group below k, for readers).</summary>
    public string? StakeholderGroup { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public float Score { get; init; }

    public required Snippet Snippet { get; init; }
}

/// <summary>A stretch of a snippet: plain text (never markup), highlighted where it matched.</summary>
public readonly record struct SnippetSegment(string Text, bool Highlighted);

/// <summary>
/// A short extract of the text a result was found in, as plain-text segments. The highlighter's output is never
/// trusted as HTML: a page renders each segment's text encoded (Razor does) and marks the highlighted ones itself,
/// or uses <see cref="ToHtml"/>, which encodes every character of the text.
/// </summary>
public sealed record Snippet(IReadOnlyList<SnippetSegment> Segments)
{
    public static Snippet Empty { get; } = new([]);

    public string PlainText => string.Concat(Segments.Select(s => s.Text));

    public bool HasHighlights => Segments.Any(s => s.Highlighted);

    /// <summary>HTML with every character of the text encoded and highlighted stretches in <c>&lt;mark&gt;</c>.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        foreach (var segment in Segments)
        {
            var encoded = WebUtility.HtmlEncode(segment.Text);
            html.Append(segment.Highlighted ? $"<mark>{encoded}</mark>" : encoded);
        }

        return html.ToString();
    }

    /// <summary>
    /// Segments from text where <paramref name="open"/> and <paramref name="close"/> surround highlighted stretches
    /// (the markers a highlighter was told to write; the source text must not contain them). Adjacent segments of the same
    /// kind are joined, and so are highlights with only spaces between them; empty segments are dropped.
    /// </summary>
    public static Snippet FromMarked(string marked, char open, char close)
    {
        ArgumentNullException.ThrowIfNull(marked);
        var segments = new List<SnippetSegment>();
        var current = new StringBuilder();
        var highlighted = false;
        foreach (var c in marked)
        {
            if (c == open || c == close)
            {
                Flush();
                highlighted = c == open;
                continue;
            }

            current.Append(c);
        }

        Flush();
        return new Snippet(segments);

        void Flush()
        {
            if (current.Length == 0)
            {
                return;
            }

            if (segments.Count > 0 && segments[^1].Highlighted == highlighted)
            {
                segments[^1] = segments[^1] with { Text = segments[^1].Text + current };
            }
            else if (highlighted && segments.Count > 1 && segments[^2].Highlighted && string.IsNullOrWhiteSpace(segments[^1].Text))
            {
                // "Đà" and "Nẵng" matched one by one read as one highlight.
                segments[^2] = segments[^2] with { Text = segments[^2].Text + segments[^1].Text + current };
                segments.RemoveAt(segments.Count - 1);
            }
            else
            {
                segments.Add(new SnippetSegment(current.ToString(), highlighted));
            }

            current.Clear();
        }
    }

    /// <summary>This snippet followed by <paramref name="other"/>, joined by <paramref name="separator"/> (plain text).</summary>
    public Snippet Append(Snippet other, string separator)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Segments.Count == 0)
        {
            return other;
        }

        if (other.Segments.Count == 0)
        {
            return this;
        }

        return new Snippet([.. Segments, new SnippetSegment(separator, false), .. other.Segments]);
    }
}
