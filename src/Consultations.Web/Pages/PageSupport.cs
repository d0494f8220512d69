using System.Globalization;
using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Web.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Consultations.Web.Pages;

public sealed record Crumb(string Label, string? Url = null);

/// <summary>One-line messages shown after a redirect (Post/Redirect/Get).</summary>
public static class StatusMessages
{
    public const string MessageKey = "StatusMessage";
    public const string KindKey = "StatusKind";

    public static void Success(this ITempDataDictionary tempData, string message) => Set(tempData, message, "success");

    public static void Warning(this ITempDataDictionary tempData, string message) => Set(tempData, message, "warning");

    private static void Set(ITempDataDictionary tempData, string message, string kind)
    {
        ArgumentNullException.ThrowIfNull(tempData);
        tempData[MessageKey] = message;
        tempData[KindKey] = kind;
    }
}

/// <summary>A programme and one of its consultations, loaded for the signed-in user.</summary>
public sealed record ConsultationScope(Programme Programme, Consultation Consultation, Actor Actor)
{
    public bool CanWriteNotes => AccessRules.CanWriteNotes(Actor, Consultation);

    public bool CanReviewNotes => AccessRules.CanReviewNotes(Actor, Consultation);

    public bool CanSeeRegister => AccessRules.CanSeeRegister(Actor, Consultation);

    public bool CanPurgeRegister => AccessRules.CanPurgeRegister(Actor, Consultation);

    /// <summary>Agenda changes: administrators and the consultation's lead facilitators.</summary>
    public bool CanEditAgenda => Actor.Is(Role.Administrator) || CanReviewNotes;

    public static async Task<ConsultationScope?> LoadAsync(
        PageModel page,
        IProgrammeStore programmes,
        IConsultationStore consultations,
        string programmeId,
        string consultationId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!Ids.IsValid(programmeId) || !Ids.IsValid(consultationId))
        {
            return null;
        }

        var programme = await programmes.GetAsync(programmeId, cancellationToken);
        if (programme is null)
        {
            return null;
        }

        var consultation = await consultations.GetAsync(programmeId, consultationId, cancellationToken);
        return consultation is null ? null : new ConsultationScope(programme, consultation, page.User.ToActor());
    }

    public IReadOnlyList<Crumb> Crumbs(params Crumb[] more) =>
    [
        new("Programmes", "/programmes"),
        new(Programme.Name, Paths.Programme(Programme.Id)),
        new(Consultation.Title, Paths.Consultation(Programme.Id, Consultation.Id)),
        .. more,
    ];
}

/// <summary>Addresses of the main pages, in one place so links and redirects agree.</summary>
public static class Paths
{
    public static string Programme(string programmeId) => $"/programmes/{programmeId}";

    public static string Consultation(string programmeId, string consultationId) => $"/programmes/{programmeId}/consultations/{consultationId}";

    public static string Session(string programmeId, string consultationId, string sessionId) =>
        $"{Consultation(programmeId, consultationId)}/sessions/{sessionId}";

    public static string SessionCapture(string programmeId, string consultationId, string sessionId) =>
        $"{Session(programmeId, consultationId, sessionId)}/capture";

    public static string Compare(string programmeId) => $"/programmes/{programmeId}/compare";

    public static string Briefs(string programmeId) => $"/programmes/{programmeId}/briefs";

    public static string Brief(string programmeId, string briefId) => $"{Briefs(programmeId)}/{briefId}";

    public static string BriefEdit(string programmeId, string briefId) => $"{Brief(programmeId, briefId)}/edit";

    public static string BriefVersion(string programmeId, string briefId, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{Brief(programmeId, briefId)}/v/{number}");

    public static string BriefJob(string programmeId, string jobId) => $"{Briefs(programmeId)}/jobs/{jobId}";

    public static string Register(string programmeId, string consultationId) => $"{Consultation(programmeId, consultationId)}/register";

    public static string Participant(string programmeId, string consultationId, string participantId) =>
        $"{Register(programmeId, consultationId)}/participants/{participantId}";

    public static string NoteEdit(string programmeId, string consultationId, string noteId) =>
        $"{Consultation(programmeId, consultationId)}/notes/{noteId}/edit";

    public static string NoteDelete(string programmeId, string consultationId, string noteId) =>
        $"{Consultation(programmeId, consultationId)}/notes/{noteId}/delete";
}

public static class PageModelExtensions
{
    public const string ForbiddenReasonKey = "Consultations.ForbiddenReason";

    /// <summary>Refuses with a 403 whose page tells the user why.</summary>
    public static ForbidResult ForbidBecause(this PageModel page, string reason)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.HttpContext.Items[ForbiddenReasonKey] = reason;
        return new ForbidResult();
    }

    /// <summary>A local URL to return to, or the fallback; never an open redirect.</summary>
    public static string SafeReturnUrl(this PageModel page, string? returnUrl, string fallback)
    {
        ArgumentNullException.ThrowIfNull(page);
        return !string.IsNullOrEmpty(returnUrl) && page.Url.IsLocalUrl(returnUrl) ? returnUrl : fallback;
    }
}

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
