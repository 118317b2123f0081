using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>
/// Client secrets are stored as salted SHA-256. Secrets are long random strings (at least
/// <see cref="MinimumLength"/> characters), not passwords, so a slow password hash would only cost
/// token throughput without adding protection.
/// </summary>
public static class ClientSecrets
{
    public const int MinimumLength = 32;

    /// <summary>A new random secret: 32 bytes, base64url.</summary>
    public static string Generate() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return $"{Convert.ToBase64String(salt)}.{Convert.ToBase64String(Digest(salt, secret))}";
    }

    public static bool Verify(string? storedHash, string? presented)
    {
        if (storedHash is null || presented is null)
        {
            return false;
        }

        var parts = storedHash.Split('.');
        if (parts.Length != 2)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Digest(Convert.FromBase64String(parts[0]), presented), Convert.FromBase64String(parts[1]));
    }

    private static byte[] Digest(byte[] salt, string secret) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(secret));
}
