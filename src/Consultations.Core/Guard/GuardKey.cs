using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Consultations.Core.Guard;

/// <summary>
/// The secret the guard's keyed hashes (HMAC-SHA256) are made with. Without it a purged register's hashes
/// cannot be tested against guessed names; with another key they match nothing.
/// </summary>
public sealed class GuardKey
{
    public const int MinimumBytes = 32;

    private readonly byte[] _key;

    // One keyed HMAC per thread, kept for the key it was made with: re-keying for every word doubled the cost of a check.
    [ThreadStatic]
    private static (GuardKey Owner, IncrementalHash Hmac)? _threadHmac;

    public GuardKey(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumBytes)
        {
            throw new ArgumentException($"A guard key needs at least {MinimumBytes} bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    public static GuardKey Generate() => new(RandomNumberGenerator.GetBytes(MinimumBytes));

    /// <summary>Parses a base64 key; null when the text is not base64 or too short.</summary>
    public static GuardKey? TryParse(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written >= MinimumBytes ? new GuardKey(buffer.AsSpan(0, written)) : null;
    }

    public string ToBase64() => Convert.ToBase64String(_key);

    /// <summary>The first 64 bits of HMAC-SHA256 over the UTF-8 of a normalised token.</summary>
    public ulong Hash(ReadOnlySpan<char> normalizedToken)
    {
        Span<byte> utf8 = normalizedToken.Length <= 128 ? stackalloc byte[normalizedToken.Length * 3] : new byte[normalizedToken.Length * 3];
        var length = Encoding.UTF8.GetBytes(normalizedToken, utf8);
        Span<byte> mac = stackalloc byte[32];
        if (_threadHmac is not { } cached || !ReferenceEquals(cached.Owner, this))
        {
            _threadHmac?.Hmac.Dispose();
            _threadHmac = cached = (this, IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key));
        }

        var hmac = cached.Hmac;
        hmac.AppendData(utf8[..length]);
        hmac.GetHashAndReset(mac);
        return BinaryPrimitives.ReadUInt64LittleEndian(mac);
    }
}
