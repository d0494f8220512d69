using Consultations.Infrastructure.Hosting;
using Consultations.Web.Identity;
using Consultations.Web.Loading;
using Consultations.Web.Pages;
using Consultations.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Consultations.Web.Hosting;

public static partial class WebServiceExtensions
{
    private static readonly string[] RepositoryFolders = ["/Programmes", "/CountryConsultations", "/Sessions", "/Notes", "/Comparison", "/Import"];

    public static WebApplicationBuilder AddConsultationsWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddRouting(options => options.LowercaseUrls = true);
        services.AddRazorPages(options =>
        {
            foreach (var folder in RepositoryFolders)
            {
                options.Conventions.AuthorizeFolder(folder, Policies.Repository);
            }

            options.Conventions.AuthorizeFolder("/Briefs", Policies.Briefs);
            options.Conventions.AuthorizePage("/Briefs/Template", Policies.Administrator);
            options.Conventions.AuthorizePage("/Programmes/Create", Policies.Administrator);
            options.Conventions.AuthorizePage("/Programmes/Edit", Policies.Administrator);
            options.Conventions.AuthorizePage("/CountryConsultations/Create", Policies.Administrator);
            options.Conventions.AuthorizePage("/CountryConsultations/Edit", Policies.Administrator);
            options.Conventions.AllowAnonymousToPage("/Account/SignIn");

            // Rate limits where abuse would hurt: guessing at sign-in, flooding the register check, bulk downloads.
            options.Conventions.AddPageApplicationModelConvention("/Account/SignIn", m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(SecurityServiceExtensions.SignInPolicy)));
            options.Conventions.AddPageApplicationModelConvention("/Sessions/Guard", m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(SecurityServiceExtensions.GuardPolicy)));
            options.Conventions.AddPageApplicationModelConvention("/Briefs/Version", m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(SecurityServiceExtensions.ExportPolicy)));
            options.Conventions.AddPageApplicationModelConvention("/Comparison/Index", m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(SecurityServiceExtensions.ExportPolicy)));
            options.Conventions.AddPageApplicationModelConvention("/Search/Index", m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(SecurityServiceExtensions.ExportPolicy)));
            options.Conventions.AllowAnonymousToPage("/Status");
            options.Conventions.AllowAnonymousToPage("/Error");
        });
        services.AddHttpContextAccessor();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<ViewerClock>();
        services.AddScoped<RepositoryLoader>();
        services.AddScoped<Pages.Home.AwaitingYou>();
        services.AddConsultationsSecurity();
        services.AddConsultationsNotes();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "consultations.antiforgery";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.HeaderName = "X-CSRF-TOKEN";
        });

        services.AddDataProtection().SetApplicationName("Consultations").PersistKeysWithConsultationsStorage();
        return builder;
    }

    public static WebApplication UseConsultations(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // The friendly error page everywhere: a stack trace is never what a user should see.
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseRouting();
        app.UseRequestSizeLimit();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorPages().WithStaticAssets();
        app.MapBriefAssets();
        app.MapHealthChecks("/health").AllowAnonymous();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Consultations");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
            foreach (var address in addresses ?? [])
            {
                LogListening(logger, address, app.Environment.EnvironmentName);
            }
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consultations is running at {Address} ({Environment}). Open it in a browser and sign in.")]
    private static partial void LogListening(ILogger logger, string address, string environment);
}
