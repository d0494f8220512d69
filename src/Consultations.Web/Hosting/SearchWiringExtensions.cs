using Consultations.Core.Storage;
using Consultations.Infrastructure.Hosting;
using Consultations.Web.Search;

namespace Consultations.Web.Hosting;

public static class SearchWiringExtensions
{
    /// <summary>
    /// Programme-wide search: the index and its options (Infrastructure), the stores wrapped so each write this instance
    /// makes reaches the index at once, <see cref="SearchIndexMaintainer"/> (build at start, follow the change feed) and
    /// <see cref="ProgrammeSearch"/> for pages. Call after the storage registration.
    /// </summary>
    public static IHostApplicationBuilder AddConsultationsProgrammeSearch(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddConsultationsGuardKey();
        builder.AddConsultationsSearch();
        var services = builder.Services;
        services.AddSingleton<SearchChanges>();
        Decorate<INoteStore>(services, (inner, sp) => new SignallingNoteStore(inner, sp.GetRequiredService<SearchChanges>()));
        Decorate<IParticipantRegisterStore>(services, (inner, sp) => new SignallingRegisterStore(inner, sp.GetRequiredService<SearchChanges>()));
        Decorate<IConsultationStore>(services, (inner, sp) => new SignallingConsultationStore(inner, sp.GetRequiredService<SearchChanges>()));
        Decorate<IProgrammeStore>(services, (inner, sp) => new SignallingProgrammeStore(inner, sp.GetRequiredService<SearchChanges>()));
        Decorate<IBriefStore>(services, (inner, sp) => new SignallingBriefStore(inner, sp.GetRequiredService<SearchChanges>()));
        services.AddSingleton<SearchIndexMaintainer>();
        services.AddHostedService(sp => sp.GetRequiredService<SearchIndexMaintainer>());
        services.AddSingleton<ProgrammeSearch>();
        return builder;
    }

    /// <summary>Replaces the registration of <typeparamref name="TService"/> with <paramref name="wrap"/> around what it made.</summary>
    private static void Decorate<TService>(IServiceCollection services, Func<TService, IServiceProvider, TService> wrap)
        where TService : class
    {
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(TService))
            ?? throw new InvalidOperationException($"Register the stores before search: {typeof(TService).Name} is not registered.");
        services.Remove(descriptor);
        services.Add(ServiceDescriptor.Describe(typeof(TService), sp => wrap(Create<TService>(descriptor, sp), sp), descriptor.Lifetime));
    }

    private static TService Create<TService>(ServiceDescriptor descriptor, IServiceProvider sp)
        where TService : class =>
        (TService)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!));
}
