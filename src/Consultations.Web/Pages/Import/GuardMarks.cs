using System.Text;
using System.Text.Encodings.Web;
using Consultations.Core.Guard;
using Consultations.Web.Guard;
using Microsoft.AspNetCore.Html;

namespace Consultations.Web.Pages.Import;

/// <summary>A text cut into plain runs and the runs the guard found, to mark them as the note form's live check does.</summary>
public static class GuardMarks
{
    public sealed record Run(string Text, GuardFinding? Finding);

    /// <summary>The runs of the first <paramref name="maxChars"/> characters; overlapping findings mark from the earliest.</summary>
    public static IReadOnlyList<Run> Of(string text, IReadOnlyList<GuardFinding> findings, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(findings);
        var end = Math.Min(text.Length, maxChars);
        var runs = new List<Run>();
        var at = 0;
        foreach (var finding in findings.OrderBy(f => f.Start).ThenByDescending(f => f.Length))
        {
            if (finding.Start < at || finding.Start >= end)
            {
                continue;
            }

            if (finding.Start > at)
            {
                runs.Add(new Run(text[at..finding.Start], null));
            }

            var stop = Math.Min(end, finding.Start + finding.Length);
            runs.Add(new Run(text[finding.Start..stop], finding));
            at = stop;
        }

        if (at < end)
        {
            runs.Add(new Run(text[at..end], null));
        }

        return runs;
    }

    /// <summary>The text (cut at <paramref name="maxChars"/>) as HTML: every run encoded, findings in the live check's marks.</summary>
    public static IHtmlContent Html(string text, IReadOnlyList<GuardFinding> findings, int maxChars)
    {
        var html = new StringBuilder();
        foreach (var run in Of(text, findings, maxChars))
        {
            if (run.Finding is { } finding)
            {
                var severity = finding.Severity == FindingSeverity.Block ? "block" : "warn";
                html.Append("<mark class=\"guard-mark guard-").Append(severity).Append("\" title=\"")
                    .Append(HtmlEncoder.Default.Encode(FindingLabels.Describe(finding))).Append("\">")
                    .Append(HtmlEncoder.Default.Encode(run.Text)).Append("</mark>");
            }
            else
            {
                html.Append(HtmlEncoder.Default.Encode(run.Text));
            }
        }

        return new HtmlString(html.ToString());
    }
}
