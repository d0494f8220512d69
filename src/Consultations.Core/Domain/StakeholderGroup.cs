using System.Globalization;
using System.Text;

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

    /// <summary>
    /// The group that text someone wrote (a spreadsheet cell, a form value) names by its key or its label, or null.
    /// Case, whitespace (surrounding, repeated, non-breaking), hyphens, dashes and underscores and “&amp;” for “and” do not matter,
    /// so “Private sector”, “ PRIVATE  SECTOR ” and “private_sector” all name <c>private-sector</c>.
    /// </summary>
    public static StakeholderGroupMatch? Match(string? text, IReadOnlyList<StakeholderGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var folded = Fold(text);
        if (folded.Length == 0)
        {
            return null;
        }

        // Keys first: a key is the stable name, so it wins should another group's label fold to the same text. When the
        // key and the label of one group read the same, text written exactly as the label ("Civil society") was the label.
        var byKey = groups.FirstOrDefault(g => Fold(g.Key) == folded);
        var byLabel = groups.FirstOrDefault(g => Fold(g.Label) == folded);
        return byKey is not null && (byLabel is null || byLabel != byKey || !string.Equals(text?.Trim(), byLabel.Label.Trim(), StringComparison.Ordinal))
            ? new(byKey, StakeholderGroupMatchedBy.Key)
            : byLabel is not null ? new(byLabel, StakeholderGroupMatchedBy.Label) : null;
    }

    /// <summary>Text as <see cref="Match"/> compares it: lower case, words separated by one space, “&amp;” spelled “and”.</summary>
    private static string Fold(string? text)
    {
        var folded = new StringBuilder(text?.Length ?? 0);
        var pendingSpace = false;
        foreach (var c in text ?? string.Empty)
        {
            if (char.IsWhiteSpace(c) || c == '_' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.DashPunctuation)
            {
                pendingSpace = folded.Length > 0;
                continue;
            }

            if (pendingSpace || (c == '&' && folded.Length > 0))
            {
                folded.Append(' ');
            }

            pendingSpace = c == '&';
            if (c == '&')
            {
                folded.Append("and");
            }
            else
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }

        return folded.ToString();
    }
}

/// <summary>Whether text named a stakeholder group by its key or by its label.</summary>
public enum StakeholderGroupMatchedBy
{
    Key,
    Label,
}

/// <summary>The stakeholder group some text named, and how (so a person can check what their text was read as).</summary>
public sealed record StakeholderGroupMatch(StakeholderGroup Group, StakeholderGroupMatchedBy By);
