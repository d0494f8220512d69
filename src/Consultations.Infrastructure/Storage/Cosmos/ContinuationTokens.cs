namespace Consultations.Infrastructure.Storage.Cosmos;

/// <summary>The SDK's continuation tokens are JSON; pages carry them base64url-encoded so they survive a query string.</summary>
internal static class ContinuationTokens
{
    public static string? Encode(string? token) =>
        token is null ? null : System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? token)
    {
        if (token is null)
        {
            return null;
        }

        try
        {
            return System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token));
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("The continuation token is not valid for this store.", nameof(token), ex);
        }
    }
}
