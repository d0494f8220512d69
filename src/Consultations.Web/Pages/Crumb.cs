namespace Consultations.Web.Pages;

/// <summary>One step of the breadcrumb trail: its label, and where it links (none for the page itself).</summary>
public sealed record Crumb(string Label, string? Url = null);
