using System.Runtime.InteropServices;
using Consultations.Core.Guard;
using Consultations.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Hosting;

/// <summary>The attribution guard's secret (section "Guard").</summary>
public sealed class GuardOptions
{
    public const string SectionName = "Guard";

    /// <summary>
    /// Base64 of at least 32 random bytes (e.g. <c>openssl rand -base64 32</c>). Keyed hashes of purged registers are
    /// made with it: keep it secret and never change it, or purged registers stop protecting anyone.
    /// </summary>
    public string? HashKey { get; set; }
}

public static partial class GuardServiceExtensions
{
    public const string DevelopmentKeyFileName = "guard.key";

    /// <summary>
    /// Registers the <see cref="GuardKey"/>: from <c>Guard:HashKey</c>, or in Development (when unset) from a key generated
    /// once and kept in <c>guard.key</c> in the data folder. Anywhere else a missing or invalid key stops the app.
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
            return LoadOrCreateDevelopmentKey(Path.Combine(folder, DevelopmentKeyFileName), sp.GetRequiredService<ILogger<GuardOptions>>());
        });
        builder.Services.AddSingleton<Consultations.Web.Guard.ConsultationGuards>();
        return builder;
    }

    /// <summary>Reads the development key file, creating it with a new key the first time.</summary>
    internal static GuardKey LoadOrCreateDevelopmentKey(string path, ILogger logger)
    {
        if (File.Exists(path))
        {
            return GuardKey.TryParse(File.ReadAllText(path))
                ?? throw new InvalidOperationException($"The development guard key in {path} is not a base64 key of at least {GuardKey.MinimumBytes} bytes. Delete the file only if no register was purged with it; otherwise restore it.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = GuardKey.Generate();
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(path, options))
            {
                writer.Write(key.ToBase64());
            }

            LogDevelopmentKeyCreated(logger, path);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs, so both hash alike.
            return LoadOrCreateDevelopmentKey(path, logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated a development guard key at {Path}; set Guard:HashKey outside Development")]
    private static partial void LogDevelopmentKeyCreated(ILogger logger, string path);
}

internal sealed class GuardOptionsValidator(bool isDevelopment) : IValidateOptions<GuardOptions>
{
    public ValidateOptionsResult Validate(string? name, GuardOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.HashKey))
        {
            return isDevelopment
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"Guard:HashKey is required outside Development: the base64 of at least {GuardKey.MinimumBytes} random bytes (e.g. from 'openssl rand -base64 32'), " +
                    "kept secret in a key vault or an environment variable (Guard__HashKey). The attribution guard hashes names with it; never change it once a register has been purged.");
        }

        return GuardKey.TryParse(options.HashKey) is null
            ? ValidateOptionsResult.Fail($"Guard:HashKey must be the base64 of at least {GuardKey.MinimumBytes} random bytes (e.g. from 'openssl rand -base64 32').")
            : ValidateOptionsResult.Success;
    }
}
