using System.Globalization;
using System.Text;
using Consultations.Core.Analysis;
using Consultations.Core.Domain;

namespace Consultations.Core.Comparison;

/// <summary>Limits of a generated draft.</summary>
public sealed record BriefComposerOptions
{
    public int MaxCitationsPerStatement { get; init; } = 4;

    public int Recommendations { get; init; } = 3;

    public int Quotes { get; init; } = 2;

    /// <summary>Longest note text quoted whole (a "short" quote).</summary>
    public int MaxQuoteLength { get; init; } = 280;
}

/// <summary>
/// Writes the first draft of a brief from a comparison: per theme its coverage, common ground, country-specific
/// points, divergences, recommendations and short quotes. Every statement ends in citations ([@noteId]) to the notes
/// behind it, and any words taken from notes come only from clean ones (no guard finding of any kind), so the draft
/// starts safe; researchers edit it before a reviewer approves it.
/// </summary>
public static class BriefComposer
{
    public static string Compose(ComparisonResult comparison, ThemeTaxonomy taxonomy, BriefComposerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(taxonomy);
        options ??= new BriefComposerOptions();
        var md = new StringBuilder();
        var notes = comparison.NotesById();
        var countries = comparison.Countries.Select(c => c.InSentence).ToList();
        md.Append(CultureInfo.InvariantCulture, $"This brief compares what the consultations in {Join(countries)} recorded on {Join([.. comparison.Themes.Select(t => BriefWording.MidSentence(t.Label))])}. ");
        md.Append(CultureInfo.InvariantCulture, $"It draws on {notes.Count:N0} published note{(notes.Count == 1 ? "" : "s")} that passed the programme's Chatham House checks; nothing in it says who said what.\n");

        foreach (var theme in comparison.Themes)
        {
            var findings = comparison.Findings.FirstOrDefault(f => f.Theme == theme.Key) ?? new ThemeFindings(theme.Key, [], [], []);
            var cells = comparison.Countries.Select(c => comparison.Cells[(theme.Key, c.ConsultationId)]).ToList();
            md.Append(CultureInfo.InvariantCulture, $"\n## {Escape(theme.Label)}\n\n");
            md.Append(CoverageLine(comparison, cells)).Append('\n');
            if (cells.All(c => c.Notes.Count == 0))
            {
                continue;
            }

            var withNotes = cells.Count(c => c.Notes.Count > 0);
            Section(md, "Common ground", findings.Shared.Where(s => s.Basis == FindingBasis.SubTheme || WrittenInCleanNote(s.Label, s.Evidence.SelectMany(e => e.NoteIds), notes)).Select(s =>
            {
                // Named when not all countries raised it, so a reader sees who; "all four countries" says it already.
                var who = s.Countries == withNotes && withNotes > 2
                    ? BriefWording.CountryCount(s.Countries, withNotes)
                    : Join([.. s.Evidence.Select(e => comparison.CountryInSentence(e.ConsultationId))]);
                var evidence = s.Evidence.SelectMany(e => e.NoteIds).Where(notes.ContainsKey).Select(id => notes[id]).ToList();
                var label = s.Basis == FindingBasis.SubTheme ? BriefWording.MidSentence(s.Label) : s.Label;
                return $"{BriefWording.SharedStatement(label, who, evidence, Escape)} {Cite(s.Evidence.Select(e => e.NoteIds), options)}";
            }));

            Section(md, "Country-specific points", CountryPoints(comparison, cells, findings, notes, options));

            Section(md, "Divergences", findings.Divergent.Select(d =>
            {
                var support = d.Sides.Where(s => s.Stance == Stance.Support).ToList();
                var concern = d.Sides.Where(s => s.Stance == Stance.Concern).ToList();
                return $"Notes from {Join([.. support.Select(s => comparison.CountryInSentence(s.ConsultationId))])} were positive about **{Escape(BriefWording.MidSentence(d.Label))}**, while notes from {Join([.. concern.Select(s => comparison.CountryInSentence(s.ConsultationId))])} raised concerns. "
                    + Cite(d.Sides.Select(s => s.NoteIds), options);
            }));

            Section(md, "Recommendations", Recommendations(comparison, cells, options));

            var quotes = Quotes(cells, options).ToList();
            if (quotes.Count > 0)
            {
                md.Append("\n### In their words\n\n");
                foreach (var quote in quotes)
                {
                    // A quote note often carries its own quotation marks ("One participant observed: …"): never wrap it twice.
                    var text = OneLine(quote.Text);
                    var body = text.IndexOfAny(['"', '“', '”']) >= 0 ? Escape(text) : $"“{Escape(text)}” — a participant,";
                    md.Append(CultureInfo.InvariantCulture, $"> {body} {(body.EndsWith(',') ? "" : "— ")}{comparison.CountryInSentence(quote.ConsultationId)} {BriefCitations.Format([quote.Id])}\n\n");
                }
            }
        }

        return md.ToString().TrimEnd() + "\n";
    }

    /// <summary>"A, B and C".</summary>
    public static string Join(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "none",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    /// <summary>Escapes the Markdown characters that would change how note text renders.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '`' or '<' or '>' or '#' or '|')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static string CoverageLine(ComparisonResult comparison, List<MatrixCell> cells)
    {
        var recorded = cells.Where(c => c.State == CoverageState.Recorded).Select(c => $"{comparison.CountryInSentence(c.ConsultationId)} ({c.Notes.Count})").ToList();
        var parts = new List<string>();
        if (recorded.Count > 0)
        {
            parts.Add($"Published notes from {Join(recorded)}");
        }

        var notRecorded = cells.Where(c => c.State == CoverageState.NotRecorded).Select(c => comparison.CountryInSentence(c.ConsultationId)).ToList();
        if (notRecorded.Count > 0)
        {
            parts.Add($"discussed but nothing published in {Join(notRecorded)}");
        }

        var notDiscussed = cells.Where(c => c.State == CoverageState.NotDiscussed).Select(c => comparison.CountryInSentence(c.ConsultationId)).ToList();
        if (notDiscussed.Count > 0)
        {
            parts.Add($"not discussed in {Join(notDiscussed)}");
        }

        var line = string.Join("; ", parts);
        return line.Length == 0 ? string.Empty : $"*{char.ToUpperInvariant(line[0])}{line[1..]}.*\n";
    }

    private static IEnumerable<string> CountryPoints(
        ComparisonResult comparison,
        List<MatrixCell> cells,
        ThemeFindings findings,
        IReadOnlyDictionary<string, ComparedNote> notes,
        BriefComposerOptions options)
    {
        var withNotes = cells.Count(c => c.Notes.Count > 0);
        foreach (var cell in cells.Where(c => c.Notes.Count > 0))
        {
            var name = comparison.CountryAtSentenceStart(cell.ConsultationId);
            var distinctive = findings.Distinctive.Where(d => d.ConsultationId == cell.ConsultationId && WrittenInCleanNote(d.Label, d.NoteIds, notes)).Take(3).ToList();
            if (distinctive.Count > 0)
            {
                var evidence = distinctive.SelectMany(d => d.NoteIds).Distinct(StringComparer.Ordinal).ToList();
                var clean = evidence.Select(cell.Find).OfType<ComparedNote>().Where(n => n.Clean).ToList();

                // A sentence naming one of the terms says best what the country said about it.
                var sentences = StandAloneSentences(clean);
                var naming = sentences.Where(d => distinctive.Any(f => ContainsWords(Folded(d.Text), Folded(f.Label)))).ToList();
                var summary = ExtractiveSummary.Summarize(naming.Count > 0 ? naming : sentences, 1);
                var sentence = summary.Count > 0 ? summary[0] : null;
                var others = withNotes == 2 ? comparison.CountryInSentence(cells.First(c => c.Notes.Count > 0 && c != cell).ConsultationId) : "the other countries";
                var stood = $"**{name}** put more weight than {others} on {Join([.. distinctive.Select(d => $"*{Escape(d.Label)}*")])}.";
                yield return sentence is null
                    ? $"{stood} {Cite([evidence], options)}"
                    : $"{stood} {Escape(OneLine(sentence.Text))} {Cite([[sentence.SourceId], evidence], options)}";
            }
            else
            {
                // The cell's summary when its first sentence reads on its own, else the best sentence that does.
                var summary = cell.Summary.FirstOrDefault(s => BriefWording.StandsAlone(s.Text) && cell.Find(s.SourceId) is { Clean: true, Kind: not NoteKind.Quote })
                    ?? ExtractiveSummary.Summarize([.. StandAloneSentences(cell.Notes).Take(MaxFallbackSentences)], 1) switch { [var first, ..] => first, _ => null };
                if (summary is not null)
                {
                    yield return $"**{name}**: {Escape(OneLine(summary.Text))} {BriefCitations.Format([summary.SourceId])}";
                }
            }
        }
    }

    // Ranking a whole large cell again for one fallback sentence cost about as much as its summary (0.2 s at 20,000 notes); the first few hundred do.
    private const int MaxFallbackSentences = 200;

    /// <summary>Sentences of clean notes (quotes aside: they belong under "In their words") that read without the rest of their note.</summary>
    private static List<AnalysisDocument> StandAloneSentences(IEnumerable<ComparedNote> notes) =>
        [.. notes.Where(n => n.Clean && n.Kind != NoteKind.Quote)
            .SelectMany(n => Sentences.Split(n.Text).Where(s => BriefWording.StandsAlone(s.Text)).Select(s => new AnalysisDocument(n.Id, s.Text)))];

    /// <summary>
    /// The most central recommendations (TextRank): only sentences of clean Recommendation notes that are themselves
    /// recommendations, "They recommended …" named as "Participants in {country} recommended …".
    /// </summary>
    private static IEnumerable<string> Recommendations(ComparisonResult comparison, List<MatrixCell> cells, BriefComposerOptions options)
    {
        var candidates = cells
            .SelectMany(c => c.Notes)
            .Where(n => n.Kind == NoteKind.Recommendation && n.Clean)
            .SelectMany(n => Sentences.Split(n.Text)
                .Select(s => BriefWording.AsRecommendation(OneLine(s.Text), comparison.CountryInSentence(n.ConsultationId)))
                .OfType<string>()
                .Select(text => new AnalysisDocument(n.Id, text)))
            .ToList();
        var byId = cells.SelectMany(c => c.Notes).DistinctBy(n => n.Id).ToDictionary(n => n.Id, StringComparer.Ordinal);
        return ExtractiveSummary.Summarize(candidates, options.Recommendations).Select(s =>
        {
            var country = comparison.CountryInSentence(byId[s.SourceId].ConsultationId);
            var named = s.Text.StartsWith($"Participants in {country} ", StringComparison.Ordinal);
            return named ? $"{Escape(s.Text)} {BriefCitations.Format([s.SourceId])}" : $"{Escape(s.Text)} ({country}) {BriefCitations.Format([s.SourceId])}";
        });
    }

    private static IEnumerable<ComparedNote> Quotes(List<MatrixCell> cells, BriefComposerOptions options)
    {
        // One per country first, so the quotes do not all come from the most talkative consultation.
        var candidates = cells
            .Select(c => c.Notes.Where(n => n.Kind == NoteKind.Quote && n.Clean && n.Text.Length <= options.MaxQuoteLength).ToList())
            .ToList();
        var taken = 0;
        for (var round = 0; taken < options.Quotes && candidates.Any(c => c.Count > round); round++)
        {
            foreach (var list in candidates.Where(c => c.Count > round))
            {
                if (taken++ >= options.Quotes)
                {
                    yield break;
                }

                yield return list[round];
            }
        }
    }

    private static void Section(StringBuilder md, string heading, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count == 0)
        {
            return;
        }

        md.Append(CultureInfo.InvariantCulture, $"\n### {heading}\n\n");
        foreach (var item in list)
        {
            md.Append("- ").Append(item).Append('\n');
        }
    }

    /// <summary>One citation for a statement: a note from each source in turn (one per country first), at most the limit.</summary>
    private static string Cite(IEnumerable<IReadOnlyList<string>> sources, BriefComposerOptions options)
    {
        var lists = sources.ToList();
        var ids = new List<string>();
        for (var round = 0; ids.Count < options.MaxCitationsPerStatement && lists.Any(l => l.Count > round); round++)
        {
            foreach (var id in lists.Where(l => l.Count > round).Select(l => l[round]))
            {
                if (ids.Count < options.MaxCitationsPerStatement && !ids.Contains(id, StringComparer.Ordinal))
                {
                    ids.Add(id);
                }
            }
        }

        return BriefCitations.Format(ids);
    }

    /// <summary>
    /// True when a clean note among <paramref name="noteIds"/> has <paramref name="label"/> as whole words. Finding labels
    /// are words of the notes (any of them, flagged ones too), so a label only flagged notes use is never written.
    /// </summary>
    private static bool WrittenInCleanNote(string label, IEnumerable<string> noteIds, IReadOnlyDictionary<string, ComparedNote> notes)
    {
        foreach (var id in noteIds)
        {
            if (notes.TryGetValue(id, out var note) && note.Clean && ContainsWords(Folded(note.Text), Folded(label)))
            {
                return true;
            }
        }

        return false;
    }

    // Lower case, straight apostrophes, one space per run: a label matches its source text however either is cased.
    private static string Folded(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch))
            {
                if (sb.Length > 0 && sb[^1] != ' ')
                {
                    sb.Append(' ');
                }
            }
            else
            {
                sb.Append(ch == '\u2019' ? '\'' : char.ToLowerInvariant(ch));
            }
        }

        return sb.ToString();
    }

    private static bool ContainsWords(string text, string words)
    {
        for (var i = words.Length == 0 ? -1 : text.IndexOf(words, StringComparison.Ordinal); i >= 0; i = text.IndexOf(words, i + 1, StringComparison.Ordinal))
        {
            var end = i + words.Length;
            if ((i == 0 || !char.IsLetterOrDigit(text[i - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
