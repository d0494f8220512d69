using Consultations.Core.Domain;

namespace Consultations.Core.Analysis;

/// <summary>
/// The taxonomy's own words, plus the vocabulary consultations use for the four default themes: the fallback when a
/// programme has too few confirmed tags to train a classifier, and the source of each suggestion's evidence.
/// </summary>
public static class ThemeLexicon
{
    private static readonly Dictionary<string, string[]> DefaultTerms = new(StringComparer.Ordinal)
    {
        ["international-collaboration"] =
        [
            "international", "regional", "cooperation", "collaboration", "partner", "partners", "asean", "bilateral", "multilateral", "cross-border",
            "diplomacy", "norms", "confidence-building", "neighbouring countries", "donor", "development partners", "joint exercise", "mou",
            "memorandum of understanding", "treaty", "convention", "un", "regional forum", "mutual legal assistance", "capacity building", "foreign",
        ],
        ["technical-standards"] =
        [
            "standard", "standards", "iso/iec 27001", "iso", "nist", "nist csf", "framework", "certification", "certified", "audit", "compliance",
            "baseline", "controls", "conformity", "accreditation", "benchmark", "requirements", "specification", "sme", "smes", "suppliers",
            "procurement", "assessment", "maturity", "cloud security", "secure by design", "checklist",
        ],
        ["information-sharing"] =
        [
            "information sharing", "sharing", "share", "threat intelligence", "indicators", "incident", "incidents", "incident response", "reporting",
            "report", "cert", "csirt", "soc", "alert", "alerts", "vulnerability", "disclosure", "platform", "trust", "points of contact",
            "notification", "breach", "ransomware", "coordination", "hotline", "advisories", "sector", "isac",
        ],
        ["inclusion"] =
        [
            "inclusion", "inclusive", "women", "gender", "girls", "youth", "young", "rural", "disability", "disabilities", "accessibility",
            "accessible", "language", "languages", "minority", "indigenous", "elderly", "underserved", "diversity", "equity", "scholarship",
            "mentoring", "outreach", "awareness", "community", "pipeline", "career", "provinces",
        ],
    };

    /// <summary>Stemmed lexicon terms per theme key for a taxonomy: its labels and sub-theme labels, plus the defaults for default themes.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> For(ThemeTaxonomy taxonomy)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        var lexicon = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var theme in taxonomy.Themes.Where(t => !t.Retired))
        {
            var words = new[] { theme.Label }
                .Concat(theme.SubThemes.Where(s => !s.Retired).Select(s => s.Label))
                .Concat(DefaultTerms.GetValueOrDefault(theme.Key) ?? [])
                .Select(Terms.Key)
                .Where(k => k.Length > 0)
                .Distinct(StringComparer.Ordinal);
            lexicon[theme.Key] = [.. words];
        }

        return lexicon;
    }
}
