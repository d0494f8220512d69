using System.Globalization;
using Consultations.Core.Domain;

namespace Consultations.Web.Pages;

public static class Display
{
    /// <summary>A file size as a person reads it: "812 bytes", "34 KB", "2.4 MB".</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:N0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:N1} MB"),
    };

    public static string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string DateRange(DateOnly start, DateOnly end) =>
        start == end ? Date(start)
        : start.Year == end.Year && start.Month == end.Month
            ? $"{start.Day}–{end.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}"
            : $"{Date(start)} – {Date(end)}";

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
