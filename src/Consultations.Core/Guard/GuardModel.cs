namespace Consultations.Core.Guard;

/// <summary>What a finding points at.</summary>
public enum FindingKind
{
    Participant,
    Organisation,
    Contact,
    SmallGroup,

    /// <summary>A participant's role or official title ("the Deputy Director", "the Colonel").</summary>
    Role,
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

    /// <summary>Capitalised, anywhere in a sentence, and followed by a verb of speaking or a possessive view ("Hope noted", "Lim's point").</summary>
    AsSpeaker,

    /// <summary>Capitalised mid-sentence or after "the" (a rank or title: "the Colonel", "the undersecretary").</summary>
    Definite,

    /// <summary>Capitalised anywhere, sentence starts included (a distinctive word of an organisation's name: Maxis).</summary>
    Capitalized,

    /// <summary>
    /// One edit away from a name word of six letters or more: <see cref="GuardPattern.Tokens"/> holds the hashes of the
    /// word and of the word with one letter (after the first) left out, and a capitalised text word matches when it
    /// shares one of them ("Fernandes" for Fernandez).
    /// </summary>
    NearMiss,
}

/// <summary>
/// One form of a participant's name or organisation, as keyed hashes of its normalised tokens (dot-separated):
/// the register can be purged of names and the guard still recognises them.
/// </summary>
public sealed record GuardPattern(string Tokens, FindingKind Kind, FindingSeverity Severity, PatternMatch Match, string Suggestion);

public static class GuardLabels
{
    /// <summary>Whether this finding stops a note reaching readers and an export leaving: a blocking name, organisation, role or contact.</summary>
    public static bool Identifies(this GuardFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Severity == FindingSeverity.Block && finding.Kind is FindingKind.Participant or FindingKind.Organisation or FindingKind.Contact or FindingKind.Role;
    }

    public static string Label(this FindingKind kind) => kind switch
    {
        FindingKind.Participant => "a participant's name",
        FindingKind.Organisation => "a participant's organisation",
        FindingKind.Contact => "contact details",
        FindingKind.Role => "a participant's role or title",
        _ => "a stakeholder group too small to hide in",
    };
}
