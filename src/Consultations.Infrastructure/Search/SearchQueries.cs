using Consultations.Core.Search;
using Lucene.Net.Facet;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Util;
using S = Consultations.Infrastructure.Search.SearchSchema;

namespace Consultations.Infrastructure.Search;

/// <summary>
/// One part of a scope: the documents a view covers, the text field it searches, and the query over that field.
/// <see cref="Text"/> is the query without its filter, which is what snippets highlight.
/// </summary>
internal sealed record SearchBranch(SearchView View, string Field, Query Text, Query Query);

/// <summary>
/// Builds Lucene queries from a request and a scope. The scope is applied here, inside the query, as one filtered
/// branch per view: readers' branch searches only <c>reader_text</c> of notes readers may see (and leaves out the
/// consultations the searcher facilitates); the facilitator's branch searches <c>text</c> only inside those
/// consultations; the funder's branch only brief versions. Nothing else ever queries a text field, so the full text of
/// a note can only match for its own facilitators, and every count made with these queries counts only what the
/// searcher may find.
/// </summary>
internal static class SearchQueries
{
    /// <summary>
    /// The branches of <paramref name="scope"/>; <paramref name="sideways"/> leaves that facet's own choice out (its counts
    /// show the alternatives). <paramref name="alsoKeys"/> (matches by meaning) are found besides the text's matches, but
    /// only where the branch's scope and filters let them through, and they add nothing to the score.
    /// </summary>
    public static IReadOnlyList<SearchBranch> Branches(SearchRequest request, SearchScope scope, SearchFacet? sideways = null, bool hideSmallGroups = false, IReadOnlyCollection<string>? alsoKeys = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scope);
        var branches = new List<SearchBranch>();
        if (request.Query.MatchesNothing)
        {
            return branches;
        }

        if (scope.ReaderNotes)
        {
            branches.Add(Branch(SearchView.Reader, request, scope, sideways, hideSmallGroups, alsoKeys));
        }

        if (scope.FullTextConsultations.Count > 0)
        {
            branches.Add(Branch(SearchView.Full, request, scope, sideways, hideSmallGroups, alsoKeys));
        }

        if (scope.PublishedBriefs)
        {
            branches.Add(Branch(SearchView.Brief, request, scope, sideways, hideSmallGroups, alsoKeys));
        }

        return branches;
    }

    /// <summary>Any branch (they never overlap: a note is searched by one view only).</summary>
    public static Query Combine(IReadOnlyList<SearchBranch> branches)
    {
        ArgumentNullException.ThrowIfNull(branches);
        if (branches.Count == 1)
        {
            return branches[0].Query;
        }

        // No clause at all matches nothing, which is right for an empty scope.
        var any = new BooleanQuery(disableCoord: true);
        foreach (var branch in branches)
        {
            any.Add(branch.Query, Occur.SHOULD);
        }

        return any;
    }

    /// <summary>The typed query over one text field: every group must match (any alternative in it), no exclusion may.</summary>
    public static Query Text(SearchQuery query, string field)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.MatchesEverything)
        {
            return new MatchAllDocsQuery();
        }

        var all = new BooleanQuery();
        foreach (var group in query.Required)
        {
            if (group.Count == 1)
            {
                all.Add(Term(group[0], field), Occur.MUST);
                continue;
            }

            var any = new BooleanQuery();
            foreach (var term in group)
            {
                any.Add(Term(term, field), Occur.SHOULD);
            }

            all.Add(any, Occur.MUST);
        }

        foreach (var term in query.Excluded)
        {
            all.Add(Term(term, field), Occur.MUST_NOT);
        }

        if (query.Required.Count == 0)
        {
            // Only exclusions: everything else in scope.
            all.Add(new MatchAllDocsQuery(), Occur.MUST);
        }

        return all;
    }

    /// <summary>Documents by key: a filter, to be combined with a branch's scope.</summary>
    public static TermsFilter Keys(IEnumerable<string> keys) =>
        new(S.Key, [.. keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(k => new BytesRef(k))]);

    /// <summary>
    /// The published notes readers may see among <paramref name="keys"/>, in <paramref name="programmeId"/>: the reader
    /// branch's own scope, whoever asks (similar notes are always shown as readers see them).
    /// </summary>
    public static Query ReaderNotes(string programmeId, IEnumerable<string> keys) =>
        new ConstantScoreQuery(new QueryWrapperFilter(new BooleanQuery
        {
            { new TermQuery(new Term(S.Programme, programmeId)), Occur.MUST },
            { new TermQuery(new Term(S.Type, S.NoteType)), Occur.MUST },
            { new TermQuery(new Term(S.Reader, "1")), Occur.MUST },
            { new ConstantScoreQuery(Keys(keys)), Occur.MUST },
        }));

    private static SearchBranch Branch(SearchView view, SearchRequest request, SearchScope scope, SearchFacet? sideways, bool hideSmallGroups, IReadOnlyCollection<string>? alsoKeys)
    {
        var field = S.TextField(view);
        var text = Text(request.Query, field);
        var filter = new BooleanQuery
        {
            { new TermQuery(new Term(S.Programme, scope.ProgrammeId)), Occur.MUST },
        };
        switch (view)
        {
            case SearchView.Reader:
                filter.Add(new TermQuery(new Term(S.Type, S.NoteType)), Occur.MUST);
                filter.Add(new TermQuery(new Term(S.Reader, "1")), Occur.MUST);
                if (scope.FullTextConsultations.Count > 0)
                {
                    // The facilitator finds these consultations' notes in full, once, through the other branch.
                    filter.Add(Consultations(scope.FullTextConsultations), Occur.MUST_NOT);
                }

                break;
            case SearchView.Full:
                filter.Add(new TermQuery(new Term(S.Type, S.NoteType)), Occur.MUST);
                filter.Add(Consultations(scope.FullTextConsultations), Occur.MUST);
                break;
            default:
                filter.Add(new TermQuery(new Term(S.Type, S.BriefType)), Occur.MUST);
                break;
        }

        foreach (var facet in Enum.GetValues<SearchFacet>())
        {
            var values = request.Selected(facet);
            if (facet == sideways || values.Count == 0)
            {
                continue;
            }

            var any = new BooleanQuery();
            foreach (var value in values)
            {
                any.Add(new TermQuery(DrillDownQuery.Term(FacetsConfig.DEFAULT_INDEX_FIELD_NAME, S.Dimension(facet), value)), Occur.SHOULD);
            }

            filter.Add(any, Occur.MUST);
        }

        if (request.ChangedSince is { } since)
        {
            // Read from the doc values the newest-first sort already keeps, so the index layout does not change.
            filter.Add(new ConstantScoreQuery(FieldCacheRangeFilter.NewInt64Range(S.Updated, since.ToUnixTimeMilliseconds(), null, includeLower: true, includeUpper: true)), Occur.MUST);
        }

        var groupMatters = hideSmallGroups || (sideways != SearchFacet.StakeholderGroup && request.Selected(SearchFacet.StakeholderGroup).Count > 0);
        if (view == SearchView.Reader && groupMatters && scope.SmallGroupThreshold > 1)
        {
            // Readers neither count nor choose a group fewer than k participants of the consultation share.
            filter.Add(NumericRangeQuery.NewInt32Range(S.GroupSize, 1, scope.SmallGroupThreshold - 1, minInclusive: true, maxInclusive: true), Occur.MUST_NOT);
        }

        var matched = text;
        if (alsoKeys is { Count: > 0 })
        {
            // Boost 0: a match by meaning alone scores nothing here; its place comes from rank fusion, not BM25.
            matched = new BooleanQuery(disableCoord: true)
            {
                { text, Occur.SHOULD },
                { new ConstantScoreQuery(Keys(alsoKeys)) { Boost = 0 }, Occur.SHOULD },
            };
        }

        return new SearchBranch(view, field, text, new FilteredQuery(matched, new QueryWrapperFilter(filter)));
    }

    private static ConstantScoreQuery Consultations(IEnumerable<string> ids) =>
        new(new TermsFilter(S.Consultation, [.. ids.Order(StringComparer.Ordinal).Select(id => new BytesRef(id))]));

    private static Query Term(SearchTerm term, string field)
    {
        var tokens = term.Tokens;
        if (term.Kind == SearchTermKind.Prefix)
        {
            var prefix = new PrefixQuery(new Term(field, tokens[^1].Text));
            if (tokens.Count == 1)
            {
                return prefix;
            }

            var words = Phrase(tokens.Take(tokens.Count - 1).ToList(), field);
            return new BooleanQuery { { words, Occur.MUST }, { prefix, Occur.MUST } };
        }

        return Phrase(tokens, field);
    }

    /// <summary>One token as a term; several (a phrase, or a word such as "ISO/IEC" that splits) in order, at their positions.</summary>
    private static Query Phrase(IReadOnlyList<SearchToken> tokens, string field)
    {
        if (tokens.Count == 1)
        {
            return new TermQuery(new Term(field, tokens[0].Text));
        }

        var phrase = new PhraseQuery();
        var first = tokens[0].Position;
        foreach (var token in tokens)
        {
            phrase.Add(new Term(field, token.Text), token.Position - first);
        }

        return phrase;
    }
}
