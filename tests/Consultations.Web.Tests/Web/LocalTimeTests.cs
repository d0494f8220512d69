using Consultations.Core.Domain;
using Consultations.Testing.Web;
using Consultations.Web.Pages;

namespace Consultations.Web.Tests.Web;

/// <summary>The site's one time format: the reader's zone from the tz cookie, "10:42 (UTC+8)" today, the date otherwise.</summary>
public sealed class LocalTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Theory]
    [InlineData("2026-12-07T02:42:00Z", "Asia/Manila", "10:42 (UTC+8)")]
    [InlineData("2026-12-06T02:42:00Z", "Asia/Manila", "6 Dec 2026, 10:42 (UTC+8)")]
    [InlineData("2026-12-06T16:05:00Z", "Asia/Manila", "00:05 (UTC+8)")] // yesterday in UTC, today in Manila
    [InlineData("2026-12-07T15:59:00Z", "Asia/Manila", "23:59 (UTC+8)")]
    [InlineData("2026-12-07T16:00:00Z", "Asia/Manila", "8 Dec 2026, 00:00 (UTC+8)")]
    [InlineData("2026-12-07T02:42:00Z", "UTC", "02:42 (UTC)")]
    [InlineData("2026-12-07T02:42:00Z", "Asia/Kolkata", "08:12 (UTC+5:30)")]
    [InlineData("2026-12-07T02:42:00Z", "Asia/Kathmandu", "08:27 (UTC+5:45)")]
    [InlineData("2026-12-06T02:42:00Z", "America/St_Johns", "5 Dec 2026, 23:12 (UTC\u22123:30)")]
    [InlineData("2026-07-01T02:42:00Z", "America/St_Johns", "1 Jul 2026, 00:12 (UTC\u22122:30)")] // summer time
    [InlineData("2026-07-01T09:30:00Z", "Europe/London", "1 Jul 2026, 10:30 (UTC+1)")]
    [InlineData("2026-01-15T09:30:00Z", "Europe/London", "15 Jan 2026, 09:30 (UTC)")]
    [InlineData("2026-03-08T06:59:00Z", "America/New_York", "8 Mar 2026, 01:59 (UTC\u22125)")] // the minute before the clocks go forward
    [InlineData("2026-03-08T07:00:00Z", "America/New_York", "8 Mar 2026, 03:00 (UTC\u22124)")]
    [InlineData("2026-12-07T02:42:00Z", "Pacific/Chatham", "16:27 (UTC+13:45)")]
    public void An_instant_reads_in_the_readers_zone_with_its_offset(string instant, string zone, string expected) =>
        Assert.Equal(expected, LocalTime.Format(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), Zone(zone), Now));

    [Fact]
    public void The_offset_of_the_instant_is_used_not_the_offset_it_was_stored_with()
    {
        var storedInJakarta = new DateTimeOffset(2026, 12, 7, 9, 42, 0, TimeSpan.FromHours(7));
        Assert.Equal("10:42 (UTC+8)", LocalTime.Format(storedInJakarta, Zone("Asia/Manila"), Now));
        Assert.Equal("02:42 (UTC)", LocalTime.Format(storedInJakarta, TimeZoneInfo.Utc, Now));
    }

    [Theory]
    [InlineData(0, 0, "(UTC)")]
    [InlineData(8, 0, "(UTC+8)")]
    [InlineData(5, 30, "(UTC+5:30)")]
    [InlineData(-3, -30, "(UTC\u22123:30)")]
    [InlineData(-10, 0, "(UTC\u221210)")]
    [InlineData(14, 0, "(UTC+14)")]
    public void Offsets_are_labelled_in_hours_and_minutes_with_a_true_minus_sign(int hours, int minutes, string expected) =>
        Assert.Equal(expected, LocalTime.OffsetLabel(new TimeSpan(hours, minutes, 0)));

    [Theory]
    [InlineData("Asia/Manila")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("Etc/GMT+3")]
    [InlineData("UTC")]
    public void A_cookie_naming_a_known_zone_selects_it(string cookie) =>
        Assert.Equal(cookie, LocalTime.ZoneFrom(cookie).Id);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Not/A_Zone")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("../../../etc/passwd")]
    [InlineData("/etc/localtime")]
    [InlineData("Asia/../Asia/Manila")]
    [InlineData("Asia/Manila; path=/")]
    [InlineData("<script>")]
    [InlineData("Asia/Manila\n")]
    [InlineData("Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Manila")]
    public void A_missing_or_invalid_cookie_means_UTC(string? cookie)
    {
        var zone = LocalTime.ZoneFrom(cookie);
        Assert.Same(TimeZoneInfo.Utc, zone);
        Assert.Equal("02:42 (UTC)", LocalTime.Format(Now.AddMinutes(-18), zone, Now));
    }

    [Fact]
    public void The_machine_readable_instant_is_ISO_8601_in_UTC() =>
        Assert.Equal("2026-12-07T02:42:05Z", LocalTime.Iso(new DateTimeOffset(2026, 12, 7, 10, 42, 5, TimeSpan.FromHours(8))));
}

/// <summary>Pages render times in the zone of the reader's tz cookie, inside &lt;time datetime&gt; with the exact UTC instant.</summary>
public sealed class LocalTimeRenderingTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Session = "/programmes/demo/consultations/demo-ph/sessions/plenary-1";

    [Theory]
    [InlineData("Asia/Manila", "(UTC+8)")]
    [InlineData("America/St_Johns", "(UTC\u2212")]
    [InlineData(null, "(UTC)")]
    [InlineData("No/Such_Zone", "(UTC)")]
    public async Task A_byline_is_rendered_in_the_zone_of_the_tz_cookie(string? zone, string label)
    {
        using var client = await app.SignedInClientAsync("demo-facilitator");
        if (zone is not null)
        {
            client.Http.DefaultRequestHeaders.Add("Cookie", $"{LocalTime.CookieName}={zone}");
        }

        var page = await client.GetOkAsync(Session);
        var times = page.Document.QuerySelectorAll("[data-testid=note-byline] time");
        Assert.NotEmpty(times);
        var notes = await app.Notes.ListBySessionAsync("demo-ph", "plenary-1", TestContext.Current.CancellationToken);
        var reader = zone is null ? TimeZoneInfo.Utc : LocalTime.ZoneFrom(zone);
        foreach (var time in times)
        {
            Assert.Contains(label, time.TextContent, StringComparison.Ordinal);
            var instant = DateTimeOffset.Parse(time.GetAttribute("datetime")!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(TimeSpan.Zero, instant.Offset);
            Assert.Contains(notes, n => (n.PublishedAt is { } at && Math.Abs((at - instant).TotalSeconds) < 1) || Math.Abs((n.UpdatedAt - instant).TotalSeconds) < 1);
            Assert.Equal(LocalTime.Format(instant, reader, DateTimeOffset.UtcNow), time.TextContent);
        }

        // The byline around the time is unchanged: who wrote it, who published it.
        var published = notes.First(n => n.Status == NoteStatus.Published);
        var byline = page.Document.QuerySelector($"#note-{published.Id} [data-testid=note-byline]")!.TextContent;
        Assert.Contains($"written by {published.CreatedBy.Name} · published by {published.PublishedBy!.Name}, {LocalTime.Format(published.PublishedAt!.Value, reader, DateTimeOffset.UtcNow)}", byline, StringComparison.Ordinal);
    }
}
