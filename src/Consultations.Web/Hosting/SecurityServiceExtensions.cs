using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Hosting;

/// <summary>Request limits (section "Security"): rates per minute and the largest request body.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Sign-in attempts per client address per minute.</summary>
    public int SignInPerMinute { get; set; } = 10;

    /// <summary>Live attribution checks per user per minute (the note form asks about once a second while typing).</summary>
    public int GuardChecksPerMinute { get; set; } = 120;

    /// <summary>Downloads and printable views (briefs, comparison spreadsheets) per user per minute.</summary>
    public int ExportsPerMinute { get; set; } = 20;

    /// <summary>Largest request body in bytes: a brief (200,000 characters) or a register import fits with room to spare.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;
}

internal sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var errors = new List<string>();
        if (options.SignInPerMinute < 1 || options.GuardChecksPerMinute < 1 || options.ExportsPerMinute < 1)
        {
            errors.Add("Security:SignInPerMinute, GuardChecksPerMinute and ExportsPerMinute must each be at least 1.");
        }

        if (options.MaxRequestBodyBytes < 64 * 1024)
        {
            errors.Add("Security:MaxRequestBodyBytes must be at least 65536 (64 KB): smaller would refuse ordinary notes.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

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

        services.AddOptions<FormOptions>().Configure<IOptions<SecurityOptions>>((form, security) =>
        {
            form.MultipartBodyLengthLimit = security.Value.MaxRequestBodyBytes;
            form.ValueLengthLimit = (int)Math.Min(int.MaxValue, security.Value.MaxRequestBodyBytes);
        });
        return services;
    }

    /// <summary>
    /// Refuses a body larger than the limit before anything reads it: a declared length over the limit at once, and a
    /// chunked body through the server's own limit. The status page then explains it (413).
    /// </summary>
    public static WebApplication UseRequestSizeLimit(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var limit = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.MaxRequestBodyBytes;
        app.Use((context, next) =>
        {
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
