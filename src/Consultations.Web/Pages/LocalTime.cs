using System.Globalization;
using System.Text.RegularExpressions;

namespace Consultations.Web.Pages;

/// <summary>
/// The one time format of the site, the same as site.js's <c>consultations.formatTime</c>: the reader's local time with
/// its offset, "10:42 (UTC+8)" for an instant today in that zone and "7 Dec 2026, 10:42 (UTC+8)" otherwise.
/// The zone is the browser's IANA zone, which site.js writes to the <see cref="CookieName"/> cookie; exports keep ISO-8601 UTC.
/// </summary>
public static partial class LocalTime
{
    public const string CookieName = "tz";

    /// <summary>The zone a <see cref="CookieName"/> cookie names, or UTC when it is missing, malformed or unknown here.</summary>
    public static TimeZoneInfo ZoneFrom(string? cookie) =>
        cookie is { Length: > 0 and <= 64 } && ZoneId().IsMatch(cookie)
            && TimeZoneInfo.TryFindSystemTimeZoneById(cookie, out var zone)
            ? zone
            : TimeZoneInfo.Utc;

    /// <summary><paramref name="at"/> in <paramref name="zone"/>, without the date when it falls on the same local day as <paramref name="now"/>.</summary>
    public static string Format(DateTimeOffset at, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var clock = $"{local.ToString("HH:mm", CultureInfo.InvariantCulture)} {OffsetLabel(local.Offset)}";
        return local.Date == TimeZoneInfo.ConvertTime(now, zone).Date
            ? clock
            : $"{local.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}, {clock}";
    }

    /// <summary>"(UTC)", "(UTC+8)", "(UTC+5:30)", "(UTC−3:30)" (a true minus sign, as screen readers say "minus").</summary>
    public static string OffsetLabel(TimeSpan offset)
    {
        if (offset == TimeSpan.Zero)
        {
            return "(UTC)";
        }

        var sign = offset < TimeSpan.Zero ? "\u2212" : "+";
        var size = offset.Duration();
        var minutes = size.Minutes == 0 ? string.Empty : ":" + size.Minutes.ToString("00", CultureInfo.InvariantCulture);
        return $"(UTC{sign}{(int)size.TotalHours}{minutes})";
    }

    /// <summary>The exact instant for a <c>&lt;time datetime&gt;</c> attribute: ISO-8601 in UTC, to the second.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // IANA names ("Asia/Manila", "America/Argentina/Buenos_Aires", "Etc/GMT+3", "UTC"): no dots or leading slash, so no path out of the zone folder.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_+\\-]*(/[A-Za-z0-9_+\\-]+){0,2}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ZoneId();
}
