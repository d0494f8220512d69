using Consultations.Core.Analysis;
using Consultations.Core.Domain;

namespace Consultations.Core.Tests.Analysis;

public sealed class LocalAnalysisTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Sentences_survive_abbreviations_initials_versions_and_identifiers()
    {
        const string text = "Dr. Santos's team uses ISO/IEC 27001 and NIST CSF v2.0, e.g. for audits. Costs rose 3.5% in the U.S. last year! Is that right? Yes.\n\nA new paragraph starts here";

        var sentences = Sentences.Split(text);

        Assert.Equal(
        [
            "Dr. Santos's team uses ISO/IEC 27001 and NIST CSF v2.0, e.g. for audits.",
            "Costs rose 3.5% in the U.S. last year!",
            "Is that right?",
            "Yes.",
            "A new paragraph starts here",
        ], sentences.Select(s => s.Text));
        Assert.All(sentences, s => Assert.Equal(s.Text, text.Substring(s.Start, s.Length)));
    }

    [Fact]
    public void Key_phrases_keep_domain_terms_whole_and_skip_reporting_words()
    {
        var phrases = new KeyPhrases().Extract(
            "Participants said the national CERT should adopt NIST CSF and ISO/IEC 27001 controls, and agreed that threat response drills must include smaller agencies.",
            max: 8);

        Assert.Contains(phrases, p => p.Contains("NIST CSF", StringComparison.Ordinal));
        Assert.Contains(phrases, p => p.Contains("ISO/IEC 27001", StringComparison.Ordinal));
        Assert.Contains("threat response drills", phrases);
        Assert.DoesNotContain(phrases, p => p.Contains("said", StringComparison.OrdinalIgnoreCase) || p.Contains("Participants", StringComparison.Ordinal));
    }

    [Fact]
    public void Phrases_common_across_the_corpus_rank_below_distinctive_ones()
    {
        var keyPhrases = new KeyPhrases();
        for (var i = 0; i < 20; i++)
        {
            keyPhrases.AddToCorpus("cyber security matters for every agency");
        }

        keyPhrases.AddToCorpus("a regional hotline for ransomware victims");

        var phrases = keyPhrases.Extract("Cyber security needs a regional hotline for ransomware victims.", max: 2);

        Assert.Equal(["ransomware victims", "regional hotline"], phrases.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Lexicon_suggestions_rank_the_right_theme_first_and_show_their_evidence()
    {
        var suggester = new ThemeSuggester(ThemeTaxonomy.Default);

        var standards = suggester.Suggest("Smaller suppliers struggle with ISO/IEC 27001 certification and audit costs.");
        var sharing = suggester.Suggest("Agencies were reluctant to share threat intelligence and incident reports with the national CERT.");
        var inclusion = suggester.Suggest("Women and young people from rural provinces rarely reach cyber careers.");

        Assert.Equal("technical-standards", standards[0].Theme);
        Assert.Contains("certification", standards[0].Evidence, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("information-sharing", sharing[0].Theme);
        Assert.Equal("inclusion", inclusion[0].Theme);
        Assert.All(standards, s => Assert.InRange(s.Score, 0, 1));
        Assert.Empty(suggester.Suggest("The weather was pleasant."));
    }

    [Fact]
    public void A_summary_is_bounded_traceable_and_free_of_near_duplicates()
    {
        AnalysisDocument[] notes =
        [
            new("n1", "Agencies want a single incident reporting portal. The portal should accept reports in local languages."),
            new("n2", "Agencies want one incident reporting portal for every sector. Reporting deadlines differ by sector today."),
            new("n3", "Smaller agencies lack staff to file incident reports. Training on incident reporting would help smaller agencies."),
            new("n4", "The weather was pleasant during the consultation."),
        ];

        var summary = ExtractiveSummary.Summarize(notes, 3);

        Assert.Equal(3, summary.Count);
        Assert.All(summary, s => Assert.Equal(s.Text, notes.Single(n => n.Id == s.SourceId).Text.Substring(s.Start, s.Length)));
        Assert.DoesNotContain(summary, s => s.SourceId == "n4");
        Assert.Equal(summary.Count, summary.Select(s => s.Text).Distinct().Count());
        Assert.False(summary.Count(s => s.Text.StartsWith("Agencies want", StringComparison.Ordinal)) > 1, "near-duplicate sentences were both chosen");
    }

    [Fact]
    public async Task The_local_engine_names_itself_and_answers_every_document_in_order()
    {
        var engine = new LocalTextAnalyzer();
        AnalysisDocument[] documents = [new("a", "Regional cooperation through ASEAN mechanisms matters."), new("b", "Các cơ quan cần chia sẻ thông tin."), new("c", "Kerajaan dan sektor swasta perlu berkongsi maklumat untuk keselamatan.")];

        var languages = await engine.DetectLanguageAsync(documents, Ct);
        var phrases = await engine.ExtractKeyPhrasesAsync(documents, Ct);
        var themes = await engine.SuggestThemesAsync(documents, ThemeTaxonomy.Default, Ct);

        Assert.Equal(["en", "vi", "ms"], languages.Select(l => l.Language));
        Assert.Equal(["a", "b", "c"], phrases.Select(p => p.Id));
        Assert.All(themes, t => Assert.Equal("local", t.Engine));
        Assert.Equal("international-collaboration", themes[0].Themes[0].Theme);
    }

    [Fact]
    public async Task A_vietnamese_place_name_does_not_make_an_english_note_vietnamese()
    {
        var result = await new LocalTextAnalyzer().DetectLanguageAsync([new("n", "The workshop in Đà Nẵng reviewed ISO/IEC 27001 certification costs for small providers.")], Ct);

        Assert.Equal("en", result.Single().Language);
    }

    [Fact]
    public void A_long_run_of_words_keeps_a_standard_identifier_whole()
    {
        var phrases = new KeyPhrases().Extract("A workshop in Đà Nẵng reviewed ISO/IEC 27001 certification costs.", max: 5);

        Assert.Contains(phrases, p => p.Contains("ISO/IEC 27001", StringComparison.Ordinal));
    }

    [Fact]
    public void Past_the_sentence_cap_later_notes_still_reach_the_summary()
    {
        var documents = Enumerable.Range(0, 2_500).Select(i => new AnalysisDocument($"d{i}", "Participants discussed the regional workshop agenda at length."))
            .Append(new AnalysisDocument("last", "Ransomware attacks on hospitals need a national incident hotline."))
            .ToList();

        var summary = ExtractiveSummary.Summarize(documents, 5);

        Assert.Contains(summary, s => s.SourceId == "last");
    }
}
