using Consultations.Core.Analysis;
using Consultations.Core.Domain;

namespace Consultations.Core.Comparison;

/// <summary>
/// A published note that passed the reader gate, as the comparison and brief composition see it.
/// <see cref="Clean"/>: the guard found nothing at all in the text (not even a warning), so it may be quoted.
/// </summary>
public sealed record ComparedNote(
    string Id,
    string ConsultationId,
    string SessionId,
    NoteKind Kind,
    string Text,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> SubThemes,
    int Version,
    bool Clean);

/// <summary>One column of a comparison: a country consultation.</summary>
public sealed record ComparedCountry(string ConsultationId, string Name)
{
    /// <summary>The name inside generated prose: "the Philippines" (a column header keeps <see cref="Name"/>).</summary>
    public string InSentence => Country.NameInSentence(Name);

    /// <summary>The name opening a generated sentence: "The Philippines".</summary>
    public string AtSentenceStart => Country.NameAtSentenceStart(Name);
}

/// <summary>How one country recorded one theme: its notes, speaker-group mix (large groups only), key phrases and a short summary.</summary>
public sealed record MatrixCell(
    string Theme,
    string ConsultationId,
    CoverageState State,
    IReadOnlyList<ComparedNote> Notes,
    IReadOnlyList<(string Label, int Notes)> Groups,
    IReadOnlyList<string> KeyPhrases,
    IReadOnlyList<SummarySentence> Summary)
{
    public ComparedNote? Find(string noteId) => Notes.FirstOrDefault(n => n.Id == noteId);
}

/// <summary>A theme × country comparison with its across-country findings per theme.</summary>
public sealed record ComparisonResult(
    IReadOnlyList<ComparedCountry> Countries,
    IReadOnlyList<Theme> Themes,
    IReadOnlyDictionary<(string Theme, string ConsultationId), MatrixCell> Cells,
    IReadOnlyList<ThemeFindings> Findings)
{
    public int MaxNotes => Cells.Values.Select(c => c.Notes.Count).DefaultIfEmpty(0).Max();

    public string CountryName(string consultationId) =>
        Countries.FirstOrDefault(c => c.ConsultationId == consultationId)?.Name ?? consultationId;

    /// <summary>The country's name inside a sentence ("the Philippines").</summary>
    public string CountryInSentence(string consultationId) => Country.NameInSentence(CountryName(consultationId));

    /// <summary>The country's name opening a sentence ("The Philippines").</summary>
    public string CountryAtSentenceStart(string consultationId) => Country.NameAtSentenceStart(CountryName(consultationId));

    /// <summary>Every note in the comparison by id (a note tagged with several themes appears once).</summary>
    public IReadOnlyDictionary<string, ComparedNote> NotesById() =>
        Cells.Values.SelectMany(c => c.Notes).DistinctBy(n => n.Id).ToDictionary(n => n.Id, StringComparer.Ordinal);

    /// <summary>The coverage snapshot a brief keeps: counts and states, never text.</summary>
    public BriefCoverage Coverage() => new(
        Countries,
        [.. Themes.Select(t => new BriefCoverageRow(t.Key, t.Label, [.. Countries.Select(c => Cells[(t.Key, c.ConsultationId)]).Select(cell => new BriefCoverageCell(cell.ConsultationId, cell.State, cell.Notes.Count))]))]);
}

/// <summary>Notes of one country that support a finding.</summary>
public sealed record Evidence(string ConsultationId, IReadOnlyList<string> NoteIds);

public enum FindingBasis
{
    /// <summary>A stemmed word or two-word phrase found in the note texts (shown by its commonest surface form).</summary>
    Phrase,

    /// <summary>A sub-theme tag ("theme/sub").</summary>
    SubTheme,
}

/// <summary>Something most of the compared countries raised.</summary>
public sealed record SharedFinding(string Label, FindingBasis Basis, string Key, IReadOnlyList<Evidence> Evidence)
{
    public int Countries => Evidence.Count;
}

/// <summary>
/// A term one country used markedly more than the others: the log-odds ratio of "a note contains the term" in that
/// country against the rest, with an informative Beta prior at the term's background rate, divided by its standard
/// error (the binomial form of Monroe, Colaresi &amp; Quinn's 2008 weighted log-odds, suited to note frequencies).
/// </summary>
public sealed record DistinctiveFinding(string Label, string Key, string ConsultationId, double LogOdds, double ZScore, int Support, IReadOnlyList<string> NoteIds);

public enum Stance
{
    Concern = -1,
    Neutral = 0,
    Support = 1,
}

/// <summary>One country's position in a divergence.</summary>
public sealed record DivergenceSide(string ConsultationId, Stance Stance, IReadOnlyList<string> NoteIds);

/// <summary>A sub-theme (or theme) on which countries' notes take opposing stances.</summary>
public sealed record Divergence(string Label, string Key, IReadOnlyList<DivergenceSide> Sides);

/// <summary>Shared, distinctive and divergent findings of one theme across the compared countries.</summary>
public sealed record ThemeFindings(
    string Theme,
    IReadOnlyList<SharedFinding> Shared,
    IReadOnlyList<DistinctiveFinding> Distinctive,
    IReadOnlyList<Divergence> Divergent);

/// <summary>Thresholds that keep one note from making a "finding".</summary>
public sealed record FindingOptions
{
    /// <summary>Fewest notes of a country that must contain a term for it to be distinctive of that country.</summary>
    public int MinSupport { get; init; } = 2;

    /// <summary>Share of the compared countries (with notes on the theme) that must raise something for it to be shared; never fewer than two countries.</summary>
    public double SharedShare { get; init; } = 0.5;

    /// <summary>z-score above which a log-odds difference counts as distinctive (1.96 ≈ 95 %).</summary>
    public double MinZScore { get; init; } = 1.96;

    /// <summary>Weight m of the informative prior in pseudo-notes, placed at each term's background rate.</summary>
    public double PriorStrength { get; init; } = 10;

    public int MaxPerKind { get; init; } = 8;

    /// <summary>
    /// Share of the whole programme's notes containing a term (key = stems joined by spaces), when known. A word said
    /// everywhere in the programme ("participants", "government") is not a finding about one theme.
    /// </summary>
    public Func<string, double>? BackgroundShare { get; init; }

    /// <summary>A shared phrase must be at least this many times more common in the theme's notes than in the programme's.</summary>
    public double MinLift { get; init; } = 2.0;
}
