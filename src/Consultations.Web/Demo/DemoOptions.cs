namespace Consultations.Web.Demo;

/// <summary>Demo data settings (section "Demo").</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>Seed the demo programme on start when the database is empty (Development only).</summary>
    public bool SeedOnStart { get; set; }
}
