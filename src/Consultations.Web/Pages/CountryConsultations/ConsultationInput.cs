using System.ComponentModel.DataAnnotations;
using Consultations.Core.Domain;
using Consultations.Web.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Consultations.Web.Pages.CountryConsultations;

public sealed class ConsultationInput
{
    [Required(ErrorMessage = "Choose the country.")]
    [Display(Name = "Country")]
    public string CountryCode { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter the city.")]
    [StringLength(Consultation.MaxCityLength, ErrorMessage = "The city can be at most {1} characters.")]
    [Display(Name = "City")]
    public string City { get; set; } = string.Empty;

    [StringLength(Consultation.MaxVenueLength, ErrorMessage = "The venue can be at most {1} characters.")]
    [Display(Name = "Venue (optional)")]
    public string? Venue { get; set; }

    [Required(ErrorMessage = "Enter the first day.")]
    [Display(Name = "First day")]
    [DataType(DataType.Date)]
    public DateOnly? StartDate { get; set; }

    [Display(Name = "Last day (leave empty for a one-day consultation)")]
    [DataType(DataType.Date)]
    public DateOnly? EndDate { get; set; }

    [Display(Name = "Format")]
    public ConsultationFormat Format { get; set; } = ConsultationFormat.InPerson;

    [Display(Name = "Default rule for new sessions")]
    public DisclosureRule DisclosureRule { get; set; } = DisclosureRule.ChathamHouse;

    [StringLength(2_000, ErrorMessage = "The co-chairs list can be at most {1} characters.")]
    [Display(Name = "Co-chairs (one per line: name, role)")]
    public string? CoChairs { get; set; }

    [Display(Name = "Lead facilitator")]
    public string? LeadFacilitatorId { get; set; }

    [Display(Name = "Facilitators")]
    public List<string> FacilitatorIds { get; set; } = [];

    public ConsultationDetails ToDetails() => new(
        CountryCode,
        City,
        Venue,
        StartDate ?? default,
        EndDate ?? StartDate ?? default,
        Format,
        DisclosureRule,
        ParseCoChairs(CoChairs));

    public static ConsultationInput From(Consultation consultation) => new()
    {
        CountryCode = consultation.CountryCode,
        City = consultation.City,
        Venue = consultation.Venue,
        StartDate = consultation.StartDate,
        EndDate = consultation.EndDate,
        Format = consultation.Format,
        DisclosureRule = consultation.DisclosureRule,
        CoChairs = string.Join('\n', consultation.CoChairs.Select(c => string.IsNullOrEmpty(c.Role) ? c.Name : $"{c.Name}, {c.Role}")),
        LeadFacilitatorId = consultation.Facilitators.FirstOrDefault(f => f.IsLead)?.UserId,
        FacilitatorIds = [.. consultation.Facilitators.Where(f => !f.IsLead).Select(f => f.UserId)],
    };

    /// <summary>Makes the consultation's assignments match the form; unknown user ids are ignored.</summary>
    public void ApplyAssignments(Consultation consultation, IReadOnlyList<DirectoryUser> facilitators, UserRef by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        var known = facilitators.ToDictionary(u => u.Id);
        var wanted = new Dictionary<string, bool>();
        foreach (var id in FacilitatorIds.Where(known.ContainsKey))
        {
            wanted[id] = false;
        }

        if (LeadFacilitatorId is not null && known.ContainsKey(LeadFacilitatorId))
        {
            wanted[LeadFacilitatorId] = true;
        }

        foreach (var assignment in consultation.Facilitators.Where(f => !wanted.ContainsKey(f.UserId)).ToList())
        {
            consultation.UnassignFacilitator(assignment.UserId, by, at);
        }

        foreach (var (id, isLead) in wanted)
        {
            consultation.AssignFacilitator(new UserRef(id, known[id].Name), isLead, by, at);
        }
    }

    /// <summary>
    /// Rules that span fields or need the country list. Checked alongside the attribute rules (not after them,
    /// as IValidatableObject would be) so the form reports every problem at once.
    /// </summary>
    public void AddRuleErrors(ModelStateDictionary modelState, string prefix)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        if (!string.IsNullOrEmpty(CountryCode) && !Country.TryGet(CountryCode, out _))
        {
            modelState.AddModelError($"{prefix}.{nameof(CountryCode)}", "Choose a country from the list.");
        }

        if (StartDate is { } start && EndDate is { } end && end < start)
        {
            modelState.AddModelError($"{prefix}.{nameof(EndDate)}", "The last day cannot be before the first day.");
        }
    }

    private static List<CoChair> ParseCoChairs(string? text) =>
    [
        .. (text ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line =>
            {
                var comma = line.IndexOf(',', StringComparison.Ordinal);
                return comma < 0 ? new CoChair(line, string.Empty) : new CoChair(line[..comma].Trim(), line[(comma + 1)..].Trim());
            }),
    ];
}
