using Consultations.Core.Access;
using Consultations.Core.Domain;
using Consultations.Core.Storage;

namespace Consultations.Core.Comparison;

public enum CoverageState
{
    /// <summary>No session of the consultation was about the theme.</summary>
    NotDiscussed,

    /// <summary>A session covered the theme, but no note the reader may see was recorded for it.</summary>
    NotRecorded,

    Recorded,
}

public sealed record CoverageCell(CoverageState State, int Notes);

/// <summary>What one consultation recorded per theme, as far as one reader may see.</summary>
public sealed record CoverageColumn(Consultation Consultation, int TotalNotes, IReadOnlyDictionary<string, CoverageCell> Themes)
{
    public CoverageCell this[string themeKey] =>
        Themes.TryGetValue(themeKey, out var cell) ? cell : new CoverageCell(CoverageState.NotDiscussed, 0);
}

public static class Coverage
{
    /// <summary>
    /// Counts the notes of a consultation per theme, keeping only what <paramref name="actor"/> may read,
    /// and tells "not discussed" (no session on the theme) apart from "not recorded" (a session, no notes).
    /// </summary>
    public static CoverageColumn For(Actor actor, Consultation consultation, IEnumerable<NoteTally> tallies)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        var statuses = AccessRules.VisibleStatuses(actor, consultation);
        var visibleSessions = consultation.Sessions
            .Where(s => AccessRules.CanSeeSessionNotes(actor, consultation, s))
            .Select(s => s.Id)
            .ToHashSet(StringComparer.Ordinal);

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        foreach (var tally in tallies.Where(t => visibleSessions.Contains(t.SessionId) && statuses.Contains(t.Status)))
        {
            total += tally.Notes;
            foreach (var (theme, count) in tally.ByTheme)
            {
                counts[theme] = counts.GetValueOrDefault(theme) + count;
            }
        }

        var discussed = consultation.Sessions.SelectMany(s => s.Themes).ToHashSet(StringComparer.Ordinal);
        var cells = new Dictionary<string, CoverageCell>(StringComparer.Ordinal);
        foreach (var theme in discussed.Union(counts.Keys))
        {
            var count = counts.GetValueOrDefault(theme);
            cells[theme] = new CoverageCell(count > 0 ? CoverageState.Recorded : CoverageState.NotRecorded, count);
        }

        return new CoverageColumn(consultation, total, cells);
    }
}
