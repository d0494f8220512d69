using System.ComponentModel.DataAnnotations;
using Consultations.Core.Domain;

namespace Consultations.Web.Pages.Sessions;

public sealed class SessionInput
{
    [Required(ErrorMessage = "Give the session a title.")]
    [StringLength(Session.MaxTitleLength, ErrorMessage = "The title can be at most {1} characters.")]
    [Display(Name = "Title")]
    public string Title { get; set; } = string.Empty;

    [Display(Name = "Disclosure rule")]
    public DisclosureRule DisclosureRule { get; set; } = DisclosureRule.ChathamHouse;

    public List<string> Themes { get; set; } = [];
}
