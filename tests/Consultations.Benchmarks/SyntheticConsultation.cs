using System.Text;
using Consultations.Core.Domain;
using Consultations.Core.Synthetic;

namespace Consultations.Benchmarks;

/// <summary>
/// A deterministic (fixed seed) register of a regional consultation and plenary notes that mention some of its people,
/// so every run measures the same work. Names follow each country's conventions (<see cref="SyntheticNames"/>), which decide how many forms the guard derives.
/// </summary>
public static class SyntheticConsultation
{
    private const int Seed = 20_250_611;

    private static readonly (string Name, string Group)[] Organisations =
    [
        ("Ministry of Information and Communications (MIC)", "government"),
        ("Authority of Information Security (AIS)", "government"),
        ("Vietnam Computer Emergency Response Team (VNCERT)", "cert"),
        ("Viettel", "telecoms"),
        ("VNPT", "telecoms"),
        ("Vietnam National University (VNU)", "academia"),
        ("Department of Information and Communications Technology (DICT)", "government"),
        ("National Telecommunications Commission (NTC)", "government"),
        ("Armed Forces of the Philippines (AFP)", "armed-forces"),
        ("PLDT", "telecoms"),
        ("Globe Telecom", "telecoms"),
        ("University of the Philippines Diliman", "academia"),
        ("Foundation for Media Alternatives (FMA)", "civil-society"),
        ("National Cyber Security Agency (NACSA)", "government"),
        ("Malaysian Communications and Multimedia Commission (MCMC)", "government"),
        ("CyberSecurity Malaysia", "cert"),
        ("Maxis", "telecoms"),
        ("Universiti Malaya", "academia"),
        ("Sinar Project", "civil-society"),
        ("Badan Siber dan Sandi Negara (BSSN)", "government"),
        ("Kementerian Komunikasi dan Digital (Komdigi)", "government"),
        ("Telkom Indonesia", "telecoms"),
        ("Universitas Indonesia", "academia"),
        ("SAFEnet", "civil-society"),
        ("EngageMedia", "civil-society"),
        ("Grab", "technology"),
        ("ASEAN Secretariat", "international"),
        ("Asian Development Bank (ADB)", "international"),
    ];

    private static readonly string[] Roles = ["Director", "Deputy Director", "Senior Officer", "Head of Policy", "Researcher", "Programme Manager", "Legal Adviser", "Engineer"];

    private static readonly string[] Sentences =
    [
        "The plenary opened with a discussion of how regional information sharing could move beyond ad hoc contacts between national teams.",
        "Several participants noted that incident reports still travel by e-mail and telephone, which slows coordination across borders during a crisis.",
        "One view was that a common taxonomy for incidents would make reports comparable, although others warned against adopting a standard without local adaptation.",
        "Participants agreed that trust between agencies grows from repeated joint exercises rather than from memoranda of understanding alone.",
        "It was argued that telecommunications operators hold much of the early warning data but lack a legal basis to share it quickly with the national team.",
        "The group discussed the 2023-2028 strategy and whether its targets for workforce development were realistic given current salaries in the public sector.",
        "A recurring theme was inclusion: women remain under-represented in technical roles, and rural communities are rarely consulted on digital policy.",
        "Civil society organisations asked for a clearer channel to report harms, noting that complaints often go unanswered for months.",
        "Some argued that ISO/IEC 27001 certification is too costly for smaller providers, and suggested a lighter baseline for critical suppliers.",
        "There was broad support for a regional roster of experts who could be seconded during a major incident affecting several countries.",
        "Participants cautioned that data localisation rules could make cross-border incident response harder, not easier.",
        "The discussion turned to capacity building, where universities could offer short courses if funding were predictable over several years.",
        "A point was made that public awareness campaigns work best when delivered in local languages and through community radio.",
        "It was suggested that the consultation's findings be shared with the regional forum before the next ministerial meeting.",
    ];

    /// <summary>The register: <paramref name="count"/> people, a fifth from each naming tradition, each with an organisation and its stakeholder group.</summary>
    public static IReadOnlyList<Participant> Register(int count)
    {
        var random = new Random(Seed);
        var people = new List<Participant>(count);
        for (var i = 0; i < count; i++)
        {
            var name = SyntheticNames.Person(random, (NamingTradition)(i % 5));
            var (organisation, group) = Pick(random, Organisations);
            people.Add(new Participant($"p{i + 1}", name, organisation, group, Pick(random, Roles)));
        }

        return people;
    }

    /// <summary>
    /// A plenary note of exactly <paramref name="length"/> characters with a register name or acronym planted about every 800 characters
    /// (three in a 2,000-character note), in the forms notes really use: a Vietnamese given name, an honorific and a surname, an acronym.
    /// </summary>
    public static (string Text, int Planted) Note(IReadOnlyList<Participant> register, int length)
    {
        var random = new Random(Seed + length);
        var planted = (int)Math.Ceiling(length / 800.0);
        var plants = Enumerable.Range(0, planted).Select(i => Plant(register, i)).ToList();
        var text = new StringBuilder(length + 200);
        var next = 0;
        while (text.Length < length)
        {
            var sentence = Pick(random, Sentences);

            // Spread the planted names evenly, each where a sentence begins, so truncation never cuts one.
            if (next < plants.Count && text.Length >= length * next / planted)
            {
                sentence = $"{plants[next++]} {char.ToLowerInvariant(sentence[0])}{sentence[1..]}";
            }

            text.Append(sentence).Append(' ');
        }

        return (text.ToString(0, length), planted);
    }

    private static string Plant(IReadOnlyList<Participant> register, int index) => (index % 3) switch
    {
        // register[0] is Vietnamese (family middle given): notes use the given names, "Thu Hằng".
        0 => $"In response, {string.Join(' ', register[0].Name.Split(' ')[1..])} said that",
        // register[1] is Filipino: "Ms Reyes", "Mr Dela Cruz".
        1 => $"Speaking from experience, Ms {string.Join(' ', register[1].Name.Split(' ')[^1..])} added that",
        _ => $"A representative of {Acronym(register[6].Organisation)} observed that",
    };

    private static string Acronym(string organisation) =>
        organisation.Contains('(', StringComparison.Ordinal) ? organisation[(organisation.LastIndexOf('(') + 1)..^1] : organisation;

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];
}
