using Consultations.Core.Guard;
using Consultations.Infrastructure.Guard;
using Consultations.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Consultations.Infrastructure.Hosting;

public static class GuardKeyServiceExtensions
{
    public const string DevelopmentKeyFileName = "guard.key";

    /// <summary>
    /// Registers the <see cref="GuardKey"/>: from <c>Guard:HashKey</c>, or in Development (when unset) from a key generated
    /// once and kept in <c>guard.key</c> in the data folder. Anywhere else a missing or invalid key stops the host. Also the
    /// compiled guards of each consultation (<see cref="ConsultationGuards"/>), which the web app and the CLI share.
    /// </summary>
    public static IHostApplicationBuilder AddConsultationsGuardKey(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(s => s.ServiceType == typeof(GuardKey)))
        {
            return builder;
        }

        var validator = new GuardOptionsValidator(builder.Environment.IsDevelopment());
        builder.Services.AddOptions<GuardOptions>()
            .BindConfiguration(GuardOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GuardOptions>>(validator);

        // Checked now as well, so a missing key is reported even when a later step refuses to start for another reason.
        var configured = builder.Configuration.GetSection(GuardOptions.SectionName).Get<GuardOptions>() ?? new GuardOptions();
        if (validator.Validate(null, configured) is { Failed: true } result)
        {
            throw new InvalidOperationException(result.FailureMessage);
        }

        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GuardOptions>>().Value;
            if (GuardKey.TryParse(options.HashKey) is { } key)
            {
                return key;
            }

            var environment = sp.GetRequiredService<IHostEnvironment>();
            var folder = sp.GetRequiredService<IOptions<StorageOptions>>().Value.Sqlite.ResolveDataDirectory(environment.ContentRootPath);
            return DevelopmentGuardKey.LoadOrCreate(Path.Combine(folder, DevelopmentKeyFileName), sp.GetRequiredService<ILogger<GuardOptions>>());
        });
        builder.Services.TryAddSingleton<ConsultationGuards>();
        return builder;
    }
}
