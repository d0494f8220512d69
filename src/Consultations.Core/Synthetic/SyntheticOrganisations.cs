namespace Consultations.Core.Synthetic;

/// <summary>A stakeholder group as generated registers fill it: how many people it sends and the roles they hold.</summary>
internal sealed record SyntheticGroup(string Key, int Min, int Max, string[] Roles, string[] Organisations);

/// <summary>
/// Invented organisations of every stakeholder group for a generated register: public bodies by function, companies
/// by a country's invented brands ({brand}), most with an acronym. No name carries a word notes use for the country
/// itself ("Nepali"), which would make every mention of it look like the organisation.
/// </summary>
internal static class SyntheticOrganisations
{
    public static readonly IReadOnlyList<SyntheticGroup> Groups =
    [
        new("government", 6, 10,
            ["Director", "Deputy Director", "Senior Policy Officer", "Legal Adviser", "Head of Unit", "Assistant Secretary"],
            ["National Cyber Security Agency (NCSA)", "Ministry of Posts and Telecommunications (MPT)", "Office of the Information Commissioner (OIC)",
             "Telecommunications Regulatory Authority (TRA)", "Central Bank Technology Risk Supervision Department (TRSD)", "National Security Council Secretariat (NSCS)",
             "Ministry of Foreign Affairs Cyber Diplomacy Division (CDD)"]),
        new("armed-forces", 3, 4,
            ["Colonel", "Major", "Lieutenant Commander"],
            ["Armed Forces Cyber Command (AFCC)", "Navy Signals and Cyber Unit (NSCU)", "Defence Cyber Operations Centre (DCOC)"]),
        new("telecoms", 3, 5,
            ["Chief Information Security Officer", "Regulatory Affairs Manager", "Head of Network Security"],
            ["{brand} Telecom", "{brand} Mobile", "{brand} Broadband"]),
        new("technology", 3, 6,
            ["Country Manager", "Principal Security Architect", "Founder and Chief Technology Officer"],
            ["{brand} Cloud Services", "{brand} Software", "{brand} Security Labs"]),
        new("private-sector", 4, 7,
            ["Information Security Manager", "Compliance Director", "Vice President for IT Governance"],
            ["Bankers Association (BA)", "{brand} Power Corporation", "{brand} General Hospital", "Chamber of Commerce and Industry (CCI)"]),
        new("cert", 3, 4,
            ["Head of Incident Response", "Senior Analyst", "Lead for Government CSIRT Coordination"],
            ["National Computer Emergency Response Team (NCERT)", "Government Computer Security Incident Response Team (GovCSIRT)", "Financial Sector CERT (FinCERT)"]),
        new("academia", 3, 5,
            ["Professor of Computer Science", "Senior Lecturer", "Research Fellow"],
            ["{brand} University of Technology", "Institute for Digital Policy Studies (IDPS)", "National University Faculty of Computing (NUFC)"]),
        new("civil-society", 3, 6,
            ["Executive Director", "Programme Coordinator", "Policy Analyst"],
            ["{brand} Digital Rights Foundation", "Women in Security Network (WISN)", "Consumers' Voice Foundation (CVF)", "Open Internet Coalition"]),
        new("international", 3, 5,
            ["Programme Manager", "Senior Adviser", "Regional Director"],
            ["Regional Cyber Resilience Facility (RCRF)", "Asia-Pacific Digital Trust Fund (APDTF)", "International Telecommunication Partnership Office (ITPO)"]),
    ];

    /// <summary>The organisations of <paramref name="group"/> in a country, with its brands filled in.</summary>
    public static IReadOnlyList<string> For(string group, CountryProfile profile)
    {
        var templates = Groups.First(g => g.Key == group).Organisations;
        var names = new List<string>();
        foreach (var template in templates)
        {
            if (template.Contains("{brand}", StringComparison.Ordinal))
            {
                names.AddRange(profile.Brands.Select(b => template.Replace("{brand}", b, StringComparison.Ordinal)));
            }
            else
            {
                names.Add(template);
            }
        }

        return names;
    }

    /// <summary>The acronym in brackets when there is one, else the name: how a note would mention the organisation.</summary>
    public static string ShortName(string organisation)
    {
        var open = organisation.LastIndexOf('(');
        return open >= 0 && organisation.EndsWith(')') ? organisation[(open + 1)..^1] : organisation;
    }
}
