using System.Collections.Concurrent;
using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Storage;

namespace Consultations.Web.Guard;

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

    /// <summary>A status line about findings that never repeats the matched words (status messages travel in a cookie).</summary>
    public static string Summary(IReadOnlyList<GuardFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return $"It may identify a speaker: {findings.Count} possible identifier{(findings.Count == 1 ? "" : "s")} ({string.Join(", ", findings.Select(FindingLabels.Describe).Distinct())}). Check the highlighted text before it is published.";
    }
}

/// <summary>
/// Compiles each consultation's register into a guard once and reuses it until the register (its ETag) or the
/// programme's small-group threshold changes. A purged register is checked from the hashes it kept.
/// </summary>
public sealed class ConsultationGuards(IParticipantRegisterStore registers, GuardKey key)
{
    private readonly ConcurrentDictionary<string, (string? ETag, int Threshold, ConsultationGuard Guard)> _compiled = new(StringComparer.Ordinal);

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
