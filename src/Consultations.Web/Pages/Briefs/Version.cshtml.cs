using System.Text;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Audit;
using Consultations.Web.Briefs;
using Consultations.Web.Briefs.Exports;
using Consultations.Web.Identity;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Briefs;

/// <summary>
/// A published version: researchers see numbered citations, the sources and which of them changed since;
/// funders see the text alone. On screen, printed and downloaded (DOCX, Markdown), it passes the guard's
/// fail-closed gate first: if the text now matches a register, nobody gets it.
/// </summary>
public sealed partial class VersionModel(
    RepositoryLoader loader,
    IBriefStore briefs,
    BriefEvidence evidence,
    BriefTemplateRenderer renderer,
    ExportGate gate,
    AuditTrail audit,
    ILogger<VersionModel> logger) : PageModel
{
    public Programme Programme { get; private set; } = null!;

    public BriefVersion Version { get; private set; } = null!;

    public BriefAudience Audience { get; private set; }

    public bool ForPrint { get; private set; }

    public IHtmlContent Rendered { get; private set; } = HtmlString.Empty;

    public string? TemplateError { get; private set; }

    /// <summary>Set when the gate stopped this version: the page then shows only why.</summary>
    public string? Withheld { get; private set; }

    public IReadOnlyList<BriefSource> Sources { get; private set; } = [];

    public int LatestVersion { get; private set; }

    public Task<IActionResult> OnGetAsync(string programmeId, string briefId, int number, CancellationToken cancellationToken) =>
        ShowAsync(programmeId, briefId, number, print: false, cancellationToken);

    /// <summary>The brief alone on a page, with the print stylesheet: the browser's "Save as PDF" makes the PDF.</summary>
    public Task<IActionResult> OnGetPrintAsync(string programmeId, string briefId, int number, CancellationToken cancellationToken) =>
        ShowAsync(programmeId, briefId, number, print: true, cancellationToken);

    public async Task<IActionResult> OnGetDocxAsync(string programmeId, string briefId, int number, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, briefId, number, "DOCX download", cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var stream = new MemoryStream();
        BriefDocx.Write(Version, Programme.Name, Acknowledgement(Programme), stream);
        stream.Position = 0;
        LogExported(logger, "docx", briefId, number, User.ToActor().UserId);
        await RecordAsync(AuditAction.BriefExported, $"Version {number} downloaded as DOCX");
        return File(stream, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", FileName("docx"));
    }

    public async Task<IActionResult> OnGetMarkdownAsync(string programmeId, string briefId, int number, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, briefId, number, "Markdown download", cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var markdown = BriefMarkdownExport.Export(Version, Programme.Name, withCitations: Audience == BriefAudience.Researcher);
        LogExported(logger, "markdown", briefId, number, User.ToActor().UserId);
        await RecordAsync(AuditAction.BriefExported, $"Version {number} downloaded as Markdown ({(Audience == BriefAudience.Researcher ? "with" : "without")} citations)");
        return File(Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", FileName("md"));
    }

    public static string? Acknowledgement(Programme programme) =>
        programme?.Funder is { } funder ? $"This brief was produced with the support of {funder}." : null;

    private async Task<IActionResult> ShowAsync(string programmeId, string briefId, int number, bool print, CancellationToken cancellationToken)
    {
        if (await LoadAsync(programmeId, briefId, number, print ? "printable brief" : "brief", cancellationToken) is { } refusal)
        {
            return refusal;
        }

        ForPrint = print;
        if (Withheld is not null)
        {
            return Page();
        }

        LatestVersion = (await briefs.GetAsync(programmeId, briefId, cancellationToken))?.PublishedVersion ?? number;

        (Rendered, TemplateError) = await BriefPages.RenderAsync(
            this,
            renderer,
            new BriefDocumentModel(Version.Title, Programme.Name, Programme.Funder, Version.Number, Version.PublishedAt, BriefHtml.Render(Version.Markdown, Audience), Version.Coverage, Audience, Sources, print),
            cancellationToken);
        if (Audience == BriefAudience.Funder)
        {
            LogFunderRead(logger, briefId, number, User.ToActor().UserId);
        }

        if (print)
        {
            await RecordAsync(AuditAction.BriefExported, $"Version {number} opened for printing (PDF)");
        }
        else if (Audience == BriefAudience.Funder)
        {
            await RecordAsync(AuditAction.BriefReadByFunder, $"Version {number} read on screen");
        }

        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string programmeId, string briefId, int number, string what, CancellationToken cancellationToken)
    {
        var loaded = await loader.BriefVersionAsync(programmeId, briefId, number, Requirement.ReadPublishedBriefs, cancellationToken);
        if (loaded.Found is not { Programme: var programme, Version: var version } scope)
        {
            return loaded.Answer(this);
        }

        (Programme, Version, Audience) = (programme, version, scope.Audience);

        if ((what.EndsWith("download", StringComparison.Ordinal) || what == "printable brief") && await this.RequireRecentSignInAsync() is { } stepUp)
        {
            return stepUp;
        }

        // Checked on every read, not only at publication: a name added to a register later must stop the brief too.
        var text = $"{version.Title}\n{BriefHtml.PlainText(version.Markdown, BriefAudience.Funder)}";
        Withheld = await gate.CheckAsync(programme, version.Scope.ConsultationIds, text, what, cancellationToken);
        if (Withheld is not null)
        {
            await RecordAsync(AuditAction.ExportBlocked, AuditTrail.Shorten(Withheld, 250), AuditOutcome.Refused);
        }

        if (Withheld is not null && what.Contains("download", StringComparison.Ordinal))
        {
            TempData.Warning(Withheld);
            return RedirectToPage("/Briefs/Version", new { programmeId, briefId, number });
        }

        // From here on the page, the print view and every download read the masked version, never the stored one.
        var reader = await evidence.ForReadersAsync(programme, version, withCitations: Withheld is null && Audience == BriefAudience.Researcher, cancellationToken);
        (Version, Sources) = (reader.Version, reader.Sources);
        return null;
    }

    private Task RecordAsync(AuditAction action, string detail, AuditOutcome outcome = AuditOutcome.Succeeded) =>
        audit.RecordAsync(User, action, AuditSubject.BriefVersion(Programme.Id, Version.BriefId, Version.Number), detail, outcome);

    private string FileName(string extension) =>
        $"{Programme.Id}-{Version.BriefId}-v{Version.Number}.{extension}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Brief {BriefId} version {Version} exported as {Format} by {UserId}")]
    private static partial void LogExported(ILogger logger, string format, string briefId, int version, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Brief {BriefId} version {Version} read by funder {UserId}")]
    private static partial void LogFunderRead(ILogger logger, string briefId, int version, string userId);
}
