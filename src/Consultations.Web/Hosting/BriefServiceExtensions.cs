using Consultations.Web.Briefs;
using Microsoft.AspNetCore.Mvc.Razor.RuntimeCompilation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Hosting;

public static class BriefServiceExtensions
{
    /// <summary>
    /// Brief rendering: options, the renderer and its status, and Razor runtime compilation confined to the
    /// administrators' templates folder (ADR 0009); the app's own pages and views stay precompiled.
    /// </summary>
    public static WebApplicationBuilder AddConsultationsBriefs(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<BriefOptions>()
            .BindConfiguration(BriefOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BriefOptions>, BriefOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<BriefTemplateFileProvider>();
        services.AddSingleton<BriefTemplateStatus>();
        services.AddSingleton<BriefTemplateRenderer>();
        services.AddSingleton<ExportGate>();
        services.AddSingleton<BriefEvidence>();
        services.AddSingleton<BriefGenerator>();
        services.AddSingleton<BriefJobs>();

        services.AddRazorPages().AddRazorRuntimeCompilation();

        // Registered after the package's own setup, so it replaces the content-root provider it adds.
#pragma warning disable ASPDEPR003 // Runtime compilation is obsolete in .NET 10; ADR 0009 confines it to the templates folder.
        services.AddOptions<MvcRazorRuntimeCompilationOptions>()
            .Configure<BriefTemplateFileProvider>((options, templates) =>
            {
                options.FileProviders.Clear();
                options.FileProviders.Add(templates);
            });
#pragma warning restore ASPDEPR003
        return builder;
    }

    /// <summary>Serves a custom template's images and stylesheets at /brief-assets/{file} to signed-in users.</summary>
    public static WebApplication MapBriefAssets(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(BriefAssets.RoutePrefix + "/{file}", BriefAssets.Serve)
            .RequireAuthorization()
            .ExcludeFromDescription();
        return app;
    }
}
