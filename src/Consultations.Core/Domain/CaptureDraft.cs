using System.Security.Cryptography;
using System.Text;

namespace Consultations.Core.Domain;

/// <summary>
/// The note a facilitator is typing on a session's capture page, held by the server so that a reload, a crash or a
/// server restart loses nothing and no note text ever sits in browser storage. One per facilitator and session;
/// it becomes a <see cref="Note"/> when the facilitator adds it, and is deleted then.
/// </summary>
public sealed class CaptureDraft
{
    private CaptureDraft()
    {
    }

    public string Id { get; private set; } = string.Empty;

    public string ProgrammeId { get; private set; } = string.Empty;

    public string ConsultationId { get; private set; } = string.Empty;

    public string SessionId { get; private set; } = string.Empty;

    /// <summary>The facilitator typing it: drafts are never shared, so another facilitator never sees half a note.</summary>
    public UserRef Owner { get; private set; } = UserRef.System;

    /// <summary>
    /// The id the note will get, chosen when the draft starts: a retried "add" after a lost response finds the note
    /// it already created instead of adding it twice.
    /// </summary>
    public string NoteId { get; private set; } = string.Empty;

    public string Text { get; private set; } = string.Empty;

    public NoteKind Kind { get; private set; }

    public string? StakeholderGroup { get; private set; }

    public IReadOnlyList<string> Themes { get; private set; } = [];

    public IReadOnlyList<string> SubThemes { get; private set; } = [];

    /// <summary>Counts the saves, for people ("saved 14 times"); concurrency uses <see cref="ETag"/>.</summary>
    public int Revision { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Opaque concurrency token owned by the store: set on every read and write.</summary>
    public string? ETag { get; set; }

    public NoteContent Content => new(Text, Kind, StakeholderGroup, Themes, SubThemes);

    /// <summary>True when the draft holds nothing worth keeping.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(Text);

    /// <summary>
    /// The draft's id for a facilitator on a session: derived, so every window of that facilitator finds the same
    /// draft, and hashed, so an identity-provider user id (any characters) never appears in a document id or URL.
    /// </summary>
    public static string IdFor(string consultationId, string sessionId, string userId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{consultationId}\n{sessionId}\n{userId}"));
        return "draft-" + Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }

    public static CaptureDraft Start(Consultation consultation, Session session, UserRef owner, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(owner);
        if (consultation.FindSession(session.Id) is null)
        {
            throw new DomainRuleException("The session does not belong to this consultation.");
        }

        return new CaptureDraft
        {
            Id = IdFor(consultation.Id, session.Id, owner.Id),
            ProgrammeId = consultation.ProgrammeId,
            ConsultationId = consultation.Id,
            SessionId = session.Id,
            Owner = owner,
            NoteId = Ids.New(),
            Kind = NoteKind.Finding,
            Themes = [.. session.Themes],
            StartedAt = at,
            UpdatedAt = at,
        };
    }

    /// <summary>
    /// Keeps what was typed. Unlike a note, a draft may be empty or untagged — it is work in progress — but never
    /// longer than a note could be, so that adding it cannot fail on length after the words were kept.
    /// </summary>
    public void Update(NoteContent content, DateTimeOffset at)
    {
        var clean = Clean(content);
        if (clean.Text.Length > Note.MaxTextLength)
        {
            throw new DomainRuleException($"A note can be at most {Note.MaxTextLength:N0} characters; this one has {clean.Text.Length:N0}. Split it into several notes.");
        }

        if (!Enum.IsDefined(clean.Kind))
        {
            throw new DomainRuleException("Choose what kind of note this is.");
        }

        (Text, Kind, StakeholderGroup, Themes, SubThemes) = (clean.Text, clean.Kind, clean.StakeholderGroup, clean.Themes, clean.SubThemes);
        Revision++;
        UpdatedAt = at;
    }

    /// <summary>Gives the draft another note id: the one it had is taken (its text became that note from another window).</summary>
    public void UseNoteId(string noteId) => NoteId = Programme.ValidId(noteId);

    /// <summary>True when <paramref name="content"/> is what this draft already holds (a retried save, not a conflict).</summary>
    public bool Holds(NoteContent content)
    {
        var clean = Clean(content);
        return clean.Text == Text && clean.Kind == Kind && clean.StakeholderGroup == StakeholderGroup
            && clean.Themes.SequenceEqual(Themes) && clean.SubThemes.SequenceEqual(SubThemes);
    }

    // Unlike NoteContent.Normalised the text is not trimmed: a draft keeps the space the facilitator just typed.
    private static NoteContent Clean(NoteContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new NoteContent(
            (content.Text ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'),
            content.Kind,
            string.IsNullOrWhiteSpace(content.StakeholderGroup) ? null : content.StakeholderGroup.Trim(),
            [.. (content.Themes ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal)],
            [.. (content.SubThemes ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal)]);
    }
}
