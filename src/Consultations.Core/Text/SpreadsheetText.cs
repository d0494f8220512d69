namespace Consultations.Core.Text;

/// <summary>Keeps text a spreadsheet might otherwise run as a formula (CSV injection) as plain text.</summary>
public static class SpreadsheetText
{
    /// <summary>
    /// Prefixes <c>'</c> to a value whose first character is <c>= + - @</c>, tab or CR (OWASP), or whose first after
    /// leading spaces and line feeds is: some spreadsheet imports trim those before deciding what a cell holds.
    /// </summary>
    public static string Neutralise(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
        {
            if (c is '=' or '+' or '-' or '@' or '\t' or '\r')
            {
                return "'" + value;
            }

            if (c is not (' ' or '\u00A0' or '\n'))
            {
                break;
            }
        }

        return value;
    }
}
