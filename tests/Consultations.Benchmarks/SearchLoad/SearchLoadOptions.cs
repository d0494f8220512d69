using System.Globalization;

namespace Consultations.Benchmarks.SearchLoad;

/// <summary>Settings of one search-load run; every loop it drives is bounded by a count and by <see cref="Seconds"/>.</summary>
internal sealed record SearchLoadOptions
{
    public int Notes { get; init; } = 100_000;

    public int Countries { get; init; } = 10;

    /// <summary>Concurrent clients (in process: tasks; over HTTP: signed-in sessions), half researchers, half facilitators.</summary>
    public int Clients { get; init; } = 20;

    /// <summary>Length of each measured phase (in-process words, in-process hybrid, HTTP).</summary>
    public int Seconds { get; init; } = 60;

    /// <summary>
    /// Each client searches on a fixed schedule this many seconds apart, from a random point in the first interval (as
    /// capture-load's sessions save), so a slow answer does not lower the offered load; 0: back to back, which measures
    /// capacity (latency is then the clients divided by the throughput) rather than the latency a person sees.
    /// </summary>
    public double IntervalSeconds { get; init; } = 1;

    /// <summary>Searches per client and phase, at most.</summary>
    public int MaxRequests { get; init; } = 2_000;

    /// <summary>Notes saved and then looked for, one after the other (the freshness measurement).</summary>
    public int Freshness { get; init; } = 10;

    /// <summary>Skip the in-process phase with search by meaning (random vectors stored for every note, the real model for queries).</summary>
    public bool NoHybrid { get; init; }

    /// <summary>Skip the HTTP phase against the app as its own process.</summary>
    public bool NoHttp { get; init; }

    /// <summary>Skip <c>dotnet build -c Release</c> of the web app.</summary>
    public bool NoBuild { get; init; }

    public const string Usage =
        "search-load [--notes 100000] [--countries 10] [--clients 20] [--seconds 60] [--interval 1] [--max-requests 2000] [--freshness 10] [--no-hybrid] [--no-http] [--no-build]";

    public static SearchLoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SearchLoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
            options = args[i] switch
            {
                "--notes" => options with { Notes = Int(Value(), 100, 1_000_000, "--notes") },
                "--countries" => options with { Countries = Int(Value(), 1, 16, "--countries") },
                "--clients" => options with { Clients = Int(Value(), 1, 200, "--clients") },
                "--seconds" => options with { Seconds = Int(Value(), 5, 3600, "--seconds") },
                "--interval" => options with { IntervalSeconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--max-requests" => options with { MaxRequests = Int(Value(), 1, 1_000_000, "--max-requests") },
                "--freshness" => options with { Freshness = Int(Value(), 1, 100, "--freshness") },
                "--no-hybrid" => options with { NoHybrid = true },
                "--no-http" => options with { NoHttp = true },
                "--no-build" => options with { NoBuild = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Usage: {Usage}"),
            };
        }

        if (options.IntervalSeconds is < 0 or > 60)
        {
            throw new ArgumentException("--interval is in seconds, between 0 (back to back) and 60.");
        }

        return options;
    }

    /// <summary>When request <paramref name="index"/> of a client that started at <paramref name="firstAt"/> is due.</summary>
    public TimeSpan Due(TimeSpan firstAt, int index) => firstAt + TimeSpan.FromSeconds(IntervalSeconds * index);

    private static int Int(string value, int min, int max, string name)
    {
        var parsed = int.Parse(value, CultureInfo.InvariantCulture);
        return parsed >= min && parsed <= max ? parsed : throw new ArgumentException($"{name} must be between {min} and {max}.");
    }
}
