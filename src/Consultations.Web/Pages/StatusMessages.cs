using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Consultations.Web.Pages;

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
