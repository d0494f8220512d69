using System.CommandLine;
using System.Globalization;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Consultations.Cli;

/// <summary>`migrate`: copies one programme between the SQLite and Cosmos DB stores; safe to re-run, continues an interrupted copy.</summary>
internal static class MigrateCommand
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int Incomplete = 2;
    public const int Interrupted = 130;

    // Long id lists would bury the summary; the first few say enough to start looking.
    private const int IdsShown = 10;

    public static Command Create(StoreHost hosts, TextWriter output, TextWriter error)
    {
        var programme = new Option<string>("--programme")
        {
            Description = "Id of the programme to copy (e.g. demo).",
            HelpName = "id",
            Required = true,
        };
        var from = new Option<string>("--from")
        {
            Description = "Store to copy from.",
            Required = true,
        };
        from.AcceptOnlyFromAmong("sqlite", "cosmos");
        var to = new Option<string>("--to")
        {
            Description = "Store to copy to.",
            Required = true,
        };
        to.AcceptOnlyFromAmong("sqlite", "cosmos");
        var dataDirectory = new Option<string?>("--data-dir")
        {
            HelpName = "folder",
            Description = "Folder of the SQLite database, whichever side it is on (default: Storage:Sqlite:DataDirectory, else the web app's App_Data when run from the repository root).",
        };
        var overwrite = new Option<bool>("--overwrite")
        {
            Description = "Replace documents in the target that differ from the source (otherwise they are reported and left alone).",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Compare only: write nothing and report what a real run would do.",
        };
        var command = new Command(
            "migrate",
            "Copy a programme (consultations, participant registers, notes of every status) between SQLite and Cosmos DB, then check that the target holds every document. "
            + "Idempotent: identical documents are left alone, so an interrupted run continues when started again. "
            + "Cosmos DB settings come from configuration (Storage__Cosmos__AccountEndpoint, Storage__Cosmos__DatabaseName, ...). "
            + "Exit codes: 0 copied and checked, 2 count check failed or documents differ, 1 configuration or connection error.")
        {
            programme,
            from,
            to,
            dataDirectory,
            overwrite,
            dryRun,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(from) is { } source && source == result.GetValue(to))
            {
                result.AddError("--from and --to must name different stores (sqlite and cosmos).");
            }
        });
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            hosts,
            parseResult.GetRequiredValue(programme),
            ParseProvider(parseResult.GetRequiredValue(from)),
            ParseProvider(parseResult.GetRequiredValue(to)),
            parseResult.GetValue(dataDirectory),
            new ProgrammeCopyOptions { Overwrite = parseResult.GetValue(overwrite), DryRun = parseResult.GetValue(dryRun) },
            output,
            error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        StoreHost hosts,
        string programmeId,
        StorageProvider from,
        StorageProvider to,
        string? dataDirectory,
        ProgrammeCopyOptions options,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        IHost? sourceHost = null;
        IHost? targetHost = null;
        try
        {
            (sourceHost, var sourceLocation) = await hosts.StartAsync(from, dataDirectory, source: true, cancellationToken);

            // Checked before the target is opened, so a mistyped id is reported without touching the other store.
            if (await Stores(sourceHost).Programmes.GetAsync(programmeId, cancellationToken) is null)
            {
                await error.WriteLineAsync($"Could not migrate: there is no programme '{programmeId}' in the {Name(from)} store.");
                return Failed;
            }

            (targetHost, var targetLocation) = await hosts.StartAsync(to, dataDirectory, source: false, cancellationToken);
            await output.WriteLineAsync($"Copying programme '{programmeId}' from {sourceLocation} to {targetLocation}{(options.DryRun ? " (dry run: nothing is written)" : string.Empty)}.");

            var copier = new ProgrammeCopier(Stores(sourceHost), Stores(targetHost));
            var report = await copier.CopyAsync(programmeId, options with { Progress = p => output.WriteLine(Describe(p)) }, cancellationToken);
            await output.WriteAsync(Summary(report));
            return report.Succeeded ? Succeeded : Incomplete;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("Migration interrupted. Run the same command again to continue where it stopped; nothing is copied twice.");
            return Interrupted;
        }
        catch (Exception ex) when (StoreFailures.Describe(ex, "Run the same command again to continue where it stopped.") is { } message)
        {
            await error.WriteLineAsync($"Could not migrate: {message}");
            return Failed;
        }
        finally
        {
            targetHost?.Dispose();
            sourceHost?.Dispose();
        }
    }

    private static StoreSet Stores(IHost host) => new(
        host.Services.GetRequiredService<IProgrammeStore>(),
        host.Services.GetRequiredService<IConsultationStore>(),
        host.Services.GetRequiredService<INoteStore>(),
        host.Services.GetRequiredService<IParticipantRegisterStore>(),
        host.Services.GetRequiredService<IBriefStore>());

    private static StorageProvider ParseProvider(string value) => value == "cosmos" ? StorageProvider.Cosmos : StorageProvider.Sqlite;

    private static string Name(StorageProvider provider) => provider == StorageProvider.Cosmos ? "Cosmos DB" : "SQLite";

    private static string Describe(ConsultationCopyProgress progress) =>
        $"  [{progress.Position}/{progress.Count}] {progress.ConsultationId}: consultation {Word(progress.Consultation)}, "
        + (progress.Register is { } register ? $"register {Word(register)}" : "no register")
        + $", notes {Counts(progress.Notes)}";

    private static string Word(CopyOutcome outcome) => outcome switch
    {
        CopyOutcome.Created => "created",
        CopyOutcome.Unchanged => "unchanged",
        CopyOutcome.Overwritten => "overwritten",
        _ => "differs",
    };

    private static string Counts(CopyCounts counts) =>
        $"{counts.Created} created, {counts.Unchanged} unchanged, {counts.Overwritten} overwritten, {counts.Differing} differ";

    private static string Summary(ProgrammeCopyReport report)
    {
        var text = new System.Text.StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine();
        text.AppendLine(report.DryRun ? "Dry run (nothing was written); a real run would do this:" : "Documents:");
        text.AppendLine(invariant, $"  {"",-16}{"created",9}{"unchanged",11}{"overwritten",13}{"differs",9}");
        foreach (var (name, result) in new[] { ("programme", report.Programme), ("consultations", report.Consultations), ("registers", report.Registers), ("notes", report.Notes), ("briefs", report.Briefs), ("brief versions", report.BriefVersions) })
        {
            var c = result.Counts;
            text.AppendLine(invariant, $"  {name,-16}{c.Created,9}{c.Unchanged,11}{c.Overwritten,13}{c.Differing,9}");
        }

        foreach (var (name, result) in new[] { ("programme", report.Programme), ("consultation", report.Consultations), ("register", report.Registers), ("note", report.Notes), ("brief", report.Briefs), ("brief version", report.BriefVersions) })
        {
            if (result.Differing.Count > 0)
            {
                text.AppendLine(invariant, $"  {name} documents that differ in the target (left alone; --overwrite replaces them): {Ids(result.Differing)}");
            }
        }

        text.AppendLine(report.DryRun ? "Count check (as it would be after a real run):" : "Count check:");
        foreach (var check in report.CountCheck)
        {
            var register = (check.SourceHasRegister, check.TargetHasRegister) switch
            {
                (true, true) => "register in both",
                (false, false) => "no register",
                (true, false) => "register missing from the target",
                (false, true) => "register only in the target",
            };
            var presence = (check.InSource, check.InTarget) switch
            {
                (true, false) => "consultation missing from the target, ",
                (false, true) => "consultation only in the target, ",
                _ => string.Empty,
            };
            text.Append(invariant, $"  {check.ConsultationId}: {presence}{check.SourceNotes} notes in source, {check.TargetNotes} in target, {register}: {(check.Matches ? "OK" : "MISMATCH")}");
            text.AppendLine();
            if (check.MissingNoteIds.Count > 0)
            {
                text.AppendLine(invariant, $"    missing from the target: {Ids(check.MissingNoteIds)}");
            }

            if (check.ExtraNoteIds.Count > 0)
            {
                text.AppendLine(invariant, $"    only in the target: {Ids(check.ExtraNoteIds)}");
            }
        }

        if (report.Succeeded)
        {
            text.AppendLine(invariant, $"{(report.DryRun ? "The copy would succeed" : "Migration complete")}: the target holds every document of programme '{report.ProgrammeId}' ({report.Notes.Counts.Total} notes).");
        }
        else
        {
            var problems = new List<string>();
            if (report.Mismatches.Count > 0)
            {
                problems.Add($"{report.Mismatches.Count} consultation(s) fail the count check");
            }

            if (report.Differences > 0)
            {
                problems.Add($"{report.Differences} document(s) differ in the target");
            }

            text.AppendLine(invariant, $"{(report.DryRun ? "The copy would be incomplete" : "Migration incomplete")}: {string.Join(" and ", problems)}.");
        }

        return text.ToString();
    }

    private static string Ids(IReadOnlyList<string> ids) =>
        string.Join(", ", ids.Take(IdsShown)) + (ids.Count > IdsShown ? $" and {ids.Count - IdsShown} more" : string.Empty);
}
