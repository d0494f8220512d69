namespace Consultations.Web.Security;

/// <summary>
/// Why a request was refused, handed from whatever refused it (a page, the sign-in) to the status page that renders the
/// 403, which re-executes on the same request.
/// </summary>
public static class ForbiddenReason
{
    private const string ItemKey = "Consultations.ForbiddenReason";

    public static void Set(HttpContext context, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[ItemKey] = reason;
    }

    public static string? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[ItemKey] as string;
    }
}
