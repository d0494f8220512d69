using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace Consultations.Core.Analysis;

/// <summary>A note a person tagged (or confirmed a suggested tag for): what the classifier learns from.</summary>
public sealed record ConfirmedTag(string Text, string Theme);

/// <summary>
/// A multiclass text classifier (ML.NET: bag of stemmed word 1–2-grams and character 3–4-grams, SDCA maximum
/// entropy) trained on the tags people confirmed in one programme. Deterministic for the same examples.
/// </summary>
public sealed class ThemeClassifier
{
    /// <summary>Below this many confirmed examples (or two themes) the lexicon alone suggests themes.</summary>
    public const int MinimumExamples = 40;

    private readonly PredictionEngine<Example, Prediction> _engine;
    private readonly string[] _labels;
    private readonly Lock _lock = new();

    private ThemeClassifier(PredictionEngine<Example, Prediction> engine, string[] labels, int examples)
    {
        _engine = engine;
        _labels = labels;
        Examples = examples;
    }

    public int Examples { get; }

    /// <summary>Trains on the confirmed tags; null when there are too few to beat the lexicon.</summary>
    public static ThemeClassifier? TryTrain(IReadOnlyCollection<ConfirmedTag> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (tags.Count < MinimumExamples || tags.Select(t => t.Theme).Distinct(StringComparer.Ordinal).Count() < 2)
        {
            return null;
        }

        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(tags.Select(t => new Example { Text = Normalize(t.Text), Label = t.Theme }));
        var featurizer = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = false,
            KeepPunctuations = false,
            KeepNumbers = true,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 4, UseAllLengths = false },
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.FeaturizeText("Features", featurizer, nameof(Example.Text)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new Microsoft.ML.Trainers.SdcaMaximumEntropyMulticlassTrainer.Options { MaximumNumberOfIterations = 100, L2Regularization = 1e-4f }));
        var model = pipeline.Fit(data);

        var names = default(VBuffer<ReadOnlyMemory<char>>);
        model.GetOutputSchema(data.Schema)["Score"].GetSlotNames(ref names);
        var labels = names.DenseValues().Select(n => n.ToString()).ToArray();
        return new ThemeClassifier(ml.Model.CreatePredictionEngine<Example, Prediction>(model), labels, tags.Count);
    }

    /// <summary>Probability per theme key (summing to 1 over the themes it was trained on).</summary>
    public IReadOnlyDictionary<string, double> Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        float[] scores;
        lock (_lock)
        {
            // PredictionEngine is not thread-safe; a prediction takes microseconds.
            scores = _engine.Predict(new Example { Text = Normalize(text) }).Score;
        }

        return _labels.Select((label, i) => (label, (double)scores[i])).ToDictionary(p => p.label, p => p.Item2, StringComparer.Ordinal);
    }

    // Stems, not surface words: a few hundred examples generalise better over "shares/shared/sharing".
    private static string Normalize(string text) => string.Join(' ', Terms.Of(text).Select(t => t.Stem));

    private sealed class Example
    {
        public string Text { get; set; } = string.Empty;

        public string Label { get; set; } = string.Empty;
    }

    private sealed class Prediction
    {
        [ColumnName("Score")]
        public float[] Score { get; set; } = [];
    }
}
