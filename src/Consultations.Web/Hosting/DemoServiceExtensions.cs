using Consultations.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Hosting;

/// <summary>Demo data settings (section "Demo").</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>Seed the demo programme on start when the database is empty (Development only).</summary>
    public bool SeedOnStart { get; set; }
}

public static class DemoServiceExtensions
{
    /// <summary>Has the storage initialiser seed the demo programme into an empty store, in Development only and when Demo:SeedOnStart is set.</summary>
    public static IHostApplicationBuilder AddConsultationsDemo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        builder.Services.AddOptions<StorageInitializerOptions>()
            .Configure<IOptions<DemoOptions>, IHostEnvironment>((options, demo, environment) =>
                options.SeedDemoWhenEmpty = environment.IsDevelopment() && demo.Value.SeedOnStart);
        return builder;
    }
}
