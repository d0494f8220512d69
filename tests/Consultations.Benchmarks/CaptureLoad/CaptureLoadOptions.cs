using System.Globalization;

namespace Consultations.Benchmarks.CaptureLoad;

/// <summary>Settings of one capture-load run; every loop it drives is bounded by a count and by <see cref="Seconds"/>.</summary>
internal sealed record CaptureLoadOptions
{
    /// <summary>Background capture sessions (distinct facilitator and session pairs) saving a growing draft.</summary>
    public int Sessions { get; init; } = 20;

    /// <summary>Hard cap on the measured part: background saves and browser rounds stop when it runs out.</summary>
    public int Seconds { get; init; } = 300;

    /// <summary>How often each background session saves, as a facilitator pausing every couple of seconds.</summary>
    public double IntervalSeconds { get; init; } = 2;

    /// <summary>Sentences typed in Chromium, each timed from the last keystroke to "saved".</summary>
    public int Typing { get; init; } = 30;

    /// <summary>Loads of the capture page in Chromium, each timed from navigation start to interactive.</summary>
    public int Navigations { get; init; } = 20;

    /// <summary>Background sessions also ask the live guard about their text on every pause, as the page does.</summary>
    public bool WithGuard { get; init; }

    /// <summary>Skip <c>dotnet build -c Release</c> of the web app (it is then expected to be built already).</summary>
    public bool NoBuild { get; init; }

    public const string Usage =
        "capture-load [--sessions 20] [--seconds 300] [--interval 2] [--typing 30] [--navigations 20] [--with-guard] [--no-build]";

    public static CaptureLoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CaptureLoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
            options = args[i] switch
            {
                "--sessions" => options with { Sessions = Int(Value(), 0, SessionPlan.MaxBackgroundSessions, "--sessions") },
                "--seconds" => options with { Seconds = Int(Value(), 10, 3600, "--seconds") },
                "--interval" => options with { IntervalSeconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--typing" => options with { Typing = Int(Value(), 1, 500, "--typing") },
                "--navigations" => options with { Navigations = Int(Value(), 1, 500, "--navigations") },
                "--with-guard" => options with { WithGuard = true },
                "--no-build" => options with { NoBuild = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Usage: {Usage}"),
            };
        }

        if (options.IntervalSeconds is < 0.2 or > 60)
        {
            throw new ArgumentException("--interval is in seconds, between 0.2 and 60.");
        }

        return options;
    }

    private static int Int(string value, int min, int max, string name)
    {
        var parsed = int.Parse(value, CultureInfo.InvariantCulture);
        return parsed >= min && parsed <= max ? parsed : throw new ArgumentException($"{name} must be between {min} and {max}.");
    }
}
