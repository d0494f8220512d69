using System.Text.Encodings.Web;
using Consultations.Core.Domain;
using Microsoft.AspNetCore.Html;

namespace Consultations.Web.Pages;

/// <summary>Times as the person reading the page sees them (<see cref="LocalTime"/>): their zone, from the request's cookie.</summary>
public sealed class ViewerClock(IHttpContextAccessor http, TimeProvider time)
{
    private TimeZoneInfo? _zone;

    public TimeZoneInfo Zone => _zone ??= LocalTime.ZoneFrom(http.HttpContext?.Request.Cookies[LocalTime.CookieName]);

    /// <summary>The formatted time as plain text.</summary>
    public string Text(DateTimeOffset at) => LocalTime.Format(at, Zone, time.GetUtcNow());

    /// <summary>The formatted time in a <c>&lt;time&gt;</c> element whose datetime is the exact instant in UTC.</summary>
    public IHtmlContent Time(DateTimeOffset at) =>
        new HtmlString($"<time datetime=\"{LocalTime.Iso(at)}\">{HtmlEncoder.Default.Encode(Text(at))}</time>");

    /// <summary>
    /// Who wrote a note and, once published, who published it (a lead's publishing must not read as authorship);
    /// otherwise who saved it last when that is someone else.
    /// </summary>
    public IHtmlContent Byline(Note note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var line = new HtmlContentBuilder().Append("written by ").Append(note.CreatedBy.Name);
        if (note is { Status: NoteStatus.Published, PublishedBy: { } publisher, PublishedAt: { } at })
        {
            return line.Append(" · published by ").Append(publisher.Name).Append(", ").AppendHtml(Time(at));
        }

        return note.UpdatedBy.Id == note.CreatedBy.Id
            ? line.Append(", ").AppendHtml(Time(note.UpdatedAt))
            : line.Append(" · last changed by ").Append(note.UpdatedBy.Name).Append(", ").AppendHtml(Time(note.UpdatedAt));
    }
}
