namespace ContactCenter.Data.Catalog;

/// <summary>A customer company: one row in the catalog, one database of its own.</summary>
public sealed class Tenant
{
    public const int SlugMaxLength = 40;
    public const int NameMaxLength = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Lower-case address name, used in host names and paths (<c>/t/&lt;slug&gt;/</c>).</summary>
    public required string Slug { get; set; }

    public required string Name { get; set; }

    public TenantStatus Status { get; set; } = TenantStatus.Provisioning;

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>Name of the database server connection (configuration) the tenant database lives on.</summary>
    public required string DatabaseServer { get; set; }

    /// <summary>Database name on that server (PostgreSQL) or file name (SQLite).</summary>
    public required string DatabaseName { get; set; }

    /// <summary>Id of the last migration applied to the tenant database; null before the first.</summary>
    public string? SchemaVersion { get; set; }

    /// <summary>Whether its people may sign in for all their tenants at once (a tenant setting, on by default).</summary>
    public bool AllowsSignInForAllTenants { get; set; } = true;

    public List<TenantMembership> Memberships { get; } = [];
}

public enum TenantStatus
{
    /// <summary>Being created; not reachable yet.</summary>
    Provisioning,

    Active,

    /// <summary>Kept, but every request is refused with 403.</summary>
    Suspended,

    /// <summary>Being removed; not reachable any more.</summary>
    Deleting,
}
