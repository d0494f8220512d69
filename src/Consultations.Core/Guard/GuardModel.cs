namespace Consultations.Core.Guard;

/// <summary>What a finding points at.</summary>
public enum FindingKind
{
    Participant,
    Organisation,
    Contact,
    SmallGroup,
}

/// <summary>Block stops publication of a Chatham House note (unless a lead overrides with a reason); warn only informs.</summary>
public enum FindingSeverity
{
    Warn,
    Block,
}

/// <summary>
/// One place in a text that may reveal who said something. <see cref="Start"/> and <see cref="Length"/> are in
/// UTF-16 code units of the original text. <see cref="Key"/> identifies what matched (a hash, never the text),
/// so an override can name the findings it accepted.
/// </summary>
public sealed record GuardFinding(FindingKind Kind, FindingSeverity Severity, int Start, int Length, string Text, string Suggestion, string Key);

/// <summary>How a register pattern may match in a text.</summary>
public enum PatternMatch
{
    /// <summary>Wherever its tokens appear, in any case.</summary>
    Anywhere,

    /// <summary>Only right after an honorific or title (Dr, Ms, Pak, Chị, Dato'…); the finding then covers the honorific too.</summary>
    AfterHonorific,

    /// <summary>Only written in capitals (an acronym that is also a word, e.g. MIC).</summary>
    UpperCaseOnly,

    /// <summary>Only capitalised and not at the start of a sentence (a name that is also a common word, e.g. Joy).</summary>
    CapitalizedMidSentence,
}

/// <summary>
/// One form of a participant's name or organisation, as keyed hashes of its normalised tokens (dot-separated):
/// the register can be purged of names and the guard still recognises them.
/// </summary>
public sealed record GuardPattern(string Tokens, FindingKind Kind, FindingSeverity Severity, PatternMatch Match, string Suggestion);

public static class GuardLabels
{
    public static string Label(this FindingKind kind) => kind switch
    {
        FindingKind.Participant => "a participant's name",
        FindingKind.Organisation => "a participant's organisation",
        FindingKind.Contact => "contact details",
        _ => "a stakeholder group too small to hide in",
    };
}
