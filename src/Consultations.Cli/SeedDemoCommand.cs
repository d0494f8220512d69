using System.CommandLine;
using Consultations.Core.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Cli;

/// <summary>`seed-demo`: writes the demo programme into the configured store; safe to run again.</summary>
internal static class SeedDemoCommand
{
    public static Command Create(StoreHost hosts, TextWriter output, TextWriter error)
    {
        var dataDirectory = new Option<string?>("--data-dir")
        {
            Description = "Folder of the SQLite database (default: the web app's App_Data when run from the repository root).",
        };
        var command = new Command("seed-demo", "Add the demo programme (four country consultations) to the store. Idempotent: existing demo data is kept.")
        {
            dataDirectory,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                var (host, folder) = await hosts.StartAsync(parseResult.GetValue(dataDirectory), cancellationToken);
                using var started = host;
                var result = await host.Services.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
                await output.WriteLineAsync(result.NothingToDo
                    ? $"The demo programme is already complete in {folder}."
                    : $"Seeded the demo programme in {folder}: {result.ConsultationsCreated} consultations, {result.RegistersCreated} registers, {result.NotesCreated} notes.");
                return 0;
            }
            catch (InvalidOperationException ex)
            {
                await error.WriteLineAsync($"Could not seed the demo programme: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
