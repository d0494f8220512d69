using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Consultations.Core.Guard;

/// <summary>
/// Finds what could reveal who spoke: register names and organisations in their realistic forms, contact data,
/// and stakeholder-group labels that point at fewer than k people. Pure and thread-safe; build one per
/// consultation register and reuse it (matching walks a trie of keyed token hashes, linear in the text).
/// </summary>
public sealed partial class AttributionGuard
{
    private readonly GuardKey _key;
    private readonly Node _root = new();
    private readonly Dictionary<ulong, List<GuardPattern>> _nearMiss = [];
    private readonly Dictionary<string, int> _groupCounts;
    private readonly int _smallGroupThreshold;

    public AttributionGuard(GuardRegister register, GuardKey key, int smallGroupThreshold = 3)
    {
        ArgumentNullException.ThrowIfNull(register);
        _key = key ?? throw new ArgumentNullException(nameof(key));
        _smallGroupThreshold = smallGroupThreshold;
        _groupCounts = new Dictionary<string, int>(register.GroupCounts, StringComparer.Ordinal);
        foreach (var pattern in register.Patterns)
        {
            if (pattern.Match == PatternMatch.NearMiss)
            {
                // Not a word sequence but a set: the name word and its one-letter-shorter variants.
                foreach (var part in pattern.Tokens.Split('.'))
                {
                    var variant = BitConverter.ToUInt64(Convert.FromBase64String(part + "="));
                    if (!_nearMiss.TryGetValue(variant, out var owners))
                    {
                        _nearMiss[variant] = owners = [];
                    }

                    if (!owners.Contains(pattern))
                    {
                        owners.Add(pattern);
                    }
                }

                continue;
            }

            var node = _root;
            foreach (var part in pattern.Tokens.Split('.'))
            {
                var hash = BitConverter.ToUInt64(Convert.FromBase64String(part + "="));
                node.Children ??= [];
                if (!node.Children.TryGetValue(hash, out var child))
                {
                    node.Children[hash] = child = new Node();
                }

                node = child;
            }

            (node.Patterns ??= []).Add(pattern);
        }
    }

    /// <summary>
    /// The findings in <paramref name="text"/>, ordered by position and never overlapping.
    /// <paramref name="groupCounts"/> (participants per stakeholder group in the session) defaults to the register's.
    /// </summary>
    public IReadOnlyList<GuardFinding> Check(string text, IReadOnlyDictionary<string, int>? groupCounts = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var findings = new List<GuardFinding>();
        var taken = new List<(int Start, int End)>();

        // Contact data first: an e-mail address contains name-like words that belong to it.
        foreach (var (match, suggestion) in ContactMatches(text))
        {
            findings.Add(new GuardFinding(FindingKind.Contact, suggestion == "[link]" ? FindingSeverity.Warn : FindingSeverity.Block, match.Index, match.Length, match.Value, suggestion, "contact"));
            taken.Add((match.Index, match.Index + match.Length));
        }

        var tokens = GuardText.Tokenize(text);
        var honorificStart = HonorificStarts(tokens);
        var inPlace = PlaceNames(tokens);
        var candidates = new List<(int First, int Last, GuardPattern Pattern, int SpanFirst)>();
        // Each distinct word is hashed once: notes repeat their words (the, of, and…) far more than they add new ones.
        var hashes = new ulong[tokens.Count];
        var known = new Dictionary<string, ulong>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!known.TryGetValue(tokens[i].Normalized, out hashes[i]))
            {
                known[tokens[i].Normalized] = hashes[i] = _key.Hash(tokens[i].Normalized);
            }
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            if (Inside(taken, tokens[i].Start))
            {
                continue;
            }

            // Inside a multi-word honorific ("Tan Sri", "Deputy Director") only a role may start: the title is the role.
            var insideHonorific = honorificStart[i].InsideHonorific;
            var node = _root;
            for (var j = i; j < tokens.Count; j++)
            {
                if (j > i && tokens[j].GapBefore is not (Gap.Space or Gap.Comma))
                {
                    break;
                }

                if (node.Children is null || !node.Children.TryGetValue(hashes[j], out node))
                {
                    break;
                }

                foreach (var pattern in node.Patterns ?? [])
                {
                    // A match wholly inside a place name ("Nam" of Viet Nam) is the place; one that goes on ("Viet Nam Computer
                    // Emergency Response Team") is an organisation.
                    if ((!insideHonorific || pattern.Kind == FindingKind.Role) && Accepts(pattern.Match, tokens, i, j, honorificStart) is { } spanFirst
                        && !Array.TrueForAll(inPlace[spanFirst..(j + 1)], static p => p))
                    {
                        candidates.Add((i, j, pattern, spanFirst));
                    }
                }
            }
        }

        // Longest match wins; then the stronger one; a name before a role or a near miss; each token belongs to one finding at most.
        var used = new bool[tokens.Count];
        var matched = new List<(int First, int Last, GuardFinding Finding)>();
        foreach (var (first, last, pattern, spanFirst) in candidates
            .OrderByDescending(c => c.Last - c.SpanFirst).ThenByDescending(c => c.Pattern.Severity).ThenBy(c => c.Pattern.Kind == FindingKind.Role).ThenBy(c => c.First))
        {
            if (Enumerable.Range(spanFirst, last - spanFirst + 1).Any(k => used[k]))
            {
                continue;
            }

            for (var k = spanFirst; k <= last; k++)
            {
                used[k] = true;
            }

            var start = tokens[spanFirst].Start;
            var end = tokens[last].Start + tokens[last].Length;
            matched.Add((spanFirst, last, new GuardFinding(pattern.Kind, pattern.Severity, start, end - start, text[start..end], pattern.Suggestion, FindingKey(pattern))));
        }

        for (var k = 0; k < tokens.Count; k++)
        {
            used[k] |= inPlace[k];
        }

        AddNearMisses(text, tokens, used, known, matched);
        findings.AddRange(EscalateRoles(tokens, matched));
        AddSmallGroups(text, tokens, used, groupCounts ?? _groupCounts, findings);
        findings.Sort((a, b) => a.Start.CompareTo(b.Start));
        return findings;
    }

    /// <summary>A text with every finding replaced by its suggestion (a neutral rewording to review, not to trust blindly).</summary>
    public static string ApplySuggestions(string text, IEnumerable<GuardFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text);
        foreach (var finding in findings.OrderByDescending(f => f.Start))
        {
            builder.Remove(finding.Start, finding.Length).Insert(finding.Start, finding.Suggestion);
        }

        return builder.ToString();
    }

    private static int? Accepts(PatternMatch match, List<GuardToken> tokens, int first, int last, (bool InsideHonorific, int EndsHonorificFrom)[] honorifics)
    {
        switch (match)
        {
            case PatternMatch.Anywhere:
                return first;
            case PatternMatch.AfterHonorific:
                return first > 0 && honorifics[first - 1].EndsHonorificFrom >= 0 && tokens[first].GapBefore is Gap.Space or Gap.Stop
                    ? honorifics[first - 1].EndsHonorificFrom
                    : null;
            case PatternMatch.AsSpeaker:
                return tokens[first].Capitalized && first == last && !GuardVocabulary.FunctionWords.Contains(tokens[first].Normalized) && Speaks(tokens, last) ? first : null;
            case PatternMatch.Capitalized:
                for (var k = first; k <= last; k++)
                {
                    if (!tokens[k].Capitalized)
                    {
                        return null;
                    }
                }

                return first;
            case PatternMatch.Definite:
                // "the programme manager", "the agency's CISO", "Deputy Director": one person. "a senior manager" is anyone,
                // and a rank alone must be capitalised ("the major cities" is not the Major).
                var definite = first > 0 && tokens[first].GapBefore == Gap.Space
                    && (GuardVocabulary.DefiniteWords.Contains(tokens[first - 1].Normalized) || tokens[first - 1].Possessive);
                if (!(definite && (last > first || tokens[first].Capitalized)) && Accepts(PatternMatch.CapitalizedMidSentence, tokens, first, last, honorifics) is null)
                {
                    return null;
                }

                // "the team leader role" is the post, not its holder; a rank inside a longer title ("Secretary-General",
                // "the General Assembly") is not the rank alone.
                var next = last + 1 < tokens.Count && tokens[last + 1].GapBefore == Gap.Space ? tokens[last + 1] : default;
                if (next.Normalized is { } following && GuardVocabulary.PostWords.Contains(following))
                {
                    return null;
                }

                return first == last && ((next.Normalized is not null && next.Capitalized)
                    || (first > 0 && tokens[first - 1].Capitalized && !definite && tokens[first].GapBefore == Gap.Space)) ? null : first;
            case PatternMatch.UpperCaseOnly:
                for (var k = first; k <= last; k++)
                {
                    if (!tokens[k].AllCaps)
                    {
                        return null;
                    }
                }

                return first;
            default:
                for (var k = first; k <= last; k++)
                {
                    if (!tokens[k].Capitalized)
                    {
                        return null;
                    }
                }

                return tokens[first].SentenceStart ? null : first;
        }
    }

    /// <summary>Whether a verb of speaking (after at most one adverb) or a possessive view follows the word at <paramref name="at"/>.</summary>
    private static bool Speaks(List<GuardToken> tokens, int at)
    {
        if (tokens[at].Possessive)
        {
            // "Hope's view", "Smart's CISO": whose view, whose officer.
            return at + 1 < tokens.Count && tokens[at + 1].GapBefore == Gap.Space
                && (GuardVocabulary.ViewNouns.Contains(tokens[at + 1].Normalized) || GuardVocabulary.Ranks.Contains(tokens[at + 1].Normalized));
        }

        for (var k = at + 1; k < tokens.Count && k <= at + 2; k++)
        {
            if (tokens[k].GapBefore != Gap.Space)
            {
                return false;
            }

            var word = tokens[k].Normalized;
            if (GuardVocabulary.SpeechVerbs.Contains(word))
            {
                return true;
            }

            if (!(GuardVocabulary.SpeechAdverbs.Contains(word) || (word.Length > 4 && word.EndsWith("ly", StringComparison.Ordinal))))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Capitalised words one edit away from a participant's name word (six letters or more) that nothing else matched:
    /// a typo must not be a way around the rule. Compares keyed hashes of the word and its one-letter-shorter variants.
    /// </summary>
    private void AddNearMisses(string text, List<GuardToken> tokens, bool[] used, Dictionary<string, ulong> known, List<(int First, int Last, GuardFinding Finding)> matched)
    {
        if (_nearMiss.Count == 0)
        {
            return;
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var word = token.Normalized;
            if (used[i] || !token.Capitalized || token.AllCaps || word.Length < 5 || CommonWords.Contains(word) || word.Any(char.IsDigit))
            {
                continue;
            }

            var found = _nearMiss.GetValueOrDefault(known[word]);
            for (var skip = 1; found is null && skip < word.Length && word.Length >= 6; skip++)
            {
                if (skip > 1 && word[skip] == word[skip - 1])
                {
                    continue; // Leaving out either letter of a double gives the same word.
                }

                found = _nearMiss.GetValueOrDefault(_key.Hash(string.Concat(word.AsSpan(0, skip), word.AsSpan(skip + 1))));
            }

            if (found is not [var pattern, ..])
            {
                continue;
            }

            used[i] = true;
            matched.Add((i, i, new GuardFinding(pattern.Kind, FindingSeverity.Warn, token.Start, token.Length, text.Substring(token.Start, token.Length), pattern.Suggestion, FindingKey(pattern))));
        }
    }

    /// <summary>
    /// A role next to an organisation of the register or a body a country has one of ("the Deputy Director of DICT",
    /// "DICT's Deputy Director", "the Colonel from the national CERT") points at one person: it blocks.
    /// </summary>
    private static IEnumerable<GuardFinding> EscalateRoles(List<GuardToken> tokens, List<(int First, int Last, GuardFinding Finding)> matched)
    {
        foreach (var (first, last, finding) in matched)
        {
            if (finding.Kind != FindingKind.Role || finding.Severity == FindingSeverity.Block)
            {
                yield return finding;
                continue;
            }

            var nearOrganisation = matched.Any(m => m.Finding.Kind == FindingKind.Organisation
                && ((m.First > last && m.First - last <= 4 && LinksRole(tokens, last, m.First)) || (m.Last < first && first - m.Last == 1 && tokens[m.Last].Possessive)));
            yield return nearOrganisation || UniqueBodyFollows(tokens, last) ? finding with { Severity = FindingSeverity.Block } : finding;
        }
    }

    /// <summary>"of", "from", "at" or "with" (and articles) between a role and what follows it.</summary>
    private static bool LinksRole(List<GuardToken> tokens, int last, int next)
    {
        if (next - last < 2 || !GuardVocabulary.RoleLinks.Contains(tokens[last + 1].Normalized))
        {
            return false;
        }

        for (var k = last + 1; k <= next; k++)
        {
            if (tokens[k].GapBefore != Gap.Space)
            {
                return false;
            }
        }

        for (var k = last + 2; k < next; k++)
        {
            if (!GuardVocabulary.DefiniteWords.Contains(tokens[k].Normalized) && tokens[k].Normalized is not ("a" or "an"))
            {
                return false;
            }
        }

        return true;
    }

    private static bool UniqueBodyFollows(List<GuardToken> tokens, int last)
    {
        var at = last + 1;
        if (at >= tokens.Count || tokens[at].GapBefore != Gap.Space || !GuardVocabulary.RoleLinks.Contains(tokens[at].Normalized))
        {
            return false;
        }

        at++;
        while (at < tokens.Count && tokens[at].Normalized is "the" or "our" or "its" or "their" or "a" or "an" && tokens[at].GapBefore == Gap.Space)
        {
            at++;
        }

        return at < tokens.Count && tokens[at].GapBefore == Gap.Space && GuardVocabulary.UniqueBodies.Any(body => at + body.Length <= tokens.Count && Matches(tokens, at, body));
    }

    /// <summary>The tokens of place names made of words that are also names (Viet Nam, Ho Chi Minh City, Los Angeles).</summary>
    private static bool[] PlaceNames(List<GuardToken> tokens)
    {
        var result = new bool[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            foreach (var place in GuardVocabulary.PlacePhrases)
            {
                if (i + place.Length <= tokens.Count && tokens[i].Capitalized && Matches(tokens, i, place))
                {
                    Array.Fill(result, true, i, place.Length);
                }
            }
        }

        return result;
    }

    /// <summary>For each token: is it part of an honorific, and if one ends here, at which token it starts (else -1).</summary>
    private static (bool InsideHonorific, int EndsHonorificFrom)[] HonorificStarts(List<GuardToken> tokens)
    {
        var result = new (bool, int)[tokens.Count];
        Array.Fill(result, (false, -1));
        for (var i = 0; i < tokens.Count; i++)
        {
            var longest = 0;
            foreach (var honorific in GuardVocabulary.Honorifics)
            {
                if (honorific.Length > longest && i + honorific.Length <= tokens.Count && Matches(tokens, i, honorific))
                {
                    longest = honorific.Length;
                }
            }

            if (longest == 0)
            {
                continue;
            }

            // Only a multi-word honorific hides its words from name matching ("Tan Sri" is not Ms Tan).
            for (var k = i; k < i + longest; k++)
            {
                result[k] = (longest > 1 || result[k].Item1, k == i + longest - 1 ? i : result[k].Item2);
            }
        }

        return result;
    }

    private static bool Matches(List<GuardToken> tokens, int at, string[] words)
    {
        for (var k = 0; k < words.Length; k++)
        {
            if (tokens[at + k].Normalized != words[k] || (k > 0 && tokens[at + k].GapBefore is not (Gap.Space or Gap.Stop)))
            {
                return false;
            }
        }

        return true;
    }

    private void AddSmallGroups(string text, List<GuardToken> tokens, bool[] used, IReadOnlyDictionary<string, int> counts, List<GuardFinding> findings)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (used[i])
            {
                continue;
            }

            foreach (var (group, phrases) in GuardVocabulary.GroupPhrases)
            {
                var count = counts.GetValueOrDefault(group);
                if (count <= 0 || count >= _smallGroupThreshold)
                {
                    continue;
                }

                foreach (var phrase in phrases)
                {
                    if (i + phrase.Length > tokens.Count || !Matches(tokens, i, phrase) || Enumerable.Range(i, phrase.Length).Any(k => used[k]))
                    {
                        continue;
                    }

                    // Include a leading article so the suggestion reads on its own: "A civil society participant" → "a participant".
                    var first = i > 0 && tokens[i - 1].Normalized is "a" or "an" or "one" or "the" && !used[i - 1] ? i - 1 : i;
                    var last = i + phrase.Length - 1;
                    for (var k = first; k <= last; k++)
                    {
                        used[k] = true;
                    }

                    var start = tokens[first].Start;
                    var end = tokens[last].Start + tokens[last].Length;
                    var plural = phrase[^1].EndsWith('s') && phrase[^1] != "ngos";
                    var suggestion = first < i ? (plural ? "participants" : GuardVocabulary.AnyPerson) : (plural ? "participants" : "participant");
                    findings.Add(new GuardFinding(FindingKind.SmallGroup, FindingSeverity.Block, start, end - start, text[start..end], suggestion, "small-group:" + group));
                    break;
                }
            }
        }
    }

    private static bool Inside(List<(int Start, int End)> spans, int position) => spans.Any(s => position >= s.Start && position < s.End);

    private static string FindingKey(GuardPattern pattern) =>
        $"{pattern.Kind.ToString().ToLowerInvariant()}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(pattern.Tokens)))[..16].ToLowerInvariant()}";

    private static List<(Match Match, string Suggestion)> ContactMatches(string text)
    {
        var found = new List<(Match, string)>();
        foreach (Match m in Email().Matches(text))
        {
            found.Add((m, "[e-mail address]"));
        }

        foreach (Match m in Url().Matches(text))
        {
            found.Add((m, "[link]"));
        }

        foreach (Match m in Handle().Matches(text))
        {
            found.Add((m, "[handle]"));
        }

        foreach (Match m in Phone().Matches(text))
        {
            var digits = m.Value.Count(char.IsDigit);
            if (digits is >= 7 and <= 15)
            {
                found.Add((m, "[phone number]"));
            }
        }

        // Earlier and longer matches win (a URL holding an address, a phone number inside a link).
        var kept = new List<(Match, string)>();
        foreach (var candidate in found.OrderBy(f => f.Item1.Index).ThenByDescending(f => f.Item1.Length))
        {
            if (kept.All(k => candidate.Item1.Index >= k.Item1.Index + k.Item1.Length || candidate.Item1.Index + candidate.Item1.Length <= k.Item1.Index))
            {
                kept.Add(candidate);
            }
        }

        return kept;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:https?://|www\.)[^\s<>""]+[^\s<>"".,;:!?)\]]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"(?<![\w.@/])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?\b", RegexOptions.CultureInvariant)]
    private static partial Regex Handle();

    // International (+63 2 8888 1234, +84-912-345-678) and local (0917 123 4567, (02) 8888-1234, 012-345 6789) numbers;
    // a local number starts with 0 or a bracketed area code, so year ranges (2023-2028) are not numbers.
    [GeneratedRegex(@"(?<![\w+])(?:\+\d{1,3}[\s.\-]?(?:\(\d{1,4}\)[\s.\-]?)?\d{1,5}|\(\d{1,4}\)[\s.\-]?\d{2,5}|0\d{1,4})(?:[\s.\-]?\d{2,5}){1,4}(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    private sealed class Node
    {
        public Dictionary<ulong, Node>? Children;

        public List<GuardPattern>? Patterns;
    }
}
