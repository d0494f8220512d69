using Consultations.Core.Guard;

namespace Consultations.Core.Domain;

/// <summary>What a facilitator writes: the parts of a note a person edits.</summary>
public sealed record NoteContent(
    string Text,
    NoteKind Kind,
    string? StakeholderGroup,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> SubThemes)
{
    /// <summary>
    /// Problems with this content against a programme's vocabulary, as (field, message) pairs
    /// so a form can show each next to its field. Empty when the content is acceptable.
    /// </summary>
    public IReadOnlyList<(string Field, string Message)> Validate(Programme programme)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var errors = new List<(string, string)>();
        var text = Text?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            errors.Add((nameof(Text), "Write the note before saving it."));
        }
        else if (text.Length > Note.MaxTextLength)
        {
            errors.Add((nameof(Text), $"A note can be at most {Note.MaxTextLength:N0} characters; this one has {text.Length:N0}. Split it into several notes."));
        }

        if (!Enum.IsDefined(Kind))
        {
            errors.Add((nameof(Kind), "Choose what kind of note this is."));
        }

        if (StakeholderGroup is not null && programme.FindStakeholderGroup(StakeholderGroup) is null)
        {
            errors.Add((nameof(StakeholderGroup), $"\"{StakeholderGroup}\" is not a stakeholder group of this programme."));
        }

        foreach (var theme in Themes.Where(t => !programme.Taxonomy.ContainsTheme(t)))
        {
            errors.Add((nameof(Themes), $"\"{theme}\" is not a theme of this programme."));
        }

        foreach (var subTheme in SubThemes.Where(s => !programme.Taxonomy.ContainsSubTheme(s)))
        {
            errors.Add((nameof(SubThemes), $"\"{subTheme}\" is not a sub-theme of this programme."));
        }

        return errors;
    }

    /// <summary>Trimmed text, distinct tags, and every sub-theme's parent theme included.</summary>
    public NoteContent Normalised()
    {
        var subThemes = SubThemes.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal).ToList();
        var themes = Themes
            .Concat(subThemes.Select(s => ThemeTaxonomy.SplitSubThemeRef(s).ThemeKey))
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var group = string.IsNullOrWhiteSpace(StakeholderGroup) ? null : StakeholderGroup.Trim();
        return new NoteContent(NormaliseText(Text), Kind, group, themes, subThemes);
    }

    /// <summary>Trims the ends and unifies line endings; everything else is kept exactly as typed.</summary>
    public static string NormaliseText(string? text) =>
        (text ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
}

/// <summary>
/// A plenary note. Moves draft → submitted → published; a published note is frozen until a lead
/// facilitator returns it to review, and a note from an off-the-record session is never published.
/// </summary>
public sealed class Note
{
    public const int MaxTextLength = 20_000;

    private Note()
    {
    }

    public string Id { get; private set; } = string.Empty;

    public string ProgrammeId { get; private set; } = string.Empty;

    public string ConsultationId { get; private set; } = string.Empty;

    public string SessionId { get; private set; } = string.Empty;

    public string Text { get; private set; } = string.Empty;

    public NoteKind Kind { get; private set; }

    /// <summary>The speaker's stakeholder group, when one was noted; never a name or organisation.</summary>
    public string? StakeholderGroup { get; private set; }

    public IReadOnlyList<string> Themes { get; private set; } = [];

    /// <summary>"theme-key/sub-key" references.</summary>
    public IReadOnlyList<string> SubThemes { get; private set; } = [];

    public NoteStatus Status { get; private set; }

    /// <summary>Increments with every change to the content; 1 when first written.</summary>
    public int Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public UserRef CreatedBy { get; private set; } = UserRef.System;

    public DateTimeOffset UpdatedAt { get; private set; }

    public UserRef UpdatedBy { get; private set; } = UserRef.System;

    public DateTimeOffset? PublishedAt { get; private set; }

    public UserRef? PublishedBy { get; private set; }

    /// <summary>
    /// Set when someone other than its author sent the note back (to draft, or from published to review) and cleared when
    /// it goes through review again, so the author and the lead see what waits on a correction.
    /// </summary>
    public NoteReturn? Returned { get; private set; }

    /// <summary>
    /// Where an imported note came from (file, place in it, and the hashes that make importing it again a no-op); null for
    /// notes written here. Shown to the consultation's team only: a file name is not a reader's business.
    /// </summary>
    public NoteSource? Source { get; private set; }

    /// <summary>A lead facilitator's decision to publish despite the guard's blocking findings; cleared when the text changes.</summary>
    public GuardOverride? GuardOverride { get; private set; }

    /// <summary>
    /// Two people's word that the names or organisations the guard found are not participants (a public figure, a
    /// namesake): only then do readers see them as written. Cleared when the text changes.
    /// </summary>
    public GuardUnmask? GuardUnmask { get; private set; }

    /// <summary>
    /// What an entity recogniser (Azure AI Language) found in the text when it was saved: names and organisations the
    /// register may not know, masked for readers like the register's warnings. Null when none was asked (it is not
    /// configured, or did not answer); cleared when the text changes.
    /// </summary>
    public NoteEntityCheck? EntityCheck { get; private set; }

    /// <summary>The recogniser's spans for the current text; none when it was not checked (or checked as another text, as in a reader's copy).</summary>
    public IReadOnlyList<EntitySpan> EntitySpans => EntityCheck is { } check && check.IsFor(Text) ? check.Spans : [];

    /// <summary>Whether the current text has not been through the entity recogniser yet.</summary>
    public bool NeedsEntityCheck => EntityCheck is not { } check || !check.IsFor(Text);

    /// <summary>Finding keys readers see unmasked: those of a confirmed <see cref="GuardUnmask"/>, else none.</summary>
    public IReadOnlyCollection<string> UnmaskedKeys => GuardUnmask is { IsConfirmed: true } unmask ? unmask.Keys : [];

    /// <summary>A masked copy made for a reader (<see cref="ForReaders"/>): never changed, never stored.</summary>
    public bool IsReaderCopy => _readerCopy;

    /// <summary>Opaque concurrency token owned by the store: set on every read and write.</summary>
    public string? ETag { get; set; }

    private bool _readerCopy;

    public NoteContent Content => new(Text, Kind, StakeholderGroup, Themes, SubThemes);

    public static Note Create(Programme programme, Consultation consultation, Session session, NoteContent content, UserRef by, DateTimeOffset at, string? id = null, NoteSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(session);
        if (consultation.ProgrammeId != programme.Id || consultation.FindSession(session.Id) is null)
        {
            throw new DomainRuleException("The session does not belong to this consultation.");
        }

        var note = new Note
        {
            Id = id is null ? Ids.New() : Programme.ValidId(id),
            ProgrammeId = programme.Id,
            ConsultationId = consultation.Id,
            SessionId = session.Id,
            Status = NoteStatus.Draft,
            Version = 0,
            CreatedAt = at,
            CreatedBy = by,
            Source = source,
        };
        note.Apply(programme, content, by, at);
        return note;
    }

    /// <summary>
    /// A copy of this note carrying the text a reader outside the consultation may see (see <see cref="ReaderMask"/>).
    /// Stores refuse to write it and every change to it throws, so masked text can never replace the record.
    /// </summary>
    public Note ForReaders(string readerText)
    {
        ArgumentNullException.ThrowIfNull(readerText);
        var copy = (Note)MemberwiseClone();
        copy.Text = readerText;
        copy.Source = null;
        copy._readerCopy = true;
        return copy;
    }

    /// <summary>Changes the content. A published note must first be returned to review.</summary>
    public void Revise(Programme programme, NoteContent content, UserRef by, DateTimeOffset at)
    {
        EnsureWritable();
        if (Status == NoteStatus.Published)
        {
            throw new DomainRuleException("A published note cannot be edited. A lead facilitator can return it to review first.");
        }

        Apply(programme, content, by, at);
    }

    public void Submit(UserRef by, DateTimeOffset at)
    {
        EnsureWritable();
        if (Status != NoteStatus.Draft)
        {
            throw new DomainRuleException($"Only a draft can be submitted for review; this note is {Status.Label().ToLowerInvariant()}.");
        }

        Status = NoteStatus.Submitted;
        Returned = null;
        Touch(by, at);
    }

    /// <summary>
    /// Moves a submitted note back to draft: its author keeps working on it, or a reviewer returns it to the author,
    /// optionally saying what needs changing (seen by the consultation's facilitators only).
    /// </summary>
    public void ReturnToDraft(UserRef by, DateTimeOffset at, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(by);
        EnsureWritable();
        if (Status != NoteStatus.Submitted)
        {
            throw new DomainRuleException("Only a note awaiting review can go back to draft.");
        }

        var why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (why?.Length > NoteReturn.MaxReasonLength)
        {
            throw new DomainRuleException($"Say what needs changing in at most {NoteReturn.MaxReasonLength} characters.");
        }

        Status = NoteStatus.Draft;
        Returned = by.Id == CreatedBy.Id ? null : new NoteReturn(by, at, why);
        Touch(by, at);
    }

    /// <summary>Publishes a note whose text raised no blocking finding (seeding, imports of checked notes, tests).</summary>
    public void Publish(Session session, UserRef by, DateTimeOffset at) => Publish(session, [], by, at);

    /// <summary>
    /// Publishes, enforcing the session's disclosure rule: under the Chatham House Rule a blocking guard finding
    /// stops publication unless a lead facilitator has overridden exactly those findings with a reason.
    /// </summary>
    public void Publish(Session session, IReadOnlyList<GuardFinding> findings, UserRef by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(findings);
        EnsureWritable();
        if (session.Id != SessionId)
        {
            throw new DomainRuleException("The session does not match this note.");
        }

        if (session.DisclosureRule == DisclosureRule.OffTheRecord)
        {
            throw new DomainRuleException("Notes from an off-the-record session are never published.");
        }

        if (Status != NoteStatus.Submitted)
        {
            throw new DomainRuleException("Only a note submitted for review can be published.");
        }

        if (session.DisclosureRule == DisclosureRule.ChathamHouse && UnresolvedBlocking(findings) is { Count: > 0 } open)
        {
            throw new DomainRuleException(
                $"This note may identify a speaker ({open.Count} blocking finding{(open.Count == 1 ? "" : "s")}: {string.Join(", ", open.Select(f => f.Kind.Label()).Distinct())}). " +
                "Under the Chatham House Rule it cannot be published until the text is fixed or a lead facilitator overrides the findings with a reason.");
        }

        Status = NoteStatus.Published;
        PublishedAt = at;
        PublishedBy = by;
        Returned = null;
        Touch(by, at);
    }

    /// <summary>Takes a published note out of the repository and back to review so it can be corrected.</summary>
    public void ReturnToReview(UserRef by, DateTimeOffset at)
    {
        EnsureWritable();
        if (Status != NoteStatus.Published)
        {
            throw new DomainRuleException("Only a published note can be returned to review.");
        }

        Status = NoteStatus.Submitted;
        PublishedAt = null;
        PublishedBy = null;
        Returned = new NoteReturn(by, at, null);
        Touch(by, at);
    }

    /// <summary>The blocking findings an override does not cover.</summary>
    public IReadOnlyList<GuardFinding> UnresolvedBlocking(IReadOnlyList<GuardFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return [.. findings.Where(f => f.Severity == FindingSeverity.Block && GuardOverride?.Keys.Contains(f.Key) != true)];
    }

    /// <summary>
    /// A lead facilitator accepts the current blocking findings as safe to publish (e.g. a namesake or a public
    /// figure), with a written reason kept on the note. Only a note awaiting review can be overridden.
    /// </summary>
    public void OverrideGuard(IReadOnlyList<GuardFinding> findings, string reason, UserRef by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(findings);
        EnsureWritable();
        var why = (reason ?? string.Empty).Trim();
        if (Status != NoteStatus.Submitted)
        {
            throw new DomainRuleException("Only a note awaiting review can be overridden.");
        }

        if (why.Length is < Domain.GuardOverride.MinReasonLength or > Domain.GuardOverride.MaxReasonLength)
        {
            throw new DomainRuleException($"Say why these findings are safe to publish ({Domain.GuardOverride.MinReasonLength} to {Domain.GuardOverride.MaxReasonLength} characters).");
        }

        var keys = findings.Where(f => f.Severity == FindingSeverity.Block).Select(f => f.Key).Distinct().Order(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            throw new DomainRuleException("There is nothing to override: the guard raised no blocking finding.");
        }

        GuardOverride = new GuardOverride(by, at, why, keys);
        Touch(by, at);
    }

    /// <summary>
    /// The first of two people states that the names and organisations found in the text are not participants (e.g. a
    /// public figure who shares a participant's name), with a reason. Readers keep seeing them masked until a second
    /// person confirms (<see cref="ConfirmUnmask"/>). A new request replaces an earlier one, confirmed or not.
    /// </summary>
    public void RequestUnmask(IReadOnlyList<GuardFinding> findings, string reason, UserRef by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(findings);
        EnsureWritable();
        var why = (reason ?? string.Empty).Trim();
        if (Status == NoteStatus.Draft)
        {
            throw new DomainRuleException("A draft is still being written: submit it for review before deciding what readers see.");
        }

        if (why.Length is < Domain.GuardOverride.MinReasonLength or > Domain.GuardOverride.MaxReasonLength)
        {
            throw new DomainRuleException($"Say why these words are not a participant ({Domain.GuardOverride.MinReasonLength} to {Domain.GuardOverride.MaxReasonLength} characters).");
        }

        var keys = findings.Where(ReaderMask.CanBeUnmasked).Select(f => f.Key).Distinct().Order(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            throw new DomainRuleException("There is nothing to show unmasked: the guard found no name or organisation in this note. Contact details and small-group labels are always masked.");
        }

        GuardUnmask = new GuardUnmask(by, at, why, keys, null, null);
        Touch(by, at);
    }

    /// <summary>A second person confirms the request: from now on readers see those words as written.</summary>
    public void ConfirmUnmask(UserRef by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(by);
        EnsureWritable();
        if (GuardUnmask is not { } request)
        {
            throw new DomainRuleException("Nobody has asked to show this note's words unmasked, so there is nothing to confirm.");
        }

        if (request.IsConfirmed)
        {
            throw new DomainRuleException($"{request.ConfirmedBy!.Name} already confirmed this.");
        }

        if (request.RequestedBy.Id == by.Id)
        {
            throw new DomainRuleException("A second person must confirm: you asked for this yourself.");
        }

        GuardUnmask = request with { ConfirmedBy = by, ConfirmedAt = at };
        Touch(by, at);
    }

    /// <summary>Withdraws a request or a confirmation: readers see the words masked again.</summary>
    public void WithdrawUnmask(UserRef by, DateTimeOffset at)
    {
        EnsureWritable();
        if (GuardUnmask is null)
        {
            throw new DomainRuleException("This note's words are already masked for readers.");
        }

        GuardUnmask = null;
        Touch(by, at);
    }

    /// <summary>
    /// Keeps what the entity recogniser found in the current text. A machine's reading, not a person's change: it does not
    /// count as an edit (no new version, author or time) and is allowed in every status.
    /// </summary>
    public void RecordEntityCheck(NoteEntityCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        EnsureWritable();
        if (!check.IsFor(Text))
        {
            throw new ArgumentException("The entity check was made for another text than the note's.", nameof(check));
        }

        if (check.Spans.Count > NoteEntityCheck.MaxSpans
            || check.Spans.Any(s => s.Kind is not (FindingKind.Participant or FindingKind.Organisation) || s.Start < 0 || s.Length <= 0 || s.Start > Text.Length - s.Length))
        {
            throw new ArgumentException("An entity span is not a name or an organisation inside the note's text.", nameof(check));
        }

        EntityCheck = check;
    }

    /// <summary>Throws unless the note may be deleted: published notes are part of the record.</summary>
    public void EnsureDeletable()
    {
        EnsureWritable();
        if (Status == NoteStatus.Published)
        {
            throw new DomainRuleException("A published note cannot be deleted. A lead facilitator can return it to review first.");
        }
    }

    private void Apply(Programme programme, NoteContent content, UserRef by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(content);
        var normalised = content.Normalised();
        var errors = normalised.Validate(programme);
        if (errors.Count > 0)
        {
            throw new DomainRuleException(string.Join(" ", errors.Select(e => e.Message)));
        }

        if (Version > 0 && normalised.Text == Text && normalised.Kind == Kind && normalised.StakeholderGroup == StakeholderGroup
            && normalised.Themes.SequenceEqual(Themes) && normalised.SubThemes.SequenceEqual(SubThemes))
        {
            return;
        }

        if (normalised.Text != Text)
        {
            // An override, an unmasking and an entity check covered the words they were given; new words need new ones.
            GuardOverride = null;
            GuardUnmask = null;
            EntityCheck = null;
        }

        Text = normalised.Text;
        Kind = normalised.Kind;
        StakeholderGroup = normalised.StakeholderGroup;
        Themes = normalised.Themes;
        SubThemes = normalised.SubThemes;
        Version++;
        Touch(by, at);
    }

    private void EnsureWritable()
    {
        if (_readerCopy)
        {
            throw new InvalidOperationException("A reader's masked copy of a note cannot be changed.");
        }
    }

    private void Touch(UserRef by, DateTimeOffset at)
    {
        UpdatedAt = at;
        UpdatedBy = by;
    }
}

/// <summary>
/// An imported note's origin: the file's name and SHA-256, where in the file ("paragraph 12", "row 5"), and the SHA-256 of the
/// text as imported, so an overlapping file finds the note even after its text was edited.
/// </summary>
public sealed record NoteSource(string FileName, string Location, string FileSha256, string TextSha256)
{
    public const int MaxFileNameLength = 200;

    public string Describe() => $"imported from {FileName}, {Location}";
}

/// <summary>Who sent a note back for correction, when, and what they asked to change.</summary>
public sealed record NoteReturn(UserRef By, DateTimeOffset At, string? Reason)
{
    public const int MaxReasonLength = 500;
}

/// <summary>Who published despite blocking guard findings, when and why; <see cref="Keys"/> name the accepted findings (hashes, never text).</summary>
public sealed record GuardOverride(UserRef By, DateTimeOffset At, string Reason, IReadOnlyList<string> Keys)
{
    public const int MinReasonLength = 10;

    public const int MaxReasonLength = 1_000;
}

/// <summary>
/// A request that readers see a note's names or organisations as written because they are not participants, and the
/// second person's confirmation that makes it take effect. <see cref="Keys"/> name the findings (hashes, never text).
/// </summary>
public sealed record GuardUnmask(UserRef RequestedBy, DateTimeOffset RequestedAt, string Reason, IReadOnlyList<string> Keys, UserRef? ConfirmedBy, DateTimeOffset? ConfirmedAt)
{
    public bool IsConfirmed => ConfirmedBy is not null;
}
