using System.Security.Cryptography;
using System.Text;
using ContactCenter.Data.Catalog;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>
/// OpenIddict's application manager with our client secrets: long random strings (at least <see cref="MinimumSecretLength"/>
/// characters), stored as a salted HMAC-SHA-256. They are not passwords, so OpenIddict's PBKDF2 (10,000 rounds, about
/// 2.4 ms a request here) would only cost token throughput without adding protection.
/// </summary>
public sealed class ClientManager(
    IOpenIddictApplicationCache<OidcApplication> cache,
    ILogger<OpenIddictApplicationManager<OidcApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OidcApplication> store)
    : OpenIddictApplicationManager<OidcApplication>(cache, logger, options, store)
{
    public const int MinimumSecretLength = 32;

    /// <summary>A new random secret: 32 bytes, base64url.</summary>
    public static string GenerateSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    protected override ValueTask<string> ObfuscateClientSecretAsync(string secret, CancellationToken cancellationToken = default)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return ValueTask.FromResult($"{Convert.ToBase64String(salt)}.{Convert.ToBase64String(Digest(salt, secret))}");
    }

    protected override ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default)
    {
        var parts = comparand.Split('.');
        if (parts.Length != 2)
        {
            return ValueTask.FromResult(false);
        }

        var expected = Convert.FromBase64String(parts[1]);
        return ValueTask.FromResult(CryptographicOperations.FixedTimeEquals(Digest(Convert.FromBase64String(parts[0]), secret), expected));
    }

    private static byte[] Digest(byte[] salt, string secret) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(secret));
}
