using System.Collections.Concurrent;
using ContactCenter.Data.Catalog;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tenancy;

/// <summary>
/// Tenant records read from the catalog and cached. Every change made through this process invalidates its
/// entry at once; other instances see a change within <see cref="TimeToLive"/>.
/// </summary>
public sealed class TenantStore(IServiceScopeFactory scopes)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry> _bySlug = new(StringComparer.Ordinal);

    public async ValueTask<TenantRecord?> FindBySlugAsync(string slug, CancellationToken cancellationToken = default)
    {
        if (_bySlug.TryGetValue(slug, out var entry) && entry.ExpiresAt > Environment.TickCount64)
        {
            return entry.Tenant;
        }

        await using var scope = scopes.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var tenant = await catalog.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        if (tenant is null)
        {
            return null;
        }

        var record = TenantRecord.From(tenant);
        _bySlug[slug] = new Entry(record, Environment.TickCount64 + (long)TimeToLive.TotalMilliseconds);
        return record;
    }

    /// <summary>Reads a tenant by id, bypassing the cache (background work, operators).</summary>
    public async Task<TenantRecord?> FindByIdAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var tenant = await catalog.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        return tenant is null ? null : TenantRecord.From(tenant);
    }

    /// <summary>Forgets the cached record; the next request reads the catalog again.</summary>
    public void Invalidate(string slug) => _bySlug.TryRemove(slug, out _);

    private sealed record Entry(TenantRecord Tenant, long ExpiresAt);
}
