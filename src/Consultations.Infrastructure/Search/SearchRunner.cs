using System.Globalization;
using Consultations.Core.Domain;
using Consultations.Core.Search;
using Lucene.Net.Documents;
using Lucene.Net.Facet;
using Lucene.Net.Facet.SortedSet;
using Lucene.Net.Search;
using S = Consultations.Infrastructure.Search.SearchSchema;

namespace Consultations.Infrastructure.Search;

/// <summary>Notes found by meaning within the searcher's scope (index keys, best first) and how to blend them with the words.</summary>
internal sealed record SemanticMatches(IReadOnlyList<string> Keys, HybridWeights Weights);

/// <summary>Runs one search on one searcher: the page of hits, their snippets, and facet counts under the same scope.</summary>
internal static class SearchRunner
{
    /// <summary>Values listed per facet: sessions of every consultation of a large programme still fit.</summary>
    private const int FacetValuesPerDimension = 500;

    /// <summary>The stored fields a hit is listed with; the text is read separately, only from the field its view searched.</summary>
    private static readonly HashSet<string> ListedFields =
    [
        S.Key, S.Type, S.Programme, S.Consultation, S.Session, S.SessionTitle, S.Id, S.BriefId, S.Number, S.Title,
        S.Status, S.Disclosure, S.Kind, S.Theme, S.Group, S.GroupSize, S.Updated,
    ];

    /// <summary>How deep the word ranking is fused with the meaning ranking; word matches below it follow the fused ones in BM25 order.</summary>
    public const int FusionDepth = 1_000;

    public static SearchResults Run(IndexSearcher searcher, SortedSetDocValuesReaderState? facetState, SearchRequest request, SearchScope scope, SearchNotices notices, SemanticMatches? semantic = null)
    {
        var branches = SearchQueries.Branches(request, scope);
        if (branches.Count == 0)
        {
            return SearchResults.None(request, notices);
        }

        if (semantic is { Keys.Count: > 0 } && request.Sort == SearchSort.Relevance)
        {
            return RunHybrid(searcher, facetState, request, scope, notices, branches, semantic);
        }

        var query = SearchQueries.Combine(branches);
        var collector = new FacetsCollector();
        var top = FacetsCollector.Search(searcher, query, null, request.Page * request.PageSize, SortBy(request.Sort), doDocScores: true, doMaxScore: false, collector);
        var hits = top.ScoreDocs
            .Skip((request.Page - 1) * request.PageSize)
            .Select(scoreDoc => Hit(searcher, scoreDoc, branches, scope))
            .ToList();
        var facets = request.CountFacets && facetState is not null ? Count(searcher, facetState, request, scope, collector) : [];
        return new SearchResults(request.Query, top.TotalHits, request.Page, request.PageSize, hits, facets, notices);
    }

    /// <summary>
    /// The notes among <paramref name="keys"/> readers may see in <paramref name="programmeId"/>, as readers see them, in
    /// the order of <paramref name="keys"/>; the index decides what readers may see, whatever the keys' source says.
    /// </summary>
    public static IReadOnlyList<SearchHit> ReaderHits(IndexSearcher searcher, string programmeId, IReadOnlyList<string> keys, SearchScope scope)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        var query = SearchQueries.ReaderNotes(programmeId, keys);
        var found = searcher.Search(query, keys.Count).ScoreDocs;
        var branch = new SearchBranch(SearchView.Reader, S.ReaderText, new MatchAllDocsQuery(), query);
        var byKey = found.ToDictionary(d => Get(searcher.Doc(d.Doc, new HashSet<string> { S.Key }), S.Key) ?? string.Empty, StringComparer.Ordinal);
        return [.. keys.Where(byKey.ContainsKey).Select(k => Hit(searcher, byKey[k], [branch], scope, SearchView.Reader))];
    }

    /// <summary>
    /// Relevance with meaning: the results are the word matches plus the matches by meaning that pass the same scope and
    /// filters (one query, so the total and facet counts count exactly the listed results), ranked by weighted reciprocal
    /// rank fusion of the BM25 order (its top <see cref="FusionDepth"/>) and the cosine order.
    /// </summary>
    private static SearchResults RunHybrid(IndexSearcher searcher, SortedSetDocValuesReaderState? facetState, SearchRequest request, SearchScope scope, SearchNotices notices, IReadOnlyList<SearchBranch> wordBranches, SemanticMatches semantic)
    {
        var branches = SearchQueries.Branches(request, scope, alsoKeys: semantic.Keys);
        var union = SearchQueries.Combine(branches);
        var collector = new FacetsCollector();
        var total = FacetsCollector.Search(searcher, union, 1, collector).TotalHits;
        var wanted = request.Page * request.PageSize;
        var words = searcher.Search(SearchQueries.Combine(wordBranches), null, Math.Max(wanted, FusionDepth), SortBy(SearchSort.Relevance), doDocScores: false, doMaxScore: false).ScoreDocs;

        // The matches by meaning that pass this search's scope and filters, in cosine order.
        var passing = searcher.Search(union, SearchQueries.Keys(semantic.Keys), semantic.Keys.Count).ScoreDocs
            .ToDictionary(d => Get(searcher.Doc(d.Doc, new HashSet<string> { S.Key }), S.Key) ?? string.Empty, d => d.Doc, StringComparer.Ordinal);
        var meaning = semantic.Keys.Where(passing.ContainsKey).Select(k => Id(passing[k])).ToList();
        var fused = RankFusion.Hybrid([.. words.Take(FusionDepth).Select(d => Id(d.Doc))], meaning, semantic.Weights);
        var order = fused.Select(f => (Doc: int.Parse(f.Id, CultureInfo.InvariantCulture), Score: (float)f.Score)).ToList();
        var listed = order.Select(o => o.Doc).ToHashSet();
        order.AddRange(words.Skip(FusionDepth).Where(d => !listed.Contains(d.Doc)).Select(d => (d.Doc, 0f)));
        var hits = order
            .Skip((request.Page - 1) * request.PageSize)
            .Take(request.PageSize)
            .Select(o => Hit(searcher, new ScoreDoc(o.Doc, o.Score), branches, scope))
            .ToList();
        var facets = request.CountFacets && facetState is not null ? Count(searcher, facetState, request, scope, collector, semantic.Keys) : [];
        return new SearchResults(request.Query, total, request.Page, request.PageSize, hits, facets, notices);

        static string Id(int doc) => doc.ToString(CultureInfo.InvariantCulture);
    }

    private static Sort SortBy(SearchSort sort) => sort switch
    {
        SearchSort.Newest => new Sort(new SortField(S.Updated, SortFieldType.INT64, true), new SortField(S.KeySort, SortFieldType.STRING)),
        SearchSort.AgendaOrder => new Sort(
            new SortField(S.ConsultationDate, SortFieldType.INT64),
            new SortField(S.ConsultationSort, SortFieldType.STRING),
            new SortField(S.Agenda, SortFieldType.INT64),
            new SortField(S.Created, SortFieldType.INT64),
            new SortField(S.KeySort, SortFieldType.STRING)),
        _ => new Sort(SortField.FIELD_SCORE, new SortField(S.KeySort, SortFieldType.STRING)),
    };

    private static SearchHit Hit(IndexSearcher searcher, ScoreDoc scoreDoc, IReadOnlyList<SearchBranch> branches, SearchScope scope, SearchView? asView = null)
    {
        var listed = searcher.Doc(scoreDoc.Doc, ListedFields);
        var isBrief = Get(listed, S.Type) == S.BriefType;
        var consultationId = isBrief ? null : Get(listed, S.Consultation);
        var view = asView ?? (consultationId is null ? SearchView.Brief : scope.ViewOf(consultationId));
        var branch = branches.FirstOrDefault(b => b.View == view);

        // Only the field this view searched is read, so a reader's hit never even loads the full text.
        var text = branch is null ? null : Get(searcher.Doc(scoreDoc.Doc, new HashSet<string> { branch.Field }), branch.Field);
        var group = Get(listed, S.Group);
        if (view == SearchView.Reader && !scope.ShowsGroupToReaders(listed.GetField(S.GroupSize)?.GetInt32Value()))
        {
            group = null;
        }

        var number = listed.GetField(S.Number)?.GetInt32Value();
        return new SearchHit
        {
            Key = Get(listed, S.Key) ?? string.Empty,
            View = view,
            ProgrammeId = Get(listed, S.Programme) ?? string.Empty,
            ConsultationId = consultationId,
            SessionId = Get(listed, S.Session),
            SessionTitle = Get(listed, S.SessionTitle),
            Id = Get(listed, S.Id) ?? string.Empty,
            BriefId = Get(listed, S.BriefId),
            BriefVersion = number,
            Title = Get(listed, S.Title),
            Status = Enum.TryParse<NoteStatus>(Get(listed, S.Status), out var status) ? status : null,
            DisclosureRule = Enum.TryParse<DisclosureRule>(Get(listed, S.Disclosure), out var rule) ? rule : null,
            Kind = Enum.TryParse<NoteKind>(Get(listed, S.Kind), out var kind) ? kind : null,
            Themes = listed.GetValues(S.Theme, CultureInfo.InvariantCulture),
            StakeholderGroup = group,
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(listed.GetField(S.Updated)?.GetInt64Value() ?? 0),
            Score = float.IsNaN(scoreDoc.Score) ? 0 : scoreDoc.Score,
            Snippet = branch is null || text is null ? Snippet.Empty : Snippets.Make(branch.Text, branch.Field, text),
        };
    }

    private static string? Get(Document document, string field) => document.Get(field, CultureInfo.InvariantCulture);

    /// <summary>
    /// Counts of each facet over every hit in scope. A facet with chosen values is counted without its own choice
    /// (drill sideways), so its other values still show how many they would add; the stakeholder-group facet is
    /// counted without the readers' notes whose group is below k.
    /// </summary>
    private static List<FacetCounts> Count(IndexSearcher searcher, SortedSetDocValuesReaderState state, SearchRequest request, SearchScope scope, FacetsCollector main, IReadOnlyCollection<string>? alsoKeys = null)
    {
        SortedSetDocValuesFacetCounts? mainCounts = null;
        var facets = new List<FacetCounts>();
        foreach (var facet in Enum.GetValues<SearchFacet>())
        {
            if (facet == SearchFacet.Status && !scope.SeesStatus)
            {
                continue;
            }

            var selected = request.Selected(facet);
            var hideGroups = facet == SearchFacet.StakeholderGroup && scope.ReaderNotes;
            SortedSetDocValuesFacetCounts counts;
            if (selected.Count > 0 || hideGroups)
            {
                var sideways = SearchQueries.Branches(request, scope, selected.Count > 0 ? facet : null, hideGroups, alsoKeys);
                var collector = new FacetsCollector();
                searcher.Search(SearchQueries.Combine(sideways), collector);
                counts = new SortedSetDocValuesFacetCounts(state, collector);
            }
            else
            {
                counts = mainCounts ??= new SortedSetDocValuesFacetCounts(state, main);
            }

            var dimension = S.Dimension(facet);
            var found = state.GetOrdRange(dimension) is null ? null : counts.GetTopChildren(FacetValuesPerDimension, dimension);
            var values = (found?.LabelValues ?? [])
                .Select(v => new FacetValue(v.Label, (int)v.Value, selected.Contains(v.Label, StringComparer.Ordinal)))
                .ToList();
            values.AddRange(selected.Where(s => values.All(v => v.Value != s)).Select(s => new FacetValue(s, 0, true)));
            if (values.Count > 0)
            {
                facets.Add(new FacetCounts(facet, [.. values.OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)]));
            }
        }

        return facets;
    }
}
