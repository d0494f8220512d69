using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Consultations.Core.Search;

/// <summary>A word as search holds it, at its position in the text (stop words and punctuation leave gaps).</summary>
public readonly record struct SearchToken(string Text, int Position);

/// <summary>
/// How search reads text: Unicode word breaks, English possessives dropped, lower case and ASCII folding, so case,
/// accents and đ/Đ never matter ("Việt Nam" is "viet nam", "Đà Nẵng" is "da nang"). The index keeps every word twice
/// at one position — as written (folded) and as its Porter stem — so words match by stem ("standards" finds
/// "standard"), while exact phrases and prefixes match the words as written ("regulat*" finds "regulation", whose stem
/// is "regul"). Stop words stay in the index so a phrase such as "points of contact" matches exactly.
/// </summary>
public static class SearchAnalyzers
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>What the index stores for a text field: each word as written and as its stem, stop words kept.</summary>
    public static Analyzer Index { get; } = Create(stem: true, keepWritten: true, dropStopWords: false);

    /// <summary>Typed words: their stems, without stop words.</summary>
    public static Analyzer Words { get; } = Create(stem: true, keepWritten: false, dropStopWords: true);

    /// <summary>Typed words when a query is nothing but stop words ("to be or not to be"): their stems, all kept.</summary>
    public static Analyzer AllWords { get; } = Create(stem: true, keepWritten: false, dropStopWords: false);

    /// <summary>Exact phrases and prefixes: the words as written (folded), stop words kept.</summary>
    public static Analyzer Exact { get; } = Create(stem: false, keepWritten: false, dropStopWords: false);

    /// <summary>The tokens <paramref name="analyzer"/> makes of <paramref name="text"/>, with their positions.</summary>
    public static IReadOnlyList<SearchToken> Tokens(Analyzer analyzer, string text)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<SearchToken>();
        using var stream = analyzer.GetTokenStream("text", Normalise(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            tokens.Add(new SearchToken(term.ToString(), Math.Max(position, 0)));
        }

        stream.End();
        return tokens;
    }

    /// <summary>
    /// Text in composed form (NFC): ASCII folding knows "ệ" but not "e" followed by two combining marks, which is how
    /// some keyboards and PDFs deliver Vietnamese. Stored and searched text both go through it.
    /// </summary>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
    }

    private static Analyzer Create(bool stem, bool keepWritten, bool dropStopWords) =>
        Analyzer.NewAnonymous((_, reader) =>
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream stream = new EnglishPossessiveFilter(Version, source);
            stream = new LowerCaseFilter(Version, stream);
            stream = new ASCIIFoldingFilter(stream);
            if (dropStopWords)
            {
                stream = new StopFilter(Version, stream, EnglishAnalyzer.DefaultStopSet);
            }

            if (keepWritten)
            {
                // The written form is marked as a keyword, so the stemmer passes it through and adds the stem after it.
                stream = new KeywordRepeatFilter(stream);
            }

            if (stem)
            {
                stream = new PorterStemFilter(stream);
            }

            if (keepWritten)
            {
                stream = new RemoveDuplicatesTokenFilter(stream);
            }

            return new TokenStreamComponents(source, stream);
        });
}
