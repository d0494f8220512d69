using System.ComponentModel.DataAnnotations;
using Consultations.Core.Domain;

namespace Consultations.Web.Pages.CountryConsultations;

public sealed class ParticipantInput
{
    [Required(ErrorMessage = "Enter the participant's name.")]
    [StringLength(ParticipantRegister.MaxFieldLength, ErrorMessage = "The name can be at most {1} characters.")]
    [Display(Name = "Name")]
    public string Name { get; set; } = string.Empty;

    [StringLength(ParticipantRegister.MaxFieldLength, ErrorMessage = "The organisation can be at most {1} characters.")]
    [Display(Name = "Organisation")]
    public string? Organisation { get; set; }

    [Display(Name = "Stakeholder group")]
    public string? StakeholderGroup { get; set; }

    [StringLength(ParticipantRegister.MaxFieldLength, ErrorMessage = "The role can be at most {1} characters.")]
    [Display(Name = "Role")]
    public string? Role { get; set; }

    public static ParticipantInput From(Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return new() { Name = participant.Name, Organisation = participant.Organisation, StakeholderGroup = participant.StakeholderGroup, Role = participant.Role };
    }

    /// <summary>The group must be one of the programme's (the list offers only those), named as the CSV import accepts it.</summary>
    public IEnumerable<(string Field, string Message)> Validate(Programme programme)
    {
        ArgumentNullException.ThrowIfNull(programme);
        if (!string.IsNullOrWhiteSpace(StakeholderGroup) && programme.MatchStakeholderGroup(StakeholderGroup) is null)
        {
            yield return (nameof(StakeholderGroup), "Choose a stakeholder group from the list.");
        }
    }

    /// <summary>The key of the group chosen, as stored (null for none); call after <see cref="Validate"/> found no problem.</summary>
    public string? StakeholderGroupKey(Programme programme)
    {
        ArgumentNullException.ThrowIfNull(programme);
        return programme.MatchStakeholderGroup(StakeholderGroup)?.Group.Key;
    }
}
