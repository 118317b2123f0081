namespace ContactCenter.Data.Catalog;

/// <summary>
/// Tenant <see cref="TenantId"/> accepts escalations from tenant <see cref="SourceTenantId"/>: the source's categories
/// may name a category of this tenant as escalation target. Only the accepting tenant's administrator adds or removes it.
/// </summary>
public sealed class EscalationPartner
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public Tenant? Tenant { get; set; }

    public Guid SourceTenantId { get; set; }

    public Tenant? SourceTenant { get; set; }

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
