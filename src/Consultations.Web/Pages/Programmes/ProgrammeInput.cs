using System.ComponentModel.DataAnnotations;
using Consultations.Core.Domain;

namespace Consultations.Web.Pages.Programmes;

public sealed class ProgrammeInput
{
    [Required(ErrorMessage = "Give the programme a name.")]
    [StringLength(Programme.MaxNameLength, ErrorMessage = "The name can be at most {1} characters.")]
    [Display(Name = "Name")]
    public string Name { get; set; } = string.Empty;

    [StringLength(200, ErrorMessage = "The funder can be at most {1} characters.")]
    [Display(Name = "Funder (optional)")]
    public string? Funder { get; set; }

    [StringLength(Programme.MaxDescriptionLength, ErrorMessage = "The description can be at most {1} characters.")]
    [Display(Name = "Description")]
    public string? Description { get; set; }
}
