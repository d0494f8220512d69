using Consultations.Core.Guard;
using Consultations.Infrastructure.Analysis;
using Consultations.Infrastructure.Storage;
using Consultations.Web.Guard;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Hosting;

public static class GuardServiceExtensions
{
    public const string DevelopmentKeyFileName = "guard.key";

    /// <summary>
    /// Registers the <see cref="GuardKey"/>: from <c>Guard:HashKey</c>, or in Development (when unset) from a key generated
    /// once and kept in <c>guard.key</c> in the data folder. Anywhere else a missing or invalid key stops the app. Also the
    /// compiled guards and the entity recogniser (<c>Guard:EntityRecognition</c>, validated on start).
    /// </summary>
    public static IHostApplicationBuilder AddConsultationsGuard(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
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
        builder.Services.AddSingleton<ConsultationGuards>();

        // Entity recognition asks Azure AI Language only when Infrastructure registered it (Analysis:Azure:Endpoint set).
        builder.Services.AddOptions<EntityRecognitionOptions>()
            .BindConfiguration(EntityRecognitionOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EntityRecognitionOptions>, EntityRecognitionOptionsValidator>();
        builder.Services.AddSingleton(sp => new NoteEntityRecognizer(
            sp.GetRequiredService<IOptions<EntityRecognitionOptions>>(),
            sp.GetRequiredService<GuardKey>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<NoteEntityRecognizer>>(),
            sp.GetService<RemoteTextAnalyzer>()?.Analyzer));
        return builder;
    }
}
