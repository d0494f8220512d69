using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Consultations.Core.Analysis;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Import;
using Consultations.Infrastructure.Storage.Sqlite;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Consultations.Benchmarks;

/// <summary>
/// Issue 20's speed aims: a 10,000-row spreadsheet previews (read, every row through the guard and the theme suggestions)
/// in at most 10 s, and imports (written as drafts on SQLite) in at most 60 s. One operation is the whole file.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ImportBenchmarks
{
    public const int Rows = 10_000;

    private static readonly UserRef Facilitator = new("bench", "Bench Facilitator");
    private static readonly DateTimeOffset At = new(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);

    private byte[] _csv = [];
    private byte[] _xlsx = [];
    private Programme _programme = null!;
    private Consultation _consultation = null!;
    private AttributionGuard _guard = null!;
    private ThemeSuggester _suggester = null!;
    private ImportPlan _plan = null!;
    private string _folder = string.Empty;
    private SqliteDatabase _database = null!;

    [GlobalSetup]
    public void Setup()
    {
        _programme = Programme.Create("bench", "Benchmark programme", null, null, Facilitator, At);
        var date = new DateOnly(2026, 3, 10);
        _consultation = Consultation.Create("bench-ph", _programme.Id, new ConsultationDetails("PH", "Manila", null, date, date, ConsultationFormat.InPerson, DisclosureRule.ChathamHouse, []), Facilitator, At);
        foreach (var (title, theme) in new[] { ("Plenary 1: International collaboration", "international-collaboration"), ("Plenary 2: International technical standards", "technical-standards"), ("Plenary 3: Information sharing and incident response", "information-sharing"), ("Plenary 4: Inclusion", "inclusion") })
        {
            _consultation.AddSession(title, [theme], DisclosureRule.ChathamHouse, _programme.Taxonomy, Facilitator, At);
        }

        var register = SyntheticConsultation.Register(500);
        var key = new GuardKey(Enumerable.Range(1, GuardKey.MinimumBytes).Select(i => (byte)i).ToArray());
        _guard = new AttributionGuard(GuardRegister.Compile(register, key, 3), key, 3);
        _suggester = new ThemeSuggester(_programme.Taxonomy);
        var rows = Spreadsheet();
        _csv = Csv(rows);
        _xlsx = Xlsx(rows);
        _plan = Preview("findings.csv", _csv);
        if (_plan.Rows.Count != Rows || _plan.WillImport != Rows)
        {
            throw new InvalidOperationException($"The spreadsheet should plan {Rows} importable rows; it planned {_plan.Rows.Count} ({_plan.WillImport} importable): {string.Join(" ", _plan.Rows.SelectMany(r => r.Problems).Distinct().Take(3))}");
        }
    }

    [Benchmark]
    public ImportPlan PreviewCsv() => Preview("findings.csv", _csv);

    [Benchmark]
    public ImportPlan PreviewXlsx() => Preview("findings.xlsx", _xlsx);

    [IterationSetup(Target = nameof(ImportOnSqlite))]
    public void NewDatabase()
    {
        _folder = Path.Combine(Path.GetTempPath(), "consultations-import-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _database = new SqliteDatabase(Path.Combine(_folder, "bench.db"));
        _database.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        new SqliteProgrammeStore(_database).CreateAsync(_programme).GetAwaiter().GetResult();
        new SqliteConsultationStore(_database).CreateAsync(_consultation).GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<ImportResult> ImportOnSqlite()
    {
        var result = await new NoteImporter(new SqliteNoteStore(_database), new SqliteBulkStore(_database), TimeProvider.System)
            .ImportAsync(_plan, _programme, _consultation, Facilitator, null, CancellationToken.None);
        return result.Created == Rows ? result : throw new InvalidOperationException($"Imported {result.Created} of {Rows}.");
    }

    [IterationCleanup(Target = nameof(ImportOnSqlite))]
    public void DropDatabase()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private ImportPlan Preview(string name, byte[] content)
    {
        var document = ImportFiles.Read(name, content);
        return ImportPlanner.Plan(document, new ImportContext(_programme, _consultation, null, text => _guard.Check(text), _suggester, ImportExisting.None));
    }

    /// <summary>Rows as a programme's findings sheet has them: a session, the note (about one in ten names a participant), a kind, a group, and themes on half of them.</summary>
    private static List<string[]> Spreadsheet()
    {
        var notes = SyntheticNotes.Generate(Rows);
        var register = SyntheticConsultation.Register(500);
        string[] sessions = ["Plenary 1", "Plenary 2", "Plenary 3", "Plenary 4"];
        string[] kinds = ["finding", "recommendation", "challenge", "quote"];
        string[] groups = ["government", "civil-society", "academia", "Other private sector", ""];
        return
        [
            .. notes.Select((note, i) => new[]
            {
                sessions[i % sessions.Length],
                i % 10 == 3 ? $"{register[i % register.Count].Name} noted that {note.Text}" : note.Text,
                kinds[i % kinds.Length],
                groups[i % groups.Length],
                i % 2 == 0 ? note.Theme ?? string.Empty : string.Empty,
            }),
        ];
    }

    private static byte[] Csv(List<string[]> rows)
    {
        var csv = new StringBuilder("session,text,kind,stakeholder_group,themes\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row.Select(v => "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")).Append('\n');
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static byte[] Xlsx(List<string[]> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(["session", "text", "kind", "stakeholder_group", "themes"]));
            foreach (var row in rows)
            {
                data.Append(Row(row));
            }

            sheet.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Findings" }));
        }

        return stream.ToArray();

        static Row Row(string[] values) => new([.. values.Select(v => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(v) { Space = SpaceProcessingModeValues.Preserve }) })]);
    }
}
