using System.Globalization;
using Consultations.Core.Comparison;
using Consultations.Core.Domain;

namespace Consultations.Web.Briefs;

/// <summary>
/// The comparison page's heatmap language for brief templates: five blues by share of the fullest cell, grey for
/// "not discussed", white for "not recorded", and the figure always printed so colour is never the only cue.
/// </summary>
public static class BriefHeatmap
{
    public const string NotDiscussedFill = "#eeeeee";

    public const string NotRecordedFill = "#ffffff";

    private const string DarkestFill = "#2171b5";

    private static readonly string[] Steps = ["#deebf7", "#c6dbef", "#9ecae1", "#6baed6", DarkestFill];

    /// <summary>The cell of a row for one country; a country the row does not mention was not discussed.</summary>
    public static BriefCoverageCell CellFor(BriefCoverageRow row, string consultationId)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Cells.FirstOrDefault(c => string.Equals(c.ConsultationId, consultationId, StringComparison.Ordinal))
            ?? new BriefCoverageCell(consultationId, CoverageState.NotDiscussed, 0);
    }

    public static string Fill(BriefCoverageCell cell, int maxNotes)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return Fill(cell.State, cell.Notes, maxNotes);
    }

    /// <summary>The fill for a coverage state and count; the comparison page uses it too, so both heatmaps read alike.</summary>
    public static string Fill(CoverageState state, int notes, int maxNotes)
    {
        if (state != CoverageState.Recorded)
        {
            return state == CoverageState.NotDiscussed ? NotDiscussedFill : NotRecordedFill;
        }

        var step = (int)Math.Ceiling((double)notes / Math.Max(1, maxNotes) * Steps.Length) - 1;
        return Steps[Math.Clamp(step, 0, Steps.Length - 1)];
    }

    /// <summary>Text colour that keeps the printed figure readable on <paramref name="fill"/>.</summary>
    public static string TextFill(string fill) => string.Equals(fill, DarkestFill, StringComparison.Ordinal) ? "#ffffff" : "#212529";

    /// <summary>What the chart prints in a cell: a dash when not discussed, otherwise the count.</summary>
    public static string Figure(BriefCoverageCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.State == CoverageState.NotDiscussed ? "—" : cell.Notes.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>What the table says for a cell.</summary>
    public static string Describe(BriefCoverageCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.State switch
        {
            CoverageState.NotDiscussed => "Not discussed",
            CoverageState.NotRecorded => "Not recorded",
            _ => cell.Notes == 1 ? "1 note" : string.Create(CultureInfo.InvariantCulture, $"{cell.Notes} notes"),
        };
    }
}
