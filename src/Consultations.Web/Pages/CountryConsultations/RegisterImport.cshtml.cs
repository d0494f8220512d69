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

/// <summary>Imports participants from a CSV file: every row, or none with each problem listed by row.</summary>
public sealed class RegisterImportModel(RepositoryLoader loader, IParticipantRegisterStore registers, AuditTrail audit, TimeProvider time) : PageModel
{
    /// <summary>How many row problems are listed; the rest are counted.</summary>
    public const int MaxErrorsShown = 20;

    public RegisterScope Found { get; private set; } = null!;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>Why the file was not imported (nothing was).</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];

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
            return Refuse(string.Create(CultureInfo.InvariantCulture, $"The file is {Upload.Length / 1024.0:N0} KB; the limit is {RegisterCsv.MaxBytes / 1024 / 1024} MB. Split it into smaller files. Nothing was imported."));
        }

        using var buffer = new MemoryStream((int)Upload.Length);
        await using (var upload = Upload.OpenReadStream())
        {
            await upload.CopyToAsync(buffer, cancellationToken);
        }

        var parsed = RegisterCsv.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Found.Programme.StakeholderGroups);
        if (!parsed.Succeeded)
        {
            return Refuse([.. parsed.Errors]);
        }

        var by = User.ToActor().Ref;
        var register = Found.Register ?? ParticipantRegister.Create(Found.Consultation, by, time.GetUtcNow());
        try
        {
            register.AddRange(parsed.Entries, by, time.GetUtcNow());
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
        TempData.Success($"Imported {parsed.Entries.Count} {(parsed.Entries.Count == 1 ? "participant" : "participants")} from {Path.GetFileName(Upload.FileName)}.");
        return RedirectToPage("/CountryConsultations/Register", new { programmeId, consultationId });
    }

    private PageResult Refuse(params string[] errors)
    {
        Errors = errors;
        return Page();
    }
}
