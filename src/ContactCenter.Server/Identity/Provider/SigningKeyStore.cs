using System.Security.Cryptography;
using ContactCenter.Data.Catalog;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>
/// The provider's RSA signing keys, kept in the catalog with the private key protected by Data Protection.
/// Rotation with overlap: the next key is published <see cref="IdentityProviderOptions.SigningKeyOverlap"/>
/// before it starts signing, and a retired key stays published as long again, so relying parties that cache
/// the JWKS verify tokens across a rotation.
/// </summary>
public sealed class SigningKeyStore(
    IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, IOptions<IdentityProviderOptions> options, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);
    private readonly IDataProtector _protector = dataProtection.CreateProtector("ContactCenter.Identity.SigningKeys");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RsaSecurityKey> _unprotected = new(StringComparer.Ordinal);
    private volatile KeySet? _keys;

    /// <summary>The key that signs now.</summary>
    public async ValueTask<SigningCredentials> GetSigningCredentialsAsync(CancellationToken cancellationToken)
    {
        var keys = await GetKeysAsync(cancellationToken);
        return keys.Signing;
    }

    /// <summary>Every key a token may be verified with right now (the JWKS).</summary>
    public async ValueTask<IReadOnlyList<RsaSecurityKey>> GetPublishedKeysAsync(CancellationToken cancellationToken)
    {
        var keys = await GetKeysAsync(cancellationToken);
        return keys.Published;
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Forgets the cached keys, so the next call reads (and if due, rotates) them.</summary>
    public void Refresh() => _keys = null;

    private async ValueTask<KeySet> GetKeysAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var keys = _keys;
        if (keys is not null && keys.ValidUntil > now)
        {
            return keys;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            keys = _keys;
            if (keys is not null && keys.ValidUntil > now)
            {
                return keys;
            }

            keys = await LoadAsync(now, cancellationToken);
            _keys = keys;
            return keys;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<KeySet> LoadAsync(DateTime now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var stored = await catalog.SigningKeys.AsNoTracking().Where(k => k.RetiresAt > now).ToListAsync(cancellationToken);

        var signing = stored.Where(k => k.ActiveFrom <= now).MaxBy(k => k.ActiveFrom);
        if (signing is null)
        {
            signing = NewKey(now, now, settings);
            catalog.SigningKeys.Add(signing);
            stored.Add(signing);
        }

        // The successor is published one overlap before it takes over.
        var takesOver = signing.ActiveFrom + settings.SigningKeyLifetime;
        if (now >= takesOver - settings.SigningKeyOverlap && !stored.Any(k => k.ActiveFrom > signing.ActiveFrom))
        {
            var next = NewKey(now, takesOver, settings);
            catalog.SigningKeys.Add(next);
            stored.Add(next);
        }

        await catalog.SaveChangesAsync(cancellationToken);

        var published = stored.OrderByDescending(k => k.ActiveFrom).Select(Unprotect).ToList();
        var signingKey = published.Single(k => k.KeyId == signing.KeyId);
        var nextChange = stored.Select(k => k.ActiveFrom).Append(stored.Min(k => k.RetiresAt)).Where(t => t > now).DefaultIfEmpty(now + RefreshInterval).Min();
        var validUntil = nextChange < now + RefreshInterval ? nextChange : now + RefreshInterval;
        return new KeySet(new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256), published, validUntil);
    }

    private SigningKey NewKey(DateTime now, DateTime activeFrom, IdentityProviderOptions settings)
    {
        using var rsa = RSA.Create(2048);
        return new SigningKey
        {
            KeyId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
            ProtectedKey = _protector.Protect(Convert.ToBase64String(rsa.ExportPkcs8PrivateKey())),
            CreatedAt = now,
            ActiveFrom = activeFrom,
            RetiresAt = activeFrom + settings.SigningKeyLifetime + settings.SigningKeyOverlap,
        };
    }

    private RsaSecurityKey Unprotect(SigningKey key) =>
        _unprotected.GetOrAdd(key.KeyId, _ =>
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(_protector.Unprotect(key.ProtectedKey)), out int _);
            return new RsaSecurityKey(rsa) { KeyId = key.KeyId };
        });

    private sealed record KeySet(SigningCredentials Signing, IReadOnlyList<RsaSecurityKey> Published, DateTime ValidUntil);
}
