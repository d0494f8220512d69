using Consultations.Core.Import;
using Consultations.Web.Importing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Hosting;

public static class ImportServiceExtensions
{
    /// <summary>Note imports: options (section "Import", validated on start), the writer and the in-memory previews.</summary>
    public static WebApplicationBuilder AddConsultationsImports(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ImportOptions>()
            .BindConfiguration(ImportOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ImportOptions>, ImportOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<NoteImporter>();
        services.AddSingleton<NoteImports>();
        return builder;
    }
}
