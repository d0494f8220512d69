using Consultations.Core.Text;

namespace Consultations.Core.Domain;

public sealed record SubTheme(string Key, string Label, bool Retired = false);

public sealed record Theme(string Key, string Label, string Description, IReadOnlyList<SubTheme> SubThemes, bool Retired = false)
{
    /// <summary>The note-level reference of a sub-theme: "theme-key/sub-key".</summary>
    public string SubThemeRef(SubTheme subTheme) => $"{Key}/{subTheme.Key}";
}

/// <summary>
/// A programme's themes and sub-themes. Keys are stable once created (notes refer to them);
/// labels can change and themes can be retired, never deleted, so old notes keep their meaning.
/// </summary>
public sealed record ThemeTaxonomy(IReadOnlyList<Theme> Themes)
{
    public const int MaxLabelLength = 80;
    public const int MaxDescriptionLength = 400;

    public static ThemeTaxonomy Default { get; } = new(
    [
        new Theme(
            "international-collaboration",
            "International collaboration",
            "Regional confidence-building measures, points-of-contact directories, cooperation with partners.",
            [
                new SubTheme("confidence-building-measures", "Confidence-building measures"),
                new SubTheme("points-of-contact", "Points-of-contact directories"),
                new SubTheme("regional-cooperation", "Regional cooperation"),
                new SubTheme("partner-cooperation", "Cooperation with external partners"),
                new SubTheme("capacity-building", "Capacity building"),
            ]),
        new Theme(
            "technical-standards",
            "International technical standards",
            "How organisations adopt ISO/IEC 27001, the NIST CSF and hybrids; constraints on SMEs.",
            [
                new SubTheme("iso-27001", "ISO/IEC 27001"),
                new SubTheme("nist-csf", "NIST Cybersecurity Framework"),
                new SubTheme("hybrid-frameworks", "Hybrid and customised frameworks"),
                new SubTheme("sme-constraints", "SME constraints"),
                new SubTheme("certification", "Certification and audit"),
            ]),
        new Theme(
            "information-sharing",
            "Information sharing and incident response",
            "Public–private sharing, incentives, transparency, moving from incident management to threat response.",
            [
                new SubTheme("public-private-sharing", "Public–private sharing"),
                new SubTheme("incentives", "Incentives"),
                new SubTheme("legal-mandates", "Legal mandates and reporting duties"),
                new SubTheme("transparency", "Transparency and trust"),
                new SubTheme("threat-response", "Threat response"),
                new SubTheme("incident-management", "Incident management"),
            ]),
        new Theme(
            "inclusion",
            "Inclusion",
            "Gender equity beyond head-counts; mainstreaming inclusion in policy from inception to implementation.",
            [
                new SubTheme("gender", "Gender"),
                new SubTheme("beyond-headcounts", "Beyond head-counts"),
                new SubTheme("policy-mainstreaming", "Mainstreaming in policy"),
                new SubTheme("workforce-pipeline", "Workforce and education pipeline"),
                new SubTheme("regional-disparities", "Regional disparities"),
            ]),
    ]);

    public IEnumerable<Theme> ActiveThemes => Themes.Where(t => !t.Retired);

    public Theme? Find(string key) => Themes.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.Ordinal));

    public string LabelOf(string themeKey) => Find(themeKey)?.Label ?? themeKey;

    /// <summary>Label of a "theme/sub" reference, or the reference itself when unknown.</summary>
    public string SubThemeLabelOf(string subThemeRef)
    {
        var (themeKey, subKey) = SplitSubThemeRef(subThemeRef);
        return Find(themeKey)?.SubThemes.FirstOrDefault(s => s.Key == subKey)?.Label ?? subThemeRef;
    }

    public bool ContainsTheme(string key) => Find(key) is not null;

    public bool ContainsSubTheme(string subThemeRef)
    {
        var (themeKey, subKey) = SplitSubThemeRef(subThemeRef);
        return Find(themeKey)?.SubThemes.Any(s => s.Key == subKey) == true;
    }

    public static (string ThemeKey, string SubKey) SplitSubThemeRef(string subThemeRef)
    {
        ArgumentNullException.ThrowIfNull(subThemeRef);
        var slash = subThemeRef.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (subThemeRef, string.Empty) : (subThemeRef[..slash], subThemeRef[(slash + 1)..]);
    }

    public ThemeTaxonomy AddTheme(string label, string? description, out string key)
    {
        label = ValidLabel(label);
        description = (description ?? string.Empty).Trim();
        if (description.Length > MaxDescriptionLength)
        {
            throw new DomainRuleException($"A theme description can be at most {MaxDescriptionLength} characters.");
        }

        if (Themes.Any(t => string.Equals(t.Label, label, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainRuleException($"There is already a theme called \"{label}\".");
        }

        key = UniqueKey(TextFolding.Slugify(label), Themes.Select(t => t.Key));
        return new ThemeTaxonomy([.. Themes, new Theme(key, label, description, [])]);
    }

    public ThemeTaxonomy UpdateTheme(string themeKey, string label, string? description, bool retired)
    {
        var theme = Require(themeKey);
        label = ValidLabel(label);
        description = (description ?? string.Empty).Trim();
        if (description.Length > MaxDescriptionLength)
        {
            throw new DomainRuleException($"A theme description can be at most {MaxDescriptionLength} characters.");
        }

        if (Themes.Any(t => t.Key != themeKey && string.Equals(t.Label, label, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainRuleException($"There is already a theme called \"{label}\".");
        }

        var updated = theme with { Label = label, Description = description, Retired = retired };
        return new ThemeTaxonomy([.. Themes.Select(t => t.Key == themeKey ? updated : t)]);
    }

    public ThemeTaxonomy AddSubTheme(string themeKey, string label, out string subThemeRef)
    {
        var theme = Require(themeKey);
        label = ValidLabel(label);
        if (theme.SubThemes.Any(s => string.Equals(s.Label, label, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainRuleException($"\"{theme.Label}\" already has a sub-theme called \"{label}\".");
        }

        var key = UniqueKey(TextFolding.Slugify(label), theme.SubThemes.Select(s => s.Key));
        var subTheme = new SubTheme(key, label);
        subThemeRef = theme.SubThemeRef(subTheme);
        var updated = theme with { SubThemes = [.. theme.SubThemes, subTheme] };
        return new ThemeTaxonomy([.. Themes.Select(t => t.Key == themeKey ? updated : t)]);
    }

    public ThemeTaxonomy UpdateSubTheme(string themeKey, string subKey, string label, bool retired)
    {
        var theme = Require(themeKey);
        label = ValidLabel(label);
        if (theme.SubThemes.All(s => s.Key != subKey))
        {
            throw new DomainRuleException($"\"{theme.Label}\" has no sub-theme \"{subKey}\".");
        }

        if (theme.SubThemes.Any(s => s.Key != subKey && string.Equals(s.Label, label, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainRuleException($"\"{theme.Label}\" already has a sub-theme called \"{label}\".");
        }

        var updated = theme with
        {
            SubThemes = [.. theme.SubThemes.Select(s => s.Key == subKey ? s with { Label = label, Retired = retired } : s)],
        };
        return new ThemeTaxonomy([.. Themes.Select(t => t.Key == themeKey ? updated : t)]);
    }

    private Theme Require(string themeKey) =>
        Find(themeKey) ?? throw new DomainRuleException($"There is no theme \"{themeKey}\" in this programme.");

    private static string ValidLabel(string label)
    {
        label = (label ?? string.Empty).Trim();
        if (label.Length == 0)
        {
            throw new DomainRuleException("A label is required.");
        }

        if (label.Length > MaxLabelLength)
        {
            throw new DomainRuleException($"A label can be at most {MaxLabelLength} characters.");
        }

        return label;
    }

    private static string UniqueKey(string baseKey, IEnumerable<string> existing)
    {
        var taken = existing.ToHashSet(StringComparer.Ordinal);
        var key = baseKey;
        for (var n = 2; taken.Contains(key); n++)
        {
            key = $"{baseKey}-{n}";
        }

        return key;
    }
}
