using ContactCenter.Data.Tenant;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ContactCenter.Server.Tenancy;

/// <summary>Where tenant databases live and how they are created, opened and dropped; one implementation per provider.</summary>
public interface ITenantDatabases
{
    /// <summary>The server connection name recorded for a new tenant.</summary>
    string DefaultServer { get; }

    /// <summary>The database name recorded for a new tenant.</summary>
    string DatabaseNameFor(Guid tenantId);

    /// <summary>Opens the tenant's database. The context owns its connection.</summary>
    TenantDbContext Open(TenantRecord tenant);

    /// <summary>Creates the empty database.</summary>
    Task CreateAsync(TenantRecord tenant, CancellationToken cancellationToken);

    /// <summary>Drops the database and forgets its connections; nothing happens when it does not exist.</summary>
    Task DropAsync(TenantRecord tenant, CancellationToken cancellationToken);
}

internal static class TenantDbContextOptions
{
    /// <summary>
    /// Options that differ only in the connection, so EF Core keeps one model and one internal service
    /// provider for all tenants; building a provider per tenant would be a leak, so it fails loudly.
    /// </summary>
    public static DbContextOptionsBuilder<TenantDbContext> Builder() =>
        new DbContextOptionsBuilder<TenantDbContext>()
            .ConfigureWarnings(w => w.Throw(CoreEventId.ManyServiceProvidersCreatedWarning));
}

/// <summary>Told of every tenant context the request scope or <see cref="TenantDatabaseFactory"/> opens (e.g. to hear of its saves).</summary>
public interface ITenantContextHook
{
    void Opened(TenantDbContext db, Guid tenantId);
}

/// <summary>Background code opens a tenant explicitly through this factory; requests get theirs injected.</summary>
public sealed class TenantDatabaseFactory(ITenantDatabases databases, TenantStore store, IEnumerable<ITenantContextHook> hooks)
{
    /// <summary>Opens the database of the tenant with that id.</summary>
    /// <exception cref="TenantNotFoundException">No such tenant.</exception>
    public async Task<TenantDbContext> OpenAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        var tenant = await store.FindByIdAsync(tenantId, cancellationToken) ?? throw new TenantNotFoundException(tenantId.ToString());
        return Open(tenant);
    }

    /// <summary>Opens the database of the tenant with that id, with its record; null when there is no such tenant or it is not active.</summary>
    public async Task<(TenantRecord Tenant, TenantDbContext Db)?> OpenForAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        var tenant = await store.FindByIdAsync(tenantId, cancellationToken);
        return tenant is { Status: ContactCenter.Data.Catalog.TenantStatus.Active } ? (tenant, Open(tenant)) : null;
    }

    public TenantDbContext Open(TenantRecord tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var db = databases.Open(tenant);
        foreach (var hook in hooks)
        {
            hook.Opened(db, tenant.Id);
        }

        return db;
    }
}
