using Consultations.Core.Guard;
using Consultations.Infrastructure.Analysis;
using Consultations.Infrastructure.Hosting;
using Consultations.Web.Guard;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Hosting;

public static class GuardServiceExtensions
{
    public const string DevelopmentKeyFileName = GuardKeyServiceExtensions.DevelopmentKeyFileName;

    /// <summary>
    /// Registers the <see cref="GuardKey"/>: from <c>Guard:HashKey</c>, or in Development (when unset) from a key generated
    /// once and kept in <c>guard.key</c> in the data folder. Anywhere else a missing or invalid key stops the app. Also the
    /// compiled guards and the entity recogniser (<c>Guard:EntityRecognition</c>, validated on start).
    /// </summary>
    public static IHostApplicationBuilder AddConsultationsGuard(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddConsultationsGuardKey();

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
