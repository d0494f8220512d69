using System.Globalization;

namespace Consultations.Benchmarks.CaptureLoad;

/// <summary>Nearest-rank percentiles of a sample in milliseconds (with 30 samples p95 is the 29th, p99 the largest).</summary>
internal sealed class Stats
{
    private readonly double[] _sorted;

    public Stats(IEnumerable<double> milliseconds)
    {
        _sorted = [.. milliseconds.Order()];
    }

    public int Count => _sorted.Length;

    public double Percentile(double p) =>
        _sorted.Length == 0 ? double.NaN : _sorted[Math.Clamp((int)Math.Ceiling(p / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    public static string Ms(double value) =>
        double.IsNaN(value) ? "–" : value.ToString(value >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture) + " ms";
}
