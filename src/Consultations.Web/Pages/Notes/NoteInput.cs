using System.ComponentModel.DataAnnotations;
using Consultations.Core.Domain;

namespace Consultations.Web.Pages.Notes;

/// <summary>The note form, shared by the session page (add) and the edit page.</summary>
public sealed class NoteInput
{
    [Required(ErrorMessage = "Write the note before saving it.")]
    [StringLength(Note.MaxTextLength, ErrorMessage = "A note can be at most {1} characters. Split it into several notes.")]
    [Display(Name = "Note")]
    public string Text { get; set; } = string.Empty;

    [Display(Name = "Kind")]
    public NoteKind Kind { get; set; } = NoteKind.Finding;

    [Display(Name = "Stakeholder group of the speaker")]
    public string? StakeholderGroup { get; set; }

    public List<string> Themes { get; set; } = [];

    public List<string> SubThemes { get; set; } = [];

    public NoteContent ToContent() => new(Text, Kind, StakeholderGroup, Themes, SubThemes);

    public static NoteInput For(Session session) => new() { Themes = [.. session.Themes] };

    public static NoteInput From(Note note) => new()
    {
        Text = note.Text,
        Kind = note.Kind,
        StakeholderGroup = note.StakeholderGroup,
        Themes = [.. note.Themes],
        SubThemes = [.. note.SubThemes],
    };
}
