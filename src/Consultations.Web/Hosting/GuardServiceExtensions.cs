using System.Runtime.InteropServices;
using Consultations.Core.Guard;
using Consultations.Infrastructure.Storage;
using Consultations.Web.Guard;
using Microsoft.Extensions.Options;

namespace Consultations.Web.Hosting;

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
