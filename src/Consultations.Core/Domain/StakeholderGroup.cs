namespace Consultations.Core.Domain;

/// <summary>A kind of participant ("civil society"); the only speaker description a note may carry.</summary>
public sealed record StakeholderGroup(string Key, string Label)
{
    public static IReadOnlyList<StakeholderGroup> Defaults { get; } =
    [
        new("government", "Government"),
        new("armed-forces", "Armed forces and defence"),
        new("telecoms", "Telecommunications"),
        new("technology", "Technology companies"),
        new("private-sector", "Other private sector"),
        new("cert", "National CERT / CSIRT"),
        new("academia", "Academia and research"),
        new("civil-society", "Civil society"),
        new("international", "International and development partners"),
    ];
}
