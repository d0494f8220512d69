using System.Text;

namespace Consultations.Core.Comparison;

/// <summary>Words that show a note's stance — support or concern — with negations that turn or cancel them.</summary>
internal static class StanceCues
{
    // "did not really support", "not seen as effective": a negation reaches a cue over this many filler words.
    private const int MaxFillers = 2;

    private static readonly HashSet<string> SupportCues = new(
    [
        "support", "supports", "supported", "supportive", "welcome", "welcomes", "welcomed", "welcoming", "agree", "agrees", "agreement",
        "benefit", "benefits", "benefited", "benefitted", "beneficial", "effective", "effectively", "effectiveness", "success", "successes",
        "successful", "successfully", "succeeded", "improve", "improves", "improved", "improvement", "improvements", "strengthen",
        "strengthens", "strengthened", "trust", "trusted", "value", "values", "valued", "valuable", "helpful", "useful", "progress", "positive",
        "endorse", "endorses", "endorsed", "praised", "appreciated",
    ], StringComparer.Ordinal);

    private static readonly HashSet<string> ConcernCues = new(
    [
        "concern", "concerns", "concerned", "worry", "worries", "worried", "risk", "risks", "risky", "barrier", "barriers", "fragmented",
        "fragmentation", "slow", "slower", "slowly", "oppose", "opposes", "opposed", "opposition", "reject", "rejects", "rejected", "weak",
        "weaker", "weakness", "weaknesses", "gap", "gaps", "unclear", "burden", "burdens", "burdensome", "costly", "fail", "fails", "failed",
        "failing", "failure", "failures", "problem", "problems", "difficult", "difficulty", "difficulties", "inadequate", "limited", "shortage",
        "shortages", "delay", "delays", "delayed", "confusion", "confusing", "mistrust", "distrust", "reluctant", "reluctance", "duplication",
        "challenge", "challenges", "challenging",
    ], StringComparer.Ordinal);

    // Negations are concern cues themselves ("cannot share") unless they negate a cue; words ending in "n't" are negations too.
    private static readonly HashSet<string> Negations = new(
    [
        "not", "no", "never", "cannot", "nor", "neither", "without", "lack", "lacks", "lacked", "lacking", "absence", "absent", "insufficient",
    ], StringComparer.Ordinal);

    private static readonly HashSet<string> Fillers = new(
    [
        "a", "an", "the", "of", "any", "in", "really", "fully", "always", "entirely", "strongly", "particularly", "very", "yet", "necessarily",
        "quite", "much", "so", "too", "enough", "sufficiently", "real", "be", "been", "being", "see", "seen", "find", "found", "as",
    ], StringComparer.Ordinal);

    public static (int Support, int Concern) Count(string text)
    {
        var words = Words(text);
        int support = 0, concern = 0;
        for (var i = 0; i < words.Count; i++)
        {
            if (IsNegation(words[i]))
            {
                var j = i + 1;
                while (j < words.Count && j - i <= MaxFillers && Fillers.Contains(words[j]))
                {
                    j++;
                }

                if (j < words.Count && SupportCues.Contains(words[j]))
                {
                    concern++;
                    i = j;
                }
                else if (j < words.Count && (ConcernCues.Contains(words[j]) || IsNegation(words[j])))
                {
                    // "no barrier", "not without risk": neither side, rather than a guess at litotes.
                    i = j;
                }
                else
                {
                    concern++;
                }
            }
            else if (SupportCues.Contains(words[i]))
            {
                support++;
            }
            else if (ConcernCues.Contains(words[i]))
            {
                concern++;
            }
        }

        return (support, concern);
    }

    private static bool IsNegation(string word) => Negations.Contains(word) || word.EndsWith("n't", StringComparison.Ordinal);

    /// <summary>Lower-cased words, apostrophes kept inside them ("didn't") and curly ones made straight.</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        for (var i = 0; i <= text.Length; i++)
        {
            var ch = i < text.Length ? text[i] : ' ';
            if (char.IsLetterOrDigit(ch) || ch is '\'' or '\u2019')
            {
                word.Append(ch == '\u2019' ? '\'' : char.ToLowerInvariant(ch));
            }
            else if (word.Length > 0)
            {
                var trimmed = word.ToString().Trim('\'');
                if (trimmed.Length > 0)
                {
                    words.Add(trimmed);
                }

                word.Clear();
            }
        }

        return words;
    }
}
