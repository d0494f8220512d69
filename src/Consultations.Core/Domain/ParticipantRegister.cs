using System.Globalization;
using Consultations.Core.Guard;
using Consultations.Core.Text;

namespace Consultations.Core.Domain;

/// <summary>
/// A person who attended. Restricted: only the consultation's facilitators and administrators ever see
/// these entries; they exist so the attribution guard can protect the people in them.
/// </summary>
public sealed record Participant(string Id, string Name, string Organisation, string? StakeholderGroup, string? Role);

/// <summary>A participant to add; <see cref="Row"/> says where it came from (a CSV row) so messages can point at it.</summary>
public sealed record ParticipantEntry(string Name, string Organisation, string? StakeholderGroup, string? Role, int? Row = null);

/// <summary>What a change to the register did.</summary>
public enum RegisterAction
{
    Added,
    Updated,
    Removed,
    Imported,
    Purged,
}

/// <summary>One change to a register: who, when, what and to how many participants. Never names, organisations or roles.</summary>
public sealed record RegisterChange(DateTimeOffset At, UserRef By, RegisterAction Action, int Count);

/// <summary>
/// The participant register of one consultation. After the consultation it can be purged: every name,
/// organisation and role is deleted and only the guard's keyed hashes and the group counts remain.
/// </summary>
public sealed class ParticipantRegister
{
    public const int MaxParticipants = 2_000;
    public const int MaxFieldLength = 200;

    private HashSet<string>? _identities;

    private ParticipantRegister()
    {
    }

    public string ConsultationId { get; private set; } = string.Empty;

    public string ProgrammeId { get; private set; } = string.Empty;

    public IReadOnlyList<Participant> Participants { get; private set; } = [];

    public DateTimeOffset UpdatedAt { get; private set; }

    public UserRef UpdatedBy { get; private set; } = UserRef.System;

    /// <summary>What the guard keeps of a purged register (keyed hashes and group counts); null until the register is purged.</summary>
    public GuardRegister? Guard { get; private set; }

    public DateTimeOffset? PurgedAt { get; private set; }

    public UserRef? PurgedBy { get; private set; }

    /// <summary>Every change in the order it was made (append-only).</summary>
    public IReadOnlyList<RegisterChange> History { get; private set; } = [];

    public bool IsPurged => PurgedAt is not null;

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

    /// <summary>Participants per stakeholder group key (those without a group are not counted); after a purge, the counts kept at purge time.</summary>
    public IReadOnlyDictionary<string, int> GroupCounts() =>
        Guard?.GroupCounts ?? Participants
            .Where(p => p.StakeholderGroup is not null)
            .GroupBy(p => p.StakeholderGroup!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public Participant Add(string name, string organisation, string? stakeholderGroup, string? role, UserRef by, DateTimeOffset at) =>
        AddRange([new ParticipantEntry(name, organisation, stakeholderGroup, role)], RegisterAction.Added, by, at)[0];

    /// <summary>Adds many participants at once (an import): all of them, or none with every problem listed by row.</summary>
    public IReadOnlyList<Participant> AddRange(IReadOnlyList<ParticipantEntry> entries, UserRef by, DateTimeOffset at) =>
        AddRange(entries, RegisterAction.Imported, by, at);

    public void Update(Participant participant, UserRef by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(participant);
        EnsureNotPurged();
        if (Participants.All(p => p.Id != participant.Id))
        {
            throw new DomainRuleException("That participant is no longer in the register.");
        }

        var valid = Valid(new ParticipantEntry(participant.Name, participant.Organisation, participant.StakeholderGroup, participant.Role), out var error)
            ?? throw new DomainRuleException(error!);
        var previous = Participants.Single(p => p.Id == participant.Id);
        if (Identity(valid) != Identity(previous) && Identities.Contains(Identity(valid)))
        {
            throw new DomainRuleException(DuplicateMessage(valid));
        }

        var updated = participant with { Name = valid.Name, Organisation = valid.Organisation, StakeholderGroup = valid.StakeholderGroup, Role = valid.Role };
        Participants = [.. Participants.Select(p => p.Id == participant.Id ? updated : p)];
        _identities = null;
        Record(RegisterAction.Updated, 1, by, at);
    }

    public void Remove(string participantId, UserRef by, DateTimeOffset at)
    {
        EnsureNotPurged();
        if (Participants.All(p => p.Id != participantId))
        {
            throw new DomainRuleException("That participant is no longer in the register.");
        }

        Participants = [.. Participants.Where(p => p.Id != participantId)];
        _identities = null;
        Record(RegisterAction.Removed, 1, by, at);
    }

    /// <summary>
    /// Deletes every participant for good and keeps <paramref name="guard"/> (compiled from them beforehand) so notes
    /// can still be checked. Cannot be undone; a purged register takes no more names.
    /// </summary>
    public void Purge(GuardRegister guard, UserRef by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(by);
        if (IsPurged)
        {
            throw new DomainRuleException($"This register was already purged on {PurgedOn()}.");
        }

        var count = Participants.Count;
        Guard = guard;
        Participants = [];
        _identities = null;
        PurgedAt = at;
        PurgedBy = by;
        Record(RegisterAction.Purged, count, by, at);
    }

    /// <summary>The problem with an entry, or null when it can be added (trimmed as it would be stored).</summary>
    public static string? Check(ParticipantEntry entry)
    {
        Valid(entry, out var error);
        return error;
    }

    private List<Participant> AddRange(IReadOnlyList<ParticipantEntry> entries, RegisterAction action, UserRef by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(entries);
        EnsureNotPurged();
        if (entries.Count == 0)
        {
            throw new DomainRuleException("There are no participants to add.");
        }

        if (Participants.Count + entries.Count > MaxParticipants)
        {
            throw new DomainRuleException(entries.Count == 1
                ? $"A register can hold at most {MaxParticipants:N0} participants."
                : $"A register can hold at most {MaxParticipants:N0} participants: it has {Participants.Count:N0} and this would add {entries.Count:N0}. Nothing was added.");
        }

        var added = new List<Participant>(entries.Count);
        var identities = new HashSet<string>(Identities, StringComparer.Ordinal);
        var errors = new List<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            var valid = Valid(entries[i], out var error);
            if (valid is not null && !identities.Add(Identity(valid)))
            {
                error = DuplicateMessage(valid);
            }

            if (error is not null)
            {
                errors.Add(entries[i].Row is null && entries.Count == 1 ? error : $"Row {entries[i].Row ?? i + 1}: {error}");
                continue;
            }

            added.Add(new Participant(Ids.New(), valid!.Name, valid.Organisation, valid.StakeholderGroup, valid.Role));
        }

        if (errors.Count > 0)
        {
            throw new DomainRuleException(entries.Count == 1 ? errors[0] : $"Nothing was added. {string.Join(" ", errors)}");
        }

        Participants = [.. Participants, .. added];
        _identities = identities;
        Record(action, added.Count, by, at);
        return added;
    }

    private static ParticipantEntry? Valid(ParticipantEntry entry, out string? error)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var name = (entry.Name ?? string.Empty).Trim();
        var organisation = (entry.Organisation ?? string.Empty).Trim();
        var group = string.IsNullOrWhiteSpace(entry.StakeholderGroup) ? null : entry.StakeholderGroup.Trim();
        var role = string.IsNullOrWhiteSpace(entry.Role) ? null : entry.Role.Trim();
        error = name.Length is 0 or > MaxFieldLength
            ? $"A participant needs a name of 1 to {MaxFieldLength} characters."
            : organisation.Length > MaxFieldLength || role?.Length > MaxFieldLength || group?.Length > MaxFieldLength
                ? $"Organisation and role can be at most {MaxFieldLength} characters."
                : null;
        return error is null ? entry with { Name = name, Organisation = organisation, StakeholderGroup = group, Role = role } : null;
    }

    /// <summary>Folded name and organisation of everyone in the register, built once per loaded document.</summary>
    private HashSet<string> Identities => _identities ??= new HashSet<string>(Participants.Select(Identity), StringComparer.Ordinal);

    /// <summary>The same person twice would double-count their group and could hide a small one.</summary>
    private static string Identity(ParticipantEntry entry) => IdentityOf(entry.Name, entry.Organisation);

    private static string Identity(Participant participant) => IdentityOf(participant.Name, participant.Organisation);

    private static string IdentityOf(string name, string organisation) =>
        $"{TextFolding.FoldDiacritics(name)}\n{TextFolding.FoldDiacritics(organisation)}";

    private static string DuplicateMessage(ParticipantEntry entry) =>
        $"{entry.Name}{(entry.Organisation.Length == 0 ? "" : $" of {entry.Organisation}")} is already in the register.";

    private void EnsureNotPurged()
    {
        if (IsPurged)
        {
            throw new DomainRuleException($"This register was purged on {PurgedOn()}; names can no longer be added, changed or removed.");
        }
    }

    private string PurgedOn() =>
        string.Create(CultureInfo.InvariantCulture, $"{PurgedAt!.Value.UtcDateTime:d MMM yyyy} by {PurgedBy?.Name ?? "someone"}");

    private void Record(RegisterAction action, int count, UserRef by, DateTimeOffset at)
    {
        History = [.. History, new RegisterChange(at, by, action, count)];
        UpdatedAt = at;
        UpdatedBy = by;
    }
}
