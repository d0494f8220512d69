using System.Collections.Frozen;

namespace Consultations.Core.Domain;

/// <summary>A country by its ISO 3166-1 alpha-2 code.</summary>
public sealed record Country(string Code, string Name)
{
    /// <summary>The 249 officially assigned ISO 3166-1 alpha-2 codes with English short names.</summary>
    public static IReadOnlyList<Country> All { get; } =
    [
        new("AD", "Andorra"),
        new("AE", "United Arab Emirates"),
        new("AF", "Afghanistan"),
        new("AG", "Antigua and Barbuda"),
        new("AI", "Anguilla"),
        new("AL", "Albania"),
        new("AM", "Armenia"),
        new("AO", "Angola"),
        new("AQ", "Antarctica"),
        new("AR", "Argentina"),
        new("AS", "American Samoa"),
        new("AT", "Austria"),
        new("AU", "Australia"),
        new("AW", "Aruba"),
        new("AX", "Åland Islands"),
        new("AZ", "Azerbaijan"),
        new("BA", "Bosnia and Herzegovina"),
        new("BB", "Barbados"),
        new("BD", "Bangladesh"),
        new("BE", "Belgium"),
        new("BF", "Burkina Faso"),
        new("BG", "Bulgaria"),
        new("BH", "Bahrain"),
        new("BI", "Burundi"),
        new("BJ", "Benin"),
        new("BL", "Saint Barthélemy"),
        new("BM", "Bermuda"),
        new("BN", "Brunei Darussalam"),
        new("BO", "Bolivia"),
        new("BQ", "Bonaire, Sint Eustatius and Saba"),
        new("BR", "Brazil"),
        new("BS", "Bahamas"),
        new("BT", "Bhutan"),
        new("BV", "Bouvet Island"),
        new("BW", "Botswana"),
        new("BY", "Belarus"),
        new("BZ", "Belize"),
        new("CA", "Canada"),
        new("CC", "Cocos (Keeling) Islands"),
        new("CD", "Democratic Republic of the Congo"),
        new("CF", "Central African Republic"),
        new("CG", "Republic of the Congo"),
        new("CH", "Switzerland"),
        new("CI", "Cote d'Ivoire"),
        new("CK", "Cook Islands"),
        new("CL", "Chile"),
        new("CM", "Cameroon"),
        new("CN", "People's Republic of China"),
        new("CO", "Colombia"),
        new("CR", "Costa Rica"),
        new("CU", "Cuba"),
        new("CV", "Cape Verde"),
        new("CW", "Curaçao"),
        new("CX", "Christmas Island"),
        new("CY", "Cyprus"),
        new("CZ", "Czech Republic"),
        new("DE", "Germany"),
        new("DJ", "Djibouti"),
        new("DK", "Denmark"),
        new("DM", "Dominica"),
        new("DO", "Dominican Republic"),
        new("DZ", "Algeria"),
        new("EC", "Ecuador"),
        new("EE", "Estonia"),
        new("EG", "Egypt"),
        new("EH", "Western Sahara"),
        new("ER", "Eritrea"),
        new("ES", "Spain"),
        new("ET", "Ethiopia"),
        new("FI", "Finland"),
        new("FJ", "Fiji"),
        new("FK", "Falkland Islands (Malvinas)"),
        new("FM", "Micronesia, Federated States of"),
        new("FO", "Faroe Islands"),
        new("FR", "France"),
        new("GA", "Gabon"),
        new("GB", "United Kingdom"),
        new("GD", "Grenada"),
        new("GE", "Georgia"),
        new("GF", "French Guiana"),
        new("GG", "Guernsey"),
        new("GH", "Ghana"),
        new("GI", "Gibraltar"),
        new("GL", "Greenland"),
        new("GM", "Republic of The Gambia"),
        new("GN", "Guinea"),
        new("GP", "Guadeloupe"),
        new("GQ", "Equatorial Guinea"),
        new("GR", "Greece"),
        new("GS", "South Georgia and the South Sandwich Islands"),
        new("GT", "Guatemala"),
        new("GU", "Guam"),
        new("GW", "Guinea-Bissau"),
        new("GY", "Guyana"),
        new("HK", "Hong Kong"),
        new("HM", "Heard Island and McDonald Islands"),
        new("HN", "Honduras"),
        new("HR", "Croatia"),
        new("HT", "Haiti"),
        new("HU", "Hungary"),
        new("ID", "Indonesia"),
        new("IE", "Ireland"),
        new("IL", "Israel"),
        new("IM", "Isle of Man"),
        new("IN", "India"),
        new("IO", "British Indian Ocean Territory"),
        new("IQ", "Iraq"),
        new("IR", "Islamic Republic of Iran"),
        new("IS", "Iceland"),
        new("IT", "Italy"),
        new("JE", "Jersey"),
        new("JM", "Jamaica"),
        new("JO", "Jordan"),
        new("JP", "Japan"),
        new("KE", "Kenya"),
        new("KG", "Kyrgyzstan"),
        new("KH", "Cambodia"),
        new("KI", "Kiribati"),
        new("KM", "Comoros"),
        new("KN", "Saint Kitts and Nevis"),
        new("KP", "Democratic People's Republic of Korea"),
        new("KR", "Republic of Korea"),
        new("KW", "Kuwait"),
        new("KY", "Cayman Islands"),
        new("KZ", "Kazakhstan"),
        new("LA", "Lao People's Democratic Republic"),
        new("LB", "Lebanon"),
        new("LC", "Saint Lucia"),
        new("LI", "Liechtenstein"),
        new("LK", "Sri Lanka"),
        new("LR", "Liberia"),
        new("LS", "Lesotho"),
        new("LT", "Lithuania"),
        new("LU", "Luxembourg"),
        new("LV", "Latvia"),
        new("LY", "Libya"),
        new("MA", "Morocco"),
        new("MC", "Monaco"),
        new("MD", "Moldova, Republic of"),
        new("ME", "Montenegro"),
        new("MF", "Saint Martin (French part)"),
        new("MG", "Madagascar"),
        new("MH", "Marshall Islands"),
        new("MK", "The Republic of North Macedonia"),
        new("ML", "Mali"),
        new("MM", "Myanmar"),
        new("MN", "Mongolia"),
        new("MO", "Macao"),
        new("MP", "Northern Mariana Islands"),
        new("MQ", "Martinique"),
        new("MR", "Mauritania"),
        new("MS", "Montserrat"),
        new("MT", "Malta"),
        new("MU", "Mauritius"),
        new("MV", "Maldives"),
        new("MW", "Malawi"),
        new("MX", "Mexico"),
        new("MY", "Malaysia"),
        new("MZ", "Mozambique"),
        new("NA", "Namibia"),
        new("NC", "New Caledonia"),
        new("NE", "Niger"),
        new("NF", "Norfolk Island"),
        new("NG", "Nigeria"),
        new("NI", "Nicaragua"),
        new("NL", "Netherlands"),
        new("NO", "Norway"),
        new("NP", "Nepal"),
        new("NR", "Nauru"),
        new("NU", "Niue"),
        new("NZ", "New Zealand"),
        new("OM", "Oman"),
        new("PA", "Panama"),
        new("PE", "Peru"),
        new("PF", "French Polynesia"),
        new("PG", "Papua New Guinea"),
        new("PH", "Philippines"),
        new("PK", "Pakistan"),
        new("PL", "Poland"),
        new("PM", "Saint Pierre and Miquelon"),
        new("PN", "Pitcairn"),
        new("PR", "Puerto Rico"),
        new("PS", "State of Palestine"),
        new("PT", "Portugal"),
        new("PW", "Palau"),
        new("PY", "Paraguay"),
        new("QA", "Qatar"),
        new("RE", "Reunion"),
        new("RO", "Romania"),
        new("RS", "Serbia"),
        new("RU", "Russian Federation"),
        new("RW", "Rwanda"),
        new("SA", "Saudi Arabia"),
        new("SB", "Solomon Islands"),
        new("SC", "Seychelles"),
        new("SD", "Sudan"),
        new("SE", "Sweden"),
        new("SG", "Singapore"),
        new("SH", "Saint Helena"),
        new("SI", "Slovenia"),
        new("SJ", "Svalbard and Jan Mayen"),
        new("SK", "Slovakia"),
        new("SL", "Sierra Leone"),
        new("SM", "San Marino"),
        new("SN", "Senegal"),
        new("SO", "Somalia"),
        new("SR", "Suriname"),
        new("SS", "South Sudan"),
        new("ST", "Sao Tome and Principe"),
        new("SV", "El Salvador"),
        new("SX", "Sint Maarten (Dutch part)"),
        new("SY", "Syrian Arab Republic"),
        new("SZ", "Eswatini"),
        new("TC", "Turks and Caicos Islands"),
        new("TD", "Chad"),
        new("TF", "French Southern Territories"),
        new("TG", "Togo"),
        new("TH", "Thailand"),
        new("TJ", "Tajikistan"),
        new("TK", "Tokelau"),
        new("TL", "Timor-Leste"),
        new("TM", "Turkmenistan"),
        new("TN", "Tunisia"),
        new("TO", "Tonga"),
        new("TR", "Türkiye"),
        new("TT", "Trinidad and Tobago"),
        new("TV", "Tuvalu"),
        new("TW", "Taiwan"),
        new("TZ", "United Republic of Tanzania"),
        new("UA", "Ukraine"),
        new("UG", "Uganda"),
        new("UM", "United States Minor Outlying Islands"),
        new("US", "United States"),
        new("UY", "Uruguay"),
        new("UZ", "Uzbekistan"),
        new("VA", "Holy See (Vatican City State)"),
        new("VC", "Saint Vincent and the Grenadines"),
        new("VE", "Venezuela"),
        new("VG", "Virgin Islands, British"),
        new("VI", "Virgin Islands, U.S."),
        new("VN", "Viet Nam"),
        new("VU", "Vanuatu"),
        new("WF", "Wallis and Futuna"),
        new("WS", "Samoa"),
        new("YE", "Yemen"),
        new("YT", "Mayotte"),
        new("ZA", "South Africa"),
        new("ZM", "Zambia"),
        new("ZW", "Zimbabwe"),
    ];

    private static readonly FrozenDictionary<string, Country> ByCode =
        All.ToFrozenDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, Country> ByName =
        All.ToFrozenDictionary(c => StripArticle(c.Name), StringComparer.OrdinalIgnoreCase);

    // Names read with "the" in running English: plurals, unions, republics and kingdoms by their form, island groups (UN and UK style guides).
    private static readonly FrozenSet<string> WithArticle = new[]
    {
        "AE", "AX", "BS", "CC", "CD", "CF", "CG", "CK", "CN", "CZ", "DO", "FK", "FO", "GB", "GM", "IO", "IR", "KM", "KP", "KR", "KY", "LA", "MH",
        "MK", "MP", "NL", "PH", "PS", "RU", "SB", "SY", "TC", "TF", "TZ", "UM", "US", "VA",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Short forms in common use that are not the list's names but take the article all the same.
    private static readonly FrozenSet<string> ShortFormsWithArticle = new[]
    {
        "Lao PDR", "United States of America", "USA", "UK", "UAE", "Gambia", "Holy See", "Republic of Moldova", "Federated States of Micronesia",
        "Kyrgyz Republic", "Slovak Republic",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the name takes "the" in a sentence ("in the Philippines").</summary>
    public bool TakesArticle => WithArticle.Contains(Code);

    /// <summary>The name as written inside a sentence: "the Philippines", "the United Kingdom", "Viet Nam".</summary>
    public string InSentence => TakesArticle ? $"the {StripArticle(Name)}" : Name;

    /// <summary>The name as written at the start of a sentence: "The Philippines", "Viet Nam".</summary>
    public string AtSentenceStart => TakesArticle ? $"The {StripArticle(Name)}" : Name;

    /// <summary>
    /// <paramref name="name"/> as written inside a sentence, for a name that may not be a listed country's: a listed name
    /// (or a short form such as "Lao PDR") gets its article; any other name is returned as it is.
    /// </summary>
    public static string NameInSentence(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ByName.TryGetValue(StripArticle(name), out var country))
        {
            return country.InSentence;
        }

        return ShortFormsWithArticle.Contains(StripArticle(name)) ? $"the {StripArticle(name)}" : name;
    }

    /// <summary><paramref name="name"/> as written at the start of a sentence ("The Philippines").</summary>
    public static string NameAtSentenceStart(string name)
    {
        var inSentence = NameInSentence(name);
        return inSentence.Length == 0 ? inSentence : char.ToUpperInvariant(inSentence[0]) + inSentence[1..];
    }

    private static string StripArticle(string name) =>
        name.StartsWith("The ", StringComparison.OrdinalIgnoreCase) ? name[4..] : name;

    public static bool TryGet(string? code, out Country country)
    {
        if (code is not null && ByCode.TryGetValue(code.Trim(), out var found))
        {
            country = found;
            return true;
        }

        country = null!;
        return false;
    }

    /// <summary>The country for a code known to be valid (stored data); unknown codes come back as themselves.</summary>
    public static Country FromCode(string code) =>
        TryGet(code, out var country) ? country : new Country(code, code);
}
