using Consultations.Core.Guard;

namespace Consultations.Web.Guard;

/// <summary>How pages name a finding's kind, telling the register's matches from the names Azure AI Language found.</summary>
public static class FindingLabels
{
    public const string EntityPerson = "a name not in the register";

    public const string EntityOrganisation = "an organisation not in the register";

    /// <summary>"a participant's name", "contact details", … or, for an entity finding, that the register does not know it.</summary>
    public static string Describe(GuardFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return EntityFindings.IsEntity(finding)
            ? finding.Kind == FindingKind.Organisation ? EntityOrganisation : EntityPerson
            : finding.Kind.Label();
    }

    /// <summary>A status line about findings that never repeats the matched words (status messages travel in a cookie).</summary>
    public static string Summary(IReadOnlyList<GuardFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return $"It may identify a speaker: {findings.Count} possible identifier{(findings.Count == 1 ? "" : "s")} ({string.Join(", ", findings.Select(Describe).Distinct())}). Check the highlighted text before it is published.";
    }
}
