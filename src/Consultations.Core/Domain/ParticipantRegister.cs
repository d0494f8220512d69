namespace Consultations.Core.Domain;

/// <summary>
/// A person who attended. Restricted: only the consultation's facilitators and administrators ever see
/// these entries; they exist so the attribution guard can protect the people in them.
/// </summary>
public sealed record Participant(string Id, string Name, string Organisation, string? StakeholderGroup, string? Role);

/// <summary>The participant register of one consultation.</summary>
public sealed class ParticipantRegister
{
    public const int MaxParticipants = 2_000;
    public const int MaxFieldLength = 200;

    private ParticipantRegister()
    {
    }

    public string ConsultationId { get; private set; } = string.Empty;

    public string ProgrammeId { get; private set; } = string.Empty;

    public IReadOnlyList<Participant> Participants { get; private set; } = [];

    public DateTimeOffset UpdatedAt { get; private set; }

    public UserRef UpdatedBy { get; private set; } = UserRef.System;

    /// <summary>Opaque concurrency token owned by the store: set on every read and write.</summary>
    public string? ETag { get; set; }

    public static ParticipantRegister Create(Consultation consultation, UserRef by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        return new ParticipantRegister
        {
            ConsultationId = consultation.Id,
            ProgrammeId = consultation.ProgrammeId,
            UpdatedAt = at,
            UpdatedBy = by,
        };
    }

    public Participant Add(string name, string organisation, string? stakeholderGroup, string? role, UserRef by, DateTimeOffset at)
    {
        if (Participants.Count >= MaxParticipants)
        {
            throw new DomainRuleException($"A register can hold at most {MaxParticipants:N0} participants.");
        }

        var participant = Valid(new Participant(Ids.New(), name, organisation, stakeholderGroup, role));
        Participants = [.. Participants, participant];
        Touch(by, at);
        return participant;
    }

    public void Update(Participant participant, UserRef by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(participant);
        if (Participants.All(p => p.Id != participant.Id))
        {
            throw new DomainRuleException("That participant is no longer in the register.");
        }

        var valid = Valid(participant);
        Participants = [.. Participants.Select(p => p.Id == valid.Id ? valid : p)];
        Touch(by, at);
    }

    public void Remove(string participantId, UserRef by, DateTimeOffset at)
    {
        Participants = [.. Participants.Where(p => p.Id != participantId)];
        Touch(by, at);
    }

    private static Participant Valid(Participant participant)
    {
        var name = (participant.Name ?? string.Empty).Trim();
        var organisation = (participant.Organisation ?? string.Empty).Trim();
        if (name.Length is 0 or > MaxFieldLength)
        {
            throw new DomainRuleException($"A participant needs a name of 1 to {MaxFieldLength} characters.");
        }

        if (organisation.Length > MaxFieldLength || participant.Role?.Length > MaxFieldLength)
        {
            throw new DomainRuleException($"Organisation and role can be at most {MaxFieldLength} characters.");
        }

        return participant with
        {
            Name = name,
            Organisation = organisation,
            StakeholderGroup = string.IsNullOrWhiteSpace(participant.StakeholderGroup) ? null : participant.StakeholderGroup.Trim(),
            Role = string.IsNullOrWhiteSpace(participant.Role) ? null : participant.Role.Trim(),
        };
    }

    private void Touch(UserRef by, DateTimeOffset at)
    {
        UpdatedAt = at;
        UpdatedBy = by;
    }
}
