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

    /// <summary>Verbs that make the capitalised word before them a person speaking: "Hope noted", "Lim said", "Rose strongly argued".</summary>
    public static readonly HashSet<string> SpeechVerbs = new(StringComparer.Ordinal)
    {
        "said", "says", "say", "noted", "notes", "argued", "argues", "stressed", "stresses", "warned", "warns", "asked", "asks",
        "questioned", "questions", "proposed", "proposes", "described", "describes", "added", "adds", "agreed", "agrees",
        "disagreed", "disagrees", "explained", "explains", "suggested", "suggests", "recalled", "recalls", "insisted", "insists",
        "urged", "urges", "cautioned", "cautions", "emphasised", "emphasized", "emphasises", "emphasizes", "observed", "observes",
        "commented", "comments", "remarked", "remarks", "highlighted", "highlights", "pointed", "points", "responded", "responds",
        "replied", "replies", "countered", "counters", "acknowledged", "acknowledges", "admitted", "admits", "claimed", "claims",
        "contended", "contends", "stated", "states", "mentioned", "mentions", "reported", "reports", "shared", "shares",
        "presented", "presents", "raised", "raises", "underlined", "underlines", "underscored", "underscores", "welcomed", "welcomes",
        "objected", "objects", "concluded", "concludes", "recommended", "recommends", "believed", "believes", "felt", "feels",
        "thought", "thinks", "maintained", "maintains", "conceded", "concedes", "queried", "queries", "challenged", "challenges",
        "opened", "closed", "summarised", "summarized", "intervened", "pushed", "pressed", "doubted", "doubts", "rejected", "rejects",
        "supported", "supports", "opposed", "opposes", "endorsed", "endorses", "told", "tells", "recounted", "described",
    };

    /// <summary>Words between a speaker and the verb that keep the reading: "Rose also argued", "Lim then asked".</summary>
    public static readonly HashSet<string> SpeechAdverbs = new(StringComparer.Ordinal)
    {
        "also", "then", "later", "further", "again", "too", "first", "finally", "had", "has", "have", "would", "will", "could", "did", "does", "was",
    };

    /// <summary>What follows a possessive speaker: "Maxis's view", "Hope's point".</summary>
    public static readonly HashSet<string> ViewNouns = new(StringComparer.Ordinal)
    {
        "view", "views", "point", "points", "remark", "remarks", "position", "positions", "comment", "comments", "concern", "concerns",
        "proposal", "proposals", "argument", "arguments", "question", "questions", "suggestion", "suggestions", "intervention",
        "interventions", "experience", "perspective", "opinion", "stance", "objection", "objections", "idea", "ideas", "presentation",
        "answer", "response", "recommendation", "recommendations", "warning", "assessment", "account", "example",
    };

    /// <summary>
    /// Words that many organisations' names share ("Ministry", "National", "Telecom"): never a short form on their own,
    /// and the ones a name may drop when people say it the short way. English, Malay, Indonesian, Filipino, Vietnamese.
    /// </summary>
    public static readonly HashSet<string> GenericOrganisationWords = new(StringComparer.Ordinal)
    {
        "ministry", "department", "dept", "national", "university", "universiti", "universitas", "cyber", "cybersecurity", "security",
        "telecom", "telecoms", "telecommunication", "telecommunications", "communication", "communications", "foundation", "forum",
        "council", "agency", "authority", "commission", "committee", "office", "bureau", "institute", "institution", "centre", "center",
        "association", "society", "group", "network", "networks", "services", "service", "solutions", "systems", "technology",
        "technologies", "tech", "digital", "information", "data", "internet", "broadband", "mobile", "media", "bank", "international",
        "global", "regional", "asia", "asian", "pacific", "southeast", "south", "east", "north", "west", "federal", "state", "public",
        "private", "general", "central", "development", "research", "policy", "studies", "affairs", "defence", "defense", "response",
        "emergency", "computer", "team", "alliance", "coalition", "partnership", "initiative", "programme", "program", "project",
        "network", "labs", "lab", "consulting", "consultancy", "partners", "enterprise", "enterprises", "industries", "industry",
        "company", "corporation", "holdings", "trust", "fund", "chamber", "commerce", "union", "federation", "board", "secretariat",
        "directorate", "division", "unit", "police", "army", "navy", "force", "forces", "armed", "command", "government",
        "analytics", "insights", "ventures", "capital", "associates", "advisory", "innovation", "innovations", "hub", "works",
        "cert", "certs", "csirt", "csirts", "cirt", "sirt", "isac", "soc", "noc", "cooperation", "operations", "operation", "sme", "smes",
        "it", "ot", "ict", "crypto", "cloud", "platform", "platforms", "software", "secure", "risk", "supervision", "regulatory",
        "faculty", "college", "academy", "school", "hospital", "liaison", "secretariat", "watch", "rights", "skills", "watchdog",
        "badan", "negara", "kementerian", "jabatan", "lembaga", "agensi", "pusat", "nasional", "keselamatan", "suruhanjaya",
        "persatuan", "yayasan", "institut", "dinas", "direktorat", "komisi", "kantor", "kagawaran", "pambansa", "siber", "sandi",
        "komunikasi", "informatika", "teknologi", "maklumat", "digital", "malaysia", "indonesia", "philippines", "philippine",
        "vietnam", "viet", "nam", "thailand", "singapore", "cambodia", "laos", "myanmar", "brunei", "timor", "leste",
    };

    /// <summary>Legal and generic tails people drop when they say an organisation's name: "Luzon Digital Telecom" for … Corporation.</summary>
    public static readonly HashSet<string> LegalTails = new(StringComparer.Ordinal)
    {
        "corporation", "corp", "inc", "incorporated", "ltd", "limited", "co", "company", "berhad", "bhd", "sdn", "plc", "llc", "llp",
        "pte", "jsc", "tbk", "gmbh", "ag", "sa", "nv", "bv", "pty", "persero", "jsc", "jointstock", "joint", "stock", "public", "group", "holdings",
    };

    /// <summary>Legal forms written before the name: "PT Telekomunikasi Nusantara", "CV Maju".</summary>
    public static readonly HashSet<string> LegalHeads = new(StringComparer.Ordinal) { "pt", "cv", "the" };

    /// <summary>
    /// Place names of the region that organisations carry but that a note mentions for their own sake ("typhoons in
    /// Luzon"): never a short form on their own. Countries, their demonyms, islands and capitals.
    /// </summary>
    public static readonly HashSet<string> PlaceWords = new(StringComparer.Ordinal)
    {
        "asean", "asia", "asian", "pacific", "indo", "nusantara", "straits", "strait", "nordic", "scandinavian", "peninsular", "peninsula", "archipelago", "highlands", "valley", "metro", "malaysia", "malaysian", "indonesia", "indonesian", "philippines", "philippine", "filipino",
        "vietnam", "vietnamese", "viet", "thailand", "thai", "singapore", "singaporean", "cambodia", "cambodian", "laos", "lao",
        "myanmar", "brunei", "timor", "leste", "luzon", "visayas", "mindanao", "manila", "cebu", "davao", "quezon", "makati", "taguig",
        "java", "jawa", "sumatra", "sumatera", "borneo", "kalimantan", "sulawesi", "bali", "papua", "jakarta", "bandung", "surabaya",
        "yogyakarta", "medan", "sabah", "sarawak", "penang", "pinang", "selangor", "johor", "kedah", "perak", "kelantan", "melaka",
        "malacca", "putrajaya", "cyberjaya", "kuala", "lumpur", "hanoi", "saigon", "hcmc", "danang", "hue", "haiphong", "mekong",
        "bangkok", "phnom", "penh", "vientiane", "yangon", "naypyidaw", "dili", "bandar", "seri", "begawan", "china", "chinese",
        "japan", "japanese", "korea", "korean", "india", "indian", "australia", "australian", "europe", "european", "america",
        "american", "africa", "african", "united", "kingdom", "states", "britain", "british",
    };

    /// <summary>Words that join an organisation's name ("of", "and", "dan"): never a short form.</summary>
    public static readonly HashSet<string> JoiningWords = new(StringComparer.Ordinal)
    {
        "of", "and", "for", "the", "on", "in", "at", "to", "dan", "untuk", "ng", "sa", "mga", "va", "cua", "de", "la", "du", "des", "et", "y",
    };

    /// <summary>Ranks and official titles that, used alone, point at the one participant holding them ("the Colonel").</summary>
    public static readonly HashSet<string> Ranks = new(StringComparer.Ordinal)
    {
        "colonel", "general", "major", "captain", "lieutenant", "commander", "admiral", "brigadier", "commodore", "sergeant",
        "undersecretary", "secretary", "minister", "ambassador", "commissioner", "director", "chairman", "chairwoman", "chairperson",
        "chair", "president", "ceo", "cto", "cio", "ciso", "cfo", "coo", "dean", "rector", "professor", "governor", "mayor", "senator",
        "congressman", "congresswoman", "judge", "justice", "ombudsman", "administrator", "registrar", "superintendent", "chief",
        "head", "founder", "cofounder", "executive", "principal", "usec", "asec",
    };

    /// <summary>Bodies a country has one of: a role "of the national CERT" or "at the Ministry" points at one person.</summary>
    public static readonly string[][] UniqueBodies = Split(
        "national cert", "national csirt", "national cyber", "national cybersecurity", "national cyber security", "central bank",
        "regulator", "ministry", "department", "armed forces", "army", "navy", "air force", "police", "parliament", "senate", "congress",
        "national security council", "cyber security agency", "cybersecurity agency", "cyber agency", "attorney general", "supreme court",
        "presidential office", "prime minister's office", "prime ministers office", "cabinet", "cert", "csirt", "government cert", "ncsc");

    /// <summary>Neutral words for a role, by what the title says (first match wins).</summary>
    public static readonly (string[] Words, string Suggestion)[] RoleSuggestions =
    [
        (["managing"], "a senior executive"),
        (["minister", "secretary", "undersecretary", "usec", "asec", "ambassador", "commissioner", "director", "governor", "mayor", "senator", "congressman", "congresswoman", "official", "administrator", "registrar", "superintendent", "ombudsman", "judge", "justice"], "an official"),
        (["security", "ciso", "cybersecurity", "cyber"], "a senior security manager"),
        (["colonel", "general", "major", "captain", "lieutenant", "commander", "admiral", "brigadier", "commodore", "sergeant", "officer"], "an officer"),
        (["ceo", "cto", "cio", "cfo", "coo", "president", "chairman", "chairwoman", "chairperson", "chair", "founder", "cofounder", "executive", "partner", "vp"], "a senior executive"),
        (["professor", "lecturer", "dean", "rector", "researcher", "scholar", "fellow", "academic"], "an academic"),
        (["manager", "lead", "coordinator", "supervisor"], "a manager"),
        (["specialist", "adviser", "advisor", "analyst", "engineer", "consultant", "counsellor", "counselor", "expert"], "a specialist"),
    ];

    /// <summary>Words before a rank that a definite reference drops: "the Colonel" for a Lieutenant Colonel.</summary>
    public static readonly HashSet<string> RankPrefixes = new(StringComparer.Ordinal) { "lieutenant", "lt", "brigadier", "brig", "major", "maj", "senior", "rear", "vice", "first" };

    /// <summary>Common Chinese family names (Malaysia, Singapore): written first, the bearer addressed by it with an honorific.</summary>
    public static readonly HashSet<string> ChineseFamilyNames = new(StringComparer.Ordinal)
    {
        "tan", "lim", "lee", "ng", "wong", "chan", "goh", "teo", "koh", "chua", "low", "yeo", "sim", "chong", "chin", "lau", "leong",
        "liew", "loh", "tay", "toh", "yap", "yong", "foo", "kok", "khoo", "lai", "heng", "ang", "choo", "chew", "soh", "seah", "quek",
        "neo", "poh", "tee", "wee", "chia", "chee", "chen", "zhang", "wang", "liu", "huang", "zhou", "wu", "xu", "sun", "zhu", "guo",
        "lin", "gao", "liang", "zheng", "luo", "song", "xie", "han", "deng", "feng", "zeng", "peng", "cheng", "cheong", "kwan", "kwok",
        "siew", "tham", "fong", "hew", "leow", "ooi", "phua", "pang", "yew", "tong", "yip", "cheah", "gan", "kang", "ling", "mok", "ting",
    };

    /// <summary>Place names of several words whose words are also names ("Viet Nam", "Ho Chi Minh", "Los Angeles"): never a person.</summary>
    public static readonly string[][] PlacePhrases = Split(
        "viet nam", "ho chi minh", "los angeles", "kuala lumpur", "phnom penh", "bandar seri begawan", "da nang", "hai phong", "can tho",
        "nha trang", "hong kong", "sri lanka", "new york", "san francisco", "papua new guinea", "timor leste", "general santos",
        "las pinas", "los banos", "ha noi", "hue city", "johor bahru", "kota kinabalu", "petaling jaya", "shah alam", "george town");

    /// <summary>Words after a title that make it the post, not its holder: "the team leader role rotates".</summary>
    public static readonly HashSet<string> PostWords = new(StringComparer.Ordinal) { "role", "roles", "position", "positions", "post", "posts", "title", "job", "function", "office" };

    /// <summary>Words that make the next one a definite reference: "the Colonel", "our Undersecretary".</summary>
    public static readonly HashSet<string> DefiniteWords = new(StringComparer.Ordinal) { "the", "our", "their", "its", "your", "his", "her" };

    /// <summary>What joins a role to the body it belongs to: "Director of", "Colonel from", "CISO at".</summary>
    public static readonly HashSet<string> RoleLinks = new(StringComparer.Ordinal) { "of", "from", "at", "with", "in" };

    /// <summary>Words that are never a speaker, whatever name they also are ("An agreed approach", "Will noted").</summary>
    public static readonly HashSet<string> FunctionWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "it", "he", "she", "we", "i", "they", "you", "this", "that", "these", "those", "one", "all", "both", "each",
        "some", "many", "most", "few", "none", "who", "which", "there", "here", "and", "but", "so", "or", "as", "if", "when", "while",
        "also", "then", "everyone", "someone", "nobody", "anyone", "another", "other", "others", "such", "no", "not", "will", "may", "can",
    };

    public const string AnyRole = "a senior participant";

    public const string AnyPerson = "a participant";

    public const string AnyOrganisation = "an organisation";

    private static string[][] Split(params string[] phrases) => [.. phrases.Select(p => p.Split(' '))];
}
