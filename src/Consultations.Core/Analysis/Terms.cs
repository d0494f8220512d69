using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Consultations.Core.Analysis;

/// <summary>A content word: its Porter stem (via Lucene's English analyzer) and its span in the text.</summary>
public readonly record struct Term(string Stem, int Start, int End);

/// <summary>
/// Tokenising, stop words and stemming from Lucene.Net's English analyzer, with the reporting words of plenary
/// notes ("participants said…") added to the stop list so they never become key phrases or theme evidence.
/// </summary>
public static class Terms
{
    private static readonly string[] ReportingWords =
    [
        "said", "says", "say", "noted", "note", "notes", "argued", "argue", "stressed", "suggested", "suggest", "proposed", "propose", "asked",
        "explained", "added", "agreed", "warned", "observed", "described", "mentioned", "reported", "raised", "called", "urged", "emphasised",
        "emphasized", "highlighted", "pointed", "felt", "believed", "recommended", "recommend", "also", "however", "many", "several", "one",
        "two", "three", "other", "others", "more", "most", "much", "some", "such", "would", "could", "should", "must", "can", "may", "might",
        "need", "needs", "needed", "well", "still", "even", "often", "rather", "very", "too", "just", "only", "like", "within", "across",
        "between", "among", "without", "while", "because", "since", "than", "each", "every", "all", "any", "both", "their", "they", "them",
        "we", "our", "us", "its", "it's", "his", "her", "who", "whom", "which", "what", "when", "where", "how", "why", "has", "have", "had",
        "do", "does", "did", "been", "being", "were", "was", "is", "are", "am", "from", "about", "over", "under", "into", "onto", "upon",
        "participant", "participants", "representative", "representatives", "speaker", "speakers", "delegate", "delegates", "people",
        "example", "instance", "way", "ways", "thing", "things", "lot", "kind", "part", "case", "cases", "time", "times", "year", "years",
        "currently", "already", "now", "today", "new", "make", "made", "makes", "get", "gets", "got", "take", "takes", "took", "give", "given",
        "use", "used", "uses", "using", "help", "helps", "helped", "want", "wanted", "see", "seen", "look", "keep", "kept", "put", "come",
        "go", "going", "know", "known", "think", "thought", "say", "told", "there", "here", "these", "those", "this", "that",
        "remain", "remains", "remained", "include", "includes", "included", "including", "contain", "contains", "require", "requires", "required",
        "lack", "lacks", "lacked", "want", "wants", "allow", "allows", "allowed", "provide", "provides", "provided", "depend", "depends",
        "exist", "exists", "become", "becomes", "became", "seem", "seems", "appear", "appears", "involve", "involves", "ensure", "ensures",
        "reviewed", "discussed", "funded", "considered", "expected", "started", "began", "continue", "continues", "continued", "tend", "tends",
        "during", "after", "before", "through", "towards", "toward", "against", "despite", "whether", "either", "neither", "though", "although",
    ];

    private static readonly CharArraySet StopWords = CreateStopWords();

    [ThreadStatic]
    private static EnglishAnalyzer? _analyzer;

    /// <summary>The content words of a text in order; stop words and punctuation separate them.</summary>
    public static List<Term> Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<Term>();
        var analyzer = _analyzer ??= new EnglishAnalyzer(LuceneVersion.LUCENE_48, StopWords);
        using var stream = analyzer.GetTokenStream("text", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(new Term(term.ToString(), offset.StartOffset, offset.EndOffset));
        }

        stream.End();
        return terms;
    }

    /// <summary>The stems of a phrase, joined: a key for counting a phrase however it is inflected.</summary>
    public static string Key(string phrase) => string.Join(' ', Of(phrase).Select(t => t.Stem));

    /// <summary>True when nothing but spaces, hyphens or slashes separates two words: they can belong to one phrase.</summary>
    public static bool Adjacent(string text, Term left, Term right)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = left.End; i < right.Start; i++)
        {
            if (text[i] is not (' ' or '-' or '/' or '\u00A0'))
            {
                return false;
            }
        }

        return right.Start - left.End <= 3;
    }

    private static CharArraySet CreateStopWords()
    {
        var set = new CharArraySet(LuceneVersion.LUCENE_48, EnglishAnalyzer.DefaultStopSet, ignoreCase: true);
        foreach (var word in ReportingWords)
        {
            set.Add(word);
        }

        return set.AsReadOnly();
    }
}
