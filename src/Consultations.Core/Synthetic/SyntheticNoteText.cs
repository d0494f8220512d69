using System.Text;
using Consultations.Core.Domain;

namespace Consultations.Core.Synthetic;

/// <summary>What the {slots} of a generated sentence are filled with in one consultation (the country as named mid-sentence: "the Philippines").</summary>
internal sealed record SyntheticContext(CountryProfile Profile, string CountryInSentence, IReadOnlyList<string> GroupPeople, IReadOnlyDictionary<string, string> TopicLabels);

/// <summary>
/// Composes a note's text from <see cref="SyntheticTopics"/>: an opening sentence in the voice of its kind (finding,
/// challenge, recommendation, quotation), then up to three more from the same topic, its theme or the country's own terms.
/// </summary>
internal static class SyntheticNoteText
{
    // Share of further sentences taken from another sub-theme of the theme, and from the country's own terms: real notes drift.
    private const double ThemeDrift = 0.25;
    private const double LocalShare = 0.2;

    // How many sentences follow the first (0 to 3): most notes have two or three, so few come out word for word the same.
    private static readonly int[] ExtraWeights = [5, 40, 38, 17];

    public static string Compose(Random random, NoteKind kind, SyntheticTopic topic, IReadOnlyList<SyntheticTopic> themeTopics, SyntheticContext context)
    {
        var text = new StringBuilder(640);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var extra = Extra(random);
        switch (kind)
        {
            case NoteKind.Quote:
                // A quotation with how the room took it, and mostly one sentence of context: never a paragraph.
                text.Append('“').Append(Fill(Pick(random, topic.Quotes), random, context, topic)).Append("” ")
                    .Append(Fill(Pick(random, SyntheticTopics.QuoteFrames), random, context, topic));
                extra = random.Next(4) == 0 ? 0 : 1;
                break;
            case NoteKind.Recommendation:
                text.Append(Sentence(Pick(random, SyntheticTopics.RecommendationOpeners), Take(random, topic.Proposals, used), random, context));
                break;
            case NoteKind.Challenge:
                text.Append(Sentence(Pick(random, SyntheticTopics.ChallengeOpeners), Take(random, random.Next(3) == 0 ? topic.Observations : topic.Problems, used), random, context));
                break;
            default:
                text.Append(Sentence(Pick(random, SyntheticTopics.FindingOpeners), Take(random, topic.Observations, used), random, context));
                break;
        }

        for (var i = 0; i < extra; i++)
        {
            text.Append(random.NextDouble() < 0.12 ? "\n\n" : " ");
            var roll = random.NextDouble();
            if (roll < LocalShare)
            {
                text.Append(Fill(Pick(random, SyntheticTopics.LocalSentences), random, context));
                continue;
            }

            var source = roll < LocalShare + ThemeDrift ? Pick(random, themeTopics) : topic;
            var clause = kind == NoteKind.Recommendation && random.Next(2) == 0
                ? Take(random, source.Proposals, used)
                : Take(random, random.Next(3) == 0 ? source.Problems : source.Observations, used);
            text.Append(Sentence(Pick(random, SyntheticTopics.Connectors).TrimEnd(), clause, random, context));
        }

        return text.ToString();
    }

    /// <summary>Two or three different sentences of the opening session: purpose, agenda, priorities.</summary>
    public static string Opening(Random random, SyntheticContext context)
    {
        var sentences = SyntheticTopics.OpeningSentences;
        var count = random.Next(2, 4);
        var first = random.Next(sentences.Length);
        // One step of at most half the list: the second and third sentence can never repeat the first.
        var step = 1 + random.Next((sentences.Length - 1) / 2);
        var text = new StringBuilder(Fill(sentences[first], random, context));
        for (var i = 1; i < count; i++)
        {
            text.Append(' ').Append(Fill(sentences[(first + (i * step)) % sentences.Length], random, context));
        }

        return text.ToString();
    }

    private static string Sentence(string opener, string clause, Random random, SyntheticContext context) =>
        $"{opener} {Fill(clause, random, context)}.";

    private static int Extra(Random random)
    {
        var roll = random.Next(100);
        for (var i = 0; i < ExtraWeights.Length; i++)
        {
            if (roll < ExtraWeights[i])
            {
                return i;
            }

            roll -= ExtraWeights[i];
        }

        return 0;
    }

    /// <summary>A clause not yet used in this note when there is one, so a note does not repeat itself.</summary>
    private static string Take(Random random, string[] clauses, HashSet<string> used)
    {
        var start = random.Next(clauses.Length);
        for (var i = 0; i < clauses.Length; i++)
        {
            var clause = clauses[(start + i) % clauses.Length];
            if (used.Add(clause))
            {
                return clause;
            }
        }

        return clauses[start];
    }

    private static string Fill(string template, Random random, SyntheticContext context, SyntheticTopic? topic = null)
    {
        if (!template.Contains('{', StringComparison.Ordinal))
        {
            return template;
        }

        var profile = context.Profile;
        var sector = Pick(random, SyntheticTopics.Sectors);
        var text = new StringBuilder(template.Length + 80);
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('{', at);
            if (open < 0)
            {
                text.Append(template, at, template.Length - at);
                break;
            }

            var close = template.IndexOf('}', open);
            text.Append(template, at, open - at);
            text.Append(template[(open + 1)..close] switch
            {
                "city" => Pick(random, profile.Cities),
                "country" => context.CountryInSentence,
                "demonym" => profile.Demonym,
                "region" => profile.Region,
                "datalaw" => profile.DataLaw,
                "cyberlaw" => profile.CyberLaw,
                "strategy" => profile.Strategy,
                "local" => Pick(random, profile.LocalTerms),
                "standard" => Pick(random, SyntheticTopics.Standards),
                "sector" => sector,
                "sector2" => OtherThan(random, SyntheticTopics.Sectors, sector),
                "hours" => Pick(random, SyntheticTopics.Hours),
                "count" => Pick(random, SyntheticTopics.Counts),
                "year" => Pick(random, SyntheticTopics.Years),
                "future" => Pick(random, SyntheticTopics.FutureYears),
                "groups" => context.GroupPeople.Count > 0 ? Pick(random, context.GroupPeople) : "participants from several sectors",
                "topic" => topic is not null ? context.TopicLabels[$"{topic.ThemeKey}/{topic.SubKey}"] : "the theme",
                var slot => throw new InvalidOperationException($"Unknown slot {{{slot}}} in a generator sentence."),
            });
            at = close + 1;
        }

        return text.ToString();
    }

    private static string OtherThan(Random random, string[] values, string taken)
    {
        var value = Pick(random, values);
        return value == taken ? values[(Array.IndexOf(values, value) + 1) % values.Length] : value;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];
}
