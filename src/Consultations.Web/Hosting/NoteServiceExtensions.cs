using Consultations.Web.Notes;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Consultations.Web.Hosting;

public static class NoteServiceExtensions
{
    /// <summary>The note use cases the pages call: add, revise, review, delete, unmasking, and the live-capture drafts.</summary>
    public static IServiceCollection AddConsultationsNotes(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CaptureDraftActions>();
        services.AddSingleton<NoteActions>();
        return services;
    }
}
