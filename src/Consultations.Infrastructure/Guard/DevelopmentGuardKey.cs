using System.Runtime.InteropServices;
using Consultations.Core.Guard;
using Microsoft.Extensions.Logging;

namespace Consultations.Infrastructure.Guard;

/// <summary>The guard key Development uses when none is configured: generated once into a file and read from it after.</summary>
internal static partial class DevelopmentGuardKey
{
    /// <summary>Reads the development key file, creating it with a new key the first time.</summary>
    public static GuardKey LoadOrCreate(string path, ILogger logger)
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
            return LoadOrCreate(path, logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated a development guard key at {Path}; set Guard:HashKey outside Development")]
    private static partial void LogDevelopmentKeyCreated(ILogger logger, string path);
}
