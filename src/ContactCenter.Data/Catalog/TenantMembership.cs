namespace ContactCenter.Data.Catalog;

/// <summary>A person's role in one tenant.</summary>
public sealed class TenantMembership
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public Tenant? Tenant { get; set; }

    public Guid UserId { get; set; }

    public PlatformUser? User { get; set; }

    public TenantRole Role { get; set; }

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}

public enum TenantRole
{
    Agent,
    Supervisor,
    TenantAdministrator,
}
