namespace Consultations.Core.Domain;

/// <summary>How what is said in a session may be used outside it.</summary>
public enum DisclosureRule
{
    /// <summary>Speakers and affiliations may be named.</summary>
    OnTheRecord,

    /// <summary>What was said may be used; who said it, or their affiliation, may not.</summary>
    ChathamHouse,

    /// <summary>Nothing leaves the facilitators' view.</summary>
    OffTheRecord,
}

public enum NoteKind
{
    Finding,
    Recommendation,
    Challenge,

    /// <summary>A short, non-attributed quotation.</summary>
    Quote,
}

public enum NoteStatus
{
    Draft,
    Submitted,
    Published,
}

public enum ConsultationFormat
{
    InPerson,
    Hybrid,
    Virtual,
}

public static class DomainLabels
{
    public static string Label(this DisclosureRule rule) => rule switch
    {
        DisclosureRule.OnTheRecord => "On the record",
        DisclosureRule.ChathamHouse => "Chatham House Rule",
        DisclosureRule.OffTheRecord => "Off the record",
        _ => rule.ToString(),
    };

    public static string Explanation(this DisclosureRule rule) => rule switch
    {
        DisclosureRule.OnTheRecord => "Speakers and their organisations may be named.",
        DisclosureRule.ChathamHouse => "What was said may be used, but never who said it or where they work.",
        DisclosureRule.OffTheRecord => "Notes stay with the consultation's facilitators: never published, searched or exported.",
        _ => string.Empty,
    };

    public static string Label(this NoteKind kind) => kind switch
    {
        NoteKind.Finding => "Finding",
        NoteKind.Recommendation => "Recommendation",
        NoteKind.Challenge => "Challenge",
        NoteKind.Quote => "Non-attributed quote",
        _ => kind.ToString(),
    };

    public static string Label(this NoteStatus status) => status switch
    {
        NoteStatus.Draft => "Draft",
        NoteStatus.Submitted => "Submitted for review",
        NoteStatus.Published => "Published",
        _ => status.ToString(),
    };

    public static string Label(this RegisterAction action) => action switch
    {
        RegisterAction.Added => "Added",
        RegisterAction.Updated => "Edited",
        RegisterAction.Removed => "Removed",
        RegisterAction.Imported => "Imported",
        RegisterAction.Purged => "Purged",
        _ => action.ToString(),
    };

    public static string Label(this ConsultationFormat format) => format switch
    {
        ConsultationFormat.InPerson => "In person",
        ConsultationFormat.Hybrid => "Hybrid",
        ConsultationFormat.Virtual => "Virtual",
        _ => format.ToString(),
    };
}
