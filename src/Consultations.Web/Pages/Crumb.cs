using Consultations.Core.Domain;
using Consultations.Web.Loading;

namespace Consultations.Web.Pages;

/// <summary>One step of the breadcrumb trail: its label, and the page it links to with that page's route values (none for the page itself).</summary>
public sealed record Crumb(string Label, string? Page = null, object? RouteValues = null)
{
    public static Crumb Programmes { get; } = new("Programmes", "/Programmes/Index");

    public static Crumb Programme(Programme programme)
    {
        ArgumentNullException.ThrowIfNull(programme);
        return new(programme.Name, "/Programmes/Dashboard", new { programmeId = programme.Id });
    }

    public static Crumb Briefs(Programme programme)
    {
        ArgumentNullException.ThrowIfNull(programme);
        return new("Briefs", "/Briefs/Index", new { programmeId = programme.Id });
    }
}

/// <summary>The trails down to what a page shows, then the page's own steps.</summary>
public static class CrumbTrails
{
    public static IReadOnlyList<Crumb> Crumbs(this ConsultationScope scope, params Crumb[] more)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return
        [
            Crumb.Programmes,
            Crumb.Programme(scope.Programme),
            new(scope.Consultation.Title, "/CountryConsultations/Details", new { programmeId = scope.Programme.Id, consultationId = scope.Consultation.Id }),
            .. more,
        ];
    }

    /// <summary>Down to the session, linked, for the pages below it.</summary>
    public static IReadOnlyList<Crumb> SessionCrumbs(this SessionScope scope, params Crumb[] more)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var session = new { programmeId = scope.Programme.Id, consultationId = scope.Consultation.Id, sessionId = scope.Session.Id };
        return scope.Crumbs([new(scope.Session.Title, "/Sessions/Details", session), .. more]);
    }

    /// <summary>Down to the register, linked, for the pages below it.</summary>
    public static IReadOnlyList<Crumb> RegisterCrumbs(this RegisterScope scope, params Crumb[] more)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var register = new { programmeId = scope.Programme.Id, consultationId = scope.Consultation.Id };
        return scope.Crumbs([new("Participant register", "/CountryConsultations/Register", register), .. more]);
    }
}
