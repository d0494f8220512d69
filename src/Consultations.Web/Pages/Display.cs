using System.Globalization;
using Consultations.Core.Domain;

namespace Consultations.Web.Pages;

public static class Display
{
    public static string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string DateRange(DateOnly start, DateOnly end) =>
        start == end ? Date(start)
        : start.Year == end.Year && start.Month == end.Month
            ? $"{start.Day}–{end.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}"
            : $"{Date(start)} – {Date(end)}";

    public static string Time(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Who wrote a note and, once published, who published it (a lead's publishing must not read as authorship);
    /// otherwise who saved it last when that is someone else.
    /// </summary>
    public static string Byline(Note note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var written = $"written by {note.CreatedBy.Name}";
        if (note is { Status: NoteStatus.Published, PublishedBy: { } publisher, PublishedAt: { } at })
        {
            return $"{written} · published by {publisher.Name}, {Time(at)}";
        }

        return note.UpdatedBy.Id == note.CreatedBy.Id
            ? $"{written}, {Time(note.UpdatedAt)}"
            : $"{written} · last changed by {note.UpdatedBy.Name}, {Time(note.UpdatedAt)}";
    }

    public static string RuleCss(DisclosureRule rule) => rule switch
    {
        DisclosureRule.OnTheRecord => "rule-on",
        DisclosureRule.ChathamHouse => "rule-chatham",
        _ => "rule-off",
    };

    public static string StatusCss(NoteStatus status) => status switch
    {
        NoteStatus.Draft => "status-draft",
        NoteStatus.Submitted => "status-submitted",
        _ => "status-published",
    };

    /// <summary>The text cut to <paramref name="max"/> characters with an ellipsis when it is longer.</summary>
    public static string Truncate(this string value, int max) =>
        value is null || value.Length <= max ? value ?? string.Empty : string.Concat(value.AsSpan(0, max - 1), "…");

    /// <summary>A 0–4 shade for a count relative to the largest count in a table.</summary>
    public static int Heat(int count, int max) =>
        count <= 0 || max <= 0 ? 0 : Math.Clamp((int)Math.Ceiling(4.0 * count / max), 1, 4);
}
