using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>Why a code or refresh token was not accepted (RFC 6749 §5.2 <c>invalid_grant</c>).</summary>
public sealed class InvalidGrantException(string message) : Exception(message);

/// <summary>
/// Authorization codes and refresh tokens: stored as SHA-256 of the handle, single use, redeemed with an
/// atomic update so two concurrent redemptions cannot both win. A second use of a code or of a rotated
/// refresh token revokes the whole chain (RFC 6749 §4.1.2, §10.4; OAuth 2.0 Security BCP §4.14).
/// </summary>
public sealed class GrantStore(CatalogDbContext catalog, RevocationList revocations, TimeProvider time)
{
    public async Task<string> IssueAsync(OidcGrant grant, CancellationToken cancellationToken)
    {
        var handle = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        grant.Handle = HashOf(handle);
        grant.CreatedAt = time.GetUtcNow().UtcDateTime;
        catalog.OidcGrants.Add(grant);
        await catalog.SaveChangesAsync(cancellationToken);
        return handle;
    }

    /// <summary>Takes a code or refresh token for one use.</summary>
    /// <exception cref="InvalidGrantException">Unknown, expired, revoked, of another client, or used before (the chain is then revoked).</exception>
    public async Task<OidcGrant> RedeemAsync(string handle, OidcGrantKind kind, string clientId, CancellationToken cancellationToken)
    {
        var hash = HashOf(handle);
        var grant = await catalog.OidcGrants.AsNoTracking().SingleOrDefaultAsync(g => g.Handle == hash && g.Kind == kind, cancellationToken)
            ?? throw new InvalidGrantException($"The {Describe(kind)} is not known.");
        if (grant.ClientId != clientId)
        {
            throw new InvalidGrantException($"The {Describe(kind)} was issued to another client.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (grant.RevokedAt is not null)
        {
            throw new InvalidGrantException($"The {Describe(kind)} has been revoked.");
        }

        var taken = await catalog.OidcGrants
            .Where(g => g.Id == grant.Id && g.RedeemedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(g => g.RedeemedAt, now), cancellationToken);
        if (taken == 0)
        {
            await RevokeChainAsync(grant.ChainId, cancellationToken);
            throw new InvalidGrantException($"The {Describe(kind)} was used before; every token issued from it is revoked.");
        }

        if (grant.ExpiresAt <= now)
        {
            throw new InvalidGrantException($"The {Describe(kind)} has expired.");
        }

        return grant;
    }

    public async Task RevokeChainAsync(Guid chain, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await catalog.OidcGrants.Where(g => g.ChainId == chain && g.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(g => g.RevokedAt, now), cancellationToken);
        // A chain with only access tokens has no row yet: record the revocation itself.
        catalog.OidcGrants.Add(new OidcGrant
        {
            Kind = OidcGrantKind.AccessToken,
            Handle = "revoked:" + chain.ToString("N"),
            ChainId = chain,
            ClientId = "",
            CreatedAt = now,
            ExpiresAt = now,
            RevokedAt = now,
        });
        try
        {
            await catalog.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Revoked before: the marker row exists already (unique handle).
            catalog.ChangeTracker.Clear();
        }

        revocations.Revoked(chain);
    }

    /// <summary>
    /// Revokes every chain of a person (after a password reset), or one client's for one tenant (a withdrawn consent);
    /// known on this instance at once. (A person removed from a tenant needs no revocation: a refresh re-reads the membership.)
    /// </summary>
    public async Task RevokeEveryChainOfAsync(Guid userId, CancellationToken cancellationToken, string? tenant = null, string? clientId = null)
    {
        var chains = await catalog.OidcGrants.AsNoTracking()
            .Where(g => g.UserId == userId && g.RevokedAt == null)
            .Where(g => tenant == null || g.Tenant == tenant || (clientId == null && g.Tenant == ProviderClaims.AllTenants))
            .Where(g => clientId == null || g.ClientId == clientId)
            .Select(g => g.ChainId).Distinct().ToListAsync(cancellationToken);
        foreach (var chain in chains)
        {
            await RevokeChainAsync(chain, cancellationToken);
        }
    }

    /// <summary>When a chain began: the creation of its first grant (the authorization code).</summary>
    public Task<DateTime> ChainStartedAtAsync(Guid chain, CancellationToken cancellationToken) =>
        catalog.OidcGrants.AsNoTracking().Where(g => g.ChainId == chain).MinAsync(g => g.CreatedAt, cancellationToken);

    /// <summary>Finds a refresh token by its handle, for revocation (RFC 7009); null when unknown.</summary>
    public Task<OidcGrant?> FindRefreshTokenAsync(string handle, CancellationToken cancellationToken)
    {
        var hash = HashOf(handle);
        return catalog.OidcGrants.AsNoTracking().SingleOrDefaultAsync(g => g.Handle == hash && g.Kind == OidcGrantKind.RefreshToken, cancellationToken);
    }

    public static string HashOf(string handle) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(handle)));

    private static string Describe(OidcGrantKind kind) => kind == OidcGrantKind.AuthorizationCode ? "authorization code" : "refresh token";
}

/// <summary>Answers "is this chain revoked?" for token validation, from the catalog, cached briefly.</summary>
public sealed class RevocationList(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<Guid, (bool Revoked, DateTimeOffset Expires)> _cache = new();

    public async ValueTask<bool> IsRevokedAsync(Guid chain, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(chain, out var cached) && (cached.Revoked || cached.Expires > now))
        {
            return cached.Revoked;
        }

        await using var scope = scopes.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var revoked = await catalog.OidcGrants.AnyAsync(g => g.ChainId == chain && g.RevokedAt != null, cancellationToken);
        if (_cache.Count > 100_000)
        {
            _cache.Clear();
        }

        _cache[chain] = (revoked, now + TimeToLive);
        return revoked;
    }

    /// <summary>Known at once on this instance; other instances learn it within the cache lifetime.</summary>
    public void Revoked(Guid chain) => _cache[chain] = (true, DateTimeOffset.MaxValue);
}
