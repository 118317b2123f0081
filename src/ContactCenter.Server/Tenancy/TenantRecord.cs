using ContactCenter.Data.Catalog;

namespace ContactCenter.Server.Tenancy;

/// <summary>What a request or job needs to know of a tenant; immutable, so it can be cached and shared.</summary>
public sealed record TenantRecord(Guid Id, string Slug, string Name, TenantStatus Status, string DatabaseServer, string DatabaseName)
{
    public static TenantRecord From(Tenant tenant) =>
        new(tenant.Id, tenant.Slug, tenant.Name, tenant.Status, tenant.DatabaseServer, tenant.DatabaseName);
}

/// <summary>The tenant the current request works for, set by the resolution middleware.</summary>
public sealed class TenantContext
{
    public TenantRecord? Tenant { get; set; }

    /// <summary>The resolved tenant.</summary>
    /// <exception cref="TenantNotResolvedException">The request named no tenant.</exception>
    public TenantRecord Required => Tenant ?? throw new TenantNotResolvedException();
}

/// <summary>Tenant-scoped code ran for a request that named no tenant.</summary>
public sealed class TenantNotResolvedException()
    : InvalidOperationException("This request names no tenant: use <slug>.<base domain>, /t/<slug>/ or the X-Tenant header.");

/// <summary>No tenant with that id or slug exists (or it is not active).</summary>
public sealed class TenantNotFoundException(string tenant)
    : InvalidOperationException($"Tenant '{tenant}' does not exist.")
{
    public string Tenant { get; } = tenant;
}
