using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Consultations.Core.Access;
using Consultations.Core.Analysis;
using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Import;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Guard;
using Consultations.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Cli;

/// <summary>`import`: reads a file of notes (Word, Markdown, text, CSV, Excel) into a consultation as drafts, with the web page's reader, plan and writer.</summary>
internal static class ImportCommand
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int Interrupted = 130;

    /// <summary>As the web app's audit trail: stands where the guard matched something in a file name.</summary>
    public const string Withheld = AuditQuote.Withheld;

    // As the page: the file name in an audit detail is cut to this many characters.
    private const int MaxAuditFileName = 80;

    public static Command Create(StoreHost hosts, TextWriter output, TextWriter error)
    {
        var programme = new Option<string>("--programme")
        {
            Description = "Id of the programme (e.g. demo).",
            HelpName = "id",
            Required = true,
        };
        var consultation = new Option<string>("--consultation")
        {
            Description = "Id of the consultation the notes go to (e.g. demo-ph).",
            HelpName = "id",
            Required = true,
        };
        var file = new Option<string>("--file")
        {
            Description = $"The file to import: {ImportFiles.Accepted}. Word: headings naming a session (\"Plenary 2\", a session's title or a theme) switch the session of what follows; "
                + "paragraphs, list items and table rows become notes; tracked changes are read as accepted, comments ignored. Markdown: headings, paragraphs, list items, block quotes. "
                + "Text: paragraphs separated by blank lines. CSV and Excel (first sheet): one row a note, columns matched by header name: text (required), session, kind, "
                + "stakeholder_group, themes (labels or keys; several themes separated by ';'). A leading \"Recommendation:\", \"Challenge:\" or \"Quote:\", or a paragraph in quotation marks, sets the kind.",
            HelpName = "path",
            Required = true,
        };
        var session = new Option<string?>("--session")
        {
            Description = "Id of the session for the notes before any heading or session column names one (e.g. plenary-1). Without it such notes have a problem: no session.",
            HelpName = "id",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Write nothing: print the preview as JSON lines on standard output, one object per proposed note: "
                + "{\"row\", \"location\", \"session\", \"kind\", \"stakeholder_group\", \"themes\", \"sub_themes\", \"themes_suggested\", \"findings\" (how many possible identifiers the guard marked), "
                + "\"problems\" (what stops the row from being imported), \"already_there\" (the id of the note it already is, or null)}; then a summary line on standard error.",
        };
        var acceptSuggested = new Option<bool>("--accept-suggested-themes")
        {
            Description = "Tag notes whose file names no theme with the themes the text analysis suggests (\"themes_suggested\": true in the dry run). Without it those notes get no theme; themes named in the file are always kept.",
        };
        var skipProblemRows = new Option<bool>("--skip-problem-rows")
        {
            Description = "Leave out the rows that have problems (they are counted as left out) instead of refusing the whole import.",
        };
        var author = new Option<string?>("--as")
        {
            Description = "User id of a facilitator assigned to the consultation to record as the notes' author (e.g. demo-facilitator). Default: the system user.",
            HelpName = "user-id",
        };
        var store = StoreOptions.Store("write to");
        var dataDirectory = StoreOptions.DataDirectory("Folder of the SQLite database and of the development guard key");
        var command = new Command(
            "import",
            "Import notes from a file into a consultation as drafts (never published), with the same reader, rules and checks as the import page: every row is checked by the "
            + "Chatham House guard against the consultation's register, and rows already in the consultation (imported from this file before, or with the same text) are skipped, "
            + "so running the same import again adds nothing. Nothing is written while any row has a problem (no session, an unknown kind or stakeholder group, an empty or "
            + "too long text) unless --skip-problem-rows; run with --dry-run first to see each row. One audit entry records the import (counts, file name and hash, never note text). "
            + "The guard key is Guard:HashKey, or the development key (guard.key) in the data folder. "
            + "Exit codes: 0 imported or previewed (a dry run lists rows with problems and still exits 0), 1 an unreadable file, an unknown programme, consultation, session or --as user, "
            + "rows with problems, or a store error; 130 interrupted.")
        {
            programme,
            consultation,
            file,
            session,
            dryRun,
            acceptSuggested,
            skipProblemRows,
            author,
            store,
            dataDirectory,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            hosts,
            new ImportRequest(
                parseResult.GetRequiredValue(programme),
                parseResult.GetRequiredValue(consultation),
                parseResult.GetRequiredValue(file),
                parseResult.GetValue(session),
                parseResult.GetValue(dryRun),
                parseResult.GetValue(acceptSuggested),
                parseResult.GetValue(skipProblemRows),
                parseResult.GetValue(author)),
            StoreOptions.Provider(parseResult.GetValue(store)),
            parseResult.GetValue(dataDirectory),
            output,
            error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        StoreHost hosts,
        ImportRequest request,
        StorageProvider? provider,
        string? dataDirectory,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        try
        {
            // Read before any store is opened: a file that cannot be imported costs nothing and needs no database.
            var document = await ReadAsync(request.File, cancellationToken);
            var (host, _) = await hosts.StartAsync(provider, dataDirectory, source: true, cancellationToken, builder => GuardKeyFile.Register(builder, "The notes are checked with it."));
            using var started = host;
            var services = host.Services;
            var notes = services.GetRequiredService<INoteStore>();

            var programme = await services.GetRequiredService<IProgrammeStore>().GetAsync(request.ProgrammeId, cancellationToken);
            if (programme is null)
            {
                return await RefuseAsync(error, $"there is no programme '{request.ProgrammeId}'.");
            }

            var consultation = await services.GetRequiredService<IConsultationStore>().GetAsync(programme.Id, request.ConsultationId, cancellationToken);
            if (consultation is null)
            {
                return await RefuseAsync(error, $"there is no consultation '{request.ConsultationId}' in programme '{programme.Id}'.");
            }

            if (request.SessionId is { } sessionId && consultation.FindSession(sessionId) is null)
            {
                return await RefuseAsync(error, $"there is no session '{sessionId}' in {consultation.Id}. Its sessions: {string.Join(", ", consultation.Sessions.Select(s => $"{s.Id} ({s.Title})"))}.");
            }

            var by = UserRef.System;
            if (request.As is { } userId)
            {
                if (consultation.Facilitators.FirstOrDefault(f => f.UserId == userId) is not { } facilitator)
                {
                    return await RefuseAsync(error, $"'{userId}' is not a facilitator assigned to {consultation.Id}, so notes cannot be imported as theirs. Leave out --as to import them as the system user.");
                }

                by = new UserRef(facilitator.UserId, facilitator.Name);
            }

            // As the page builds it: the consultation's guard, the taxonomy's lexicon only (so page and command agree), what is already there.
            var guard = await services.GetRequiredService<ConsultationGuards>().ForAsync(programme, consultation.Id, cancellationToken);
            var existing = await ImportExisting.ReadAsync(notes, consultation.Id, cancellationToken);
            var context = new ImportContext(programme, consultation, request.SessionId, guard.Check, new ThemeSuggester(programme.Taxonomy), existing);
            var plan = ImportPlanner.Plan(document, context);
            plan.AcceptSuggestedThemes = request.AcceptSuggestedThemes;

            if (request.DryRun)
            {
                WritePreview(plan, output);
                await error.WriteLineAsync(PreviewSummary(plan, consultation));
                return Succeeded;
            }

            var blocked = plan.Rows.Where(r => r.Included && !r.IsAlreadyThere && r.HasProblems).ToList();
            if (blocked.Count > 0 && !request.SkipProblemRows)
            {
                foreach (var row in blocked)
                {
                    await error.WriteLineAsync($"  row {row.Row} ({row.Location}): {string.Join(" ", row.Problems)}");
                }

                return await RefuseAsync(error, $"{Count(blocked.Count, "row has", "rows have")} problems (listed above). Fix them in the file (or give --session for rows with no session), or pass --skip-problem-rows to leave them out. Nothing was imported.");
            }

            plan.Fix(blocked.Select(r => r.Row), new ImportFix { Include = false }, consultation, programme);
            var importer = new NoteImporter(notes, services.GetRequiredService<IBulkStore>(), TimeProvider.System);
            var result = await importer.ImportAsync(plan, programme, consultation, by, progress: null, cancellationToken);

            var actor = new Actor(by.Id, by.Name, new HashSet<Role> { by == UserRef.System ? Role.Administrator : Role.Facilitator });
            var detail = result.AuditDetail(MaskFileName(plan.FileName, guard), plan.FileSha256);
            var entry = AuditEntry.Create(actor, AuditAction.NotesImported, AuditSubject.Consultation(programme.Id, consultation.Id), detail, AuditOutcome.Succeeded, DateTimeOffset.UtcNow);

            // Not the command's token: the notes are written, so the record of it must be too.
            await services.GetRequiredService<IAuditStore>().AppendAsync(entry, CancellationToken.None);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Imported {Count(result.Created, "draft note", "draft notes")} from {plan.FileName} into {consultation.Id} ({result.AlreadyThere} already there, {result.LeftOut} left out)."));
            return Succeeded;
        }
        catch (ImportFileException ex)
        {
            return await RefuseAsync(error, $"{ex.Message} Nothing was imported.");
        }
        catch (CliInputException ex)
        {
            return await RefuseAsync(error, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("Import interrupted. Run the same command again: notes already saved are recognised and nothing is added twice.");
            return Interrupted;
        }
        catch (DomainRuleException ex)
        {
            return await RefuseAsync(error, ex.Message);
        }
        catch (Exception ex) when (StoreFailures.Describe(ex, "Run the same command again: notes already saved are recognised and nothing is added twice.") is { } message)
        {
            return await RefuseAsync(error, message);
        }
    }

    /// <summary>Reads the file into blocks, refusing (by its name, before reading it) a format the import does not read or a file over the size limit.</summary>
    private static async Task<ImportDocument> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var name = NoteImporter.FileNameForSource(path);
        if (ImportFiles.FormatOf(name) is null)
        {
            // The reader's own message for the extension (and for macro-enabled files), as the page gives it.
            ImportFiles.Read(name, ReadOnlyMemory<byte>.Empty);
        }

        var limits = ImportLimits.Default;
        byte[] content;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > limits.MaxBytes)
            {
                throw new ImportFileException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The file is {length / 1024.0 / 1024.0:0.#} MB; the largest file an import reads is {limits.MaxBytes / 1024.0 / 1024.0:0.#} MB. Split it into smaller files and import each."));
            }

            content = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliInputException(JsonLines.Unreadable("import", path, ex));
        }

        return ImportFiles.Read(name, content, limits);
    }

    /// <summary>One JSON object per proposed note, in the file's order, with the fields the preview table shows.</summary>
    private static void WritePreview(ImportPlan plan, TextWriter output)
    {
        using var writer = new JsonLineWriter(output);
        foreach (var row in plan.Rows)
        {
            var json = writer.BeginLine();
            json.WriteNumber("row", row.Row);
            json.WriteString("location", row.Location);
            WriteStringOrNull(json, "session", row.SessionId);
            WriteStringOrNull(json, "kind", row.Kind is { } kind ? JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString()) : null);
            WriteStringOrNull(json, "stakeholder_group", row.StakeholderGroup);
            WriteStrings(json, "themes", row.Themes);
            WriteStrings(json, "sub_themes", row.SubThemes);
            json.WriteBoolean("themes_suggested", row.ThemesSuggested);
            json.WriteNumber("findings", row.Findings.Count);

            // As the page: a row already in the consultation is skipped, so nothing about it needs fixing.
            WriteStrings(json, "problems", row.IsAlreadyThere ? [] : row.Problems);
            WriteStringOrNull(json, "already_there", row.ExistingNoteId);
            writer.EndLine();
        }
    }

    private static string PreviewSummary(ImportPlan plan, Consultation consultation)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Dry run of {plan.FileName} ({FormatName(plan.Format)}");
        if (plan.Encoding is { } encoding)
        {
            text.Append(CultureInfo.InvariantCulture, $", read as {encoding}");
        }

        text.Append(CultureInfo.InvariantCulture, $") for {consultation.Id}: {Count(plan.Rows.Count, "proposed note", "proposed notes")}; {plan.WillImport} would be imported as drafts, ");
        text.Append(CultureInfo.InvariantCulture, $"{plan.AlreadyThere} already there, {plan.BlockedByProblems} with problems, {plan.WithFindings} with possible identifiers marked by the guard");
        if (plan.UnmatchedHeadings.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {Count(plan.UnmatchedHeadings.Count, "heading", "headings")} named no session");
        }

        text.Append(". Nothing was written.");
        return text.ToString();
    }

    /// <summary>The file name as the audit trail may keep it: whatever the consultation's guard matches in it withheld, as the web app's audit trail quotes words.</summary>
    internal static string MaskFileName(string fileName, ConsultationGuard guard)
    {
        var text = AuditQuote.Withhold(fileName, guard.Check(fileName));
        return text.Length <= MaxAuditFileName ? text : string.Concat(text.AsSpan(0, MaxAuditFileName - 1), "…");
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static string FormatName(ImportFormat format) => format switch
    {
        ImportFormat.Word => "Word",
        ImportFormat.Markdown => "Markdown",
        ImportFormat.Text => "text",
        ImportFormat.Csv => "CSV",
        _ => "Excel",
    };

    private static string Count(int count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? one : many)}");

    private static async Task<int> RefuseAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync($"Could not import: {message}");
        return Failed;
    }

    private sealed record ImportRequest(
        string ProgrammeId,
        string ConsultationId,
        string File,
        string? SessionId,
        bool DryRun,
        bool AcceptSuggestedThemes,
        bool SkipProblemRows,
        string? As);
}
