using Consultations.Core.Domain;

namespace Consultations.Core.Guard;

/// <summary>
/// What the guard knows of a consultation's register: every form of every name and organisation as keyed hashes,
/// and how many participants each stakeholder group has. Holds no names, so it survives a purge of the register.
/// </summary>
public sealed record GuardRegister(IReadOnlyList<GuardPattern> Patterns, IReadOnlyDictionary<string, int> GroupCounts)
{
    public static GuardRegister Empty { get; } = new([], new Dictionary<string, int>());

    /// <summary>Derives the name and organisation forms a text may use for these participants (see docs/chatham-house.md).</summary>
    public static GuardRegister Compile(IEnumerable<Participant> participants, GuardKey key, int smallGroupThreshold)
    {
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(key);
        var list = participants.ToList();
        var counts = list.Where(p => p.StakeholderGroup is not null)
            .GroupBy(p => p.StakeholderGroup!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var patterns = new Dictionary<(string, PatternMatch), GuardPattern>();

        void Add(IReadOnlyList<string> tokens, FindingKind kind, FindingSeverity severity, PatternMatch match, string suggestion)
        {
            if (tokens.Count == 0 || tokens.All(t => t.Length == 0))
            {
                return;
            }

            // A form made only of ordinary words ("Joy Faith") is a name only where it is written as one.
            if (kind == FindingKind.Participant && tokens.Count > 1 && match == PatternMatch.Anywhere && tokens.All(CommonWords.Contains))
            {
                (severity, match) = (FindingSeverity.Warn, PatternMatch.CapitalizedMidSentence);
            }

            AddHashed(string.Join('.', tokens.Select(t => Hashed(key, t))), kind, severity, match, suggestion);
        }

        void AddHashed(string hashed, FindingKind kind, FindingSeverity severity, PatternMatch match, string suggestion)
        {
            // One form shared by two people (or a person and an organisation) keeps the stronger reading: block over warn,
            // a name over an organisation over a role.
            var pattern = new GuardPattern(hashed, kind, severity, match, suggestion);
            if (!patterns.TryGetValue((hashed, match), out var existing) || existing.Severity < severity || (existing.Severity == severity && existing.Kind > kind && kind != FindingKind.Contact))
            {
                patterns[(hashed, match)] = pattern;
            }
        }

        foreach (var participant in list)
        {
            var hidden = participant.StakeholderGroup is { } group && counts.GetValueOrDefault(group) >= smallGroupThreshold
                && GuardVocabulary.Suggestions.TryGetValue(group, out var phrase) ? phrase : (GuardVocabulary.AnyPerson, GuardVocabulary.AnyOrganisation);
            foreach (var (tokens, severity, match) in NameForms(participant.Name))
            {
                Add(tokens, FindingKind.Participant, severity, match, hidden.Item1);
            }

            foreach (var (tokens, severity, match) in OrganisationForms(participant.Organisation))
            {
                Add(tokens, FindingKind.Organisation, severity, match, hidden.Item2);
            }

            foreach (var (tokens, severity, match) in RoleForms(participant.Role))
            {
                Add(tokens, FindingKind.Role, severity, match, RoleSuggestion(RoleTitle(participant.Role)));
            }

            foreach (var word in NearMissWords(participant.Name))
            {
                var variants = string.Join('.', NearMissVariants(word).Select(v => Hashed(key, v)));
                AddHashed(variants, FindingKind.Participant, FindingSeverity.Warn, PatternMatch.NearMiss, hidden.Item1);
            }
        }

        return new GuardRegister([.. patterns.Values], counts);
    }

    /// <summary>The forms a person's name takes in notes, by naming convention.</summary>
    internal static IEnumerable<(IReadOnlyList<string> Tokens, FindingSeverity Severity, PatternMatch Match)> NameForms(string name)
    {
        var words = GuardText.Words(name);
        if (words.Count == 0)
        {
            yield break;
        }

        if (words.Count == 1)
        {
            // Indonesian single names and mononyms.
            foreach (var form in Single(words[0], FindingSeverity.Block))
            {
                yield return form;
            }

            foreach (var form in AfterHonorific(words))
            {
                yield return form;
            }

            yield break;
        }

        yield return (words, FindingSeverity.Block, PatternMatch.Anywhere);
        var marker = words.FindIndex(w => GuardVocabulary.PatronymicMarkers.Contains(w));
        if (marker > 0)
        {
            // Malay: "Nurul Izzah binti Hassan" — given names, then the father's; no family name; addressed by the given name.
            var given = words[..marker];
            var father = words[(marker + 1)..];
            if (father.Count > 0)
            {
                yield return ([.. given, .. father], FindingSeverity.Block, PatternMatch.Anywhere);
            }

            foreach (var form in GivenForms(given))
            {
                yield return form;
            }

            foreach (var form in AfterHonorific(given))
            {
                yield return form;
            }

            yield break;
        }

        if (IsVietnamese(name, words))
        {
            // Vietnamese: family name first, addressed by the given name ("Thu Hằng", "chị Hằng").
            var family = words[..1];
            var given = words[1..];
            yield return ([.. given, .. family], FindingSeverity.Block, PatternMatch.Anywhere);
            if (given.Count >= 2)
            {
                yield return (given, FindingSeverity.Block, PatternMatch.Anywhere);
                yield return ([given[^1], .. family], FindingSeverity.Block, PatternMatch.Anywhere);
            }

            foreach (var form in Single(given[^1], FindingSeverity.Warn))
            {
                yield return form;
            }

            foreach (var form in AfterHonorific(words))
            {
                yield return form;
            }

            yield return (given, FindingSeverity.Block, PatternMatch.AfterHonorific);
            yield break;
        }

        if (words.Count == 3 && GuardVocabulary.ChineseFamilyNames.Contains(words[0]))
        {
            // Chinese (Malaysia, Singapore): family name first, two-part given name ("Tan Mei Ling": "Mei Ling", "Ms Tan").
            var family = words[..1];
            var given = words[1..];
            yield return ([.. given, .. family], FindingSeverity.Block, PatternMatch.Anywhere);
            yield return (given, FindingSeverity.Block, PatternMatch.Anywhere);
            foreach (var form in Single(family[0], FindingSeverity.Block))
            {
                yield return form;
            }

            foreach (var form in AfterHonorific(family))
            {
                yield return form;
            }

            yield return (given, FindingSeverity.Block, PatternMatch.AfterHonorific);
        }

        // Given names first, family name last, with compound surnames (Dela Cruz, Delos Santos).
        var split = words.Count - 1;
        while (split > 1 && GuardVocabulary.SurnameParticles.Contains(words[split - 1]))
        {
            split--;
        }

        var surname = words[split..];
        var givenNames = words[..split];
        yield return ([givenNames[0], .. surname], FindingSeverity.Block, PatternMatch.Anywhere);
        yield return ([.. surname, .. givenNames], FindingSeverity.Block, PatternMatch.Anywhere);
        yield return ([.. surname, givenNames[0]], FindingSeverity.Block, PatternMatch.Anywhere);
        if (surname.Count > 1)
        {
            yield return (surname, FindingSeverity.Block, PatternMatch.Anywhere);
        }
        else
        {
            foreach (var form in Single(surname[0], FindingSeverity.Block))
            {
                yield return form;
            }
        }

        foreach (var form in GivenForms(givenNames))
        {
            yield return form;
        }

        foreach (var form in AfterHonorific(words))
        {
            yield return form;
        }

        yield return (surname, FindingSeverity.Block, PatternMatch.AfterHonorific);
        yield return (givenNames, FindingSeverity.Block, PatternMatch.AfterHonorific);
    }

    /// <summary>The forms an organisation takes: its name, its acronym, a one-word name.</summary>
    internal static IEnumerable<(IReadOnlyList<string> Tokens, FindingSeverity Severity, PatternMatch Match)> OrganisationForms(string organisation)
    {
        if (string.IsNullOrWhiteSpace(organisation))
        {
            yield break;
        }

        var name = organisation;
        string? acronym = null;
        var open = organisation.LastIndexOf('(');
        if (open > 0 && organisation.TrimEnd().EndsWith(')'))
        {
            acronym = organisation[(open + 1)..organisation.LastIndexOf(')')].Trim();
            name = organisation[..open].Trim();
        }

        var words = GuardText.Words(name);
        if (words.Count > 1)
        {
            yield return (words, FindingSeverity.Block, PatternMatch.Anywhere);
            foreach (var form in ShortOrganisationForms(words))
            {
                yield return form;
            }
        }
        else if (words.Count == 1)
        {
            var token = GuardText.Tokenize(name)[0];
            foreach (var form in token.AllCaps ? Acronym(words) : Single(words[0], FindingSeverity.Block))
            {
                yield return form;
            }
        }

        // The short form in brackets: an acronym in capitals (MIC; CB-TRSD is two capitalised words), or a short
        // name written like a word (Kominfo), which matches as a one-word name does.
        if (acronym is not null && GuardText.Tokenize(acronym) is { Count: > 0 } shortForm)
        {
            var letters = shortForm.Select(t => t.Normalized).ToList();
            var forms = shortForm.All(t => t.AllCaps) ? Acronym(letters)
                : letters.Count == 1 ? Single(letters[0], FindingSeverity.Block)
                : [(letters, FindingSeverity.Block, PatternMatch.Anywhere)];
            foreach (var form in forms)
            {
                yield return form;
            }
        }
    }

    /// <summary>
    /// An organisation said the short way: without its legal tail or head ("Luzon Digital Telecom" for … Corporation,
    /// "Telekomunikasi Nusantara" for PT … Tbk), with one generic word dropped ("Luzon Telecom"), or by a distinctive
    /// word alone ("Maxis"; a dictionary word such as "Smart" only when capitalised mid-sentence or speaking).
    /// </summary>
    private static IEnumerable<(IReadOnlyList<string>, FindingSeverity, PatternMatch)> ShortOrganisationForms(List<string> words)
    {
        var from = 0;
        var to = words.Count;
        while (from < to - 1 && GuardVocabulary.LegalHeads.Contains(words[from]))
        {
            from++;
        }

        while (to - 1 > from && GuardVocabulary.LegalTails.Contains(words[to - 1]))
        {
            to--;
        }

        var core = words[from..to];
        if (core.Count > 1 && core.Count < words.Count)
        {
            yield return Phrase(core);
        }

        if (core.Count >= 3)
        {
            for (var k = 0; k < core.Count; k++)
            {
                if (!GuardVocabulary.GenericOrganisationWords.Contains(core[k]))
                {
                    continue;
                }

                // "Luzon Telecom" for Luzon Digital Telecom: a place and a generic word together still name the one company.
                List<string> shorter = [.. core[..k], .. core[(k + 1)..]];
                if (shorter.Any(w => !GuardVocabulary.GenericOrganisationWords.Contains(w) && !GuardVocabulary.JoiningWords.Contains(w)) && !GuardVocabulary.JoiningWords.Contains(shorter[0]) && !GuardVocabulary.JoiningWords.Contains(shorter[^1]))
                {
                    yield return Phrase(shorter);
                }
            }
        }

        if (core.Count == 1)
        {
            foreach (var form in Distinctive(core).SelectMany(w => Single(w, FindingSeverity.Block)))
            {
                yield return form;
            }

            yield break;
        }

        foreach (var word in Distinctive(core))
        {
            if (CommonWords.Contains(word))
            {
                yield return ([word], FindingSeverity.Warn, PatternMatch.CapitalizedMidSentence);
            }
            else
            {
                yield return ([word], FindingSeverity.Block, PatternMatch.Capitalized);
            }

            yield return ([word], FindingSeverity.Block, PatternMatch.AsSpeaker);
        }

        // A name of ordinary words only ("Smart Communications") is the organisation where it is written as one.
        static (IReadOnlyList<string>, FindingSeverity, PatternMatch) Phrase(List<string> tokens) =>
            Distinctive(tokens).Any(w => !CommonWords.Contains(w)) ? (tokens, FindingSeverity.Block, PatternMatch.Anywhere) : (tokens, FindingSeverity.Block, PatternMatch.Capitalized);
    }

    /// <summary>The words of an organisation's name that point at it alone: not generic, not a place, not a joining word, not a legal form.</summary>
    private static IEnumerable<string> Distinctive(List<string> words) =>
        words.Where(w => w.Length >= 3 && !w.Any(char.IsDigit)
            && !GuardVocabulary.GenericOrganisationWords.Contains(w) && !GuardVocabulary.PlaceWords.Contains(w)
            && !GuardVocabulary.JoiningWords.Contains(w) && !GuardVocabulary.LegalTails.Contains(w) && !GuardVocabulary.LegalHeads.Contains(w));

    /// <summary>
    /// The forms a participant's role takes: the title as written ("Deputy Director", from "Deputy Director, Cyber Bureau"),
    /// its initials in capitals (CISO), and a rank alone as a definite reference ("the Colonel" for a Lieutenant Colonel).
    /// </summary>
    internal static IEnumerable<(IReadOnlyList<string> Tokens, FindingSeverity Severity, PatternMatch Match)> RoleForms(string? role)
    {
        var title = RoleTitle(role);
        if (title.Count == 0)
        {
            yield break;
        }

        if (title.Count == 1)
        {
            if (GuardVocabulary.Ranks.Contains(title[0]) || !CommonWords.Contains(title[0]))
            {
                yield return (title, FindingSeverity.Warn, PatternMatch.Definite);
            }

            yield break;
        }

        yield return (title, FindingSeverity.Warn, PatternMatch.Definite);
        if (title.Count == 2 && GuardVocabulary.RankPrefixes.Contains(title[0]) && GuardVocabulary.Ranks.Contains(title[1]))
        {
            yield return (title[1..], FindingSeverity.Warn, PatternMatch.Definite);
        }

        var initials = title.Where(w => !GuardVocabulary.JoiningWords.Contains(w)).Select(w => w[..1]).ToList();
        if (initials.Count >= 3)
        {
            yield return ([string.Concat(initials)], FindingSeverity.Warn, PatternMatch.UpperCaseOnly);
        }
    }

    /// <summary>A neutral way to say who held the role ("a senior security manager", "an official").</summary>
    internal static string RoleSuggestion(List<string> title)
    {
        foreach (var (keys, suggestion) in GuardVocabulary.RoleSuggestions)
        {
            if (title.Any(keys.Contains))
            {
                return suggestion;
            }
        }

        return GuardVocabulary.AnyRole;
    }

    /// <summary>The title part of a role: before a comma, bracket, dash or " at " ("Head of Policy at Maxis" → head of policy).</summary>
    private static List<string> RoleTitle(string? role)
    {
        if (string.IsNullOrWhiteSpace(role))
        {
            return [];
        }

        var cut = role.IndexOfAny([',', '(', ';', '/', '–', '—', '|']);
        var title = cut > 0 ? role[..cut] : role;
        var at = title.IndexOf(" at ", StringComparison.OrdinalIgnoreCase);
        title = at > 0 ? title[..at] : title;
        var dash = title.IndexOf(" - ", StringComparison.Ordinal);
        title = dash > 0 ? title[..dash] : title;
        var words = GuardText.Words(title);
        return words is ["the", .. var rest] ? rest : words;
    }

    /// <summary>The name words a typo could hide: six letters or more, not an ordinary word or a particle.</summary>
    private static IEnumerable<string> NearMissWords(string name) =>
        GuardText.Words(name).Where(w => w.Length >= 6 && !w.Any(char.IsDigit) && !CommonWords.Contains(w)
            && !GuardVocabulary.PatronymicMarkers.Contains(w) && !GuardVocabulary.SurnameParticles.Contains(w)
            && !GuardVocabulary.VietnameseFamilyNames.Contains(w) && !GuardVocabulary.ChineseFamilyNames.Contains(w)).Distinct(StringComparer.Ordinal);

    /// <summary>The word and the word without one of its letters after the first (a typo rarely changes the first letter).</summary>
    internal static IEnumerable<string> NearMissVariants(string word)
    {
        yield return word;
        for (var skip = 1; skip < word.Length; skip++)
        {
            if (skip > 1 && word[skip] == word[skip - 1])
            {
                continue;
            }

            yield return string.Concat(word.AsSpan(0, skip), word.AsSpan(skip + 1));
        }
    }

    private static string Hashed(GuardKey key, string token) => Convert.ToBase64String(BitConverter.GetBytes(key.Hash(token))).TrimEnd('=');

    // Acronyms match in capitals only: lower-case "mic" or "dict" in a note is a word, not the organisation.
    private static IEnumerable<(IReadOnlyList<string>, FindingSeverity, PatternMatch)> Acronym(IReadOnlyList<string> letters) =>
        [(letters, FindingSeverity.Block, PatternMatch.UpperCaseOnly)];

    /// <summary>A single word: on its own wherever it appears, unless it is also an ordinary word.</summary>
    private static IEnumerable<(IReadOnlyList<string>, FindingSeverity, PatternMatch)> Single(string word, FindingSeverity severity)
    {
        if (word.Length < 2 || word.All(char.IsDigit))
        {
            yield break;
        }

        yield return CommonWords.Contains(word) || word.Length < 3
            ? ([word], FindingSeverity.Warn, PatternMatch.CapitalizedMidSentence)
            : ([word], severity, PatternMatch.Anywhere);

        // Written as the one who speaks ("Hope noted", "Lim said"), even a dictionary word or a sentence's first word is a person.
        yield return ([word], FindingSeverity.Block, PatternMatch.AsSpeaker);
    }

    private static IEnumerable<(IReadOnlyList<string>, FindingSeverity, PatternMatch)> GivenForms(List<string> given)
    {
        if (given.Count >= 2)
        {
            yield return (given, FindingSeverity.Block, PatternMatch.Anywhere);
            yield return (given, FindingSeverity.Block, PatternMatch.AfterHonorific);
        }

        foreach (var form in Single(given[0], FindingSeverity.Warn))
        {
            yield return form;
        }
    }

    /// <summary>Any one word of the name after an honorific: "Dr Nurul", "Mr Reyes", "Ms Tan", "Pak Budi".</summary>
    private static IEnumerable<(IReadOnlyList<string>, FindingSeverity, PatternMatch)> AfterHonorific(IEnumerable<string> words) =>
        words.Where(w => w.Length >= 2 && !GuardVocabulary.PatronymicMarkers.Contains(w) && !GuardVocabulary.SurnameParticles.Contains(w))
            .Select(w => ((IReadOnlyList<string>)[w], FindingSeverity.Block, PatternMatch.AfterHonorific));

    private static bool IsVietnamese(string name, List<string> words) =>
        words.Count >= 2 && GuardVocabulary.VietnameseFamilyNames.Contains(words[0])
        && (name.Any(c => "ăâđêôơưĂÂĐÊÔƠƯ".Contains(c) || (c > 0x1EA0 && c < 0x1EF9)) || (words.Count >= 3 && GuardVocabulary.VietnameseMiddleNames.Contains(words[1])));
}
