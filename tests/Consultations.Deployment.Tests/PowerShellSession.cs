using System.Diagnostics;
using System.Globalization;
using System.Text;

[assembly: AssemblyFixture(typeof(Consultations.Deployment.Tests.PowerShellSession))]

namespace Consultations.Deployment.Tests;

/// <summary>
/// One PowerShell 7 process (from the NuGet tool package) that runs scripts on request, so the hook tests pay its
/// start-up (~1.5 s) once instead of per run. Each run gets exactly the environment variables it names. An assembly
/// fixture, started on first use only.
/// </summary>
public sealed class PowerShellSession : IAsyncDisposable
{
    private const string EndMarker = "<<<consultations-hook-exit:";
    private readonly SemaphoreSlim _lock = new(1, 1);
    private Process? _process;

    /// <summary>Runs a script file as azd would (`&amp; script`), with these environment variables only.</summary>
    internal Task<ToolRun> RunScriptAsync(string script, IReadOnlyDictionary<string, string> environment) =>
        RunAsync($"& {Quote(script)}", environment);

    /// <summary>Runs one line of PowerShell (no <c>exit</c>: it would end the session); its exit code is what it leaves in $LASTEXITCODE.</summary>
    internal Task<ToolRun> RunCommandAsync(string command) => RunAsync($"& {{ {command} }}", new Dictionary<string, string>());

    private async Task<ToolRun> RunAsync(string invocation, IReadOnlyDictionary<string, string> environment)
    {
        await _lock.WaitAsync();
        try
        {
            var process = _process ??= Start();
            var command = new StringBuilder();
            // Only the variables this run names: nothing carried over from the previous run or the test host.
            command.Append("Get-ChildItem env: | Where-Object { $_.Name -like 'AZURE_*' -or $_.Name -like 'ENTRA_*' -or $_.Name -in 'GUARD_HASH_KEY','FAKE_STATE' } | ForEach-Object { Remove-Item \"env:$($_.Name)\" }; ");
            foreach (var (name, value) in environment)
            {
                command.Append(CultureInfo.InvariantCulture, $"$env:{name} = {Quote(value)}; ");
            }

            command.Append("$global:LASTEXITCODE = 0; $code = 0; ");
            command.Append(CultureInfo.InvariantCulture, $"try {{ {invocation} *>&1 | ForEach-Object {{ if ($_ -is [System.Management.Automation.ErrorRecord]) {{ '[stderr] ' + $_ }} else {{ \"$_\" }} }}; $code = $global:LASTEXITCODE }} ");
            command.Append("catch { '[stderr] ' + $_; $code = 1 }; ");
            command.Append(CultureInfo.InvariantCulture, $"'{EndMarker}' + $code + '>>>'");
            await process.StandardInput.WriteLineAsync(command.ToString());
            await process.StandardInput.FlushAsync();

            var output = new StringBuilder();
            var error = new StringBuilder();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith(EndMarker, StringComparison.Ordinal))
                {
                    var code = int.Parse(line[EndMarker.Length..line.IndexOf(">>>", StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                    return new ToolRun(code, output.ToString(), error.ToString());
                }

                if (line.StartsWith("[stderr] ", StringComparison.Ordinal))
                {
                    error.AppendLine(line["[stderr] ".Length..]);
                }
                else
                {
                    output.AppendLine(line);
                }
            }

            throw new InvalidOperationException($"PowerShell ended while running {invocation}: {await process.StandardError.ReadToEndAsync()}");
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            // Nothing is left to flush once the last run has reported; PowerShell may take seconds to notice end of input.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }

        _lock.Dispose();
    }

    private static Process Start()
    {
        var start = new ProcessStartInfo(InfraTools.DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            Environment =
            {
                ["POWERSHELL_TELEMETRY_OPTOUT"] = "1",
                ["POWERSHELL_UPDATECHECK"] = "Off",
                // Plain text: no ANSI colours around error messages.
                ["NO_COLOR"] = "1",
            },
        };
        foreach (var argument in new[] { InfraTools.PowerShellDll, "-NoProfile", "-NonInteractive", "-NoLogo", "-Command", "-" })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start PowerShell.");
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
