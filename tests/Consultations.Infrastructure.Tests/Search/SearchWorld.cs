using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Search;
using Consultations.Infrastructure.Search;
using Consultations.Testing;

namespace Consultations.Infrastructure.Tests.Search;

/// <summary>
/// A programme with two consultations (Viet Nam, the Philippines), each with an on-the-record opening, a Chatham House
/// plenary and an off-the-record session, the people who search it, and an index in a temporary folder.
/// </summary>
internal sealed class SearchWorld : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2024, 5, 2, 9, 0, 0, TimeSpan.FromHours(7));

    public static readonly UserRef LeadVn = new("fvn", "Vy Lead");
    public static readonly UserRef LeadPh = new("fph", "Paz Lead");

    private readonly TempDirectory _folder = new();

    public SearchWorld(SearchOptions? options = null)
    {
        Programme = Programme.Create("prog", "Southeast Asia programme", null, "A funder", UserRef.System, T0);
        VietNam = NewConsultation("vn", "VN", "Hà Nội", new DateOnly(2024, 5, 2), LeadVn);
        Philippines = NewConsultation("ph", "PH", "Manila", new DateOnly(2023, 3, 14), LeadPh);
        Options = options ?? new SearchOptions();
        Index = new LuceneSearchIndex(IndexPath, Options);
    }

    public Programme Programme { get; }

    public Consultation VietNam { get; }

    public Consultation Philippines { get; }

    public SearchOptions Options { get; }

    public LuceneSearchIndex Index { get; private set; }

    public string IndexPath => Path.Combine(_folder.Path, "index");

    public static Actor Researcher { get; } = Person("r", Role.Researcher);

    public static Actor Administrator { get; } = Person("admin", Role.Administrator);

    public static Actor FacilitatorVn { get; } = Person(LeadVn.Id, Role.Facilitator);

    public static Actor FacilitatorPh { get; } = Person(LeadPh.Id, Role.Facilitator);

    public static Actor Funder { get; } = Person("fu", Role.Funder);

    public static Actor Person(string id, params Role[] roles) => new(id, id, roles.ToHashSet());

    public SearchScope Scope(Actor actor) => SearchScope.For(actor, Programme, [VietNam, Philippines]);

    /// <summary>
    /// A note as the future web layer would hand it over: published notes readers may see carry <paramref name="masked"/>
    /// (or the text itself) as reader text, unless <paramref name="withheld"/> by the gate.
    /// </summary>
    public NoteSearchDocument Note(
        string id,
        Consultation consultation,
        string text,
        NoteStatus status = NoteStatus.Published,
        string session = "plenary",
        string? masked = null,
        bool withheld = false,
        NoteKind kind = NoteKind.Finding,
        string? group = null,
        int? groupSize = null,
        string[]? themes = null,
        string[]? subThemes = null,
        DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        var lead = consultation == VietNam ? LeadVn : LeadPh;
        var when = at ?? T0;
        var found = consultation.FindSession(session)!;
        var note = Core.Domain.Note.Create(Programme, consultation, found, new NoteContent(text, kind, group, themes ?? [], subThemes ?? []), lead, when, id);
        if (status != NoteStatus.Draft)
        {
            note.Submit(lead, when);
        }

        if (status == NoteStatus.Published)
        {
            note.Publish(found, lead, when);
        }

        var readable = status == NoteStatus.Published && found.DisclosureRule != DisclosureRule.OffTheRecord && !withheld;
        var counts = group is null || groupSize is null ? null : new Dictionary<string, int> { [group] = groupSize.Value };
        return NoteSearchDocument.For(Programme, consultation, note, readable ? note.ForReaders(masked ?? note.Text) : null, counts);
    }

    public BriefSearchDocument Brief(string briefId, int number, string title, string markdown, params string[] consultations) =>
        BriefSearchDocument.For(
            new BriefVersion(BriefVersion.IdOf(briefId, number), briefId, Programme.Id, number, title, markdown, new BriefScope(consultations, ["technical-standards"], null, null), BriefCoverage.Empty, [], LeadVn, LeadPh, T0.AddDays(number)),
            title,
            markdown);

    /// <summary>Replaces the index's contents with <paramref name="documents"/> and makes them searchable.</summary>
    public async Task BuildAsync(params SearchDocument[] documents)
    {
        await Index.RebuildAsync(documents.ToAsyncEnumerable(), TestContext.Current.CancellationToken);
        Index.Refresh();
    }

    public async Task UpsertAsync(params SearchDocument[] documents)
    {
        await Index.UpsertAsync(documents, TestContext.Current.CancellationToken);
        Index.Refresh();
    }

    public Task<SearchResults> SearchAsync(Actor actor, string? query, Func<SearchRequest, SearchRequest>? refine = null)
    {
        var request = new SearchRequest { Query = SearchQuery.Parse(query), PageSize = SearchRequest.MaxPageSize };
        return Index.SearchAsync(refine is null ? request : refine(request), Scope(actor), TestContext.Current.CancellationToken);
    }

    public async Task<List<string>> IdsAsync(Actor actor, string? query, Func<SearchRequest, SearchRequest>? refine = null) =>
        [.. (await SearchAsync(actor, query, refine)).Hits.Select(h => h.Id).Order(StringComparer.Ordinal)];

    /// <summary>Closes the index and opens the folder again, as a restart would.</summary>
    public void Reopen()
    {
        Index.Dispose();
        Index = new LuceneSearchIndex(IndexPath, Options);
    }

    public void Dispose()
    {
        Index.Dispose();
        _folder.Dispose();
    }

    private Consultation NewConsultation(string id, string country, string city, DateOnly start, UserRef lead)
    {
        var consultation = Consultation.Create(id, Programme.Id, new ConsultationDetails(country, city, null, start, start.AddDays(1), ConsultationFormat.InPerson, DisclosureRule.ChathamHouse, []), UserRef.System, T0);
        consultation.AddSession("opening", "Opening", [], DisclosureRule.OnTheRecord, Programme.Taxonomy, UserRef.System, T0);
        consultation.AddSession("plenary", "Plenary: standards", ["technical-standards"], DisclosureRule.ChathamHouse, Programme.Taxonomy, UserRef.System, T0);
        consultation.AddSession("closed", "Closed door", [], DisclosureRule.OffTheRecord, Programme.Taxonomy, UserRef.System, T0);
        consultation.AssignFacilitator(lead, isLead: true, UserRef.System, T0);
        return consultation;
    }
}
