using System.Globalization;
using Consultations.Core.Access;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Core.Text;
using Consultations.Web.Audit;
using Consultations.Web.Identity;
using CsvHelper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Admin;

/// <summary>
/// The audit trail for administrators: filter by period, action, person and programme; newest first, page by page;
/// the same selection as CSV. The policy sits on the page itself because the folder conventions live in shared wiring.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class AuditModel(IAuditStore audit, IProgrammeStore programmes, IUserDirectory users, AuditTrail trail) : PageModel
{
    public const int PageSize = 50;

    /// <summary>A CSV holds at most this many entries; narrow the period for more.</summary>
    public const int MaxExportRows = 100_000;

    /// <summary>The CSV columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["id", "time_utc", "actor_id", "actor_name", "actor_roles", "action", "programme_id", "consultation_id", "target_type", "target_id", "detail", "outcome"];

    private static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with
    {
        // Excel reads a CSV without a byte order mark in the local code page and garbles accented names.
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,

        // SpreadsheetText.Neutralise does it, also after leading spaces, which this option does not look past.
        Injection = CsvInjection.None,
    };

    /// <summary>First day shown (UTC), inclusive.</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    /// <summary>Last day shown (UTC), inclusive.</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    /// <summary>The action to show ("what" in the address: a field named "action" would shadow its form's own).</summary>
    [BindProperty(SupportsGet = true)]
    public AuditAction? What { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "programme")]
    public string? ProgrammeId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public string? Older { get; private set; }

    public IReadOnlyList<Programme> Programmes { get; private set; } = [];

    public IReadOnlyList<DirectoryUser> People { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Programmes = await programmes.ListAsync(cancellationToken);
        var people = new List<DirectoryUser>();
        foreach (var role in Enum.GetValues<Role>())
        {
            people.AddRange(await users.ListAsync(role, cancellationToken));
        }

        People = [.. people.DistinctBy(p => p.Id).OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)];
        try
        {
            var page = await audit.QueryAsync(Query() with { PageSize = PageSize, ContinuationToken = string.IsNullOrEmpty(After) ? null : After }, cancellationToken);
            (Entries, Older) = (page.Entries, page.ContinuationToken);
        }
        catch (ArgumentException)
        {
            // A tampered or outdated "Older" link: start again from the newest entries.
            return Redirect(PageLink(null));
        }

        return Page();
    }

    /// <summary>Every entry the filters select (up to <see cref="MaxExportRows"/>), newest first, as CSV with formula-like cells neutralised.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var stream = new MemoryStream();
        var rows = 0;
        using (var csv = CsvWriter.Create(stream, CsvOptions, leaveOpen: true))
        {
            csv.WriteHeader([.. Columns]);
            await foreach (var entry in audit.ReadAllAsync(Query(), cancellationToken))
            {
                if (rows++ == MaxExportRows)
                {
                    break;
                }

                foreach (var field in Fields(entry))
                {
                    csv.WriteField(SpreadsheetText.Neutralise(field));
                }

                csv.EndRecord();
            }

            csv.Flush();
        }

        stream.Position = 0;
        await trail.RecordAsync(User, AuditAction.AuditExported, AuditSubject.None, string.Create(CultureInfo.InvariantCulture, $"{Math.Min(rows, MaxExportRows)} entries exported as CSV{Describe()}"));
        return File(stream, "text/csv", $"audit-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv");
    }

    public string PageLink(string? after) => Url.Page("/Admin/Audit", new RouteValueDictionary(Filters(after)))!;

    public string CsvLink => Url.Page("/Admin/Audit", "csv", new RouteValueDictionary(Filters(null)))!;

    public string ProgrammeName(string? programmeId) =>
        programmeId is null ? string.Empty : Programmes.FirstOrDefault(p => p.Id == programmeId)?.Name ?? programmeId;

    private AuditQuery Query() => new()
    {
        From = From is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
        To = To is { } to ? new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
        ActorId = string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim(),
        Action = What,
        ProgrammeId = string.IsNullOrWhiteSpace(ProgrammeId) ? null : ProgrammeId.Trim(),
    };

    private List<KeyValuePair<string, string?>> Filters(string? after) =>
    [
        .. new Dictionary<string, string?>
        {
            ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["what"] = What?.ToString(),
            ["actor"] = Actor,
            ["programme"] = ProgrammeId,
            ["after"] = after,
        }.Where(kv => !string.IsNullOrEmpty(kv.Value)),
    ];

    private string Describe()
    {
        var filters = Filters(null);
        return filters.Count == 0 ? string.Empty : AuditTrail.Shorten($" ({string.Join(", ", filters.Select(f => $"{f.Key} {f.Value}"))})", 200);
    }

    private static IEnumerable<string> Fields(AuditEntry entry) =>
    [
        entry.Id,
        StoreOrdering.SortableTimestamp(entry.At),
        entry.ActorId,
        entry.ActorName,
        string.Join(' ', entry.ActorRoles),
        entry.Action.ToString(),
        entry.ProgrammeId ?? string.Empty,
        entry.ConsultationId ?? string.Empty,
        entry.TargetType ?? string.Empty,
        entry.TargetId ?? string.Empty,
        entry.Detail,
        entry.Outcome.ToString(),
    ];
}
