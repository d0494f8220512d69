using System.Security.Cryptography;

namespace Consultations.Core.Domain;

/// <summary>Identifiers for documents: short, URL-safe, unguessable, and valid as Cosmos DB ids.</summary>
public static class Ids
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    public const int MaxLength = 64;

    /// <summary>A new random id of 16 characters (80 bits from a 32-letter alphabet).</summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return string.Create(16, bytes.ToArray(), static (chars, source) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[source[i] & 31];
            }
        });
    }

    /// <summary>True when a value is safe to use as an id in a URL, a SQL parameter and a Cosmos DB document id.</summary>
    public static bool IsValid(string? value) =>
        !string.IsNullOrEmpty(value)
        && value.Length <= MaxLength
        && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
