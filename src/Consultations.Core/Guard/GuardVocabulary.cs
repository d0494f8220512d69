namespace Consultations.Core.Guard;

/// <summary>Public words the guard reasons with: honorifics, naming conventions, stakeholder-group phrasing.</summary>
internal static class GuardVocabulary
{
    /// <summary>Honorifics and titles (normalised tokens), English and regional: Filipino, Malay, Indonesian, Vietnamese.</summary>
    public static readonly string[][] Honorifics = Split(
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "madam", "mdm", "dame",
        "h e", "his excellency", "her excellency", "excellency", "hon", "honourable", "honorable", "atty", "attorney", "engr", "eng", "ir",
        "usec", "asec", "sec", "secretary", "undersecretary", "under secretary", "assistant secretary", "minister", "deputy minister", "vice minister",
        "director", "director general", "deputy director", "commissioner", "ambassador", "senator", "congressman", "congresswoman", "governor", "mayor",
        "chair", "chairman", "chairwoman", "chairperson", "president", "vice president", "ceo",
        "gen", "general", "col", "colonel", "maj", "major", "capt", "captain", "lt", "lieutenant", "brig", "brigadier", "adm", "admiral", "cmdr", "commander",
        "dato", "datuk", "datin", "dato sri", "datuk seri", "tan sri", "puan sri", "tun", "toh puan", "encik", "en", "cik", "puan", "tuan", "haji", "hajjah",
        "pak", "bu", "ibu", "bapak", "mas", "mbak",
        "anh", "chi", "ong", "ba", "co", "thay", "em");

    /// <summary>Words joining a Malay or Indian-Malaysian given name to a father's name; there is no family name.</summary>
    public static readonly HashSet<string> PatronymicMarkers = new(StringComparer.Ordinal) { "bin", "binti", "bte", "bt", "binte", "ibni", "anak", "al", "ap" };

    /// <summary>Particles of compound surnames (Dela Cruz, Delos Santos, De la Paz, San Juan, van der Berg).</summary>
    public static readonly HashSet<string> SurnameParticles = new(StringComparer.Ordinal)
    {
        "de", "del", "dela", "delas", "delos", "de", "la", "las", "los", "di", "da", "das", "dos", "du", "van", "von", "der", "den", "ter", "san", "santa", "sta", "mac", "st",
    };

    /// <summary>Common Vietnamese family names: such a name is written family name first and its bearer addressed by the given name.</summary>
    public static readonly HashSet<string> VietnameseFamilyNames = new(StringComparer.Ordinal)
    {
        "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do", "ho", "ngo", "duong", "ly", "dinh", "dao",
        "trinh", "luong", "mai", "to", "ha", "lam", "cao", "truong", "quach", "ta", "tang", "thai", "trieu", "vuong", "doan", "lai", "chu",
        "kieu", "la", "luu", "tong", "ung", "khuc", "giang", "chau", "tieu", "thach", "kim", "van", "phung", "hua", "diep", "au",
    };

    /// <summary>Vietnamese middle names that confirm the family-first order when the first word is ambiguous.</summary>
    public static readonly HashSet<string> VietnameseMiddleNames = new(StringComparer.Ordinal)
    {
        "van", "thi", "duc", "ngoc", "minh", "thanh", "huu", "quoc", "kim", "xuan", "hong", "thu", "anh", "tuan", "quang", "dinh", "cong", "bao", "gia", "hai",
    };

    /// <summary>How notes name a stakeholder group's people; a label alone ("civil society") is a topic, not a person.</summary>
    public static readonly IReadOnlyDictionary<string, string[][]> GroupPhrases = new Dictionary<string, string[][]>(StringComparer.Ordinal)
    {
        ["government"] = Split("government participant", "government participants", "government representative", "government representatives", "government official", "government officials", "government speaker", "government delegate", "government delegates", "civil servant", "civil servants", "officials", "regulator", "regulators", "ministry representative", "ministry representatives"),
        ["armed-forces"] = Split("military participant", "military participants", "military representative", "military representatives", "military officer", "military officers", "defence participant", "defence representative", "defense participant", "defense representative", "armed forces representative", "armed forces participant", "officer from the armed forces"),
        ["telecoms"] = Split("telecoms participant", "telecoms representative", "telecoms operator", "telecoms operators", "telecom operator", "telecom operators", "telco", "telcos", "telco representative", "mobile operator", "mobile operators", "network operator", "network operators", "telecommunications representative"),
        ["technology"] = Split("technology company", "technology companies", "tech company", "tech companies", "tech firm", "tech firms", "technology firm", "technology representative", "technology participant", "vendor", "vendors", "platform representative", "platform company"),
        ["private-sector"] = Split("private sector participant", "private sector participants", "private sector representative", "private sector representatives", "industry representative", "industry representatives", "industry participant", "business representative", "business representatives", "banker", "bankers"),
        ["cert"] = Split("cert participant", "cert representative", "cert representatives", "csirt participant", "csirt representative", "incident responder", "incident responders", "cert staff", "csirt staff"),
        ["academia"] = Split("academics", "academic participant", "academic participants", "scholar", "scholars", "professor", "professors", "university researcher", "university researchers", "researcher from academia", "lecturer", "lecturers"),
        ["civil-society"] = Split("civil society participant", "civil society participants", "civil society representative", "civil society representatives", "civil society organisation", "civil society organisations", "civil society organization", "civil society organizations", "civil society speaker", "civil society voice", "civil society voices", "cso representative", "cso representatives", "ngo representative", "ngo representatives", "activist", "activists"),
        ["international"] = Split("international participant", "international participants", "international organisation", "international organization", "development partner", "development partners", "donor representative", "donor representatives", "international representative"),
    };

    /// <summary>Neutral ways to refer to a participant of a group (used when the group is large enough to hide in).</summary>
    public static readonly IReadOnlyDictionary<string, (string Person, string Organisation)> Suggestions = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["government"] = ("a government representative", "a government agency"),
        ["armed-forces"] = ("a defence representative", "a defence institution"),
        ["telecoms"] = ("a telecoms industry representative", "a telecoms operator"),
        ["technology"] = ("a technology industry representative", "a technology company"),
        ["private-sector"] = ("a private sector representative", "a private company"),
        ["cert"] = ("an incident response representative", "an incident response team"),
        ["academia"] = ("an academic", "an academic institution"),
        ["civil-society"] = ("a civil society representative", "a civil society organisation"),
        ["international"] = ("a representative of an international partner", "an international organisation"),
    };

    public const string AnyPerson = "a participant";

    public const string AnyOrganisation = "an organisation";

    private static string[][] Split(params string[] phrases) => [.. phrases.Select(p => p.Split(' '))];
}
