using System.Collections.Concurrent;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Storage;

namespace Consultations.Infrastructure.Guard;

/// <summary>A consultation's compiled guard and the group counts its small-group check uses.</summary>
public sealed record ConsultationGuard(AttributionGuard Guard, IReadOnlyDictionary<string, int> GroupCounts)
{
    public IReadOnlyList<GuardFinding> Check(string text) => Guard.Check(text, GroupCounts);

    /// <summary>
    /// The findings in a note's stored text: the register's, plus (as warnings, never over them) the names and
    /// organisations the entity recogniser found in that very text when it was saved. Every output of a note uses this.
    /// </summary>
    public IReadOnlyList<GuardFinding> Check(Note note)
    {
        ArgumentNullException.ThrowIfNull(note);
        return EntityFindings.Merge(note.Text, Check(note.Text), note.EntitySpans);
    }

    /// <summary>
    /// Stakeholder groups with fewer than <paramref name="threshold"/> (but some) participants: a note's speaker
    /// group is as telling as a phrase in its text, so readers outside the consultation are not shown these labels.
    /// </summary>
    public IReadOnlySet<string> SmallGroups(int threshold) =>
        GroupCounts.Where(g => g.Value > 0 && g.Value < threshold).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
}

/// <summary>
/// Compiles each consultation's register into a guard once and reuses it until the register (its ETag) or the
/// programme's small-group threshold changes. A purged register is checked from the hashes it kept.
/// </summary>
public sealed class ConsultationGuards(IParticipantRegisterStore registers, GuardKey key)
{
    private readonly ConcurrentDictionary<string, (string? ETag, int Threshold, ConsultationGuard Guard)> _compiled = new(StringComparer.Ordinal);

    /// <summary>
    /// Text a researcher wrote about these consultations (a brief's title or body) as readers may see it: every span the
    /// registers' guards would hide, masked. Nobody can confirm a brief's words unmasked.
    /// </summary>
    public async Task<string> MaskWrittenAsync(Programme programme, IEnumerable<string> consultationIds, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consultationIds);
        var masked = text ?? string.Empty;
        foreach (var consultationId in consultationIds.Distinct(StringComparer.Ordinal))
        {
            var guard = await ForAsync(programme, consultationId, cancellationToken);
            // A citation "[@id]" reads like a handle to the guard; the ids are the app's own, never a person's.
            var citations = BriefCitations.Spans(masked);
            var findings = guard.Check(masked).Where(f => !citations.Any(c => f.Start < c.Start + c.Length && c.Start < f.Start + f.Length)).ToList();
            masked = ReaderMask.Apply(masked, findings, []);
        }

        return masked;
    }

    public async Task<ConsultationGuard> ForAsync(Programme programme, string consultationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var register = await registers.GetAsync(consultationId, cancellationToken);
        var threshold = programme.SmallGroupThreshold;
        if (_compiled.TryGetValue(consultationId, out var cached) && cached.ETag == register?.ETag && cached.Threshold == threshold)
        {
            return cached.Guard;
        }

        var compiled = register is null ? GuardRegister.Empty : register.Guard ?? GuardRegister.Compile(register.Participants, key, threshold);
        var guard = new ConsultationGuard(new AttributionGuard(compiled, key, threshold), register?.GroupCounts() ?? compiled.GroupCounts);
        _compiled[consultationId] = (register?.ETag, threshold, guard);
        return guard;
    }
}
