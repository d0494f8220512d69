using Consultations.Infrastructure.Storage;
using Consultations.Web.Demo;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Hosting;

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
