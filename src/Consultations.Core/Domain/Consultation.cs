namespace Consultations.Core.Domain;

/// <summary>A plenary or opening segment; every note belongs to one.</summary>
public sealed record Session(string Id, string Title, IReadOnlyList<string> Themes, DisclosureRule DisclosureRule)
{
    public const int MaxTitleLength = 160;
}

/// <summary>Co-chairs are people: shown only to those who may see the participant register.</summary>
public sealed record CoChair(string Name, string Role);

/// <summary>A staff member assigned to record or review a consultation's notes.</summary>
public sealed record FacilitatorAssignment(string UserId, string Name, bool IsLead);

/// <summary>One closed-door consultation in one country, with its agenda of sessions.</summary>
public sealed class Consultation
{
    public const int MaxCityLength = 80;
    public const int MaxVenueLength = 200;
    public const int MaxSessions = 40;

    private Consultation()
    {
    }

    public string Id { get; private set; } = string.Empty;

    public string ProgrammeId { get; private set; } = string.Empty;

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string CountryCode { get; private set; } = string.Empty;

    public string City { get; private set; } = string.Empty;

    public string? Venue { get; private set; }

    public DateOnly StartDate { get; private set; }

    public DateOnly EndDate { get; private set; }

    public ConsultationFormat Format { get; private set; }

    /// <summary>The rule new sessions start with.</summary>
    public DisclosureRule DisclosureRule { get; private set; } = DisclosureRule.ChathamHouse;

    public IReadOnlyList<CoChair> CoChairs { get; private set; } = [];

    public IReadOnlyList<FacilitatorAssignment> Facilitators { get; private set; } = [];

    public IReadOnlyList<Session> Sessions { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public UserRef CreatedBy { get; private set; } = UserRef.System;

    public DateTimeOffset UpdatedAt { get; private set; }

    public UserRef UpdatedBy { get; private set; } = UserRef.System;

    /// <summary>Opaque concurrency token owned by the store: set on every read and write.</summary>
    public string? ETag { get; set; }

    public Country Country => Country.FromCode(CountryCode);

    public string Title => $"{Country.Name} — {City}";

    public static Consultation Create(string id, string programmeId, ConsultationDetails details, UserRef by, DateTimeOffset at)
    {
        var consultation = new Consultation
        {
            Id = Programme.ValidId(id),
            ProgrammeId = Programme.ValidId(programmeId),
            CreatedAt = at,
            CreatedBy = by,
        };
        consultation.UpdateDetails(details, by, at);
        return consultation;
    }

    public void UpdateDetails(ConsultationDetails details, UserRef by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (!Country.TryGet(details.CountryCode, out var country))
        {
            throw new DomainRuleException($"\"{details.CountryCode}\" is not an ISO 3166-1 country code.");
        }

        var city = (details.City ?? string.Empty).Trim();
        if (city.Length is 0 or > MaxCityLength)
        {
            throw new DomainRuleException($"A consultation needs a city of 1 to {MaxCityLength} characters.");
        }

        if (details.EndDate < details.StartDate)
        {
            throw new DomainRuleException("The end date cannot be before the start date.");
        }

        var venue = string.IsNullOrWhiteSpace(details.Venue) ? null : details.Venue.Trim();
        if (venue?.Length > MaxVenueLength)
        {
            throw new DomainRuleException($"The venue can be at most {MaxVenueLength} characters.");
        }

        var coChairs = details.CoChairs
            .Select(c => new CoChair(c.Name.Trim(), c.Role.Trim()))
            .Where(c => c.Name.Length > 0)
            .ToList();

        CountryCode = country.Code;
        City = city;
        Venue = venue;
        StartDate = details.StartDate;
        EndDate = details.EndDate;
        Format = details.Format;
        DisclosureRule = details.DisclosureRule;
        CoChairs = coChairs;
        Touch(by, at);
    }

    public Session? FindSession(string sessionId) => Sessions.FirstOrDefault(s => s.Id == sessionId);

    public Session AddSession(string title, IEnumerable<string> themes, DisclosureRule rule, ThemeTaxonomy taxonomy, UserRef by, DateTimeOffset at)
    {
        if (Sessions.Count >= MaxSessions)
        {
            throw new DomainRuleException($"A consultation can have at most {MaxSessions} sessions.");
        }

        var session = new Session(Ids.New(), ValidTitle(title), ValidThemes(themes, taxonomy), rule);
        Sessions = [.. Sessions, session];
        Touch(by, at);
        return session;
    }

    /// <summary>Adds a session with a chosen id (imports and demo data, where ids must be stable).</summary>
    public Session AddSession(string id, string title, IEnumerable<string> themes, DisclosureRule rule, ThemeTaxonomy taxonomy, UserRef by, DateTimeOffset at)
    {
        if (FindSession(id) is not null)
        {
            throw new DomainRuleException($"This consultation already has a session with id \"{id}\".");
        }

        var session = new Session(Programme.ValidId(id), ValidTitle(title), ValidThemes(themes, taxonomy), rule);
        Sessions = [.. Sessions, session];
        Touch(by, at);
        return session;
    }

    /// <summary>
    /// Changes a session. Tightening the rule is always allowed; loosening it while notes are published
    /// would expose notes taken under a stricter promise, so the caller says whether any are.
    /// </summary>
    public void UpdateSession(string sessionId, string title, IEnumerable<string> themes, DisclosureRule rule, ThemeTaxonomy taxonomy, bool hasPublishedNotes, UserRef by, DateTimeOffset at)
    {
        var existing = FindSession(sessionId) ?? throw new DomainRuleException("That session no longer exists.");
        if (rule == DisclosureRule.OffTheRecord && existing.DisclosureRule != DisclosureRule.OffTheRecord && hasPublishedNotes)
        {
            throw new DomainRuleException("This session has published notes. Return them to review before taking the session off the record.");
        }

        if (Strictness(rule) < Strictness(existing.DisclosureRule) && hasPublishedNotes)
        {
            throw new DomainRuleException("Notes were published under a stricter rule; a session's rule cannot be loosened once notes are published.");
        }

        var updated = existing with { Title = ValidTitle(title), Themes = ValidThemes(themes, taxonomy), DisclosureRule = rule };
        Sessions = [.. Sessions.Select(s => s.Id == sessionId ? updated : s)];
        Touch(by, at);
    }

    /// <summary>Removes a session; the caller must have checked that it has no notes.</summary>
    public void RemoveSession(string sessionId, bool hasNotes, UserRef by, DateTimeOffset at)
    {
        if (hasNotes)
        {
            throw new DomainRuleException("Only a session without notes can be removed.");
        }

        if (FindSession(sessionId) is null)
        {
            throw new DomainRuleException("That session no longer exists.");
        }

        Sessions = [.. Sessions.Where(s => s.Id != sessionId)];
        Touch(by, at);
    }

    public void AssignFacilitator(UserRef user, bool isLead, UserRef by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(user);
        var others = Facilitators.Where(f => f.UserId != user.Id);
        Facilitators = [.. others, new FacilitatorAssignment(user.Id, user.Name, isLead)];
        Touch(by, at);
    }

    public void UnassignFacilitator(string userId, UserRef by, DateTimeOffset at)
    {
        Facilitators = [.. Facilitators.Where(f => f.UserId != userId)];
        Touch(by, at);
    }

    public bool IsFacilitator(string userId) => Facilitators.Any(f => f.UserId == userId);

    public bool IsLeadFacilitator(string userId) => Facilitators.Any(f => f.UserId == userId && f.IsLead);

    private static int Strictness(DisclosureRule rule) => rule switch
    {
        DisclosureRule.OnTheRecord => 0,
        DisclosureRule.ChathamHouse => 1,
        _ => 2,
    };

    private static string ValidTitle(string title)
    {
        title = (title ?? string.Empty).Trim();
        return title.Length is 0 or > Session.MaxTitleLength
            ? throw new DomainRuleException($"A session needs a title of 1 to {Session.MaxTitleLength} characters.")
            : title;
    }

    private static List<string> ValidThemes(IEnumerable<string> themes, ThemeTaxonomy taxonomy)
    {
        var list = themes.Distinct(StringComparer.Ordinal).ToList();
        var unknown = list.Where(t => !taxonomy.ContainsTheme(t)).ToList();
        return unknown.Count > 0
            ? throw new DomainRuleException($"Unknown theme: {string.Join(", ", unknown)}.")
            : list;
    }

    private void Touch(UserRef by, DateTimeOffset at)
    {
        UpdatedAt = at;
        UpdatedBy = by;
    }
}

/// <summary>The editable facts of a consultation.</summary>
public sealed record ConsultationDetails(
    string CountryCode,
    string City,
    string? Venue,
    DateOnly StartDate,
    DateOnly EndDate,
    ConsultationFormat Format,
    DisclosureRule DisclosureRule,
    IReadOnlyList<CoChair> CoChairs);
