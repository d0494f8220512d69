using System.Text;
using Consultations.Core.Guard;

namespace Consultations.Core.Audit;

/// <summary>Someone's words made fit for an audit detail: every span the guard found is withheld, as one marker per run.</summary>
public static class AuditQuote
{
    /// <summary>Stands where the guard matched a name, an organisation or contact details.</summary>
    public const string Withheld = "[withheld]";

    public static string Withhold(string text, IEnumerable<GuardFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(findings);
        var hidden = new bool[text.Length];
        foreach (var finding in findings)
        {
            Array.Fill(hidden, true, finding.Start, Math.Min(finding.Length, text.Length - finding.Start));
        }

        var quoted = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (!hidden[i])
            {
                quoted.Append(text[i]);
            }
            else if (i == 0 || !hidden[i - 1])
            {
                quoted.Append(Withheld);
            }
        }

        return quoted.ToString();
    }
}
