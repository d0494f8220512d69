using Consultations.Core.Guard;
using Consultations.Core.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Consultations.Core.Tests.Guard;

/// <summary>Random texts: planted names are always found where they were planted; clean texts never raise a name.</summary>
public sealed class AttributionGuardPropertyTests
{
    // Ordinary words of these notes, none of them a register token or an honorific.
    private static readonly string[] Vocabulary =
    [
        "the", "a", "of", "and", "to", "in", "on", "for", "with", "that", "this", "we", "they", "it", "should", "must", "can", "will",
        "cyber", "security", "incident", "response", "standards", "national", "regional", "information", "sharing", "inclusion",
        "capacity", "training", "framework", "policy", "law", "data", "privacy", "trust", "partners", "agency", "industry", "sector",
        "public", "private", "critical", "infrastructure", "skills", "women", "youth", "rural", "access", "cost", "time", "plan",
        "agreed", "argued", "noted", "said", "proposed", "asked", "warned", "stressed", "suggested", "explained", "faith", "joy",
        "media", "mark", "hang", "tan", "long", "grace", "hope", "technology", "communications", "department", "university",
    ];

    // Ordinary words that are also register tokens (Joy Faith Lim, Thu Hằng, Mei Ling Tan) stay out of the text a name is planted in.
    private static readonly string[] RegisterWords = ["faith", "joy", "hang", "tan"];

    private static readonly Gen<string> CleanText = TextFrom(Vocabulary);

    private static readonly Gen<string> Surroundings = TextFrom([.. Vocabulary.Except(RegisterWords)]);

    [Fact]
    public void A_planted_name_in_any_supported_form_is_found_at_its_span()
    {
        var planted =
            from before in Surroundings
            from after in Surroundings
            from variant in Gen.Elements(Variants().ToArray())
            select (before, variant, after);

        Prop.ForAll(planted.ToArbitrary(), sample =>
        {
            var (before, variant, after) = sample;
            var text = $"{before} {variant} {after}";
            var start = before.Length + 1;
            var findings = AttributionGuardTests.Guard.Check(text, new Dictionary<string, int>());
            return findings.Any(f => f.Kind == FindingKind.Participant && f.Start == start && f.Length == variant.Length)
                .Label($"'{variant}' in \"{text}\" → {string.Join("; ", findings.Select(f => $"{f.Kind}@{f.Start}+{f.Length}"))}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Fact]
    public void Clean_text_never_raises_a_name_or_an_organisation() =>
        Prop.ForAll(CleanText.ToArbitrary(), text =>
        {
            var findings = AttributionGuardTests.Guard.Check(text, new Dictionary<string, int>());
            return findings.All(f => f.Kind is not (FindingKind.Participant or FindingKind.Organisation))
                .Label($"\"{text}\" → {string.Join("; ", findings.Select(f => f.Text))}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));

    /// <summary>Every supported way of writing each register name (sentence-initial-only forms excluded).</summary>
    private static IEnumerable<string> Variants()
    {
        string[] full =
        [
            "Phạm Thu Hằng", "Antonio Reyes", "Ana Maria Delos Santos", "Joy Faith Lim", "Nurul Izzah binti Hassan", "Mei Ling Tan", "Juan Dela Cruz", "Trần Minh Đức",
        ];
        foreach (var name in full)
        {
            yield return name;
            yield return TextFolding.FoldDiacritics(name);
            yield return name.ToUpperInvariant();
            yield return name.ToLowerInvariant();
            yield return name.Replace(" ", "  \n ", StringComparison.Ordinal);
        }

        string[] forms =
        [
            "Thu Hằng", "Thu Hang", "Hằng Phạm", "Chị Hằng", "Ms Hằng", "Bà Phạm", "Reyes", "Mr Reyes", "Mr. Reyes", "Reyes, Antonio", "Atty. Reyes",
            "Delos Santos", "Ms Delos Santos", "Ms Santos", "Ana Delos Santos", "Delos Santos, Ana Maria", "Dr Nurul", "Nurul Izzah", "Dato' Nurul Izzah",
            "Nurul Izzah Hassan", "Ms Tan", "Dr. Tan", "Lim", "Ms Lim", "Dela Cruz", "Juan Dela Cruz", "Engr. Dela Cruz", "Anh Đức", "Ông Trần",
            "Professor Lim", "H.E. Reyes", "Tan Sri Reyes", "Pak Reyes",
        ];
        foreach (var form in forms)
        {
            yield return form;
        }
    }

    private static Gen<string> TextFrom(string[] words) =>
        Gen.Choose(3, 40).SelectMany(n => Gen.ArrayOf(Gen.Elements(words), n)).SelectMany(chosen =>
            Gen.ArrayOf(Gen.Elements(" ", " ", " ", ", ", ". ", "\n"), chosen.Length).Select(separators => Join(chosen, separators)));

    private static string Join(string[] words, string[] separators)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < words.Length; i++)
        {
            builder.Append(words[i]);
            if (i < words.Length - 1)
            {
                builder.Append(separators[i]);
            }
        }

        return builder.ToString();
    }
}
