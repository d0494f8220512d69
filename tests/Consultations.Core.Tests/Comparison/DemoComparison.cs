using Consultations.Core.Analysis;
using Consultations.Core.Comparison;
using Consultations.Core.Demo;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Tests.Guard;

namespace Consultations.Core.Tests.Comparison;

/// <summary>
/// A comparison of the demo programme built as the web app's ComparisonBuilder builds it, without a store: published
/// notes of sessions that are not off the record, Clean when the attribution guard finds nothing against the
/// consultation's register, cells with a two-sentence summary of clean notes and three key phrases, and findings
/// weighed against the whole programme's notes (every status, as ProgrammeAnalysis reads them).
/// </summary>
internal static class DemoComparison
{
    // As Consultations.Web's ComparisonBuilder, which this project cannot reference.
    private const int SummarySentences = 2;
    private const int KeyPhrasesPerCell = 3;

    private static readonly Lazy<(List<ComparedCountry> Countries, List<ComparedNote> Notes, KeyPhrases Corpus, Dictionary<string, HashSet<string>> Discussed)> Data = new(Load);

    public static ThemeTaxonomy Taxonomy => ThemeTaxonomy.Default;

    public static IReadOnlyList<ComparedCountry> Countries => Data.Value.Countries;

    /// <summary>Every published note the comparison reads, all countries and themes.</summary>
    public static IReadOnlyList<ComparedNote> Notes => Data.Value.Notes;

    /// <summary>Each consultation's attribution guard, compiled from its register as the app compiles it.</summary>
    public static IReadOnlyList<AttributionGuard> Guards => GuardsOf.Value;

    private static readonly Lazy<List<AttributionGuard>> GuardsOf = new(() => [.. DemoSeeder.LoadData().Consultations.Select(Guard)]);

    /// <summary>The comparison of the given countries (codes, all when null), themes (all active when null), kind and sub-theme.</summary>
    public static ComparisonResult Build(string[]? countryCodes = null, string[]? themes = null, NoteKind? kind = null, string? subTheme = null)
    {
        var (allCountries, notes, corpus, discussed) = Data.Value;
        var countries = countryCodes is null ? allCountries : [.. allCountries.Where(c => countryCodes.Any(code => c.ConsultationId == DemoSeeder.ConsultationIdFor(code)))];
        var chosen = Taxonomy.ActiveThemes.Where(t => themes is null || themes.Contains(t.Key)).ToList();
        var cells = new Dictionary<(string Theme, string ConsultationId), MatrixCell>();
        foreach (var country in countries)
        {
            foreach (var theme in chosen)
            {
                var themed = notes.Where(n => n.ConsultationId == country.ConsultationId && n.Themes.Contains(theme.Key)
                    && (kind is null || n.Kind == kind) && (subTheme is null || n.SubThemes.Contains(subTheme))).ToList();
                var state = themed.Count > 0 ? CoverageState.Recorded
                    : discussed[country.ConsultationId].Contains(theme.Key) ? CoverageState.NotRecorded : CoverageState.NotDiscussed;
                var clean = themed.Where(n => n.Clean).Select(n => new AnalysisDocument(n.Id, n.Text)).ToList();
                var summary = clean.Count == 0 ? [] : ExtractiveSummary.Summarize(clean, SummarySentences);
                var phrases = themed.Count == 0 ? [] : corpus.Extract([.. themed.Select(n => n.Text)], KeyPhrasesPerCell);
                cells[(theme.Key, country.ConsultationId)] = new MatrixCell(theme.Key, country.ConsultationId, state, themed, [], phrases, summary);
            }
        }

        var options = new FindingOptions { BackgroundShare = corpus.DocumentShare };
        var findings = chosen
            .Select(t => Findings.For(t.Key, countries, [.. countries.SelectMany(c => cells[(t.Key, c.ConsultationId)].Notes)], Taxonomy, options))
            .ToList();
        return new ComparisonResult(countries, chosen, cells, findings);
    }

    private static (List<ComparedCountry>, List<ComparedNote>, KeyPhrases, Dictionary<string, HashSet<string>>) Load()
    {
        var data = DemoSeeder.LoadData();
        var countries = new List<ComparedCountry>();
        var notes = new List<ComparedNote>();
        var corpus = new KeyPhrases();
        var discussed = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var consultation in data.Consultations)
        {
            var id = DemoSeeder.ConsultationIdFor(consultation.Country);
            countries.Add(new ComparedCountry(id, Country.FromCode(consultation.Country).Name));
            var guard = Guard(consultation);
            discussed[id] = [.. consultation.Sessions.SelectMany(s => s.Themes)];
            for (var s = 0; s < consultation.Sessions.Count; s++)
            {
                var session = consultation.Sessions[s];
                for (var n = 0; n < session.Notes.Count; n++)
                {
                    var note = session.Notes[n];
                    corpus.AddToCorpus(note.Text);
                    if (note.Status == "published" && session.DisclosureRule != "off-the-record")
                    {
                        notes.Add(new ComparedNote($"{id}-{s}-{n + 1:00}", id, $"s{s}", Kind(note.Kind), note.Text, note.Themes, note.SubThemes, 1, guard.Check(note.Text).Count == 0));
                    }
                }
            }
        }

        return (countries, notes, corpus, discussed);
    }

    private static AttributionGuard Guard(DemoConsultation consultation)
    {
        var participants = consultation.Register.Select((p, i) => new Participant($"p{i}", p.Name, p.Organisation, p.StakeholderGroup, p.Role));
        return new AttributionGuard(GuardRegister.Compile(participants, AttributionGuardTests.Key, Programme.DefaultSmallGroupThreshold), AttributionGuardTests.Key);
    }

    private static NoteKind Kind(string kind) => kind switch
    {
        "finding" => NoteKind.Finding,
        "recommendation" => NoteKind.Recommendation,
        "challenge" => NoteKind.Challenge,
        "quote" => NoteKind.Quote,
        _ => throw new InvalidOperationException($"Unknown demo note kind '{kind}'."),
    };
}
