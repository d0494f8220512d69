using System.Text.RegularExpressions;

namespace Consultations.Deployment.Tests;

/// <summary>What a leaked key looks like in text: a long base64 run that mixes digits with both cases.</summary>
internal static partial class SecretPatterns
{
    // Resource types and paths ("DocumentDB/databaseAccounts/sqlDatabases") are long base64-alphabet runs too, but have no digits.
    public static bool HasKeyLikeString(string text) =>
        Base64Run().Matches(text).Any(m => m.Value.Any(char.IsAsciiDigit) && m.Value.Any(char.IsAsciiLetterUpper) && m.Value.Any(char.IsAsciiLetterLower));

    [GeneratedRegex("[A-Za-z0-9+/]{40,}={0,2}")]
    private static partial Regex Base64Run();
}
