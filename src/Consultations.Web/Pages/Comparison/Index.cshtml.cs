using Consultations.Core.Audit;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Audit;
using Consultations.Web.Briefs;
using Consultations.Web.Briefs.Exports;
using Consultations.Web.Comparison;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Comparison;

/// <summary>
/// Theme × country comparison of published notes: per cell the count, the mix of speaker groups, key phrases and a
/// short extractive summary linking to the notes — "not discussed" kept apart from "not recorded" — and per theme
/// what countries share, what is distinctive to one, and where they diverge, each with its evidence.
/// </summary>
public sealed class IndexModel(RepositoryLoader loader, IConsultationStore consultations, ComparisonBuilder builder, ExportGate exportGate, AuditTrail audit) : PageModel
{
    public Programme Programme { get; private set; } = null!;

    public IReadOnlyList<Consultation> Available { get; private set; } = [];

    public ComparisonResult Result { get; private set; } = null!;

    public bool CanWriteBriefs { get; private set; }

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

    public async Task<IActionResult> OnGetAsync(string programmeId, CancellationToken cancellationToken) =>
        await LoadAsync(programmeId, cancellationToken) is { Found: null } loaded ? loaded.Answer(this) : Page();

    /// <summary>The matrix as CSV for analysis elsewhere; formula-like cells neutralised, gated like every export.</summary>
    public Task<IActionResult> OnGetCsvAsync(string programmeId, CancellationToken cancellationToken) =>
        ExportAsync(programmeId, "text/csv", "csv", (rows, stream) => ComparisonExport.WriteCsv(rows, stream), cancellationToken);

    public Task<IActionResult> OnGetXlsxAsync(string programmeId, CancellationToken cancellationToken) =>
        ExportAsync(programmeId, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", (rows, stream) => ComparisonExport.WriteXlsx(rows, "Comparison", stream), cancellationToken);

    public string Fill(MatrixCell cell) => BriefHeatmap.Fill(cell.State, cell.Notes.Count, Result.MaxNotes);

    public string CountryName(string consultationId) => Result.CountryName(consultationId);

    /// <summary>"Philippines [1, 2], Viet Nam [1]": each country's evidence notes as numbered links, kept on one line per country.</summary>
    public IHtmlContent Evidence(IEnumerable<(string ConsultationId, IReadOnlyList<string> NoteIds)> groups, Func<string, string>? describe = null)
    {
        var html = new HtmlContentBuilder();
        var first = true;
        foreach (var (consultationId, noteIds) in groups)
        {
            html.AppendHtml(first ? string.Empty : ", ");
            first = false;
            html.AppendHtml("<span class=\"text-nowrap\">");
            html.Append(CountryName(consultationId));
            if (describe is not null)
            {
                html.Append(" " + describe(consultationId));
            }

            html.AppendHtml(" [");
            var shown = noteIds.Take(3).ToList();
            for (var i = 0; i < shown.Count; i++)
            {
                html.AppendHtml(i > 0 ? ", " : string.Empty);
                html.AppendHtml("<a class=\"evidence\" title=\"Evidence note\" href=\"");
                html.Append(NoteUrl(shown[i]));
                html.AppendHtml("\">");
                html.Append((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                html.AppendHtml("</a>");
            }

            html.AppendHtml(noteIds.Count > shown.Count ? $", +{noteIds.Count - shown.Count}]" : "]");
            html.AppendHtml("</span>");
        }

        return html;
    }

    /// <summary>The search of one cell: its theme and country (and the kind and sub-theme chosen here), as facets.</summary>
    public string SearchUrl(string themeKey, string consultationId)
    {
        var country = Available.FirstOrDefault(c => c.Id == consultationId)?.CountryCode;
        var sub = Sub is { } chosen && chosen.StartsWith(themeKey + "/", StringComparison.Ordinal) ? chosen : null;
        return Url.Page("/Search/Index", new { programme = Programme.Id, theme = themeKey, country, kind = Kind?.ToString(), sub })!;
    }

    public string NoteUrl(string noteId)
    {
        var note = Result.NotesById().GetValueOrDefault(noteId);
        return note is null
            ? "#"
            : Url.Page("/Sessions/Details", pageHandler: null, values: new { programmeId = Programme.Id, consultationId = note.ConsultationId, sessionId = note.SessionId }, protocol: null, host: null, fragment: $"note-{note.Id}")!;
    }

    private async Task<Loaded<ProgrammeScope>> LoadAsync(string programmeId, CancellationToken cancellationToken)
    {
        var loaded = await loader.ProgrammeAsync(programmeId, Requirement.None, cancellationToken);
        if (loaded.Found is not { Actor: var actor, Programme: var programme } scope)
        {
            return loaded;
        }

        Programme = programme;
        Available = await consultations.ListByProgrammeAsync(programmeId, cancellationToken);
        CanWriteBriefs = scope.CanWriteBriefs;

        // An empty ?c= or ?t= binds as null, which the page's self-links cannot escape (500).
        (Chosen, ChosenThemes) = ([.. Chosen.OfType<string>()], [.. ChosenThemes.OfType<string>()]);
        Result = await builder.BuildAsync(actor, programme, new ComparisonRequest(Chosen, ChosenThemes, Kind, Sub), null, cancellationToken);
        return loaded;
    }

    private async Task<IActionResult> ExportAsync(string programmeId, string contentType, string extension, Action<IReadOnlyList<ComparisonExportRow>, Stream> write, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        if (await this.RequireRecentSignInAsync() is { } stepUp)
        {
            return stepUp;
        }

        var rows = new List<ComparisonExportRow>();
        foreach (var theme in Result.Themes)
        {
            foreach (var country in Result.Countries)
            {
                var cell = Result.Cells[(theme.Key, country.ConsultationId)];
                rows.Add(new ComparisonExportRow(
                    theme.Label,
                    country.Name,
                    cell.State switch { CoverageState.NotDiscussed => "Not discussed", CoverageState.NotRecorded => "Not recorded", _ => "Recorded" },
                    cell.Notes.Count,
                    string.Join("; ", cell.Groups.Select(g => $"{g.Label} ({g.Notes})")),
                    string.Join("; ", cell.KeyPhrases),
                    string.Join(" ", cell.Summary.Select(s => s.Text))));
            }
        }

        var text = string.Join("\n", rows.SelectMany(r => new[] { r.Groups, r.KeyPhrases, r.Summary }));
        if (await exportGate.CheckAsync(Programme, Result.Countries.Select(c => c.ConsultationId), text, $"{extension.ToUpperInvariant()} export of the comparison", cancellationToken) is { } blocked)
        {
            await audit.RecordAsync(User, AuditAction.ExportBlocked, AuditSubject.Comparison(programmeId), AuditTrail.Shorten(blocked, 250), AuditOutcome.Refused);
            TempData.Warning(blocked);
            return RedirectToPage(new { programmeId, c = Chosen, t = ChosenThemes, kind = Kind, sub = Sub });
        }

        await audit.RecordAsync(User, AuditAction.ComparisonExported, AuditSubject.Comparison(programmeId), $"{extension.ToUpperInvariant()} export: {Result.Countries.Count} countries × {Result.Themes.Count} themes");

        var stream = new MemoryStream();
        write(rows, stream);
        stream.Position = 0;
        return File(stream, contentType, $"{Programme.Id}-comparison-{DateTime.UtcNow:yyyyMMdd}.{extension}");
    }
}
