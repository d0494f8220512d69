namespace Consultations.Core.Domain;

/// <summary>A capacity-building programme: owns its theme taxonomy, stakeholder groups and consultations.</summary>
public sealed class Programme
{
    public const int MaxNameLength = 120;
    public const int MaxDescriptionLength = 2_000;
    public const int DefaultSmallGroupThreshold = 3;

    private Programme()
    {
    }

    public string Id { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public string Description { get; private set; } = string.Empty;

    public string? Funder { get; private set; }

    public ThemeTaxonomy Taxonomy { get; private set; } = ThemeTaxonomy.Default;

    public IReadOnlyList<StakeholderGroup> StakeholderGroups { get; private set; } = StakeholderGroup.Defaults;

    /// <summary>k: a stakeholder group shared by fewer participants than this identifies them.</summary>
    public int SmallGroupThreshold { get; private set; } = DefaultSmallGroupThreshold;

    public DateTimeOffset CreatedAt { get; private set; }

    public UserRef CreatedBy { get; private set; } = UserRef.System;

    public DateTimeOffset UpdatedAt { get; private set; }

    public UserRef UpdatedBy { get; private set; } = UserRef.System;

    /// <summary>Opaque concurrency token owned by the store: set on every read and write.</summary>
    public string? ETag { get; set; }

    public static Programme Create(string id, string name, string? description, string? funder, UserRef by, DateTimeOffset at)
    {
        var programme = new Programme
        {
            Id = ValidId(id),
            CreatedAt = at,
            CreatedBy = by,
        };
        programme.UpdateDetails(name, description, funder, by, at);
        return programme;
    }

    public void UpdateDetails(string name, string? description, string? funder, UserRef by, DateTimeOffset at)
    {
        name = (name ?? string.Empty).Trim();
        if (name.Length is 0 or > MaxNameLength)
        {
            throw new DomainRuleException($"A programme needs a name of 1 to {MaxNameLength} characters.");
        }

        description = (description ?? string.Empty).Trim();
        if (description.Length > MaxDescriptionLength)
        {
            throw new DomainRuleException($"A programme description can be at most {MaxDescriptionLength} characters.");
        }

        Name = name;
        Description = description;
        Funder = string.IsNullOrWhiteSpace(funder) ? null : funder.Trim();
        Touch(by, at);
    }

    /// <summary>Replaces the taxonomy with an edited one; keys already in use must survive.</summary>
    public void ReviseTaxonomy(ThemeTaxonomy taxonomy, UserRef by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        var missing = Taxonomy.Themes.Select(t => t.Key).Except(taxonomy.Themes.Select(t => t.Key)).ToList();
        if (missing.Count > 0)
        {
            throw new DomainRuleException($"Themes cannot be deleted, only retired: {string.Join(", ", missing)}.");
        }

        Taxonomy = taxonomy;
        Touch(by, at);
    }

    public void SetSmallGroupThreshold(int k, UserRef by, DateTimeOffset at)
    {
        if (k is < 2 or > 20)
        {
            throw new DomainRuleException("The small-group threshold must be between 2 and 20 participants.");
        }

        SmallGroupThreshold = k;
        Touch(by, at);
    }

    public StakeholderGroup? FindStakeholderGroup(string? key) =>
        key is null ? null : StakeholderGroups.FirstOrDefault(g => g.Key == key);

    /// <summary>The group that text a person wrote names by key or label (see <see cref="StakeholderGroup.Match"/>), or null.</summary>
    public StakeholderGroupMatch? MatchStakeholderGroup(string? text) => StakeholderGroup.Match(text, StakeholderGroups);

    public string StakeholderGroupLabel(string? key) => FindStakeholderGroup(key)?.Label ?? key ?? string.Empty;

    private void Touch(UserRef by, DateTimeOffset at)
    {
        UpdatedAt = at;
        UpdatedBy = by;
    }

    internal static string ValidId(string id) =>
        Ids.IsValid(id) ? id : throw new DomainRuleException($"\"{id}\" is not a valid id (lower-case letters, digits and dashes, at most {Ids.MaxLength}).");
}
