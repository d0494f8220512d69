namespace Consultations.Infrastructure.Storage;

/// <summary>What <see cref="StorageInitializer"/> does after migrating; set by the host, not bound from configuration.</summary>
public sealed class StorageInitializerOptions
{
    /// <summary>Seed the demo programme when the store has no programme yet (the web app sets it in Development when Demo:SeedOnStart).</summary>
    public bool SeedDemoWhenEmpty { get; set; }
}
