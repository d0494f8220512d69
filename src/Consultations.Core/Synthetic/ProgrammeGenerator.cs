using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Consultations.Core.Demo;
using Consultations.Core.Domain;
using Consultations.Core.Guard;

namespace Consultations.Core.Synthetic;

/// <summary>What to generate: a programme id, how many notes and countries, and the seed that fixes everything else.</summary>
public sealed record GeneratorOptions(string ProgrammeId, int Notes, int Countries, int Seed)
{
    public const int MaxNotes = 1_000_000;

    // Note ids are "{programme}-{country}-{number}" and must stay within Ids.MaxLength.
    public const int MaxProgrammeIdLength = 40;

    public const string DefaultProgrammeId = "generated";

    public const int DefaultCountries = 10;

    public const int DefaultSeed = 1;

    public static int MaxCountries => CountryProfiles.All.Count;

    /// <summary>What is wrong with these options, one message per problem; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Ids.IsValid(ProgrammeId) || ProgrammeId.Length > MaxProgrammeIdLength)
        {
            problems.Add($"--programme must be 1 to {MaxProgrammeIdLength} lower-case letters, digits and dashes; \"{ProgrammeId}\" is not.");
        }

        if (Countries < 1 || Countries > MaxCountries)
        {
            problems.Add($"--countries must be between 1 and {MaxCountries} (the countries the generator knows); it was {Countries}.");
        }

        if (Notes < 1 || Notes > MaxNotes)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"--notes must be between 1 and {MaxNotes:N0}; it was {Notes:N0}."));
        }
        else if (Countries >= 1 && Countries <= MaxCountries && Notes < Countries)
        {
            problems.Add($"--notes must be at least --countries ({Countries}), so every consultation has a note; it was {Notes}.");
        }

        return problems;
    }
}

/// <summary>One generated country consultation: its agenda, register and notes, and how many drafts had a register name planted.</summary>
public sealed record GeneratedConsultation(Consultation Consultation, ParticipantRegister Register, IReadOnlyList<Note> Notes, int PlantedDrafts);

/// <summary>
/// Generates a realistic programme for load tests and demonstrations (the <c>generate</c> command): the demo's theme
/// taxonomy, one consultation per country (<see cref="CountryProfiles"/>) with an on-the-record opening, Chatham House
/// plenaries per theme and off-the-record closed sessions, a participant register in the country's naming traditions,
/// and notes of every kind, theme and stakeholder group. About 5 % of the notes are off the record (never published)
/// and 15 % drafts or submitted; the rest are published. Every note passes the attribution guard against its register,
/// except a tenth of the drafts, which have a participant's name or organisation planted on purpose.
/// Pure and deterministic: the same options give the same documents (ETags and participants' internal ids aside),
/// and each consultation can be generated on its own, in any order.
/// </summary>
public sealed class ProgrammeGenerator
{
    /// <summary>How a generated programme's description starts; only such a programme may be replaced by another run.</summary>
    public const string Marker = "Synthetic data written by the generate command.";

    public const double OffTheRecordShare = 0.05;
    public const double OpeningShare = 0.03;
    public const double UnpublishedShare = 0.15;
    public const double PlantedDraftShare = 0.10;

    // Of the unpublished notes in open sessions, the share still drafts (the rest await review); off the record, the same.
    private const double DraftShare = 0.4;

    // A sentence that trips the guard is drawn again; so many misses in a row would mean the vocabulary itself names someone.
    private const int MaxAttempts = 50;

    private const int NotesPerPlenary = 300;
    private const int MaxPlenaries = 34;

    private static readonly DateTimeOffset ProgrammeCreated = new(2025, 1, 6, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly DateOnly FirstConsultation = new(2025, 2, 3);
    // Busy days run two tracks: the last two slots repeat a morning and an afternoon start.
    private static readonly TimeOnly[] SlotStarts = [new(9, 0), new(10, 45), new(13, 30), new(15, 15), new(9, 0), new(13, 30)];
    private static readonly NoteKind[] Kinds = [NoteKind.Finding, NoteKind.Recommendation, NoteKind.Challenge, NoteKind.Quote];
    private static readonly int[] KindWeights = [40, 25, 22, 13];
    private static readonly string[] CoChairGroups = ["government", "international"];

    private readonly GuardKey _guardKey;
    private readonly Dictionary<string, string> _topicLabels;

    public ProgrammeGenerator(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        Options = options;

        // The check only compares hashes made with one key, so any key finds the same words; one from the seed keeps runs identical.
        _guardKey = new GuardKey(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"generate:{options.Seed}"))));
        Profiles = [.. CountryProfiles.All.Take(options.Countries)];

        // Sub-theme labels as a sentence uses them: "incentives", but "ISO/IEC 27001" and "SME constraints" keep their capitals.
        _topicLabels = ThemeTaxonomy.Default.Themes
            .SelectMany(t => t.SubThemes.Select(s => (Ref: t.SubThemeRef(s), s.Label)))
            .ToDictionary(x => x.Ref, x => x.Label.Length > 1 && char.IsUpper(x.Label[1]) ? x.Label : char.ToLowerInvariant(x.Label[0]) + x.Label[1..], StringComparer.Ordinal);
        var description = string.Create(CultureInfo.InvariantCulture, $"{Marker} Seed {options.Seed}: {options.Countries} country consultations and {options.Notes:N0} notes on cyber capacity. Every person and organisation in it is invented.");
        Programme = Programme.Create(
            options.ProgrammeId,
            string.Create(CultureInfo.InvariantCulture, $"Synthetic programme '{options.ProgrammeId}' ({options.Notes:N0} notes)"),
            description,
            "An invented funder",
            DemoPersonas.Administrator.ToActor().Ref,
            ProgrammeCreated);
    }

    public GeneratorOptions Options { get; }

    public Programme Programme { get; }

    public IReadOnlyList<CountryProfile> Profiles { get; }

    public static bool IsGenerated(Programme programme)
    {
        ArgumentNullException.ThrowIfNull(programme);
        return programme.Description.StartsWith(Marker, StringComparison.Ordinal);
    }

    public static string ConsultationId(string programmeId, string countryCode) => $"{programmeId}-{countryCode.ToLowerInvariant()}";

    /// <summary>How many notes the consultation at <paramref name="index"/> gets: an even share, the first ones taking the remainder.</summary>
    public int NotesFor(int index) => Options.Notes / Options.Countries + (index < Options.Notes % Options.Countries ? 1 : 0);

    /// <summary>The consultation of the country at <paramref name="index"/> with its register and notes; uses every core when the note count is large.</summary>
    public GeneratedConsultation Generate(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Profiles.Count);
        var profile = Profiles[index];
        var random = new Random(Seed(Options.Seed, index, -1));
        var noteCount = NotesFor(index);
        var consultation = BuildConsultation(index, profile, noteCount, random);
        var register = BuildRegister(consultation, profile, random);
        consultation.UpdateDetails(
            new ConsultationDetails(consultation.CountryCode, consultation.City, consultation.Venue, consultation.StartDate, consultation.EndDate, consultation.Format, consultation.DisclosureRule, CoChairs(register)),
            consultation.CreatedBy,
            consultation.CreatedAt);
        var slots = Slots(consultation, noteCount, random);

        var threshold = Programme.SmallGroupThreshold;
        var groupCounts = register.GroupCounts();
        var guard = new AttributionGuard(GuardRegister.Compile(register.Participants, _guardKey, threshold), _guardKey, threshold);
        var groups = new List<(string Key, int Count)>(groupCounts.Where(g => g.Value > 0).Select(g => (g.Key, g.Value)).OrderBy(g => g.Key, StringComparer.Ordinal));
        var context = new SyntheticContext(
            profile,
            consultation.Country.InSentence,
            [.. groups.Where(g => g.Count >= threshold && SyntheticTopics.GroupPeople.ContainsKey(g.Key)).Select(g => SyntheticTopics.GroupPeople[g.Key])],
            _topicLabels);

        var notes = new Note[noteCount];
        var planted = new bool[noteCount];
        Parallel.For(0, noteCount, new ParallelOptions { MaxDegreeOfParallelism = noteCount < 2_000 ? 1 : Environment.ProcessorCount }, i =>
        {
            (notes[i], planted[i]) = BuildNote(index, i, consultation, register, slots[i], groups, guard, groupCounts, context);
        });

        return new GeneratedConsultation(consultation, register, notes, planted.Count(p => p));
    }

    private Consultation BuildConsultation(int index, CountryProfile profile, int noteCount, Random random)
    {
        var admin = DemoPersonas.Administrator.ToActor().Ref;
        var start = FirstConsultation.AddDays(index * 35 + random.Next(10));
        var days = random.Next(2, 4);
        var city = profile.Cities[0];
        var venue = random.Next(3) switch
        {
            0 => $"A hotel conference centre in {city}",
            1 => $"A university convention hall in {city}",
            _ => $"The national convention centre, {city}",
        };
        var details = new ConsultationDetails(
            profile.Code,
            city,
            venue,
            start,
            start.AddDays(days - 1),
            random.Next(5) == 0 ? ConsultationFormat.Hybrid : ConsultationFormat.InPerson,
            DisclosureRule.ChathamHouse,
            []);
        var created = new DateTimeOffset(start.AddDays(-21).ToDateTime(new TimeOnly(10, 0)), profile.UtcOffset);
        var consultation = Consultation.Create(ConsultationId(Options.ProgrammeId, profile.Code), Programme.Id, details, admin, created);

        var taxonomy = Programme.Taxonomy;
        var themes = taxonomy.ActiveThemes.Select(t => t.Key).ToList();
        var plenaries = Math.Clamp((noteCount + NotesPerPlenary - 1) / NotesPerPlenary, themes.Count, MaxPlenaries);
        var closed = Math.Max(1, (plenaries + 4) / 8);
        consultation.AddSession("opening", "Opening and national priorities", [], DisclosureRule.OnTheRecord, taxonomy, admin, created);

        // Closed sessions sit among the plenaries (after every eighth or so), as a programme would schedule them.
        var every = Math.Max(1, plenaries / closed);
        for (int p = 0, c = 0; p < plenaries; p++)
        {
            var theme = themes[p % themes.Count];
            var titles = SyntheticTopics.SessionTitles[theme];
            var round = p / themes.Count;
            var title = titles[round % titles.Length] + (round >= titles.Length ? $" ({round / titles.Length + 1})" : string.Empty);
            var sessionThemes = random.Next(5) == 0 ? new[] { theme, themes[(p + 1 + random.Next(themes.Count - 1)) % themes.Count] } : [theme];
            consultation.AddSession($"plenary-{p + 1}", title, sessionThemes, DisclosureRule.ChathamHouse, taxonomy, admin, created);
            if (c < closed && (p + 1) % every == 0)
            {
                var closedTheme = themes[(c + index) % themes.Count];
                consultation.AddSession($"closed-{c + 1}", SyntheticTopics.ClosedSessionTitles[c % SyntheticTopics.ClosedSessionTitles.Length], [closedTheme], DisclosureRule.OffTheRecord, taxonomy, admin, created);
                c++;
            }
        }

        var rapporteur = index % 2 == 0 ? DemoPersonas.Facilitator : DemoPersonas.SecondFacilitator;
        consultation.AssignFacilitator(rapporteur.ToActor().Ref, isLead: false, admin, created);
        consultation.AssignFacilitator(DemoPersonas.LeadFacilitator.ToActor().Ref, isLead: true, admin, created);
        return consultation;
    }

    private static ParticipantRegister BuildRegister(Consultation consultation, CountryProfile profile, Random random)
    {
        var lead = DemoPersonas.LeadFacilitator.ToActor().Ref;
        var register = ParticipantRegister.Create(consultation, lead, consultation.CreatedAt);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<ParticipantEntry>();
        foreach (var group in SyntheticOrganisations.Groups)
        {
            // Every group large enough to hide in (k = 3), except that armed forces send one or two people to some consultations.
            var size = group.Key == "armed-forces" && random.Next(2) == 0 ? random.Next(1, 3) : random.Next(group.Min, group.Max + 1);
            var organisations = SyntheticOrganisations.For(group.Key, profile);
            for (var i = 0; i < size; i++)
            {
                var tradition = group.Key == "international" && random.Next(10) < 7 ? NamingTradition.Western : Tradition(random, profile);
                string name;
                do
                {
                    name = SyntheticNames.Person(random, tradition, profile.LocalGiven, profile.LocalFamily);
                }
                while (!names.Add(name));

                entries.Add(new ParticipantEntry(name, organisations[random.Next(organisations.Count)], group.Key, group.Roles[random.Next(group.Roles.Length)]));
            }
        }

        register.AddRange(entries, lead, consultation.CreatedAt);
        return register;
    }

    private static NamingTradition Tradition(Random random, CountryProfile profile)
    {
        var roll = random.Next(profile.Names.Sum(n => n.Weight));
        foreach (var (tradition, weight) in profile.Names)
        {
            if (roll < weight)
            {
                return tradition;
            }

            roll -= weight;
        }

        return profile.Names[^1].Tradition;
    }

    /// <summary>The first government participant and the first international one chair the consultation together.</summary>
    private static List<CoChair> CoChairs(ParticipantRegister register) =>
    [
        .. CoChairGroups
            .Select(g => register.Participants.FirstOrDefault(p => p.StakeholderGroup == g))
            .OfType<Participant>()
            .Select(p => new CoChair(p.Name, p.Role ?? string.Empty)),
    ];

    /// <summary>Where each note goes (session and position in it) and its status: exact shares, shuffled with the seed.</summary>
    private static NoteSlot[] Slots(Consultation consultation, int noteCount, Random random)
    {
        var opening = consultation.Sessions.Where(s => s.DisclosureRule == DisclosureRule.OnTheRecord).ToList();
        var plenaries = consultation.Sessions.Where(s => s.DisclosureRule == DisclosureRule.ChathamHouse).ToList();
        var closed = consultation.Sessions.Where(s => s.DisclosureRule == DisclosureRule.OffTheRecord).ToList();
        var offRecord = (int)Math.Round(noteCount * OffTheRecordShare, MidpointRounding.AwayFromZero);
        var openingNotes = Math.Min(noteCount - offRecord, (int)Math.Round(noteCount * OpeningShare, MidpointRounding.AwayFromZero));
        var plenaryNotes = noteCount - offRecord - openingNotes;

        var sessions = new List<(Session Session, int Count)>();
        Spread(opening, openingNotes, sessions);
        Spread(plenaries, plenaryNotes, sessions);
        Spread(closed, offRecord, sessions);

        // Statuses of the notes in publishable sessions: the unpublished share of all notes, the rest published.
        var publishable = openingNotes + plenaryNotes;
        var unpublished = Math.Min(publishable, (int)Math.Round(noteCount * UnpublishedShare, MidpointRounding.AwayFromZero));
        var drafts = (int)Math.Round(unpublished * DraftShare, MidpointRounding.AwayFromZero);
        var open = new NoteStatus[publishable];
        Array.Fill(open, NoteStatus.Published);
        Array.Fill(open, NoteStatus.Draft, 0, drafts);
        Array.Fill(open, NoteStatus.Submitted, drafts, unpublished - drafts);
        random.Shuffle(open);
        var closedStatuses = new NoteStatus[offRecord];
        Array.Fill(closedStatuses, NoteStatus.Submitted);
        Array.Fill(closedStatuses, NoteStatus.Draft, 0, (int)Math.Round(offRecord * DraftShare, MidpointRounding.AwayFromZero));
        random.Shuffle(closedStatuses);

        var slots = new NoteSlot[noteCount];
        int next = 0, nextOpen = 0, nextClosed = 0;
        var days = consultation.EndDate.DayNumber - consultation.StartDate.DayNumber + 1;
        var perDay = (consultation.Sessions.Count + days - 1) / days;
        var positions = consultation.Sessions.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        foreach (var (session, count) in sessions)
        {
            // Several tracks a day once there are more sessions than slots; each session fills its slot's 80 minutes.
            var position = positions[session.Id];
            var start = consultation.StartDate.AddDays(position / perDay).ToDateTime(SlotStarts[position % perDay % SlotStarts.Length]);
            for (var j = 0; j < count; j++)
            {
                var status = session.DisclosureRule == DisclosureRule.OffTheRecord ? closedStatuses[nextClosed++] : open[nextOpen++];

                // Spread over the session's 80 minutes in writing order.
                slots[next++] = new NoteSlot(session, start.AddSeconds(60 + (long)j * 4_800 / count), status);
            }
        }

        return slots;
    }

    private static void Spread(List<Session> sessions, int notes, List<(Session, int)> into)
    {
        for (var i = 0; i < sessions.Count; i++)
        {
            into.Add((sessions[i], notes / sessions.Count + (i < notes % sessions.Count ? 1 : 0)));
        }
    }

    private (Note Note, bool Planted) BuildNote(
        int consultationIndex,
        int index,
        Consultation consultation,
        ParticipantRegister register,
        NoteSlot slot,
        List<(string Key, int Count)> groups,
        AttributionGuard guard,
        IReadOnlyDictionary<string, int> groupCounts,
        SyntheticContext context)
    {
        var random = new Random(Seed(Options.Seed, consultationIndex, index));
        var session = slot.Session;
        var taxonomy = Programme.Taxonomy;
        var planted = slot.Status == NoteStatus.Draft && random.NextDouble() < PlantedDraftShare;

        NoteContent content;
        if (session.DisclosureRule == DisclosureRule.OnTheRecord)
        {
            var themes = random.Next(3) == 0 ? new[] { Pick(random, taxonomy.ActiveThemes.ToList()).Key } : [];
            content = new NoteContent(Clean(guard, groupCounts, () => SyntheticNoteText.Opening(random, context), planted), NoteKind.Finding, null, themes, []);
        }
        else
        {
            var theme = taxonomy.Find(session.Themes[random.Next(session.Themes.Count)])!;
            var topics = SyntheticTopics.All.Where(t => t.ThemeKey == theme.Key).ToList();
            var topic = Pick(random, topics);
            var kind = Kind(random);
            var subThemes = new List<string> { $"{theme.Key}/{topic.SubKey}" };
            if (random.Next(5) == 0)
            {
                subThemes.Add($"{theme.Key}/{Pick(random, topics).SubKey}");
            }

            var themes = new List<string> { theme.Key };
            if (random.Next(7) == 0)
            {
                themes.Add(Pick(random, taxonomy.ActiveThemes.Where(t => t.Key != theme.Key).ToList()).Key);
            }

            var group = random.Next(8) == 0 ? null : Group(random, groups);
            content = new NoteContent(Clean(guard, groupCounts, () => SyntheticNoteText.Compose(random, kind, topic, topics, context), planted), kind, group, themes, [.. subThemes.Distinct(StringComparer.Ordinal)]);
        }

        if (planted)
        {
            content = content with { Text = Plant(random, register, content.Text) };
        }

        var rapporteur = consultation.Facilitators.First(f => !f.IsLead);
        var lead = consultation.Facilitators.First(f => f.IsLead);
        var at = new DateTimeOffset(slot.At, context.Profile.UtcOffset);
        var note = Note.Create(Programme, consultation, session, content, new UserRef(rapporteur.UserId, rapporteur.Name), at, $"{consultation.Id}-{index + 1:D6}");
        if (slot.Status != NoteStatus.Draft)
        {
            note.Submit(new UserRef(rapporteur.UserId, rapporteur.Name), at.AddHours(2));
        }

        if (slot.Status == NoteStatus.Published)
        {
            note.Publish(session, new UserRef(lead.UserId, lead.Name), new DateTimeOffset(consultation.EndDate.AddDays(3).ToDateTime(new TimeOnly(10, 0)), context.Profile.UtcOffset).AddSeconds(index));
        }

        return (note, planted);
    }

    /// <summary>A text the guard finds nothing in (drawn again until it is); a draft that will get a planted name is not checked.</summary>
    private static string Clean(AttributionGuard guard, IReadOnlyDictionary<string, int> groupCounts, Func<string> compose, bool planted)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var text = compose();
            if (planted || guard.Check(text, groupCounts).Count == 0)
            {
                return text;
            }
        }

        // Reaching this means a sentence of the vocabulary names someone in the register every time: a generator bug.
        throw new InvalidOperationException($"The generator could not write a note the attribution guard finds nothing in after {MaxAttempts} attempts.");
    }

    /// <summary>A participant's name or organisation at the start of a draft, in the forms notes use.</summary>
    private static string Plant(Random random, ParticipantRegister register, string text)
    {
        var participant = register.Participants[random.Next(register.Participants.Count)];
        var lowered = char.ToLowerInvariant(text[0]) + text[1..];
        return random.Next(2) == 0 || participant.Organisation.Length == 0
            ? $"{participant.Name} said that {lowered}"
            : $"Speaking for {SyntheticOrganisations.ShortName(participant.Organisation)}, one participant added: {text}";
    }

    private static NoteKind Kind(Random random)
    {
        var roll = random.Next(100);
        for (var i = 0; i < Kinds.Length; i++)
        {
            if (roll < KindWeights[i])
            {
                return Kinds[i];
            }

            roll -= KindWeights[i];
        }

        return NoteKind.Finding;
    }

    /// <summary>A speaker's group, in proportion to the group's people in the register.</summary>
    private static string? Group(Random random, List<(string Key, int Count)> groups)
    {
        var total = groups.Sum(g => g.Count);
        if (total == 0)
        {
            return null;
        }

        var roll = random.Next(total);
        foreach (var (key, count) in groups)
        {
            if (roll < count)
            {
                return key;
            }

            roll -= count;
        }

        return groups[^1].Key;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    /// <summary>A seed for one consultation (<paramref name="note"/> = -1) or one of its notes: independent streams, the same on every machine.</summary>
    private static int Seed(int seed, int consultation, int note)
    {
        var x = SplitMix((ulong)(uint)seed);
        x = SplitMix(x ^ (ulong)(uint)consultation);
        x = SplitMix(x ^ (ulong)(uint)note);
        return (int)(x & int.MaxValue);
    }

    private static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private readonly record struct NoteSlot(Session Session, DateTime At, NoteStatus Status);
}
