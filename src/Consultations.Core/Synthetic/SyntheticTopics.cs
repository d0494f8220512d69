namespace Consultations.Core.Synthetic;

/// <summary>
/// What generated notes say about one sub-theme of the default taxonomy: observations (findings and challenges),
/// difficulties, proposals (recommendations) and short quotations, with {slots} the composer fills with local terms.
/// </summary>
internal sealed record SyntheticTopic(string ThemeKey, string SubKey, string[] Observations, string[] Problems, string[] Proposals, string[] Quotes);

/// <summary>
/// The vocabulary of generated notes. Slots: {city}, {country}, {demonym}, {region}, {datalaw}, {cyberlaw}, {strategy},
/// {local}, {standard}, {sector}, {sector2}, {hours}, {count}, {year}, {future}, {topic} (the sub-theme), {groups} (the people of a
/// stakeholder group large enough to hide in). No sentence names a person, an organisation, a role or a small group: published notes must pass the guard.
/// </summary>
internal static class SyntheticTopics
{
    public static readonly string[] Standards =
        ["ISO/IEC 27001", "ISO 27001", "the NIST Cybersecurity Framework", "NIST CSF 2.0", "the NIST CSF", "ISO/IEC 27035", "the CIS Controls", "IEC 62443", "ISO/IEC 27701"];

    public static readonly string[] Sectors =
        ["banks", "hospitals", "power utilities", "water utilities", "ports", "airlines", "universities", "local governments", "e-commerce platforms",
         "microfinance institutions", "payment providers", "manufacturers", "logistics firms", "rural cooperatives", "schools", "insurers", "broadcasters", "clinics"];

    public static readonly string[] Hours = ["24 hours", "72 hours", "six hours", "48 hours", "two hours"];

    // Small numbers that read well before "of", "thousand", "hundred" and "dozen" alike.
    public static readonly string[] Counts = ["two", "three", "four", "five", "six", "several"];

    // Past years for what happened ({year}) and later ones for what is expected ({future}); the consultations are held in 2025 and 2026.
    public static readonly string[] Years = ["2020", "2021", "2022", "2023", "2024"];

    public static readonly string[] FutureYears = ["2027", "2028", "2029", "2030"];

    public static readonly IReadOnlyList<SyntheticTopic> All =
    [
        // ---------- international collaboration ----------
        new("international-collaboration", "confidence-building-measures",
            [
                "the {region} confidence-building measures are known in foreign ministries but rarely reach the technical agencies that would carry them out",
                "a tabletop exercise with neighbouring countries in {year} did more for trust than any memorandum signed before it",
                "voluntary norms of responsible state behaviour are discussed at regional meetings but seldom translated into national procedures",
                "notifying neighbours about a major incident is still decided case by case, with no agreed threshold",
            ],
            [
                "the staff who attend regional dialogues change every year, so trust built at one meeting is lost by the next",
                "there is no agreed way to tell a neighbouring country that an attack appears to come from its networks",
                "commitments made at the {region} level are not matched by budget lines at home",
            ],
            [
                "a yearly cross-border tabletop exercise should involve technical teams as well as diplomats",
                "each confidence-building measure should have a named national owner and a simple progress report",
                "a short guide to the {region} norms should be written in the national language for agency staff",
            ],
            [
                "We sign the statements in the plenary, and then nobody at home knows they exist.",
                "Trust is built in exercises, not in communiqués.",
            ]),
        new("international-collaboration", "points-of-contact",
            [
                "the regional points of contact directory is out of date, and several entries point to people who have moved on",
                "the points-of-contact list was tested in {year}, and {count} of the listed contacts did not answer within a day",
                "points of contact are often a single person, so a holiday or a transfer breaks the channel",
                "a working contact list turned a cross-border phishing case into a two-day fix instead of a two-week one",
            ],
            [
                "nobody is responsible for keeping the points-of-contact directory current",
                "contact details are held in personal phones rather than in a shared directory",
                "a 24/7 point of contact exists on paper but calls outside office hours go unanswered",
            ],
            [
                "the points of contact directory should be tested every quarter, with results shared among members",
                "every point of contact should have a named alternate and a shared mailbox, not just a personal phone",
                "a regional exercise should check that points of contact can be reached outside office hours",
            ],
            [
                "The directory is only as good as the last time someone picked up the phone.",
                "We had the number. Nobody answered it for three days.",
            ]),
        new("international-collaboration", "regional-cooperation",
            [
                "regional cooperation works best where technical teams already know each other from joint training",
                "cooperation with neighbouring countries on scam centres and fraud has become a priority since {year}",
                "{groups} said regional cooperation is too often limited to meetings, with little follow-up between them",
                "a shared regional calendar of exercises and trainings would avoid the same people being invited to three events in one month",
            ],
            [
                "differences in legal frameworks across the region slow down cross-border requests for evidence",
                "language barriers make regional information products hard to use for smaller agencies",
                "regional meetings are held in capitals, and teams from {city} rarely attend",
            ],
            [
                "the region should agree a common template for cross-border incident requests",
                "regional trainings should be offered in national languages as well as English",
                "a rotating secretariat should follow up on what regional meetings decide",
            ],
            [
                "We meet our neighbours more often in Geneva than in our own region.",
                "Cooperation is easy in the meeting room and hard on a Friday night during an incident.",
            ]),
        new("international-collaboration", "partner-cooperation",
            [
                "support from external partners has been generous but fragmented, with overlapping trainings on the same topics",
                "development partners fund equipment more readily than the staff needed to run it",
                "projects funded by partners often end with a report and no plan for who maintains what was built",
                "{groups} asked partners to align their programmes with {strategy} rather than bring their own priorities",
            ],
            [
                "three partners offered the same incident-response course in {year}, while nobody offered help with forensics",
                "short project cycles leave no time to build skills that outlast the project",
                "partners' reporting requirements take up time that small teams do not have",
            ],
            [
                "partners should coordinate their offers through a single national mapping of cyber capacity projects",
                "funding should cover salaries and maintenance for at least three years, not only equipment",
                "every partner-funded project should end with a handover plan agreed with the national team",
            ],
            [
                "We have four donors and four different reporting templates.",
                "Please stop sending us servers and start helping us keep people.",
            ]),
        new("international-collaboration", "capacity-building",
            [
                "capacity building has focused on national agencies, leaving provinces and {sector} far behind",
                "train-the-trainer programmes worked where trainers were given time and budget to train others",
                "online courses reach many people but few complete them without a local mentor",
                "a mentoring scheme pairing junior analysts with experienced teams abroad was described as the most useful support received",
            ],
            [
                "trained staff leave for better-paid jobs in the private sector or abroad",
                "courses are designed abroad and rarely use local examples or {local}",
                "there is no record of who has been trained in what, so the same people are trained twice",
            ],
            [
                "capacity building should be planned against {strategy} and reviewed every year",
                "trainings should use local case studies and be delivered in the national language where possible",
                "a national register of cyber trainings should track who was trained and how skills were used afterwards",
            ],
            [
                "We train them, and two years later they work for a bank in another country.",
                "Every course starts from zero because nobody knows who took the last one.",
            ]),

        // ---------- technical standards ----------
        new("technical-standards", "iso-27001",
            [
                "ISO/IEC 27001 certification is seen as a mark of seriousness by foreign clients, which drives adoption among exporters",
                "most certified organisations in {city} are large firms with foreign parents, while local {sector} rarely certify",
                "the ISO 27001 transition to the 2022 version caught several organisations unprepared",
                "organisations that certified against ISO/IEC 27001 reported that the documentation effort was larger than the technical work",
            ],
            [
                "the cost of ISO/IEC 27001 certification and audits is out of reach for smaller {sector}",
                "certificates are sometimes treated as the end of the work rather than the start of a management system",
                "there are too few local auditors for ISO 27001, so audits are expensive and delayed",
            ],
            [
                "the government should subsidise a first ISO/IEC 27001 gap analysis for critical suppliers",
                "public procurement should accept ISO/IEC 27001 or an equivalent national baseline, not certificates alone",
                "local auditors should be trained so that ISO 27001 audits no longer depend on foreign firms",
            ],
            [
                "The certificate hangs in the lobby; the risk register has not been opened since the audit.",
                "ISO 27001 is what our clients ask for, so it is what we do.",
            ]),
        new("technical-standards", "nist-csf",
            [
                "the NIST Cybersecurity Framework is popular because it is free and easy to explain to boards",
                "NIST CSF 2.0 and its new govern function were welcomed as a way to bring senior management into the discussion",
                "{sector} use the NIST CSF as a vocabulary more than as a standard to be audited against",
                "several regulators map their own guidelines to the NIST CSF so that firms can reuse their work",
            ],
            [
                "without certification, claims of following the NIST CSF are hard to verify",
                "the NIST CSF profiles are written for a different regulatory context and need translation to local law",
                "organisations use both ISO/IEC 27001 and the NIST CSF and duplicate the same controls twice",
            ],
            [
                "a national profile of NIST CSF 2.0 should be published with local examples",
                "regulators should publish one mapping between ISO/IEC 27001, the NIST CSF and national rules",
                "boards should receive a one-page NIST CSF summary of their organisation's position every year",
            ],
            [
                "The NIST framework speaks the language our board understands.",
                "We follow NIST, but nobody can check that we do.",
            ]),
        new("technical-standards", "hybrid-frameworks",
            [
                "many organisations build their own hybrid of ISO/IEC 27001, the NIST CSF and sector rules",
                "a national baseline drawn from {standard} was described as more realistic than full certification",
                "sector regulators in {country} each publish their own control lists, which overlap by more than half",
                "{groups} pointed out that a hybrid framework is only useful if auditors accept it",
            ],
            [
                "every regulator asks for a different framework, so firms serving several sectors report three times",
                "home-grown frameworks are rarely updated once the people who wrote them have left",
                "hybrid frameworks make it hard to compare organisations or to recognise each other's audits",
            ],
            [
                "regulators should agree one national baseline and accept each other's assessments",
                "a national baseline should map clearly to {standard} so that certified firms are not audited twice",
                "the baseline should be reviewed every two years with {groups} in the room",
            ],
            [
                "We are audited against three frameworks that say the same thing in different words.",
                "Our framework is a bit of ISO, a bit of NIST and a lot of common sense.",
            ]),
        new("technical-standards", "sme-constraints",
            [
                "small and medium enterprises see cybersecurity standards as written for large companies",
                "SMEs in {city} rely on their IT supplier for security and rarely know which controls are in place",
                "a free self-assessment tool was used by {count} thousand SMEs once it was offered in the national language",
                "SMEs that supply {sector} are asked for certificates they cannot afford to obtain",
            ],
            [
                "SMEs cannot afford consultants, and free guidance is too long and too technical",
                "insurers ask SMEs for controls that nobody has explained to them",
                "SMEs have no one whose job is security, so guidance addressed to a security officer misses them",
            ],
            [
                "a short baseline of ten controls for SMEs should be published with {standard} as the reference",
                "SMEs should get vouchers for a first assessment, paid for by the digital economy budget",
                "guidance for SMEs should be published as checklists and short videos in the national language",
            ],
            [
                "A small company does not need a framework; it needs someone to tell it what to do on Monday.",
                "We read the standard. It is two hundred pages. We have four employees.",
            ]),
        new("technical-standards", "certification",
            [
                "certification schemes exist but few organisations know which certificates regulators actually accept",
                "the national certification scheme for security products has been slow to start, with {count} products assessed so far",
                "procurement rules ask for certified products without saying which schemes count",
                "mutual recognition of certificates within {region} was seen as a long-term goal rather than a near one",
            ],
            [
                "there is no accredited body in {country} for several common certifications",
                "auditors are in short supply, and audit quality varies widely",
                "certificates from abroad are not always recognised by local regulators",
            ],
            [
                "the regulator should publish a list of certificates it accepts and keep it current",
                "an accreditation body should be given a mandate and budget to accredit local auditors",
                "{region} members should work towards mutual recognition of security certifications",
            ],
            [
                "We do not need more certificates; we need to know which ones count.",
            ]),

        // ---------- information sharing and incident response ----------
        new("information-sharing", "public-private-sharing",
            [
                "information sharing between government and industry is mostly one way, from companies to agencies",
                "sharing threat indicators through a common platform worked well for {sector} once the legal questions were settled",
                "informal groups on messaging apps remain the fastest channel for sharing threat information",
                "a sector sharing group for {sector} meets monthly and has grown to {count} dozen members",
            ],
            [
                "companies fear that information they share will be used against them by regulators",
                "information flows to the national team but little comes back to the companies that shared it",
                "sharing platforms exist but are used by few because nobody curates what is posted",
            ],
            [
                "the national team should send back a short summary to everyone who shares an incident",
                "a trusted sharing platform should be run with industry, with clear rules on how information is used",
                "sector sharing groups should be supported for {sector} and {sector2}",
            ],
            [
                "We share, and we hear nothing back. After a while you stop sharing.",
                "The fastest threat feed in this country is a chat group.",
            ]),
        new("information-sharing", "incentives",
            [
                "incentives for sharing are weak, and the main motive today is fear of a penalty",
                "organisations that shared early during the {year} ransomware wave received help faster, which others noticed",
                "recognition from regulators, such as lighter supervision for active sharers, was seen as a real incentive",
                "insurers were mentioned as a possible source of incentives for sharing and for basic controls",
            ],
            [
                "there is no benefit for a company that reports early, only risk",
                "reporting is seen as an admission of failure rather than a contribution",
                "incentives discussed in the strategy have not been put in place",
            ],
            [
                "early and good-faith sharing should be recognised by regulators when they assess penalties",
                "a safe-harbour rule should protect information shared in good faith from being used in enforcement",
                "the national team should offer free help to organisations that report incidents early",
            ],
            [
                "Give us one good reason to report before the deadline, and we will.",
                "If reporting brings only auditors, nobody reports.",
            ]),
        new("information-sharing", "legal-mandates",
            [
                "{cyberlaw} requires incident reports within {hours}, but few organisations know what counts as an incident",
                "under {datalaw}, personal data breaches must also be reported to the data protection authority, in a separate form",
                "several reporting duties overlap, so one incident can mean three reports to three agencies",
                "the reporting deadline of {hours} was seen as realistic for an initial notice but not for a full report",
            ],
            [
                "reporting forms differ between regulators and ask for the same information in different ways",
                "there is no guidance on what to do when {cyberlaw} and {datalaw} impose different deadlines",
                "small organisations do not know whether the reporting duty applies to them",
            ],
            [
                "one reporting portal should serve every regulator, so an incident is reported once",
                "guidance should explain how {cyberlaw} and {datalaw} fit together, with worked examples",
                "the reporting deadline should start from when an incident is confirmed, not when it is suspected",
            ],
            [
                "One incident, three forms, three agencies, three different deadlines.",
                "The law says report within {hours}. It does not say report what.",
            ]),
        new("information-sharing", "transparency",
            [
                "trust in the national team depends on it being open about how reported information is handled",
                "an annual report on incidents, published since {year}, was welcomed as a sign of openness",
                "{groups} asked for more transparency on how reported data is stored and who can see it",
                "transparency about major incidents helps the public but worries organisations about their reputation",
            ],
            [
                "people do not know what happens to information once it is reported",
                "there is no public statement on how long incident data is kept",
                "past leaks of reported information have damaged trust in government platforms",
            ],
            [
                "the national team should publish how it handles, stores and deletes reported information",
                "anonymised statistics on incidents should be published every year",
                "an independent body should review how reporting data is used",
            ],
            [
                "Trust grows when people can see what you do with what they tell you.",
            ]),
        new("information-sharing", "threat-response",
            [
                "the national team is moving from handling incidents one by one to tracking threat actors over time",
                "threat intelligence is bought from foreign vendors and rarely includes local threats",
                "joint analysis of a phishing campaign targeting {sector} in {city} showed the value of pooling indicators",
                "exchanging threat indicators with neighbouring teams in machine-readable form is still the exception",
            ],
            [
                "there are too few analysts to turn indicators into useful threat intelligence",
                "threat information arrives in formats that smaller teams cannot process",
                "alerts are sent in English only, which limits who can act on them",
            ],
            [
                "the national team should publish threat advisories in the national language, with clear actions",
                "teams in {region} should exchange threat indicators automatically in a common format",
                "a local threat landscape report should be produced with input from {groups}",
            ],
            [
                "We receive a thousand indicators a day and have two people to read them.",
                "Threat intelligence that nobody acts on is just a mailing list.",
            ]),
        new("information-sharing", "incident-management",
            [
                "incident reports still travel by e-mail and telephone, which slows coordination during a crisis",
                "a ransomware attack on {sector} in {year} showed how long recovery takes without tested backups",
                "incident response plans exist on paper in most agencies, but few have been exercised",
                "the national team handled {count} hundred incidents last year, most of them phishing and web defacements",
            ],
            [
                "there is no common classification of incidents, so reports cannot be compared",
                "{sector} do not know whom to call first when an incident happens outside office hours",
                "forensic skills are scarce, so evidence is often lost before anyone examines it",
            ],
            [
                "a national incident taxonomy should be adopted, based on ISO/IEC 27035 or a similar reference",
                "every critical organisation should exercise its incident response plan at least once a year",
                "a shared pool of forensic experts should support smaller organisations during major incidents",
            ],
            [
                "The plan was in a binder in the office that the ransomware had encrypted.",
                "In an incident you find out whose number you never saved.",
            ]),

        // ---------- inclusion ----------
        new("inclusion", "gender",
            [
                "women remain a small minority in technical cyber roles, although they are better represented in policy and legal work",
                "a mentoring programme for women entering security careers in {city} has doubled its intake since {year}",
                "gender-based online harassment was raised as a security issue, not only a social one",
                "women who joined incident-response teams reported that night shifts and travel were the main barriers to staying",
            ],
            [
                "recruitment panels and training invitations still go mostly to men",
                "women leave technical teams at mid-career, and nobody tracks why",
                "online abuse targeting women is rarely treated as a cyber incident",
            ],
            [
                "every cyber capacity programme should report on who takes part, by gender, and act on the results",
                "workplaces should offer flexible shifts and childcare support for incident-response staff",
                "online gender-based violence should be covered by incident reporting and victim support",
            ],
            [
                "Counting women in the room is not the same as listening to them.",
                "I was the only woman on the team for six years.",
            ]),
        new("inclusion", "beyond-headcounts",
            [
                "inclusion targets are often met by counting participants, without asking whether they had a say",
                "programmes that gave women and young people leading roles in exercises saw lasting change",
                "{groups} warned that inclusion reporting has become a box-ticking exercise",
                "inclusion is discussed in the opening speeches and then disappears from the technical sessions",
            ],
            [
                "head-count targets push organisers to invite the same few people to everything",
                "there are no measures of whether diverse participants influenced decisions",
                "inclusion budgets are the first to be cut when projects run short",
            ],
            [
                "programmes should measure influence as well as attendance, for example who leads sessions and drafts outputs",
                "inclusion should be a standing item in technical sessions, not only in opening remarks",
                "evaluation of capacity programmes should include the views of participants from under-represented groups",
            ],
            [
                "We are invited to be counted, not to be heard.",
            ]),
        new("inclusion", "policy-mainstreaming",
            [
                "{strategy} mentions inclusion, but its action plan has no measures for it",
                "policies are drafted by a small group in the capital, with consultation coming late if at all",
                "persons with disabilities are rarely considered when security measures such as authentication are designed",
                "consultation on {datalaw} reached few people outside {city}",
            ],
            [
                "inclusion is added at the end of policy drafting rather than considered from the start",
                "there are no indicators for inclusion in the national cyber strategy",
                "accessibility is not required in government digital services, including security features",
            ],
            [
                "inclusion should be built into policy from the first draft, with indicators in the action plan",
                "public consultations on cyber policy should be held outside the capital and online",
                "security features of public services should be tested with users with disabilities",
            ],
            [
                "If inclusion is not in the action plan, it is not in the policy.",
            ]),
        new("inclusion", "workforce-pipeline",
            [
                "the shortage of skilled staff is the main constraint on everything else discussed",
                "universities produce computer science graduates but few with security skills",
                "public-sector salaries cannot compete with banks and foreign firms, so trained staff leave",
                "cyber competitions for students in {city} have become a recruitment channel for the national team",
            ],
            [
                "the public sector loses trained staff to the private sector within two or three years",
                "university curricula lag behind practice by several years",
                "there is no career path for security specialists in government",
            ],
            [
                "government should create a career track and allowance for security specialists",
                "universities and industry should co-design security courses with internships",
                "scholarships should include a commitment to serve in the public sector for some years",
            ],
            [
                "We do not lack talent; we lack a reason for talent to stay.",
                "Our best analysts were trained here and hired away within a year.",
            ]),
        new("inclusion", "regional-disparities",
            [
                "capacity is concentrated in the capital, while provinces and rural areas have little support",
                "local governments outside {city} often have no staff responsible for cybersecurity",
                "internet access has grown fast in rural areas, bringing scams and fraud to people with little awareness",
                "participants pointed to {local} as an example of where support is most needed",
            ],
            [
                "awareness campaigns are designed for city audiences and miss rural communities",
                "provincial offices lack both staff and budget for security",
                "trainings are held in the capital, which excludes people who cannot travel",
            ],
            [
                "awareness campaigns should be delivered through community radio and local languages",
                "a share of capacity funding should be reserved for provinces and rural areas",
                "regional hubs should offer training outside the capital",
            ],
            [
                "The capital has a security team. Our province has one IT officer for everything.",
            ]),
    ];

    /// <summary>Openings for an observation as a finding.</summary>
    public static readonly string[] FindingOpeners =
    [
        "Participants noted that", "Several speakers observed that", "It was reported that", "The discussion showed that",
        "There was broad agreement that", "One view was that", "Speakers from several sectors explained that", "It emerged that",
        "Experience shared in the room suggested that", "Most participants agreed that", "The group heard that", "It was widely felt that",
    ];

    /// <summary>Openings for a difficulty as a challenge.</summary>
    public static readonly string[] ChallengeOpeners =
    [
        "A recurring difficulty is that", "Speakers warned that", "The main obstacle raised was that", "Several participants were concerned that",
        "A concern was that", "It was pointed out that", "A frequent complaint was that", "Participants cautioned that",
    ];

    /// <summary>Openings for a proposal as a recommendation.</summary>
    public static readonly string[] RecommendationOpeners =
    [
        "Participants recommended that", "It was proposed that", "There was support for the idea that", "A clear recommendation was that",
        "Several speakers urged that", "The group suggested that", "It was recommended that", "Participants asked that",
    ];

    /// <summary>Joins a further sentence to a note.</summary>
    public static readonly string[] Connectors =
    [
        "In addition, ", "By contrast, ", "Others added that ", "It was also noted that ", "Building on this, ", "In response, ",
        "Similarly, ", "Several speakers felt that ", "On the other hand, ", "At the same time, ",
    ];

    /// <summary>What follows a quotation: where it came from and how the room took it, never who said it.</summary>
    public static readonly string[] QuoteFrames =
    [
        "The remark summed up much of the discussion on {topic}.", "Several others in the room agreed.", "It drew agreement from {groups}.",
        "It was said in the discussion of {topic}, and nobody disagreed.", "The point was echoed later in the day.",
        "Others in the room qualified it, but did not dispute it.", "It was one of the most repeated lines of the session.",
        "The speaker went on to give an example from {city}.", "The comment drew on experience since {year}.",
        "It set the tone for the rest of the discussion on {topic}.",
    ];

    /// <summary>Sentences about a country's own situation, added to a note now and then.</summary>
    public static readonly string[] LocalSentences =
    [
        "In {city}, the point was illustrated with {local}.",
        "The discussion referred several times to {datalaw}.",
        "Speakers linked this to {cyberlaw}.",
        "This was seen as a test of {strategy}.",
        "Examples came from {city} and from {local}.",
        "The same pattern was described for {local}.",
        "Participants expected {strategy} to address this by {future}.",
        "Under {datalaw}, this also raises questions about personal data.",
    ];

    /// <summary>Notes of the opening session, on the record: agenda, purpose and national priorities, never a person.</summary>
    public static readonly string[] OpeningSentences =
    [
        "The opening session set out the purpose of the consultation: to hear {demonym} priorities on cyber capacity and compare them across {region}.",
        "The agenda was agreed, with plenaries on international collaboration, technical standards, information sharing and inclusion.",
        "It was recalled that the plenaries are held under the Chatham House Rule and that notes never name or identify a speaker.",
        "National priorities presented at the opening included {strategy} and the implementation of {cyberlaw}.",
        "The opening remarks stressed that the consultation would feed into the next phase of regional support.",
        "Participants introduced the work of their sectors, from {sector} to {sector2}.",
        "The host thanked participants from {city} and other cities for travelling to the consultation.",
        "The opening session noted progress since {year} in putting {datalaw} into practice.",
        "Speakers at the opening described {cyberlaw} as the backbone of the national approach.",
        "The opening heard that {sector} and {sector2} had faced more incidents in {year} than in any year before.",
        "Priorities named at the opening were workforce, incident reporting and the needs of {local}.",
        "The host recalled earlier regional meetings and the commitments made in {region}.",
        "It was noted at the opening that participants came from government, industry, academia and civil society.",
        "The opening session asked participants to speak freely and to focus on what works in practice.",
        "Examples from {city} were given at the opening to show where support had made a difference.",
    ];

    /// <summary>The people of each stakeholder group as notes name them in general (not a person), for the {groups} slot.</summary>
    public static readonly IReadOnlyDictionary<string, string> GroupPeople = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["government"] = "government agencies",
        ["telecoms"] = "telecoms operators",
        ["technology"] = "technology companies",
        ["private-sector"] = "companies outside the technology sector",
        ["cert"] = "incident responders",
        ["academia"] = "universities",
        ["civil-society"] = "civil society organisations",
        ["international"] = "development partners",
    };

    /// <summary>Session titles per theme, used in turn by the plenaries of a consultation.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> SessionTitles = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["international-collaboration"] = ["International collaboration and confidence-building", "Points of contact and regional cooperation", "Working with external partners", "Capacity building that lasts"],
        ["technical-standards"] = ["Adopting ISO/IEC 27001 and the NIST CSF", "A national baseline for SMEs", "Certification, audit and procurement", "Standards in critical sectors"],
        ["information-sharing"] = ["Information sharing and incident reporting", "Incentives and legal duties to share", "From incident management to threat response", "Trust and transparency in reporting"],
        ["inclusion"] = ["Inclusion beyond head-counts", "Building the cyber workforce", "Inclusion in policy, from drafting to delivery", "Reaching provinces and rural areas"],
    };

    /// <summary>Topics of closed (off-the-record) sessions.</summary>
    public static readonly string[] ClosedSessionTitles =
    [
        "Closed session: incident handling in practice", "Closed session: cross-border requests", "Closed session: lessons from recent incidents",
        "Closed session: candid views on regional support",
    ];
}
