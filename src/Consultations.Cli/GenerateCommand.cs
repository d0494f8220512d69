using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Core.Synthetic;
using Consultations.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Cli;

/// <summary>`generate`: writes a large synthetic programme (countries, sessions, registers, notes) into the configured store for load tests.</summary>
internal static class GenerateCommand
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int Interrupted = 130;

    // A progress line at most this often within a consultation, so a big run shows it is alive without flooding the terminal.
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    public static Command Create(StoreHost hosts, TextWriter output, TextWriter error)
    {
        var notes = new Option<int>("--notes")
        {
            Description = string.Create(CultureInfo.InvariantCulture, $"How many notes to write, spread evenly over the countries (1 to {GeneratorOptions.MaxNotes:N0})."),
            HelpName = "count",
            Required = true,
        };
        var countries = new Option<int>("--countries")
        {
            Description = $"How many country consultations (1 to {GeneratorOptions.MaxCountries}: Viet Nam, the Philippines, Malaysia, Indonesia, Thailand, Singapore, Cambodia, Lao PDR, Myanmar, Brunei, then Timor-Leste, Fiji, Papua New Guinea, Bangladesh, Sri Lanka, Nepal).",
            HelpName = "count",
            DefaultValueFactory = _ => GeneratorOptions.DefaultCountries,
        };
        var programme = new Option<string>("--programme")
        {
            Description = $"Id of the programme to write (lower-case letters, digits and dashes, at most {GeneratorOptions.MaxProgrammeIdLength}).",
            HelpName = "id",
            DefaultValueFactory = _ => GeneratorOptions.DefaultProgrammeId,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the generator: the same seed and options always write the same programme.",
            HelpName = "n",
            DefaultValueFactory = _ => GeneratorOptions.DefaultSeed,
        };
        var replace = new Option<bool>("--replace")
        {
            Description = "Delete an existing programme with this id first (only one that generate wrote) and write a new one.",
        };
        var store = StoreOptions.Store("write to");
        var dataDirectory = StoreOptions.DataDirectory();
        var command = new Command(
            "generate",
            "Write a synthetic programme for load tests and demonstrations: the demo's themes, one consultation per country with an on-the-record opening, "
            + "Chatham House plenaries and off-the-record sessions, participant registers, and notes of every kind (about 80 % published, 15 % drafts or "
            + "submitted, 5 % off the record). Published notes pass the attribution guard; a tenth of the drafts carry a planted participant name. "
            + "Progress goes to standard error and a summary line to standard output. Exit codes: 0 written, 1 bad arguments, an existing programme or a store error.")
        {
            notes,
            countries,
            programme,
            seed,
            replace,
            store,
            dataDirectory,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            hosts,
            new GeneratorOptions(parseResult.GetRequiredValue(programme), parseResult.GetValue(notes), parseResult.GetValue(countries), parseResult.GetValue(seed)),
            parseResult.GetValue(replace),
            StoreOptions.Provider(parseResult.GetValue(store)),
            parseResult.GetValue(dataDirectory),
            output,
            error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        StoreHost hosts,
        GeneratorOptions options,
        bool replace,
        StorageProvider? provider,
        string? dataDirectory,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        // Checked before any store is opened, so a typo costs nothing and leaves no empty database behind.
        if (options.Problems() is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"Could not generate: {problem}");
            }

            return Failed;
        }

        var clock = Stopwatch.StartNew();
        try
        {
            var (host, location) = await hosts.StartAsync(provider, dataDirectory, source: false, cancellationToken);
            using var started = host;
            var services = host.Services;
            var writer = new SyntheticProgrammeWriter(
                services.GetRequiredService<IProgrammeStore>(),
                services.GetRequiredService<IConsultationStore>(),
                services.GetRequiredService<IParticipantRegisterStore>(),
                services.GetRequiredService<IBulkStore>());
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Generating programme '{options.ProgrammeId}' (seed {options.Seed}): {options.Notes:N0} notes in {options.Countries} countries into {location}."));

            var lastLine = TimeSpan.Zero;
            var report = await writer.WriteAsync(new ProgrammeGenerator(options), replace, p =>
            {
                var done = p.ConsultationNotesWritten == p.ConsultationNotes;
                if (done || clock.Elapsed - lastLine >= ProgressInterval)
                {
                    lastLine = clock.Elapsed;
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{p.Consultation}/{p.Consultations}] {p.ConsultationId}: {p.ConsultationNotesWritten:N0} of {p.ConsultationNotes:N0} notes{(done ? " written" : "")}; {p.NotesWritten:N0} of {p.Notes:N0} in all, {clock.Elapsed.TotalSeconds:F1} s"));
                }
            }, cancellationToken);

            await output.WriteLineAsync(Summary(report, options, location, clock.Elapsed));
            return Succeeded;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"Generation interrupted. The programme '{options.ProgrammeId}' is incomplete: run the same command with --replace to write it again.");
            return Interrupted;
        }
        catch (DomainRuleException ex)
        {
            await error.WriteLineAsync($"Could not generate: {ex.Message}");
            return Failed;
        }
        catch (Exception ex) when (StoreFailures.Describe(ex, "Run the same command with --replace to start again.") is { } message)
        {
            await error.WriteLineAsync($"Could not generate: {message}");
            return Failed;
        }
    }

    /// <summary>One line: what was written where, the counts by status and by session rule, and how long it took.</summary>
    private static string Summary(GenerationReport report, GeneratorOptions options, string location, TimeSpan elapsed) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(report.Replaced ? "Replaced" : "Generated")} programme '{report.ProgrammeId}' (seed {options.Seed}) in {location}: "
        + $"{report.Consultations} consultations, {report.Sessions} sessions, {report.Participants} participants, {report.Notes:N0} notes "
        + $"({report.ByStatus[NoteStatus.Published]:N0} published, {report.ByStatus[NoteStatus.Submitted]:N0} submitted, {report.ByStatus[NoteStatus.Draft]:N0} drafts; "
        + $"{report.ByRule[DisclosureRule.OnTheRecord]:N0} on the record, {report.ByRule[DisclosureRule.ChathamHouse]:N0} under the Chatham House Rule, {report.ByRule[DisclosureRule.OffTheRecord]:N0} off the record; "
        + $"{report.PlantedDrafts:N0} drafts with a planted name) in {elapsed.TotalSeconds:F1} s.");
}
