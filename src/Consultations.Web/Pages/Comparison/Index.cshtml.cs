using Consultations.Core.Access;
using Consultations.Core.Analysis;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Analysis;
using Consultations.Web.Guard;
using Consultations.Web.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Comparison;

/// <summary>
/// Theme × country comparison of published notes: per cell the count, the mix of speaker groups, key phrases and a
/// short extractive summary linking to the notes — "not discussed" kept apart from "not recorded". Everything here
/// leaves its consultation, so every note passes the reader gate first, whoever is reading.
/// </summary>
public sealed class IndexModel(
    IProgrammeStore programmes,
    IConsultationStore consultations,
    INoteStore notes,
    ConsultationGuards guards,
    ProgrammeAnalysis analysis,
    ILogger<IndexModel> logger) : PageModel
{
    public const int SummarySentences = 2;

    public Programme Programme { get; private set; } = null!;

    public IReadOnlyList<Consultation> Available { get; private set; } = [];

    public IReadOnlyList<Consultation> Columns { get; private set; } = [];

    public IReadOnlyList<Theme> Rows { get; private set; } = [];

    public Dictionary<(string Theme, string Consultation), ComparisonCell> Cells { get; } = [];

    /// <summary>Consultations to compare (all when none is chosen).</summary>
    [BindProperty(SupportsGet = true, Name = "c")]
    public List<string> Chosen { get; set; } = [];

    /// <summary>Themes to compare (all active themes when none is chosen).</summary>
    [BindProperty(SupportsGet = true, Name = "t")]
    public List<string> ChosenThemes { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public NoteKind? Kind { get; set; }

    /// <summary>A sub-theme reference ("theme/sub") to narrow every cell to.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Sub { get; set; }

    public int MaxCount => Cells.Values.Select(c => c.Notes).DefaultIfEmpty(0).Max();

    public async Task<IActionResult> OnGetAsync(string programmeId, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(programmeId) || await programmes.GetAsync(programmeId, cancellationToken) is not { } programme)
        {
            return NotFound();
        }

        Programme = programme;
        Available = await consultations.ListByProgrammeAsync(programmeId, cancellationToken);
        Columns = Chosen.Count == 0 ? Available : [.. Available.Where(c => Chosen.Contains(c.Id))];
        Rows = [.. programme.Taxonomy.ActiveThemes.Where(t => ChosenThemes.Count == 0 || ChosenThemes.Contains(t.Key))];
        var actor = User.ToActor();

        // One single-partition read per consultation, in parallel with a bound.
        var columns = await FanOut.RunAsync(Columns, (c, ct) => PublishedAsync(actor, c, ct), cancellationToken);
        foreach (var (consultation, (visible, hidden)) in Columns.Zip(columns))
        {
            var discussed = consultation.Sessions.SelectMany(s => s.Themes).ToHashSet(StringComparer.Ordinal);
            foreach (var theme in Rows)
            {
                var themed = visible.Where(n => n.Themes.Contains(theme.Key) && (Sub is null || n.SubThemes.Contains(Sub))).ToList();
                var state = themed.Count > 0 ? CoverageState.Recorded : discussed.Contains(theme.Key) ? CoverageState.NotRecorded : CoverageState.NotDiscussed;
                var groups = themed.Where(n => n.StakeholderGroup is { } g && !hidden.Contains(g))
                    .GroupBy(n => n.StakeholderGroup!).Select(g => (Label: programme.StakeholderGroupLabel(g.Key), Notes: g.Count()))
                    .OrderByDescending(g => g.Notes).ThenBy(g => g.Label, StringComparer.Ordinal).ToList();
                var summary = themed.Count == 0 ? [] : (await analysis.SummarizeAsync(programme, [.. themed.Select(n => new AnalysisDocument(n.Id, n.Text))], SummarySentences, cancellationToken)).Sentences;
                Cells[(theme.Key, consultation.Id)] = new ComparisonCell(
                    state,
                    themed.Count,
                    groups,
                    themed.Count == 0 ? [] : analysis.ModelFor(programme).Corpus.Extract([.. themed.Select(n => n.Text)], 3),
                    summary,
                    themed.ToDictionary(n => n.Id, n => n.SessionId, StringComparer.Ordinal));
            }
        }

        return Page();
    }

    public string Fill(ComparisonCell cell)
    {
        if (cell.State != CoverageState.Recorded)
        {
            return cell.State == CoverageState.NotDiscussed ? "#eeeeee" : "#ffffff";
        }

        // Five steps of one blue from zero to the fullest cell, darker for more notes; the number is always printed too.
        string[] steps = ["#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#2171b5"];
        var step = (int)Math.Ceiling((double)cell.Notes / Math.Max(1, MaxCount) * steps.Length) - 1;
        return steps[Math.Clamp(step, 0, steps.Length - 1)];
    }

    private async Task<(List<Note> Visible, IReadOnlySet<string> Hidden)> PublishedAsync(Actor actor, Consultation consultation, CancellationToken cancellationToken)
    {
        var query = new NoteQuery
        {
            Statuses = new HashSet<NoteStatus> { NoteStatus.Published },
            SessionIds = consultation.Sessions.Where(s => s.DisclosureRule != DisclosureRule.OffTheRecord && AccessRules.CanSeeSessionNotes(actor, consultation, s)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal),
            Kind = Kind,
        };
        var all = await notes.ReadAllAsync(consultation.Id, query, cancellationToken).ToListAsync(cancellationToken);

        var guard = await guards.ForAsync(Programme, consultation.Id, cancellationToken);
        return ([.. ReaderGate.Filter(all, guard, logger).Shown], guard.SmallGroups(Programme.SmallGroupThreshold));
    }
}

/// <summary>One theme in one country: coverage, counts, speaker-group mix (large groups only), key phrases and a short summary.</summary>
public sealed record ComparisonCell(
    CoverageState State,
    int Notes,
    IReadOnlyList<(string Label, int Notes)> Groups,
    IReadOnlyList<string> KeyPhrases,
    IReadOnlyList<SummarySentence> Summary,
    IReadOnlyDictionary<string, string> SessionOfNote);
