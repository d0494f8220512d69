using Consultations.Web.Loading;

namespace Consultations.Web.Pages;

/// <summary>One step of the breadcrumb trail: its label, and where it links (none for the page itself).</summary>
public sealed record Crumb(string Label, string? Url = null);

/// <summary>The trails down to what a page shows, then the page's own steps.</summary>
public static class CrumbTrails
{
    public static IReadOnlyList<Crumb> Crumbs(this ConsultationScope scope, params Crumb[] more)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return
        [
            new("Programmes", "/programmes"),
            new(scope.Programme.Name, Paths.Programme(scope.Programme.Id)),
            new(scope.Consultation.Title, Paths.Consultation(scope.Programme.Id, scope.Consultation.Id)),
            .. more,
        ];
    }

    /// <summary>Down to the register, linked, for the pages below it.</summary>
    public static IReadOnlyList<Crumb> RegisterCrumbs(this RegisterScope scope, params Crumb[] more)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Crumbs([new("Participant register", Paths.Register(scope.Programme.Id, scope.Consultation.Id)), .. more]);
    }
}
