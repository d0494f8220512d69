using System.Security.Claims;
using System.Threading.RateLimiting;
using Consultations.Web.Importing;
using Consultations.Web.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Hosting;

public static class SecurityServiceExtensions
{
    public const string SignInPolicy = "sign-in";
    public const string GuardPolicy = "live-guard";
    public const string ExportPolicy = "exports";

    /// <summary>Query handlers that produce a file or a printable copy: what the export limit counts.</summary>
    private static readonly HashSet<string> ExportHandlers = new(["docx", "markdown", "print", "csv", "xlsx"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Rate limits on sign-in, the live guard and exports (429 with the friendly status page) and a body-size limit (413).</summary>
    public static IServiceCollection AddConsultationsSecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>>((options, security) =>
        {
            var limits = security.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };

            // Sign-in is counted per client address: before sign-in there is no user to count.
            options.AddPolicy(SignInPolicy, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter("sign-in:" + context.Connection.RemoteIpAddress, _ => PerMinute(limits.SignInPerMinute))
                : RateLimitPartition.GetNoLimiter("sign-in:get"));
            options.AddPolicy(GuardPolicy, context =>
                RateLimitPartition.GetFixedWindowLimiter("guard:" + UserKey(context), _ => PerMinute(limits.GuardChecksPerMinute)));
            options.AddPolicy(ExportPolicy, context => ExportHandlers.Contains(context.Request.Query["handler"].ToString())
                ? RateLimitPartition.GetFixedWindowLimiter("export:" + UserKey(context), _ => PerMinute(limits.ExportsPerMinute))
                : RateLimitPartition.GetNoLimiter("export:page"));
        });
        services.AddRateLimiter(_ => { });

        services.AddOptions<FormOptions>().Configure<IOptions<SecurityOptions>, IOptions<ImportOptions>>((form, security, imports) =>
        {
            // The larger of the two: each request's own body limit (UseRequestSizeLimit) is what actually refuses.
            form.MultipartBodyLengthLimit = Math.Max(security.Value.MaxRequestBodyBytes, imports.Value.MaxRequestBytes);
            form.ValueLengthLimit = (int)Math.Min(int.MaxValue, security.Value.MaxRequestBodyBytes);
        });
        return services;
    }

    /// <summary>
    /// Refuses a body larger than the limit before anything reads it: a declared length over the limit at once, and a
    /// chunked body through the server's own limit. The status page then explains it (413). Pages marked
    /// <see cref="AcceptsImportFileAttribute"/> take files up to the import limit instead; so this runs after routing.
    /// </summary>
    public static WebApplication UseRequestSizeLimit(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var usual = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.MaxRequestBodyBytes;
        var imports = app.Services.GetRequiredService<IOptions<ImportOptions>>().Value.MaxRequestBytes;
        app.Use((context, next) =>
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<AcceptsImportFileAttribute>() is null ? usual : imports;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }

            if (context.Request.ContentLength > limit)
            {
                // The status page runs on this same request: without the body it has nothing to trip over.
                context.Request.Body = Stream.Null;
                context.Request.ContentLength = 0;
                context.Request.ContentType = null;
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return Task.CompletedTask;
            }

            return next(context);
        });
        return app;
    }

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };

    private static string UserKey(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
