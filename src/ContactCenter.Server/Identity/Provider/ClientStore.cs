using System.Collections.Concurrent;
using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Identity.Provider;

/// <summary>Registered clients, read from the catalog and cached briefly; changes through <see cref="ClientRegistry"/> invalidate the cache.</summary>
public sealed class ClientStore(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (OidcClient? Client, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<OidcClient?> FindAsync(string clientId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(clientId, out var cached) && cached.Expires > now)
        {
            return cached.Client;
        }

        await using var scope = scopes.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var client = await catalog.OidcClients.AsNoTracking().SingleOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        if (_cache.Count > 10_000)
        {
            _cache.Clear();
        }

        _cache[clientId] = (client, now + TimeToLive);
        return client;
    }

    public void Invalidate(string clientId) => _cache.TryRemove(clientId, out _);
}
