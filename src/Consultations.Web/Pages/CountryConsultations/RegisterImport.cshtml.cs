using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Audit;
using Consultations.Web.Identity;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.CountryConsultations;

/// <summary>Imports participants from a CSV file in two steps, preview then confirm: every row, or none with each problem listed by row.</summary>
public sealed class RegisterImportModel(RepositoryLoader loader, IParticipantRegisterStore registers, AuditTrail audit, TimeProvider time) : PageModel
{
    /// <summary>How many row problems are listed; the rest are counted.</summary>
    public const int MaxErrorsShown = 20;

    public RegisterScope Found { get; private set; } = null!;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>Why the file was not imported (nothing was).</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>What the chosen file would import, shown for confirmation; null until a file was read without problems.</summary>
    public RegisterCsvResult? Preview { get; private set; }

    /// <summary>The previewed file's bytes (base64url), carried by the confirm form so nothing is kept on the server between the two steps.</summary>
    [BindProperty]
    public string? FileContent { get; set; }

    /// <summary>The previewed file's name, for the message after importing.</summary>
    [BindProperty]
    public string? FileName { get; set; }

    public async Task<IActionResult> OnGetAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        var loaded = await loader.RegisterAsync(programmeId, consultationId, Requirement.SeeRegister, cancellationToken);
        if (loaded.Found is not { } found)
        {
            return loaded.Answer(this);
        }

        Found = found;
        return Page();
    }

    /// <summary>An empty file with the header row, to fill in a spreadsheet.</summary>
    public async Task<IActionResult> OnGetTemplateAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        if (await loader.RegisterAsync(programmeId, consultationId, Requirement.SeeRegister, cancellationToken) is { Found: null } loaded)
        {
            return loaded.Answer(this);
        }

        // With a byte order mark so Excel opens the file as UTF-8 and keeps diacritics.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(string.Join(",", RegisterCsv.Columns) + "\r\n")).ToArray();
        return File(bytes, "text/csv; charset=utf-8", "participants.csv");
    }

    /// <summary>Reads the chosen file and shows what would be imported, with how each stakeholder group was read; saves nothing.</summary>
    public async Task<IActionResult> OnPostAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        var loaded = await loader.RegisterAsync(programmeId, consultationId, Requirement.SeeRegister, cancellationToken);
        if (loaded.Found is not { } found)
        {
            return loaded.Answer(this);
        }

        Found = found;
        if (Upload is null || Upload.Length == 0)
        {
            return Refuse("Choose a CSV file to import.");
        }

        if (Upload.Length > RegisterCsv.MaxBytes)
        {
            return Refuse(TooLarge(Upload.Length));
        }

        using var buffer = new MemoryStream((int)Upload.Length);
        await using (var upload = Upload.OpenReadStream())
        {
            await upload.CopyToAsync(buffer, cancellationToken);
        }

        var content = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var parsed = RegisterCsv.Parse(content, Found.Programme.StakeholderGroups);
        if (!parsed.Succeeded)
        {
            return Refuse([.. parsed.Errors]);
        }

        // Added to the register as loaded and never saved, so a duplicate or a full register is reported now rather than after confirming.
        try
        {
            AddTo(parsed, User.ToActor().Ref);
        }
        catch (DomainRuleException ex)
        {
            return Refuse(ex.Message);
        }

        Preview = parsed;
        FileContent = Base64Url.EncodeToString(content);
        FileName = Path.GetFileName(Upload.FileName);
        return Page();
    }

    /// <summary>Imports the file shown in the preview, read and checked again against the register as it is now.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(string programmeId, string consultationId, CancellationToken cancellationToken)
    {
        var loaded = await loader.RegisterAsync(programmeId, consultationId, Requirement.SeeRegister, cancellationToken);
        if (loaded.Found is not { } found)
        {
            return loaded.Answer(this);
        }

        Found = found;
        if (Decoded(FileContent) is not { } content)
        {
            return Refuse("The file could not be read back from the preview. Choose it again. Nothing was imported.");
        }

        var parsed = RegisterCsv.Parse(content, Found.Programme.StakeholderGroups);
        if (!parsed.Succeeded)
        {
            return Refuse([.. parsed.Errors]);
        }

        ParticipantRegister register;
        try
        {
            register = AddTo(parsed, User.ToActor().Ref);
            await registers.SaveAsync(register, cancellationToken);
        }
        catch (DomainRuleException ex)
        {
            return Refuse(ex.Message);
        }
        catch (ConcurrencyConflictException)
        {
            return Refuse("Someone else changed the register while the file was being imported, so nothing was imported. Choose the file again to import it into the register as it is now.");
        }
        catch (Exception ex) when (ex is StoreUnavailableException or DocumentRejectedException)
        {
            return Refuse(ex.Message);
        }

        await audit.RecordAsync(User, AuditAction.RegisterImported, AuditSubject.Register(programmeId, consultationId), $"{parsed.Entries.Count} participant(s) imported from a CSV file; the register has {register.Participants.Count}");
        var from = string.IsNullOrWhiteSpace(FileName) ? "the CSV file" : Path.GetFileName(FileName);
        TempData.Success($"Imported {parsed.Entries.Count} {(parsed.Entries.Count == 1 ? "participant" : "participants")} from {from}.");
        return RedirectToPage("/CountryConsultations/Register", new { programmeId, consultationId });
    }

    private ParticipantRegister AddTo(RegisterCsvResult parsed, UserRef by)
    {
        var register = Found.Register ?? ParticipantRegister.Create(Found.Consultation, by, time.GetUtcNow());
        register.AddRange(parsed.Entries, by, time.GetUtcNow());
        return register;
    }

    private static string TooLarge(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"The file is {bytes / 1024.0:N0} KB; the limit is {RegisterCsv.MaxBytes / 1024 / 1024} MB. Split it into smaller files. Nothing was imported.");

    /// <summary>The file's bytes from the preview's hidden field, or null when it is missing, not base64url or longer than a file may be.</summary>
    private static byte[]? Decoded(string? content)
    {
        // Only an altered form sends more than the preview wrote: refused before decoding costs anything.
        if (string.IsNullOrEmpty(content) || content.Length > Base64Url.GetEncodedLength(RegisterCsv.MaxBytes))
        {
            return null;
        }

        try
        {
            return Base64Url.DecodeFromChars(content);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private PageResult Refuse(params string[] errors)
    {
        Errors = errors;
        return Page();
    }
}
