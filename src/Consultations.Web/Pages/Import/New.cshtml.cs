using System.Globalization;
using Consultations.Core.Import;
using Consultations.Web.Identity;
using Consultations.Web.Importing;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Pages.Import;

/// <summary>Choose a file of notes (Word, Markdown, text, CSV or Excel) and the session they belong to; it is read and checked, then previewed. Nothing is saved here.</summary>
[AcceptsImportFile]
public sealed class NewModel(RepositoryLoader loader, NoteImports imports, IOptions<ImportOptions> options) : PageModel
{
    public ConsultationScope Scope { get; private set; } = null!;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The session for notes before any heading (or session column) names one; empty to leave it to the file.</summary>
    [BindProperty]
    public string? SessionId { get; set; }

    public string? Error { get; private set; }

    public long MaxFileBytes => options.Value.MaxFileBytes;

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, string? sessionId, CancellationToken cancellationToken)
    {
        var loaded = await loader.ConsultationAsync(programmeId, consultationId, Requirement.ImportNotes, cancellationToken);
        if (loaded.Found is not { } scope)
        {
            return loaded.Answer(this);
        }

        Scope = scope;
        SessionId = sessionId is not null && scope.Consultation.FindSession(sessionId) is not null ? sessionId : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        var loaded = await loader.ConsultationAsync(programmeId, consultationId, Requirement.ImportNotes, cancellationToken);
        if (loaded.Found is not { } scope)
        {
            return loaded.Answer(this);
        }

        Scope = scope;
        var session = string.IsNullOrEmpty(SessionId) ? null : SessionId;
        if (session is not null && scope.Consultation.FindSession(session) is null)
        {
            return Refuse("That session is not one of this consultation's. Choose one from the list.");
        }

        if (Upload is null)
        {
            return Refuse($"Choose a file to import: {ImportFiles.Accepted}.");
        }

        var name = Path.GetFileName(Upload.FileName);
        if (Upload.Length == 0)
        {
            return Refuse($"{name} is empty: there is nothing in it to import. Nothing was imported.");
        }

        if (ImportFiles.FormatOf(name) is null)
        {
            // The reader says the same (and refuses macro-enabled files by name); saying it here spares reading the upload.
            try
            {
                ImportFiles.Read(name, ReadOnlyMemory<byte>.Empty);
            }
            catch (ImportFileException ex)
            {
                return Refuse(ex.Message + " Nothing was imported.");
            }
        }

        if (Upload.Length > MaxFileBytes)
        {
            return Refuse(string.Create(CultureInfo.InvariantCulture, $"{name} is {Upload.Length / 1024.0 / 1024.0:N1} MB; the limit is {MaxFileBytes / 1024 / 1024} MB. Split it into smaller files. Nothing was imported."));
        }

        var content = new byte[Upload.Length];
        await using (var stream = Upload.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, cancellationToken);
        }

        var job = imports.StartPreview(User.ToActor(), scope.Programme, scope.Consultation, name, content, session);
        await Task.WhenAny(job.Completion, Task.Delay(options.Value.RequestWait, cancellationToken));
        return RedirectToPage("/Import/Preview", new { programmeId, consultationId, jobId = job.Id });
    }

    private PageResult Refuse(string error)
    {
        Error = error;
        return Page();
    }
}
