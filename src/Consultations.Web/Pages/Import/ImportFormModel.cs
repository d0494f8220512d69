using Consultations.Core.Domain;

namespace Consultations.Web.Pages.Import;

/// <summary>The upload form, on the import page and (compact) on the consultation page.</summary>
public sealed record ImportFormModel(string ProgrammeId, Consultation Consultation, string? SessionId, long MaxFileBytes, bool Compact)
{
    public const string AcceptAttribute = ".docx,.md,.markdown,.txt,.csv,.xlsx";
}
