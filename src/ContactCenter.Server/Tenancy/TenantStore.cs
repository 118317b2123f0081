using System.Collections.Concurrent;
using ContactCenter.Data.Catalog;
using ContactCenter.Server.Instances;
using Microsoft.EntityFrameworkCore;

namespace ContactCenter.Server.Tenancy;

/// <summary>
/// Tenant records read from the catalog and cached. A change invalidates the entry here at once and on the other
/// instances when they hear the signal (<see cref="InstanceSignals"/>: at once with NOTIFY, within the poll interval
/// otherwise); should a signal be lost, the entry still expires after <see cref="TimeToLive"/>.
/// </summary>
public sealed class TenantStore
{
    /// <summary>The signal's kind; its key is the tenant's slug.</summary>
    public const string Signal = "tenant";

    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry> _bySlug = new(StringComparer.Ordinal);

    private readonly IServiceScopeFactory _scopes;

    private readonly InstanceSignals _signals;

    public TenantStore(IServiceScopeFactory scopes, InstanceSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        _scopes = scopes;
        _signals = signals;
        signals.On(Signal, slug => _bySlug.TryRemove(slug, out _));
    }

    public async ValueTask<TenantRecord?> FindBySlugAsync(string slug, CancellationToken cancellationToken = default)
    {
        if (_bySlug.TryGetValue(slug, out var entry) && entry.ExpiresAt > Environment.TickCount64)
        {
            return entry.Tenant;
        }

        await using var scope = _scopes.CreateAsyncScope();
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
        await using var scope = _scopes.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var tenant = await catalog.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        return tenant is null ? null : TenantRecord.From(tenant);
    }

    /// <summary>Forgets the cached record here and on every other instance; the next request reads the catalog again.</summary>
    public void Invalidate(string slug) => _signals.Publish(Signal, slug);

    private sealed record Entry(TenantRecord Tenant, long ExpiresAt);
}
