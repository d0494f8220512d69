using System.Text.Json;
using Consultations.Core.Domain;
using Consultations.Core.Storage;

namespace Consultations.Core.Demo;

public sealed record DemoSeedResult(bool ProgrammeCreated, int ConsultationsCreated, int RegistersCreated, int NotesCreated)
{
    public bool NothingToDo => !ProgrammeCreated && ConsultationsCreated == 0 && RegistersCreated == 0 && NotesCreated == 0;
}

/// <summary>
/// Writes the demo programme (four country consultations, their registers and notes) into any store.
/// Ids are fixed, so seeding is idempotent and resumes where an interrupted run stopped.
/// </summary>
public sealed class DemoSeeder(
    IProgrammeStore programmes,
    IConsultationStore consultations,
    INoteStore notes,
    IParticipantRegisterStore registers)
{
    public const string ProgrammeId = "demo";

    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The demo data set as shipped in the assembly.</summary>
    public static DemoData LoadData()
    {
        using var stream = typeof(DemoSeeder).Assembly.GetManifestResourceStream("Consultations.Core.Demo.demo-programme.json")
            ?? throw new InvalidOperationException("The demo data resource is missing from the build.");
        return JsonSerializer.Deserialize<DemoData>(stream, ReadOptions)
            ?? throw new InvalidOperationException("The demo data resource is empty.");
    }

    public static string ConsultationIdFor(string countryCode) => $"{ProgrammeId}-{countryCode.ToLowerInvariant()}";

    public async Task<DemoSeedResult> SeedAsync(CancellationToken cancellationToken = default)
    {
        var data = LoadData();
        var lead = DemoPersonas.LeadFacilitator;
        var createdAt = new DateTimeOffset(2023, 1, 16, 9, 0, 0, TimeSpan.FromHours(8));

        var programmeCreated = false;
        var programme = await programmes.GetAsync(ProgrammeId, cancellationToken);
        if (programme is null)
        {
            programme = Programme.Create(ProgrammeId, data.Programme.Name, data.Programme.Description, data.Programme.Funder, DemoPersonas.Administrator.ToActor().Ref, createdAt);
            programme = await programmes.CreateAsync(programme, cancellationToken);
            programmeCreated = true;
        }

        int consultationsCreated = 0, registersCreated = 0, notesCreated = 0;
        foreach (var item in data.Consultations)
        {
            var consultationId = ConsultationIdFor(item.Country);
            var consultation = await consultations.GetAsync(ProgrammeId, consultationId, cancellationToken);
            if (consultation is null)
            {
                consultation = BuildConsultation(programme, consultationId, item, createdAt);
                consultation = await consultations.CreateAsync(consultation, cancellationToken);
                consultationsCreated++;
            }

            if (await registers.GetAsync(consultationId, cancellationToken) is null)
            {
                var register = ParticipantRegister.Create(consultation, lead.ToActor().Ref, createdAt);
                if (item.Register.Count > 0)
                {
                    register.AddRange([.. item.Register.Select(p => new ParticipantEntry(p.Name, p.Organisation, p.StakeholderGroup, p.Role))], lead.ToActor().Ref, createdAt);
                }

                await registers.SaveAsync(register, cancellationToken);
                registersCreated++;
            }

            notesCreated += await SeedNotesAsync(programme, consultation, item, cancellationToken);
        }

        return new DemoSeedResult(programmeCreated, consultationsCreated, registersCreated, notesCreated);
    }

    private static Consultation BuildConsultation(Programme programme, string consultationId, DemoConsultation item, DateTimeOffset at)
    {
        var admin = DemoPersonas.Administrator.ToActor().Ref;
        var details = new ConsultationDetails(
            item.Country,
            item.City,
            item.Venue,
            DateOnly.Parse(item.StartDate, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(item.EndDate, System.Globalization.CultureInfo.InvariantCulture),
            ConsultationFormat.InPerson,
            DisclosureRule.ChathamHouse,
            [.. item.CoChairs.Select(c => new CoChair(c.Name, c.Role))]);
        var consultation = Consultation.Create(consultationId, programme.Id, details, admin, at);
        for (var i = 0; i < item.Sessions.Count; i++)
        {
            var session = item.Sessions[i];
            consultation.AddSession(SessionId(i, session), session.Title, session.Themes, ParseRule(session.DisclosureRule), programme.Taxonomy, admin, at);
        }

        var rapporteur = RapporteurFor(item.Country);
        consultation.AssignFacilitator(rapporteur.ToActor().Ref, isLead: false, admin, at);
        consultation.AssignFacilitator(DemoPersonas.LeadFacilitator.ToActor().Ref, isLead: true, admin, at);
        return consultation;
    }

    private async Task<int> SeedNotesAsync(Programme programme, Consultation consultation, DemoConsultation item, CancellationToken cancellationToken)
    {
        var created = 0;
        var rapporteur = RapporteurFor(item.Country).ToActor().Ref;
        var lead = DemoPersonas.LeadFacilitator.ToActor().Ref;
        var offset = UtcOffsetFor(item.Country);
        var day = DateOnly.Parse(item.StartDate, System.Globalization.CultureInfo.InvariantCulture);

        for (var s = 0; s < item.Sessions.Count; s++)
        {
            var sessionData = item.Sessions[s];
            var session = consultation.FindSession(SessionId(s, sessionData))
                ?? throw new InvalidOperationException($"Demo session {s} of {consultation.Id} is missing.");
            var existing = (await notes.ListBySessionAsync(consultation.Id, session.Id, cancellationToken)).Select(n => n.Id).ToHashSet();
            var sessionStart = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), offset).AddMinutes(75 * s);

            for (var n = 0; n < sessionData.Notes.Count; n++)
            {
                var noteId = $"{consultation.Id}-{session.Id}-{n + 1:00}";
                if (existing.Contains(noteId))
                {
                    continue;
                }

                var data = sessionData.Notes[n];
                var at = sessionStart.AddMinutes(4 * n + 2);
                var content = new NoteContent(data.Text, ParseKind(data.Kind), data.StakeholderGroup, data.Themes, data.SubThemes);
                var note = Note.Create(programme, consultation, session, content, rapporteur, at, noteId);
                var status = ParseStatus(data.Status);
                if (status != NoteStatus.Draft || data.ReturnReason is not null)
                {
                    note.Submit(rapporteur, at.AddHours(3));
                }

                if (data.ReturnReason is not null)
                {
                    note.ReturnToDraft(lead, at.AddDays(1), data.ReturnReason);
                }

                if (status == NoteStatus.Published)
                {
                    note.Publish(session, lead, at.AddDays(2));
                }

                await notes.CreateAsync(note, cancellationToken);
                created++;
            }
        }

        return created;
    }

    private static string SessionId(int index, DemoSession session) =>
        index == 0 ? "opening" : session.DisclosureRule == "off-the-record" ? $"closed-{index}" : $"plenary-{index}";

    private static DemoPersona RapporteurFor(string country) =>
        country is "PH" or "ID" ? DemoPersonas.Facilitator : DemoPersonas.SecondFacilitator;

    private static TimeSpan UtcOffsetFor(string country) =>
        country is "PH" or "MY" ? TimeSpan.FromHours(8) : TimeSpan.FromHours(7);

    private static DisclosureRule ParseRule(string value) => value switch
    {
        "on-the-record" => DisclosureRule.OnTheRecord,
        "chatham-house" => DisclosureRule.ChathamHouse,
        "off-the-record" => DisclosureRule.OffTheRecord,
        _ => throw new InvalidOperationException($"Unknown disclosure rule in demo data: {value}"),
    };

    private static NoteKind ParseKind(string value) => value switch
    {
        "finding" => NoteKind.Finding,
        "recommendation" => NoteKind.Recommendation,
        "challenge" => NoteKind.Challenge,
        "quote" => NoteKind.Quote,
        _ => throw new InvalidOperationException($"Unknown note kind in demo data: {value}"),
    };

    private static NoteStatus ParseStatus(string value) => value switch
    {
        "draft" => NoteStatus.Draft,
        "submitted" => NoteStatus.Submitted,
        "published" => NoteStatus.Published,
        _ => throw new InvalidOperationException($"Unknown note status in demo data: {value}"),
    };
}

#pragma warning disable CA1812 // Instantiated by the JSON deserializer.
public sealed record DemoData(DemoProgrammeInfo Programme, IReadOnlyList<DemoConsultation> Consultations);

public sealed record DemoProgrammeInfo(string Name, string Description, string Funder);

public sealed record DemoConsultation(
    string Country,
    string City,
    string StartDate,
    string EndDate,
    string Format,
    string? Venue,
    IReadOnlyList<DemoCoChair> CoChairs,
    IReadOnlyList<DemoParticipant> Register,
    IReadOnlyList<DemoSession> Sessions);

public sealed record DemoCoChair(string Name, string Role);

public sealed record DemoParticipant(string Name, string Organisation, string? StakeholderGroup, string? Role);

public sealed record DemoSession(string Title, string DisclosureRule, IReadOnlyList<string> Themes, IReadOnlyList<DemoNote> Notes);

/// <summary>A demo note; <paramref name="ReturnReason"/> makes a draft one the lead facilitator sent back to its author.</summary>
public sealed record DemoNote(string Kind, string? StakeholderGroup, IReadOnlyList<string> Themes, IReadOnlyList<string> SubThemes, string Status, string Text, string? ReturnReason = null);
#pragma warning restore CA1812
