using Consultations.Core.Access;
using Consultations.Core.Analysis;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Analysis;
using Consultations.Infrastructure.Guard;

namespace Consultations.Web.Comparison;

/// <summary>What to compare: consultations (all when empty), themes (all active when empty), a note kind and a sub-theme.</summary>
public sealed record ComparisonRequest(IReadOnlyList<string> ConsultationIds, IReadOnlyList<string> Themes, NoteKind? Kind, string? SubTheme);

/// <summary>How far a comparison has got, for the progress indicator of long brief generations.</summary>
public sealed record ComparisonProgress(int Done, int Total, string Stage);

/// <summary>
/// Builds a theme × country comparison of published notes for one reader: one single-partition read per
/// consultation (bounded fan-out), every note through the fail-closed reader gate — whoever is reading, because
/// everything here leaves its consultation — then counts, group mix, key phrases, summaries and findings.
/// </summary>
public sealed class ComparisonBuilder(
    IConsultationStore consultations,
    INoteStore notes,
    ConsultationGuards guards,
    ProgrammeAnalysis analysis,
    ILogger<ComparisonBuilder> logger)
{
    public const int SummarySentences = 2;
    public const int KeyPhrasesPerCell = 3;

    private static readonly TimeSpan ModelWait = TimeSpan.FromSeconds(5);

    public async Task<ComparisonResult> BuildAsync(
        Actor actor,
        Programme programme,
        ComparisonRequest request,
        IProgress<ComparisonProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(request);
        var available = await consultations.ListByProgrammeAsync(programme.Id, cancellationToken);
        var columns = request.ConsultationIds.Count == 0 ? available : [.. available.Where(c => request.ConsultationIds.Contains(c.Id))];
        var themes = programme.Taxonomy.ActiveThemes.Where(t => request.Themes.Count == 0 || request.Themes.Contains(t.Key)).ToList();
        var total = columns.Count + (themes.Count * Math.Max(1, columns.Count)) + themes.Count;
        var done = 0;
        progress?.Report(new ComparisonProgress(done, total, "Reading published notes"));

        var read = await FanOut.RunAsync(
            columns,
            async (c, ct) =>
            {
                var result = await PublishedAsync(actor, programme, c, request, ct);
                progress?.Report(new ComparisonProgress(Interlocked.Increment(ref done), total, "Reading published notes"));
                return result;
            },
            cancellationToken);

        var countries = columns.Select(c => new ComparedCountry(c.Id, c.Country.Name)).ToList();
        var cells = new Dictionary<(string, string), MatrixCell>();
        // Findings weigh terms against the whole programme's notes: give a first build of that corpus a moment to finish.
        ProgrammeModel model;
        try
        {
            model = await analysis.ReadyModelAsync(programme).WaitAsync(ModelWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            model = analysis.ModelFor(programme);
        }

        foreach (var (consultation, (visible, hidden)) in columns.Zip(read))
        {
            var discussed = consultation.Sessions.SelectMany(s => s.Themes).ToHashSet(StringComparer.Ordinal);
            foreach (var theme in themes)
            {
                var themed = visible.Where(n => n.Note.Themes.Contains(theme.Key) && (request.SubTheme is null || n.Note.SubThemes.Contains(request.SubTheme))).ToList();
                var state = themed.Count > 0 ? CoverageState.Recorded : discussed.Contains(theme.Key) ? CoverageState.NotRecorded : CoverageState.NotDiscussed;
                var groups = themed.Where(n => n.Group is { } g && !hidden.Contains(g))
                    .GroupBy(n => n.Group!).Select(g => (Label: programme.StakeholderGroupLabel(g.Key), Notes: g.Count()))
                    .OrderByDescending(g => g.Notes).ThenBy(g => g.Label, StringComparer.Ordinal).ToList();
                IReadOnlyList<SummarySentence> summary = [];
                IReadOnlyList<string> phrases = [];
                if (themed.Count > 0)
                {
                    // Summaries quote note text, so they come from clean notes only (no finding of any kind).
                    var clean = themed.Where(n => n.Note.Clean).Select(n => new AnalysisDocument(n.Note.Id, n.Note.Text)).ToList();
                    summary = clean.Count == 0 ? [] : (await analysis.SummarizeAsync(programme, clean, SummarySentences, cancellationToken)).Sentences;
                    phrases = model.Corpus.Extract([.. themed.Select(n => n.Note.Text)], KeyPhrasesPerCell);
                }

                cells[(theme.Key, consultation.Id)] = new MatrixCell(theme.Key, consultation.Id, state, [.. themed.Select(n => n.Note)], groups, phrases, summary);
                progress?.Report(new ComparisonProgress(Interlocked.Increment(ref done), total, "Summarising each country and theme"));
            }
        }

        var findings = new List<ThemeFindings>();
        foreach (var theme in themes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var themeNotes = countries.SelectMany(c => cells[(theme.Key, c.ConsultationId)].Notes).ToList();
            findings.Add(Findings.For(theme.Key, countries, themeNotes, programme.Taxonomy, new FindingOptions { BackgroundShare = model.Corpus.DocumentShare }));
            progress?.Report(new ComparisonProgress(Interlocked.Increment(ref done), total, "Finding what is shared, distinctive and divergent"));
        }

        return new ComparisonResult(countries, themes, cells, findings);
    }

    private async Task<(List<(ComparedNote Note, string? Group)> Visible, IReadOnlySet<string> Hidden)> PublishedAsync(
        Actor actor, Programme programme, Consultation consultation, ComparisonRequest request, CancellationToken cancellationToken)
    {
        var query = new NoteQuery
        {
            Statuses = new HashSet<NoteStatus> { NoteStatus.Published },
            SessionIds = consultation.Sessions
                .Where(s => s.DisclosureRule != DisclosureRule.OffTheRecord && AccessRules.CanSeeSessionNotes(actor, consultation, s))
                .Select(s => s.Id)
                .ToHashSet(StringComparer.Ordinal),
            Kind = request.Kind,
        };
        var all = await notes.ReadAllAsync(consultation.Id, query, cancellationToken).ToListAsync(cancellationToken);
        var guard = await guards.ForAsync(programme, consultation.Id, cancellationToken);
        var visible = ReaderGate.Inspect(all, guard, logger).Shown
            .Select(s => (new ComparedNote(s.Note.Id, s.Note.ConsultationId, s.Note.SessionId, s.Note.Kind, s.Note.Text, s.Note.Themes, s.Note.SubThemes, s.Note.Version, s.Findings.Count == 0), s.Note.StakeholderGroup))
            .ToList();
        return (visible, guard.SmallGroups(programme.SmallGroupThreshold));
    }
}
