using System.Globalization;
using System.Text;

namespace Consultations.Core.Search;

public enum SearchTermKind
{
    /// <summary>A word, matched by its stem ("standards" finds "standard").</summary>
    Word,

    /// <summary>Words in quotes, matched as written and in that order.</summary>
    Phrase,

    /// <summary>The start of a word (<c>regulat*</c>), matched against words as written.</summary>
    Prefix,
}

/// <summary>Something to look for: as typed, and as the index holds it.</summary>
public sealed record SearchTerm(SearchTermKind Kind, string Text, IReadOnlyList<SearchToken> Tokens);

/// <summary>Why the results may not be what was typed; the page says so in a short line.</summary>
[Flags]
public enum SearchNotices
{
    None = 0,

    /// <summary>The query could not be read as written (an unclosed quote, a dangling OR, a lone *): it was searched as plain words.</summary>
    PlainWords = 1,

    /// <summary>The query was longer than search reads: only its start was searched.</summary>
    Shortened = 2,

    /// <summary>Nothing in the query can be searched for (only operators or punctuation).</summary>
    NothingToSearch = 4,

    /// <summary>The index is being built: results may be missing notes until it is complete.</summary>
    IndexIncomplete = 8,

    /// <summary>Notes are still being read for meaning (embedded): the results match the words only, ranked by them.</summary>
    MeaningPending = 16,

    /// <summary>Results the index still held were left out because the note changed since (returned, deleted, or it would now name someone).</summary>
    Withheld = 64,
}

/// <summary>
/// A search as typed, read into terms: words (all must match), "exact phrases", alternatives joined by OR, -excluded
/// terms and prefix* searches. Reading never fails: a query that does not follow the syntax is searched as plain words
/// with <see cref="SearchNotices.PlainWords"/>, one that is too long is cut with <see cref="SearchNotices.Shortened"/>.
/// There is deliberately no field syntax: what text is searched is decided by the searcher's scope, never by the query.
/// </summary>
public sealed class SearchQuery
{
    /// <summary>Characters read; a search box needs far fewer, and every term costs a clause.</summary>
    public const int MaxLength = 500;

    /// <summary>Terms read, alternatives and exclusions included.</summary>
    public const int MaxTerms = 32;

    /// <summary>Letters before a <c>*</c>: one letter would expand to most of the vocabulary.</summary>
    public const int MinPrefixLength = 2;

    private SearchQuery(string text, IReadOnlyList<IReadOnlyList<SearchTerm>> required, IReadOnlyList<SearchTerm> excluded, SearchNotices notices)
    {
        Text = text;
        Required = required;
        Excluded = excluded;
        Notices = notices;
    }

    /// <summary>Nothing typed: every document the searcher may see matches (facets alone narrow it).</summary>
    public static SearchQuery Empty { get; } = new(string.Empty, [], [], SearchNotices.None);

    /// <summary>The text as read (normalised, at most <see cref="MaxLength"/> characters).</summary>
    public string Text { get; }

    /// <summary>Each group must match; within a group any one alternative (terms joined by OR) is enough.</summary>
    public IReadOnlyList<IReadOnlyList<SearchTerm>> Required { get; }

    /// <summary>Terms no result may contain.</summary>
    public IReadOnlyList<SearchTerm> Excluded { get; }

    public SearchNotices Notices { get; }

    /// <summary>True when no term narrows the search: every document in scope matches.</summary>
    public bool MatchesEverything => Required.Count == 0 && Excluded.Count == 0 && !MatchesNothing;

    /// <summary>True when something was typed but none of it can be searched for.</summary>
    public bool MatchesNothing => Notices.HasFlag(SearchNotices.NothingToSearch);

    /// <summary>What was searched, written back in the query syntax (for "searched as plain words: …").</summary>
    public string Searched
    {
        get
        {
            var parts = Required.Select(g => string.Join(" OR ", g.Select(Render)))
                .Concat(Excluded.Select(t => "-" + Render(t)));
            return string.Join(' ', parts);
        }
    }

    /// <summary>Reads a query; never throws.</summary>
    public static SearchQuery Parse(string? text)
    {
        var notices = SearchNotices.None;
        var input = SearchAnalyzers.Normalise(text ?? string.Empty).Trim();
        if (input.Length > MaxLength)
        {
            input = Shorten(input);
            notices |= SearchNotices.Shortened;
        }

        if (input.Length == 0)
        {
            return Empty;
        }

        if (!TryReadSyntax(input, out var required, out var excluded))
        {
            (required, excluded) = (PlainWords(input), []);
            notices |= SearchNotices.PlainWords;
        }

        return Analyse(input, required, excluded, notices);
    }

    private static string Render(SearchTerm term) => term.Kind switch
    {
        SearchTermKind.Phrase => $"\"{term.Text}\"",
        SearchTermKind.Prefix => term.Text + "*",
        _ => term.Text,
    };

    /// <summary>The first <see cref="MaxLength"/> characters, cut at a space when one is near so no word is halved.</summary>
    private static string Shorten(string input)
    {
        var cut = input[..MaxLength];
        var space = cut.LastIndexOf(' ');
        return (space >= MaxLength - 50 ? cut[..space] : cut).Trim();
    }

    private static bool TryReadSyntax(string input, out List<List<RawTerm>> required, out List<RawTerm> excluded)
    {
        required = [];
        excluded = [];
        var afterOperator = false;
        var pendingOr = false;
        var lastExcluded = false;
        var any = false;
        var i = 0;
        while (i < input.Length)
        {
            if (char.IsWhiteSpace(input[i]))
            {
                i++;
                continue;
            }

            var exclude = false;
            if (input[i] == '-')
            {
                // A minus with nothing after it, or doubled, is not an exclusion anyone meant to write.
                if (i + 1 >= input.Length || char.IsWhiteSpace(input[i + 1]) || input[i + 1] == '-')
                {
                    return false;
                }

                exclude = true;
                i++;
            }

            RawTerm term;
            if (input[i] == '"')
            {
                var close = input.IndexOf('"', i + 1);
                if (close < 0)
                {
                    return false;
                }

                var inner = input[(i + 1)..close].Trim();
                i = close + 1;
                if (inner.Length == 0 || (i < input.Length && !char.IsWhiteSpace(input[i])))
                {
                    return false;
                }

                term = new RawTerm(SearchTermKind.Phrase, inner);
            }
            else
            {
                var end = i;
                while (end < input.Length && !char.IsWhiteSpace(input[end]))
                {
                    end++;
                }

                var word = input[i..end];
                i = end;
                if (word.Contains('"', StringComparison.Ordinal))
                {
                    return false;
                }

                if (!exclude && word is "OR" or "AND")
                {
                    // An operator joins two terms: not first, not after another operator, and OR never joins an exclusion.
                    if (!any || afterOperator || (word == "OR" && lastExcluded))
                    {
                        return false;
                    }

                    pendingOr = word == "OR";
                    afterOperator = true;
                    continue;
                }

                var stars = word.Count(c => c == '*');
                if (stars == 0)
                {
                    term = new RawTerm(SearchTermKind.Word, word);
                }
                else
                {
                    var stem = word[..^1];
                    if (stars > 1 || !word.EndsWith('*') || stem.Count(char.IsLetterOrDigit) < MinPrefixLength)
                    {
                        return false;
                    }

                    term = new RawTerm(SearchTermKind.Prefix, stem);
                }
            }

            if (pendingOr)
            {
                if (exclude)
                {
                    return false;
                }

                required[^1].Add(term);
            }
            else if (exclude)
            {
                excluded.Add(term);
            }
            else
            {
                required.Add([term]);
            }

            any = true;
            afterOperator = false;
            pendingOr = false;
            lastExcluded = exclude;
        }

        return !afterOperator;
    }

    /// <summary>Every word typed, without quotes, stars, leading minus signs or operators.</summary>
    private static List<List<RawTerm>> PlainWords(string input)
    {
        var cleaned = new StringBuilder(input.Length);
        foreach (var c in input)
        {
            cleaned.Append(c is '"' or '*' ? ' ' : c);
        }

        return [.. cleaned.ToString()
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.TrimStart('-'))
            .Where(w => w.Length > 0 && w is not ("OR" or "AND"))
            .Select(w => new List<RawTerm> { new(SearchTermKind.Word, w) })];
    }

    /// <summary>
    /// Turns typed terms into index tokens. Stop words are dropped from words unless the query has nothing else ("to be
    /// or not to be"); a term that leaves no token (punctuation) is dropped, and a query whose every required term was
    /// dropped finds nothing rather than everything.
    /// </summary>
    private static SearchQuery Analyse(string input, List<List<RawTerm>> required, List<RawTerm> excluded, SearchNotices notices)
    {
        var budget = MaxTerms;
        var keepStopWords = !required.SelectMany(g => g).Any(t => t.Kind != SearchTermKind.Word || SearchAnalyzers.Tokens(SearchAnalyzers.Words, t.Text).Count > 0);
        var groups = new List<IReadOnlyList<SearchTerm>>();
        foreach (var group in required)
        {
            var terms = new List<SearchTerm>();
            foreach (var raw in group)
            {
                if (budget-- <= 0)
                {
                    notices |= SearchNotices.Shortened;
                    break;
                }

                if (ToTerm(raw, keepStopWords) is { } term)
                {
                    terms.Add(term);
                }
            }

            if (terms.Count > 0)
            {
                groups.Add(terms);
            }
        }

        var exclusions = new List<SearchTerm>();
        foreach (var raw in excluded)
        {
            if (budget-- <= 0)
            {
                notices |= SearchNotices.Shortened;
                break;
            }

            if (ToTerm(raw, keepStopWords) is { } term)
            {
                exclusions.Add(term);
            }
        }

        if ((required.Count > 0 && groups.Count == 0) || (required.Count == 0 && exclusions.Count == 0))
        {
            return new SearchQuery(input, [], [], notices | SearchNotices.NothingToSearch);
        }

        return new SearchQuery(input, groups, exclusions, notices);
    }

    private static SearchTerm? ToTerm(RawTerm raw, bool keepStopWords)
    {
        var analyzer = raw.Kind switch
        {
            SearchTermKind.Word => keepStopWords ? SearchAnalyzers.AllWords : SearchAnalyzers.Words,
            _ => SearchAnalyzers.Exact,
        };
        var tokens = SearchAnalyzers.Tokens(analyzer, raw.Text);
        if (tokens.Count == 0)
        {
            return null;
        }

        // "x-a*" leaves a one-letter prefix after analysis: searched as the words it is rather than most of the vocabulary.
        var kind = raw.Kind == SearchTermKind.Prefix && tokens[^1].Text.Length < MinPrefixLength ? SearchTermKind.Word : raw.Kind;
        return new SearchTerm(kind, raw.Text, tokens);
    }

    public override string ToString() => Searched.Length > 0 ? Searched : Text;

    private sealed record RawTerm(SearchTermKind Kind, string Text);
}

/// <summary>Short sentences for <see cref="SearchNotices"/>, in the order a page shows them.</summary>
public static class SearchNoticeText
{
    public static IReadOnlyList<string> Describe(SearchNotices notices, SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var lines = new List<string>();
        if (notices.HasFlag(SearchNotices.Shortened))
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"The search was too long: only its first {SearchQuery.MaxLength} characters and {SearchQuery.MaxTerms} terms were used."));
        }

        if (notices.HasFlag(SearchNotices.PlainWords))
        {
            lines.Add(query.Searched.Length > 0
                ? $"The search could not be read as written, so it looked for the plain words: {query.Searched}."
                : "The search could not be read as written.");
        }

        if (notices.HasFlag(SearchNotices.NothingToSearch))
        {
            lines.Add("There is nothing to search for: type a word or a phrase in quotes.");
        }

        if (notices.HasFlag(SearchNotices.IndexIncomplete))
        {
            lines.Add("The search index is being built: some notes may be missing from the results for a few minutes.");
        }

        if (notices.HasFlag(SearchNotices.MeaningPending))
        {
            lines.Add("Search by meaning is still being prepared: these results match your words only.");
        }

        if (notices.HasFlag(SearchNotices.Withheld))
        {
            lines.Add("Some results were left out because their notes changed a moment ago; counts may include them until the index catches up.");
        }

        return lines;
    }
}
